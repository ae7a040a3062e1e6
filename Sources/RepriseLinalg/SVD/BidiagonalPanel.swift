// One panel of the blocked Householder bidiagonalisation.
//
// What: reduces columns and rows k0 … k0+b−1 of an m×n matrix (m ≥ n) to
// bidiagonal form exactly as the unblocked algorithm would (same reflectors,
// up to rounding), but without updating the trailing block until the end.
// Method: the effect of the first i left reflectors (vectors U, scaled images
// Y) and right reflectors (vectors V, images X) on the not yet reduced part
// is kept implicit: true A = A − U·Yᵀ − X·Vᵀ. Step i (k = k0 + i):
//   1. bring column k up to date, build the left reflector (τ, u) from it;
//   2. y = τ·(A − U·Yᵀ − X·Vᵀ)ᵀ·u over rows k… and columns k+1…;
//   3. bring row k up to date (now including u, y), build the right
//      reflector (π, v) from it;
//   4. x = π·(A − U·Yᵀ − X·Vᵀ)·v over rows k+1… and columns k+1….
// Then the trailing block A[k0+b…, k0+b…] −= U·Yᵀ + X·Vᵀ: two GEMMs with inner
// dimension b. The vectors are stored as in the unblocked code (u below the
// diagonal, v right of the superdiagonal with its leading 1).
// Cost: the same 4mn² − 4n³/3 flops as unblocked; the matrix–vector products
// in steps 2 and 4 are BLAS-2, the final update (half the flops) is GEMM.
// The row products of step 4 run four rows at a time (Spectral.rowDots;
// same bits as one row at a time).
// Sources: Dongarra, Sorensen & Hammarling, "Block reduction of matrices to
// condensed forms for eigenvalue computations", J. Comput. Appl. Math. 27
// (1989); Golub & Van Loan, "Matrix Computations" 4th ed., §5.4.8; LAPACK
// xLABRD (algorithm description).

enum BidiagonalPanel {
  static func reduce<T: RealScalar>(
    _ A: UnsafeMutablePointer<T>, m: Int, n: Int, start k0: Int, width b: Int,
    d: inout [T], e: inout [T], tauLeft: inout [T], tauRight: inout [T]
  ) {
    precondition(k0 + b < n && m >= n)
    // U (m×b), V (n×b), X (m×b), Y (n×b), row-major, zero outside their
    // defined parts.
    var U = [T](repeating: 0, count: m * b)
    var V = [T](repeating: 0, count: n * b)
    var X = [T](repeating: 0, count: m * b)
    var Y = [T](repeating: 0, count: n * b)
    var vec = [T](repeating: 0, count: m)
    var acc = [T](repeating: 0, count: m)
    var column = [T](repeating: 0, count: m)
    var w1 = [T](repeating: 0, count: b)
    var w2 = [T](repeating: 0, count: b)
    for i in 0..<b {
      let k = k0 + i
      // 1. Column k, rows k…m−1, brought up to date.
      for r in k..<m {
        var t = A[r * n + k]
        for j in 0..<i {
          t = t.addingProduct(-U[r * b + j], Y[k * b + j])
          t = t.addingProduct(-X[r * b + j], V[k * b + j])
        }
        A[r * n + k] = t
      }
      let p = m - k
      for r in 0..<p { vec[r] = A[(k + r) * n + k] }
      let (tau, beta) = vec.withUnsafeMutableBufferPointer {
        Spectral.makeReflector($0.baseAddress!, p)
      }
      tauLeft[k] = tau
      d[k] = beta
      A[k * n + k] = beta
      for r in 1..<max(p, 1) { A[(k + r) * n + k] = vec[r] }
      for r in 0..<p { U[(k + r) * b + i] = vec[r] }

      // 2. y = τ·(true A)[k…, k+1…]ᵀ·u.
      let cols = n - k - 1
      if tau != 0 {
        for j in 0..<i {
          var s1: T = 0
          var s2: T = 0
          for r in k..<m {
            s1 = s1.addingProduct(U[r * b + j], U[r * b + i])
            s2 = s2.addingProduct(X[r * b + j], U[r * b + i])
          }
          w1[j] = s1
          w2[j] = s2
        }
        for r in k..<m { column[r - k] = U[r * b + i] }
        column.withUnsafeBufferPointer { cb in
          acc.withUnsafeMutableBufferPointer { ab in
            Spectral.columnCombination(
              UnsafePointer(A + k * n + k + 1), stride: n, rows: m - k, columns: cols,
              u: cb.baseAddress!, out: ab.baseAddress!)
          }
        }
        for c in 0..<cols {
          var t = acc[c]
          let col = k + 1 + c
          for j in 0..<i {
            t = t.addingProduct(-Y[col * b + j], w1[j])
            t = t.addingProduct(-V[col * b + j], w2[j])
          }
          Y[col * b + i] = tau * t
        }
      }

      // 3. Row k, columns k+1…, brought up to date; right reflector.
      let rowK = A + k * n + k + 1
      for c in 0..<cols {
        let col = k + 1 + c
        var t = rowK[c]
        for j in 0...i { t = t.addingProduct(-U[k * b + j], Y[col * b + j]) }
        for j in 0..<i { t = t.addingProduct(-X[k * b + j], V[col * b + j]) }
        rowK[c] = t
      }
      let (pi, betaR) = Spectral.makeReflector(rowK, cols)
      tauRight[k] = pi
      e[k] = betaR
      for c in 0..<cols { V[(k + 1 + c) * b + i] = rowK[c] }

      // 4. x = π·(true A)[k+1…, k+1…]·v.
      if pi != 0 {
        for j in 0...i {
          var s: T = 0
          for c in 0..<cols { s = s.addingProduct(Y[(k + 1 + c) * b + j], rowK[c]) }
          w1[j] = s
        }
        for j in 0..<i {
          var s: T = 0
          for c in 0..<cols { s = s.addingProduct(V[(k + 1 + c) * b + j], rowK[c]) }
          w2[j] = s
        }
        // Aᵣ·v for all rows first (four rows' chains at a time), then each
        // chain continues with the U and X terms: same order as row by row.
        acc.withUnsafeMutableBufferPointer { ab in
          Spectral.rowDotsThreaded(
            UnsafePointer(A + (k + 1) * n + k + 1), stride: n, rows: m - k - 1, length: cols,
            x: UnsafePointer(rowK)
          ) { r, t in ab[r] = t }
        }
        for r in (k + 1)..<m {
          var t = acc[r - k - 1]
          for j in 0...i { t = t.addingProduct(-U[r * b + j], w1[j]) }
          for j in 0..<i { t = t.addingProduct(-X[r * b + j], w2[j]) }
          X[r * b + i] = pi * t
        }
      }
    }

    // Trailing update A[k0+b…, k0+b…] −= U·Yᵀ + X·Vᵀ (rows/cols ≥ k0+b).
    let top = k0 + b
    let rows = m - top
    let cols = n - top
    U.withUnsafeBufferPointer { u in
      Y.withUnsafeBufferPointer { y in
        X.withUnsafeBufferPointer { x in
          V.withUnsafeBufferPointer { v in
            let c = A + top * n + top
            Spectral.gemmUpdate(
              m: rows, n: cols, k: b, a: u.baseAddress! + top * b, lda: b,
              bT: y.baseAddress! + top * b, ldb: b, c: c, ldc: n)
            Spectral.gemmUpdate(
              m: rows, n: cols, k: b, a: x.baseAddress! + top * b, lda: b,
              bT: v.baseAddress! + top * b, ldb: b, c: c, ldc: n)
          }
        }
      }
    }
  }
}

extension Spectral {
  /// C ← C − A·Bᵀ (A m×k, B n×k, row-major with the given row strides)
  /// through the blocked GEMM; sizes come from the caller's own arithmetic,
  /// so a GEMM error is a Reprise bug.
  static func gemmUpdate<T: RealScalar>(
    m: Int, n: Int, k: Int, a: UnsafePointer<T>, lda: Int, bT: UnsafePointer<T>, ldb: Int,
    c: UnsafeMutablePointer<T>, ldc: Int
  ) {
    if m == 0 || n == 0 || k == 0 { return }
    do {
      try GEMM.compute(
        .none, .transposed, m: m, n: n, k: k, alpha: -1, a: a, lda: lda, b: bT, ldb: ldb,
        beta: 1, c: c, ldc: ldc)
    } catch {
      preconditionFailure("Spectral.gemmUpdate: inconsistent sizes: \(error)")
    }
  }
}
