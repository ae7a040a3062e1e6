// Eigenvalues (and optionally vectors) of a symmetric tridiagonal matrix by
// implicitly shifted QL/QR iteration.
//
// What: T = Z·Λ·Zᵀ for T with diagonal d and off-diagonal e. The rotations are
// applied to the rows of a caller-supplied buffer W (W ← Zᵀ·W), so passing
// W = Qᵀ from the tridiagonalisation yields the eigenvectors of A as rows.
// Method: repeat until every off-diagonal is negligible:
//   • set e[i] = 0 when |e[i]| ≤ ε·√|d[i]|·√|d[i+1]| (a relative test, so
//     small eigenvalues of graded matrices are not swamped), or when it is
//     below the underflow threshold;
//   • take the last unreduced block [lo, hi]; when it is first seen, decide the
//     chasing direction: deflate at the end whose diagonal entry is smaller in
//     magnitude. QL is QR applied to the reversed block (d and e read
//     backwards), so one top-to-bottom implicit step serves both; a rotation
//     (c, s) of the reversed block is the rotation (c, −s) of rows
//     lo+nb−2−k, lo+nb−1−k of the original;
//   • one implicit step with the Wilkinson shift (the eigenvalue of the trailing
//     2×2 nearer its last entry): a Givens rotation from (d₀ − μ, e₀), then a
//     bulge chased down to the end.
// Cap: 30·n implicit steps in total (at least 30; callers may lower it), then `noConvergence`
// naming how many eigenvalues had converged and the largest off-diagonal left.
// The rotations of one step are recorded and applied to W after it, 64
// columns at a time (RotationSequence, SpectralKernels.swift): same bits, but
// the rows stay in cache for the whole step.
// Cost: about 6n² flops for values and 3n³ more for vectors (W n×n).
// Source: Golub & Van Loan, "Matrix Computations" 4th ed., §8.3.3–8.3.5
// (implicit symmetric QR step with Wilkinson shift, Algorithm 8.3.2);
// Parlett, "The Symmetric Eigenvalue Problem" ch. 8 (QL and QR, choice of
// end); LAPACK xSTEQR (documented deflation test and choice of direction).

enum TridiagonalQL {
  /// Diagonalises (d, e) in place; `w` (rows × `rowLength`, rows = d.count) is
  /// rotated along. On return d holds the (unsorted) eigenvalues.
  static func diagonalize<T: RealScalar>(
    d: inout [T], e: inout [T], w: UnsafeMutablePointer<T>?, rowLength: Int, operation: String,
    iterationCap: Int? = nil
  ) throws {
    let n = d.count
    if n <= 1 { return }
    let eps = T.ulpOfOne
    let tiny = T.leastNormalMagnitude
    let cap = iterationCap ?? max(30, 30 * n)
    var steps = 0
    var hi = n - 1
    var lastBlock = (-1, -1)
    var reversed = false
    var bd = [T](repeating: 0, count: n)
    var be = [T](repeating: 0, count: n)
    var rotations = RotationSequence<T>()
    while true {
      // Deflation test on every off-diagonal entry.
      for i in 0..<(n - 1) where e[i] != 0 {
        let ae = abs(e[i])
        if ae <= tiny || ae <= eps * abs(d[i]).squareRoot() * abs(d[i + 1]).squareRoot() {
          e[i] = 0
        }
      }
      while hi > 0 && e[hi - 1] == 0 { hi -= 1 }
      if hi == 0 { return }
      var lo = hi - 1
      while lo > 0 && e[lo - 1] != 0 { lo -= 1 }

      if steps >= cap {
        var converged = 0
        var largest: T = 0
        var i = 0
        while i < n {
          var j = i
          while j < n - 1 && e[j] != 0 {
            largest = max(largest, abs(e[j]))
            j += 1
          }
          if j == i { converged += 1 }
          i = j + 1
        }
        throw RepriseError.noConvergence(
          operation: "\(operation): \(converged) of \(n) eigenvalues converged",
          iterations: steps, residual: Double(largest))
      }
      steps += 1

      if lastBlock != (lo, hi) {
        lastBlock = (lo, hi)
        reversed = abs(d[lo]) < abs(d[hi])
      }
      let nb = hi - lo + 1
      // Working copy, reversed for a QL step.
      for k in 0..<nb { bd[k] = reversed ? d[hi - k] : d[lo + k] }
      for k in 0..<(nb - 1) { be[k] = reversed ? e[hi - 1 - k] : e[lo + k] }

      // The step's rotations are recorded and applied to W afterwards, by
      // blocks of columns (same bits as one by one, far fewer cache misses).
      rotations.reset()
      implicitStep(&bd, &be, nb) { k, c, s in
        if w == nil { return }
        if reversed {
          rotations.append(row: lo + nb - 2 - k, c: c, s: -s)
        } else {
          rotations.append(row: lo + k, c: c, s: s)
        }
      }
      if let w { rotations.apply(to: w, rowStride: rowLength, length: rowLength) }

      for k in 0..<nb {
        if reversed { d[hi - k] = bd[k] } else { d[lo + k] = bd[k] }
      }
      for k in 0..<(nb - 1) {
        if reversed { e[hi - 1 - k] = be[k] } else { e[lo + k] = be[k] }
      }
    }
  }

  /// One implicit symmetric QR step with Wilkinson shift on the unreduced
  /// block (d[0..<nb], e[0..<nb−1]); `rotate(k, c, s)` is told each rotation
  /// G = [c s; −s c] of rows k, k+1 (T ← G·T·Gᵀ).
  @inline(__always)
  static func implicitStep<T: RealScalar>(
    _ d: inout [T], _ e: inout [T], _ nb: Int, rotate: (Int, T, T) -> Void
  ) {
    // Wilkinson shift from the trailing 2×2 [a b; b c].
    let a = d[nb - 2]
    let b = e[nb - 2]
    let cLast = d[nb - 1]
    let delta = (a - cLast) / 2
    let root = Spectral.hypot(delta, b)
    let denominator = delta >= 0 ? delta + root : delta - root
    let mu = cLast - b * (b / denominator)

    var x = d[0] - mu
    var z = e[0]
    for k in 0..<(nb - 1) {
      let (c, s, r) = Spectral.rotation(x, z)
      if k > 0 { e[k - 1] = r }
      let dk = d[k]
      let ek = e[k]
      let dk1 = d[k + 1]
      // M = G·block, block' = M·Gᵀ.
      let m00 = (c * dk).addingProduct(s, ek)
      let m01 = (c * ek).addingProduct(s, dk1)
      let m10 = (c * ek).addingProduct(-s, dk)
      let m11 = (c * dk1).addingProduct(-s, ek)
      d[k] = (m00 * c).addingProduct(m01, s)
      e[k] = (m10 * c).addingProduct(m11, s)
      d[k + 1] = (m11 * c).addingProduct(-m10, s)
      rotate(k, c, s)
      if k < nb - 2 {
        z = s * e[k + 1]
        e[k + 1] = c * e[k + 1]
        x = e[k]
      }
    }
  }
}
