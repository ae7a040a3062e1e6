// Singular value decomposition by one-sided (Hestenes) Jacobi: the accurate
// path.
//
// What: A = U·Σ·Vᵀ for an m×n matrix with m ≥ n (the caller transposes wide
// matrices and scales the entries by a power of two beforehand).
// Method: orthogonalise the columns of A by plane rotations from the right,
// A ← A·J, accumulating V = ∏J. For a pair of columns (p, q) with norms
// nₚ, n_q the cosine γ = aₚᵀa_q/(nₚ·n_q) is computed; the pair is rotated
// only when |γ| > tol with tol = √ℓ·ε, ℓ the column length (m, or n after
// the QR reduction below) (the relative orthogonality test of
// LAPACK's xGESVJ, whose CTOL is √m·ε: it ignores how large the columns are,
// which is what lets tiny singular values keep their relative accuracy; a
// looser ℓ·ε left ‖I − UᵀU‖ growing like n·ℓ·ε, above the test threshold at
// n = 512). The rotation
// annihilates the off-diagonal of the 2×2 Gram matrix [nₚ² γnₚn_q; · n_q²]:
//   ζ = (n_q/nₚ − nₚ/n_q)/(2γ), t = sign(ζ)/(|ζ| + √(1+ζ²)), c = 1/√(1+t²),
//   s = c·t, aₚ ← c·aₚ − s·a_q, a_q ← s·aₚ + c·a_q
// (Rutishauser's formulas in scale-free form; t = 1/(2ζ), evaluated without
// overflow, once ζ² exceeds 1/ε). Both norms are then recomputed from the
// columns rather than updated, so they never drift. Ordering: row-cyclic
// sweeps with de Rijk's pivoting — before pairing column p with the later
// ones, the column of largest norm among p … n−1 is swapped into place, which
// tends to converge faster and leaves Σ nearly sorted. A sweep without a
// rotation ends the iteration; after 40 sweeps (callers may lower the cap)
// `noConvergence` reports the
// largest |γ| left. At the end σⱼ = ‖aⱼ‖ and uⱼ = aⱼ/σⱼ.
// Tall matrices (m > n) are first reduced by Householder QR (A = Q·R,
// QRFactorization), Jacobi runs on the n×n R, and U = Q·U_R: this costs one
// QR instead of Jacobi sweeps over m-long columns (Drmač & Veselić's
// preconditioning, without their column pivoting, which a column-graded
// A = B·D does not need because Householder QR is columnwise backward stable).
// Dot products and norms use eight interleaved fused chains in a fixed order
// (columnDot below): the single-chain versions were latency-bound and took
// most of the time.
// Cost: per sweep n(n−1)/2 pairs × ≈ 8m flops (+ 4n for V); usually 5–10
// sweeps; plus 2mn² for the QR and 2mn² for U = Q·U_R (GEMM).
// Storage: columns of A are kept as contiguous rows of a buffer (Aᵀ).
// Sources: Hestenes, J. SIAM 6 (1958); de Rijk, SIAM J. Sci. Stat. Comput. 10
// (1989); Demmel & Veselić, SIAM J. Matrix Anal. Appl. 13 (1992); Drmač &
// Veselić, "New fast and accurate Jacobi SVD algorithm I/II", SIAM J. Matrix
// Anal. Appl. 29 (2008) (LAPACK Working Notes 169/170); Golub & Van Loan,
// "Matrix Computations" 4th ed., §8.6.3 (one-sided Jacobi).

/// Unsorted SVD of a tall problem (m ≥ n), vectors stored as rows.
struct RawSVD<T: RealScalar> {
  /// n singular values (unsorted, ≥ 0).
  var s: [T]
  /// Rows of Uᵀ (each of length m): n rows for thin U, m for full; nil when
  /// U was not requested.
  var uRows: [T]?
  var uRowCount: Int
  /// Rows that still have to be filled in by an orthonormal completion
  /// (σ = 0, or the extra rows of a full U).
  var uValid: [Bool]
  /// Rows of Vᵀ (n×n), nil when V was not requested.
  var vRows: [T]?
}

enum OneSidedJacobi {
  static let sweepCap = 40

  /// SVD of the row-major m×n `a` (m ≥ n).
  static func decompose<T: RealScalar>(
    _ a: [T], m: Int, n: Int, wantU: Bool, fullU: Bool, wantV: Bool, operation: String,
    sweepCap: Int = sweepCap
  ) throws -> RawSVD<T> {
    precondition(m >= n)
    // Columns as rows of x (n × len), after an optional QR reduction.
    var q: Tensor<T>? = nil
    var fullQ: Tensor<T>? = nil
    var x: [T]
    let len: Int
    if m > n && n > 0 {
      let qr = try QRFactorization(try Tensor(shape: [m, n], scalars: a))
      let r = qr.r(thin: true)  // n×n upper triangular
      x = Bidiagonalization.transpose(r.scalars, rows: n, cols: n)
      len = n
      if wantU {
        if fullU { fullQ = qr.q(thin: false) } else { q = qr.q(thin: true) }
      }
    } else {
      x = Bidiagonalization.transpose(a, rows: m, cols: n)
      len = m
    }

    var vt: [T]? = nil
    if wantV {
      var identity = [T](repeating: 0, count: n * n)
      for i in 0..<n { identity[i * n + i] = 1 }
      vt = identity
    }
    let sigma = try x.withUnsafeMutableBufferPointer { xb -> [T] in
      if var v = vt {
        let result = try v.withUnsafeMutableBufferPointer { vb in
          try orthogonalize(
            xb.baseAddress!, n: n, length: len, vt: vb.baseAddress, operation: operation,
            sweepCap: sweepCap)
        }
        vt = v
        return result
      }
      return try orthogonalize(
        xb.baseAddress!, n: n, length: len, vt: nil, operation: operation, sweepCap: sweepCap)
    }

    guard wantU else {
      return RawSVD(s: sigma, uRows: nil, uRowCount: 0, uValid: [], vRows: vt)
    }
    // uⱼ = xⱼ/σⱼ (in R's coordinates when preconditioned).
    var valid = [Bool](repeating: true, count: n)
    for j in 0..<n {
      if sigma[j] == 0 {
        valid[j] = false
        for k in 0..<len { x[j * len + k] = 0 }
      } else {
        let inv = 1 / sigma[j]
        for k in 0..<len { x[j * len + k] *= inv }
      }
    }
    if len == m {
      // No preconditioning (m == n): rows of x are the left vectors.
      return RawSVD(s: sigma, uRows: x, uRowCount: n, uValid: valid, vRows: vt)
    }
    // U = Q·U_R, i.e. Uᵀ rows = U_Rᵀ·Qᵀ, with the first n columns of Q.
    let ur = try Tensor(shape: [n, n], scalars: x)
    let qFirst = try (q ?? fullQ!.columns(0..<n))
    var rows = try matmul(ur, qFirst, transposeB: true).scalars  // n×m
    var rowCount = n
    if let fullQ {
      // Full U: the remaining columns of the full Q complete the basis.
      rows += try fullQ.columns(n..<m).transposed().scalars
      rowCount = m
      valid += [Bool](repeating: true, count: m - n)
    }
    return RawSVD(s: sigma, uRows: rows, uRowCount: rowCount, uValid: valid, vRows: vt)
  }

  /// One-sided Jacobi on the n rows (columns of A) of length `length` in
  /// `x`; rotations are mirrored on the rows of `vt` (n×n). Returns the
  /// column norms (the singular values).
  static func orthogonalize<T: RealScalar>(
    _ x: UnsafeMutablePointer<T>, n: Int, length: Int, vt: UnsafeMutablePointer<T>?,
    operation: String, sweepCap: Int = sweepCap
  ) throws -> [T] {
    var norms = (0..<n).map { columnNorm(UnsafePointer(x + $0 * length), length) }
    if n <= 1 { return norms }
    let tol = T(max(length, 1)).squareRoot() * T.ulpOfOne
    let bigZeta = 1 / T.ulpOfOne.squareRoot()
    var worst: T = 0
    for _ in 0..<sweepCap {
      var rotations = 0
      worst = 0
      for p in 0..<(n - 1) {
        // de Rijk: largest remaining column first.
        var pivot = p
        for j in (p + 1)..<n where norms[j] > norms[pivot] { pivot = j }
        if pivot != p {
          swapRows(x, p, pivot, length)
          if let vt { swapRows(vt, p, pivot, n) }
          norms.swapAt(p, pivot)
        }
        for q in (p + 1)..<n {
          let np = norms[p]
          let nq = norms[q]
          if np == 0 || nq == 0 { continue }
          let g = columnDot(UnsafePointer(x + p * length), UnsafePointer(x + q * length), length)
          let gamma = (g / np) / nq
          if abs(gamma) <= tol { continue }
          worst = max(worst, abs(gamma))
          rotations += 1
          let r = nq / np
          let zeta = (r - 1 / r) / (2 * gamma)
          let t: T
          if zeta.isFinite && abs(zeta) < bigZeta {
            let root = (1 as T).addingProduct(zeta, zeta).squareRoot()
            t = zeta >= 0 ? 1 / (zeta + root) : -1 / (-zeta + root)
          } else if r < 1 {
            t = gamma * r / (r * r - 1)  // = 1/(2ζ) without forming 1/r
          } else {
            let ir = 1 / r
            t = (gamma * ir) / (1 - ir * ir)
          }
          let c = 1 / (1 as T).addingProduct(t, t).squareRoot()
          let s = c * t
          // (aₚ, a_q) ← (c·aₚ − s·a_q, s·aₚ + c·a_q)
          Spectral.rotateRows(x, p, q, rowStride: length, length: length, c: c, s: -s)
          if let vt { Spectral.rotateRows(vt, p, q, rowStride: n, length: n, c: c, s: -s) }
          norms[p] = columnNorm(UnsafePointer(x + p * length), length)
          norms[q] = columnNorm(UnsafePointer(x + q * length), length)
        }
      }
      if rotations == 0 { return norms }
    }
    throw RepriseError.noConvergence(
      operation: "\(operation) (one-sided Jacobi sweeps)", iterations: sweepCap,
      residual: Double(worst))
  }

  /// Σ xₖ·yₖ with eight interleaved fused chains (chain j takes k ≡ j mod 8,
  /// in index order; the tail k ≥ 8⌊n/8⌋ goes to chains 0, 1, …), combined by
  /// the fixed tree ((c₀+c₁)+(c₂+c₃))+((c₄+c₅)+(c₆+c₇)). A single chain waits
  /// on the FMA latency at every step; eight keep both FMA units busy.
  @inline(__always)
  static func columnDot<T: RealScalar>(_ x: UnsafePointer<T>, _ y: UnsafePointer<T>, _ n: Int)
    -> T
  {
    var c0: T = 0
    var c1: T = 0
    var c2: T = 0
    var c3: T = 0
    var c4: T = 0
    var c5: T = 0
    var c6: T = 0
    var c7: T = 0
    var k = 0
    while k + 8 <= n {
      c0 = c0.addingProduct(x[k], y[k])
      c1 = c1.addingProduct(x[k + 1], y[k + 1])
      c2 = c2.addingProduct(x[k + 2], y[k + 2])
      c3 = c3.addingProduct(x[k + 3], y[k + 3])
      c4 = c4.addingProduct(x[k + 4], y[k + 4])
      c5 = c5.addingProduct(x[k + 5], y[k + 5])
      c6 = c6.addingProduct(x[k + 6], y[k + 6])
      c7 = c7.addingProduct(x[k + 7], y[k + 7])
      k += 8
    }
    if k < n { c0 = c0.addingProduct(x[k], y[k]) }
    if k + 1 < n { c1 = c1.addingProduct(x[k + 1], y[k + 1]) }
    if k + 2 < n { c2 = c2.addingProduct(x[k + 2], y[k + 2]) }
    if k + 3 < n { c3 = c3.addingProduct(x[k + 3], y[k + 3]) }
    if k + 4 < n { c4 = c4.addingProduct(x[k + 4], y[k + 4]) }
    if k + 5 < n { c5 = c5.addingProduct(x[k + 5], y[k + 5]) }
    if k + 6 < n { c6 = c6.addingProduct(x[k + 6], y[k + 6]) }
    return ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7))
  }

  /// ‖x‖₂ from `columnDot(x, x)` when the sum of squares is in the safe
  /// range; otherwise `Spectral.norm` (which rescales).
  @inline(__always)
  static func columnNorm<T: RealScalar>(_ x: UnsafePointer<T>, _ n: Int) -> T {
    let t = columnDot(x, x, n)
    let lower = Spectral.safeMin(T.self) * Spectral.safeMin(T.self)
    if t.isFinite && (t > lower || t == 0) { return t.squareRoot() }
    return Spectral.norm(x, n)
  }

  @inline(__always)
  static func swapRows<T>(_ p: UnsafeMutablePointer<T>, _ i: Int, _ j: Int, _ length: Int) {
    let a = p + i * length
    let b = p + j * length
    for k in 0..<length { swap(&a[k], &b[k]) }
  }
}
