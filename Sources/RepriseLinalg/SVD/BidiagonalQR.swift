// Singular values (and vectors) of an upper bidiagonal matrix by implicit
// zero-shift and shifted QR, in the manner of LAPACK's xBDSQR.
//
// What: B = P·Σ·Qᵀ for B with diagonal d and superdiagonal e; the rotations
// are applied to the rows of caller buffers holding Uᵀ (left) and Vᵀ (right),
// so U·B·Vᵀ = (U·P)·Σ·(V·Q)ᵀ. On return d holds |σᵢ| ≥ 0 (unsorted); a
// negative σ is made positive by negating the matching row of Vᵀ.
// Method (Demmel & Kahan 1990):
//   • tolerance tol = max(10, min(100, ε^(−1/8)))·ε; an absolute threshold
//     thresh = max(tol·σ_min/√n, 6n²·underflow) from a cheap lower estimate of
//     σ_min (the recurrence μ ← |dᵢ|·μ/(μ + |eᵢ₋₁|));
//   • deflation: any |eᵢ| ≤ thresh is set to zero; the last unreduced block
//     [lo, hi] is iterated. When a block is first seen the chase direction is
//     chosen (top to bottom if |d_lo| ≥ |d_hi|, else bottom to top);
//     bottom-to-top is the same sweep on the reversed transposed block
//     (dᵢ, eᵢ read backwards, which swaps the roles of left and right
//     rotations and turns (c, s) into (c, −s));
//   • relative convergence tests in the chase direction: |e_last| ≤ tol·|d_last|,
//     and |eₖ| ≤ tol·μₖ along the μ recurrence (which also yields σ_min of the
//     block);
//   • shift: zero when n·tol·σ_min/σ_max ≤ max(ε, tol/100) — then the
//     zero-shift QR sweep computes every singular value to high relative
//     accuracy — otherwise the smaller singular value of the trailing 2×2
//     (dropped to zero if negligible against |d_first|), applied by the
//     standard implicit shifted QR sweep (bulge chase with Givens rotations).
// Cap: 6n² inner steps (each sweep over a block of size b counts b − 1;
// callers may lower it), then
// `noConvergence` with the largest |eᵢ| left.
// The rotations of a sweep are recorded and applied to Uᵀ and Vᵀ after it,
// 64 columns at a time (RotationSequence, SpectralKernels.swift): same bits.
// Cost: ≈ 30n² flops for values; each sweep adds 6·(b−1)·(m + n) for vectors.
// Sources: Demmel & Kahan, "Accurate singular values of bidiagonal matrices",
// SIAM J. Sci. Stat. Comput. 11 (1990); Golub & Van Loan, "Matrix
// Computations" 4th ed., §8.6.2 (Golub–Kahan SVD step); LAPACK Working Note 3.

enum BidiagonalQR {
  static func diagonalize<T: RealScalar>(
    d: inout [T], e: inout [T], u: UnsafeMutablePointer<T>?, uLength: Int,
    v: UnsafeMutablePointer<T>?, vLength: Int, operation: String, iterationCap: Int? = nil
  ) throws {
    let n = d.count
    if n > 1 {
      try iterate(
        d: &d, e: &e, u: u, uLength: uLength, v: v, vLength: vLength, operation: operation,
        iterationCap: iterationCap)
    }
    for i in 0..<n where d[i] < 0 {
      d[i] = -d[i]
      if let v { for k in 0..<vLength { v[i * vLength + k] = -v[i * vLength + k] } }
    }
  }

  static func iterate<T: RealScalar>(
    d: inout [T], e: inout [T], u: UnsafeMutablePointer<T>?, uLength: Int,
    v: UnsafeMutablePointer<T>?, vLength: Int, operation: String, iterationCap: Int?
  ) throws {
    let n = d.count
    let eps = T.ulpOfOne
    let inverseEps = 1 / eps
    let tolmul = max(10, min(100, inverseEps.squareRoot().squareRoot().squareRoot()))
    let tol = tolmul * eps
    let maxIterations = 6 * n * n
    // Lower estimate of the smallest singular value → absolute threshold.
    var sminoa = abs(d[0])
    var mu = sminoa
    for i in 1..<n where sminoa != 0 {
      mu = abs(d[i]) * (mu / (mu + abs(e[i - 1])))
      sminoa = min(sminoa, mu)
    }
    sminoa /= T(n).squareRoot()
    let thresh = max(tol * sminoa, T(maxIterations) * T.leastNormalMagnitude)
    let cap = iterationCap ?? maxIterations

    var bd = [T](repeating: 0, count: n)
    var be = [T](repeating: 0, count: n)
    var hi = n - 1
    var oldLo = -1
    var oldHi = -1
    var forward = true
    var iterations = 0
    var rotationsU = RotationSequence<T>()
    var rotationsV = RotationSequence<T>()
    outer: while hi > 0 {
      if iterations > cap {
        var largest: T = 0
        for x in e { largest = max(largest, abs(x)) }
        throw RepriseError.noConvergence(
          operation: "\(operation) (bidiagonal QR)", iterations: iterations,
          residual: Double(largest))
      }
      // Find the bottom unreduced block [lo, hi].
      var smax = abs(d[hi])
      var lo = 0
      var ll = hi - 1
      while ll >= 0 {
        if abs(e[ll]) <= thresh {
          e[ll] = 0
          break
        }
        smax = max(smax, abs(d[ll]), abs(e[ll]))
        ll -= 1
      }
      if ll == hi - 1 {
        hi -= 1
        continue
      }
      lo = ll + 1
      let nb = hi - lo + 1
      if lo > oldHi || hi < oldLo { forward = abs(d[lo]) >= abs(d[hi]) }
      oldLo = lo
      oldHi = hi
      for k in 0..<nb { bd[k] = forward ? d[lo + k] : d[hi - k] }
      for k in 0..<(nb - 1) { be[k] = forward ? e[lo + k] : e[hi - 1 - k] }
      func writeBack() {
        for k in 0..<nb {
          if forward { d[lo + k] = bd[k] } else { d[hi - k] = bd[k] }
        }
        for k in 0..<(nb - 1) {
          if forward { e[lo + k] = be[k] } else { e[hi - 1 - k] = be[k] }
        }
      }

      // Relative convergence tests in the chase direction.
      if abs(be[nb - 2]) <= tol * abs(bd[nb - 1]) {
        be[nb - 2] = 0
        writeBack()
        continue outer
      }
      var muBlock = abs(bd[0])
      var sminl = muBlock
      for k in 0..<(nb - 1) {
        if abs(be[k]) <= tol * muBlock {
          be[k] = 0
          writeBack()
          continue outer
        }
        muBlock = abs(bd[k + 1]) * (muBlock / (muBlock + abs(be[k])))
        sminl = min(sminl, muBlock)
      }

      // Shift.
      var shift: T = 0
      if T(n) * tol * (sminl / smax) > max(eps, tol / 100) {
        let sll = abs(bd[0])
        shift = smallerSingularValue(bd[nb - 2], be[nb - 2], bd[nb - 1])
        if sll > 0 && (shift / sll) * (shift / sll) < eps { shift = 0 }
      }
      iterations += nb - 1

      // Rotations are recorded per buffer and applied after the sweep, by
      // blocks of columns (RotationSequence: same bits as one by one).
      let fwd = forward
      let base = lo
      rotationsU.reset()
      rotationsV.reset()
      func right(_ k: Int, _ c: T, _ s: T) {
        if fwd {
          if v != nil { rotationsV.append(row: base + k, c: c, s: s) }
        } else if u != nil {
          rotationsU.append(row: base + nb - 2 - k, c: c, s: -s)
        }
      }
      func left(_ k: Int, _ c: T, _ s: T) {
        if fwd {
          if u != nil { rotationsU.append(row: base + k, c: c, s: s) }
        } else if v != nil {
          rotationsV.append(row: base + nb - 2 - k, c: c, s: -s)
        }
      }
      if shift == 0 {
        zeroShiftSweep(&bd, &be, nb, right: right, left: left)
      } else {
        shiftedSweep(&bd, &be, nb, shift: shift, right: right, left: left)
      }
      if let u { rotationsU.apply(to: u, rowStride: uLength, length: uLength) }
      if let v { rotationsV.apply(to: v, rowStride: vLength, length: vLength) }
      if abs(be[nb - 2]) <= thresh { be[nb - 2] = 0 }
      writeBack()
    }
  }

  /// Demmel–Kahan implicit zero-shift QR sweep, top to bottom.
  static func zeroShiftSweep<T: RealScalar>(
    _ d: inout [T], _ e: inout [T], _ nb: Int, right: (Int, T, T) -> Void,
    left: (Int, T, T) -> Void
  ) {
    var cs: T = 1
    var oldcs: T = 1
    var oldsn: T = 0
    for k in 0..<(nb - 1) {
      let (c1, s1, r) = Spectral.rotation(d[k] * cs, e[k])
      cs = c1
      if k > 0 { e[k - 1] = oldsn * r }
      let (c2, s2, r2) = Spectral.rotation(oldcs * r, d[k + 1] * s1)
      oldcs = c2
      oldsn = s2
      d[k] = r2
      right(k, c1, s1)
      left(k, c2, s2)
    }
    let h = d[nb - 1] * cs
    d[nb - 1] = h * oldcs
    e[nb - 2] = h * oldsn
  }

  /// Implicit shifted QR sweep (Golub–Kahan step), top to bottom.
  static func shiftedSweep<T: RealScalar>(
    _ d: inout [T], _ e: inout [T], _ nb: Int, shift: T, right: (Int, T, T) -> Void,
    left: (Int, T, T) -> Void
  ) {
    let sign: T = d[0] >= 0 ? 1 : -1
    var f = (abs(d[0]) - shift) * (sign + shift / d[0])
    var g = e[0]
    for k in 0..<(nb - 1) {
      let (cr, sr, r) = Spectral.rotation(f, g)
      if k > 0 { e[k - 1] = r }
      f = (cr * d[k]).addingProduct(sr, e[k])
      e[k] = (cr * e[k]).addingProduct(-sr, d[k])
      g = sr * d[k + 1]
      d[k + 1] = cr * d[k + 1]
      let (cl, sl, r2) = Spectral.rotation(f, g)
      d[k] = r2
      f = (cl * e[k]).addingProduct(sl, d[k + 1])
      d[k + 1] = (cl * d[k + 1]).addingProduct(-sl, e[k])
      if k < nb - 2 {
        g = sl * e[k + 1]
        e[k + 1] = cl * e[k + 1]
      }
      right(k, cr, sr)
      left(k, cl, sl)
    }
    e[nb - 2] = f
  }

  /// Smaller singular value of the upper triangular [f g; 0 h], computed
  /// without overflow and with high relative accuracy (formulas of Demmel &
  /// Kahan 1990, §4; LAPACK xLAS2).
  static func smallerSingularValue<T: RealScalar>(_ f: T, _ g: T, _ h: T) -> T {
    let fa = abs(f)
    let ga = abs(g)
    let ha = abs(h)
    let fhmin = min(fa, ha)
    let fhmax = max(fa, ha)
    if fhmin == 0 { return 0 }
    if ga < fhmax {
      let sumRatio = 1 + fhmin / fhmax
      let diffRatio = (fhmax - fhmin) / fhmax
      let gRatio = (ga / fhmax) * (ga / fhmax)
      let a1: T = (sumRatio * sumRatio + gRatio).squareRoot()
      let a2: T = (diffRatio * diffRatio + gRatio).squareRoot()
      let c: T = 2 / (a1 + a2)
      return fhmin * c
    }
    let ratio: T = fhmax / ga
    if ratio == 0 { return (fhmin * fhmax) / ga }
    let sumRatio: T = 1 + fhmin / fhmax
    let diffRatio: T = (fhmax - fhmin) / fhmax
    let x1: T = sumRatio * ratio
    let x2: T = diffRatio * ratio
    let b1: T = (1 + x1 * x1).squareRoot()
    let b2: T = (1 + x2 * x2).squareRoot()
    let c: T = 1 / (b1 + b2)
    return 2 * (fhmin * c) * ratio
  }
}
