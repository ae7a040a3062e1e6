// Householder reduction of a matrix to upper bidiagonal form (Golub–Kahan).
//
// What: A = U_B·B·V_Bᵀ for an m×n matrix with m ≥ n: B upper bidiagonal
// (diagonal d, superdiagonal e), U_B and V_B orthogonal; optionally U_B (thin
// m×n or full m×m) and V_B formed explicitly, returned as rows of U_Bᵀ, V_Bᵀ.
// Method: alternate a reflector from the left that zeroes column k below the
// diagonal and one from the right that zeroes row k right of the
// superdiagonal; each is applied at once to the remaining block (a row-vector
// product w = vᵀ·A then a rank-1 update, both in row order). The Householder
// vectors are kept in the zeroed parts of A; U_B and V_B are formed from the
// identity by applying the reflectors 64 at a time in compact WY form
// (QR/CompactWY.swift: two GEMMs per block, last block first).
// While more than 2·32 columns remain, 32 columns at a time are reduced as a
// panel whose updates of the rest of the matrix are deferred and then applied
// by two GEMMs (BidiagonalPanel.swift; Dongarra, Sorensen & Hammarling 1989,
// LAPACK xGEBRD/xLABRD): about half of the flops then run in GEMM. The last
// columns use the unblocked algorithm (LAPACK xGEBD2) below.
// Cost: 4mn² − 4n³/3 flops for B; 4m²n − 4mn² + 4n³/3 (full U) or
// 4mn² − 4n³/3 (thin U) and 4n³/3 for V_B.
// Source: Golub & Van Loan, "Matrix Computations" 4th ed., §5.4.8
// (Algorithm 5.4.2), §5.1.6–5.1.7 (accumulating Householder products, WY).

enum Bidiagonalization {
  struct Result<T: RealScalar> {
    var d: [T]
    var e: [T]
    /// Rows of U_Bᵀ (`uRowCount` rows of length m), if requested.
    var uRows: [T]?
    var uRowCount: Int
    /// Rows of V_Bᵀ (n×n), if requested.
    var vRows: [T]?
    /// The reflectors of U_B and of V_B's trailing (n−1)×(n−1) block, kept
    /// instead of forming U_B and V_B when `explicit` is false.
    var left: ReflectorSequence<T>? = nil
    var right: ReflectorSequence<T>? = nil
  }

  /// Panel width of the blocked reduction; panels are used while more than
  /// two panels' worth of columns remain, the rest is reduced unblocked.
  static let blockSize = 32

  /// Reflectors per compact WY block when U_B and V_B are formed.
  static let accumulationBlock = 64

  /// Reduces the row-major m×n `a` (m ≥ n; destroyed).
  /// With `explicit` false, U_B and V_B are not formed: their reflectors
  /// are returned for `applyU`/`applyV`.
  static func reduce<T: RealScalar>(
    _ a: inout [T], m: Int, n: Int, wantU: Bool, fullU: Bool, wantV: Bool, explicit: Bool = true
  ) -> Result<T> {
    precondition(m >= n)
    var d = [T](repeating: 0, count: n)
    var e = [T](repeating: 0, count: max(n - 1, 0))
    var tauLeft = [T](repeating: 0, count: n)
    var tauRight = [T](repeating: 0, count: n)
    var v = [T](repeating: 0, count: max(m, n))
    var w = [T](repeating: 0, count: max(m, n))
    a.withUnsafeMutableBufferPointer { ab in
      let A = ab.baseAddress!
      var k0 = 0
      while n - k0 > 2 * blockSize {
        BidiagonalPanel.reduce(
          A, m: m, n: n, start: k0, width: blockSize, d: &d, e: &e, tauLeft: &tauLeft,
          tauRight: &tauRight)
        k0 += blockSize
      }
      for k in k0..<n {
        // Left reflector from A[k…m−1, k].
        let p = m - k
        for i in 0..<p { v[i] = A[(k + i) * n + k] }
        let (tau, beta) = v.withUnsafeMutableBufferPointer {
          Spectral.makeReflector($0.baseAddress!, p)
        }
        tauLeft[k] = tau
        d[k] = beta
        A[k * n + k] = beta
        for i in 1..<max(p, 1) { A[(k + i) * n + k] = v[i] }
        if tau != 0 && k + 1 < n {
          let width = n - k - 1
          for j in 0..<width { w[j] = 0 }
          for i in 0..<p {
            let row = A + (k + i) * n + k + 1
            let vi = v[i]
            for j in 0..<width { w[j] = w[j].addingProduct(vi, row[j]) }
          }
          for i in 0..<p {
            let row = A + (k + i) * n + k + 1
            let f = -tau * v[i]
            for j in 0..<width { row[j] = row[j].addingProduct(f, w[j]) }
          }
        }
        if k + 1 >= n { continue }
        // Right reflector from A[k, k+1…n−1] (contiguous).
        let q = n - k - 1
        let rowK = A + k * n + k + 1
        let (tauR, betaR) = Spectral.makeReflector(rowK, q)
        tauRight[k] = tauR
        e[k] = betaR
        if tauR != 0 {
          for i in (k + 1)..<m {
            let row = A + i * n + k + 1
            var t: T = 0
            for j in 0..<q { t = t.addingProduct(row[j], rowK[j]) }
            let f = -tauR * t
            for j in 0..<q { row[j] = row[j].addingProduct(f, rowK[j]) }
          }
        }
        // rowK now holds (1, v₁, …); keep the vector, remember β in e.
      }
    }

    if !explicit {
      return Result(
        d: d, e: e, uRows: nil, uRowCount: 0, vRows: nil,
        left: wantU ? leftReflectors(a, m: m, n: n, tau: tauLeft) : nil,
        right: wantV ? rightReflectors(a, n: n, tau: tauRight) : nil)
    }
    var uRows: [T]? = nil
    var uRowCount = 0
    if wantU {
      // U_B = H₀·H₁·…·H_{n−1}·I[:, 0..<cols]: the left reflectors are packed
      // like QR factors (vₖ below the diagonal of column k), so they are
      // applied in compact WY blocks (two GEMMs per block).
      let cols = fullU ? m : n
      var u = [T](repeating: 0, count: m * cols)
      for i in 0..<min(m, cols) { u[i * cols + i] = 1 }
      let left = leftReflectors(a, m: m, n: n, tau: tauLeft)
      u.withUnsafeMutableBufferPointer { ub in
        left.applyQ(c: ub.baseAddress!, ldc: cols, columns: cols, fromIdentity: true)
      }
      uRows = transpose(u, rows: m, cols: cols)
      uRowCount = cols
    }

    var vRows: [T]? = nil
    if wantV {
      // V_B = diag(1, G₀·G₁·…·G_{n−3}), Gₖ acting on indices k+1 … n−1: the
      // right reflectors (rows of A) transposed into QR-like packed form of
      // an (n−1)×(n−1) matrix, then applied in compact WY blocks.
      var vv = [T](repeating: 0, count: n * n)
      for i in 0..<n { vv[i * n + i] = 1 }
      let count = n - 1
      if count > 0 {
        let right = rightReflectors(a, n: n, tau: tauRight)
        vv.withUnsafeMutableBufferPointer { vb in
          right.applyQ(c: vb.baseAddress! + n + 1, ldc: n, columns: count, fromIdentity: true)
        }
      }
      vRows = transpose(vv, rows: n, cols: n)
    }
    return Result(d: d, e: e, uRows: uRows, uRowCount: uRowCount, vRows: vRows)
  }

  /// U_B's reflectors (packed like QR factors in the reduced `a`).
  static func leftReflectors<T: RealScalar>(_ a: [T], m: Int, n: Int, tau: [T])
    -> ReflectorSequence<T>
  {
    ReflectorSequence(factors: a, ld: n, rows: m, tau: tau, blockSize: accumulationBlock)
  }

  /// V_B = diag(1, G₀·G₁·…·G_{n−3}), Gₖ acting on indices k+1 … n−1: the
  /// right reflectors (rows of `a`) transposed into the QR-like packed form
  /// of an (n−1)×(n−1) matrix.
  static func rightReflectors<T: RealScalar>(_ a: [T], n: Int, tau: [T]) -> ReflectorSequence<T> {
    let count = max(n - 1, 0)
    var packed = [T](repeating: 0, count: count * count)
    for k in 0..<count {
      for i in 1..<(count - k) { packed[(k + i) * count + k] = a[k * n + k + 1 + i] }
    }
    return ReflectorSequence(
      factors: packed, ld: count, rows: count, tau: Array(tau[0..<count]),
      blockSize: accumulationBlock)
  }

  static func transpose<T: RealScalar>(_ x: [T], rows: Int, cols: Int) -> [T] {
    var out = [T](repeating: 0, count: x.count)
    for i in 0..<rows {
      for j in 0..<cols { out[j * rows + i] = x[i * cols + j] }
    }
    return out
  }
}
