// Householder reduction of a symmetric matrix to tridiagonal form.
//
// What: A = Q·T·Qᵀ with Q orthogonal and T symmetric tridiagonal (diagonal d,
// off-diagonal e), optionally with Qᵀ formed explicitly.
// Method: for k = 0 … n−3 a reflector Hₖ = I − τ·v·vᵀ built from A[k+1…, k]
// zeroes the column below the subdiagonal; the trailing block is updated as a
// symmetric rank-2 change A ← A − v·wᵀ − w·vᵀ with p = τ·A·v and
// w = p − (τ/2)(pᵀv)·v. Q = H₀·H₁·…·H_{n−3} is then accumulated backwards
// (last reflector first, each touching only its trailing block). The matrix is
// kept in full (both triangles) row-major storage; unblocked. The product
// A·v sums four rows at a time (Spectral.rowDots: four independent fused
// chains, each in index order, so the bits are those of one row at a time).
// Cost: 4n³/3 flops for T, another 4n³/3 for Q.
// Source: Golub & Van Loan, "Matrix Computations" 4th ed., §8.3.1
// (Householder tridiagonalization), §5.1.6 (backward accumulation).

enum Tridiagonalization {
  /// Panel width of the blocked reduction.
  static let panelWidth = 32

  /// Reduces the symmetric n×n row-major `a` (destroyed). Returns d (n), e
  /// (n−1) and, when `wantQ`, Qᵀ as a row-major n×n buffer (row i = column i
  /// of Q).
  static func reduce<T: RealScalar>(_ a: inout [T], n: Int, wantQ: Bool) -> (
    d: [T], e: [T], qt: [T]?
  ) {
    if n == 0 { return ([], [], wantQ ? [] : nil) }
    let (d, e, taus, vectors) = reflect(&a, n: n)
    guard wantQ else { return (d, e, nil) }
    return (d, e, accumulate(n: n, taus: taus, vectors: vectors))
  }

  /// The reduction itself: d, e and the reflectors (τₖ, vₖ with vₖ[0] = 1,
  /// acting on rows k+1 … n−1).
  /// With `blocked`, 32 columns at a time are reduced as a panel whose
  /// trailing update is deferred to two GEMMs (TridiagonalPanel.swift) while
  /// more than 2·32 columns remain; the rest, or everything when not
  /// `blocked`, by the unblocked loop below.
  static func reflect<T: RealScalar>(_ a: inout [T], n: Int, blocked: Bool = false) -> (
    d: [T], e: [T], taus: [T], vectors: [[T]]
  ) {
    var taus = [T](repeating: 0, count: max(n - 2, 0))
    var vectors = [[T]](repeating: [], count: max(n - 2, 0))
    a.withUnsafeMutableBufferPointer { ab in
      let A = ab.baseAddress!
      var v = [T](repeating: 0, count: n)
      var w = [T](repeating: 0, count: n)
      var k0 = 0
      while blocked && n - 2 - k0 > 2 * panelWidth {
        TridiagonalPanel.reduce(
          A, n: n, start: k0, width: panelWidth, taus: &taus, vectors: &vectors)
        k0 += panelWidth
      }
      for k in k0..<max(n - 2, 0) {
        let p = n - k - 1  // trailing block size, indices k+1 … n−1
        let base = k + 1
        for i in 0..<p { v[i] = A[(base + i) * n + k] }
        let (tau, beta) = v.withUnsafeMutableBufferPointer {
          Spectral.makeReflector($0.baseAddress!, p)
        }
        taus[k] = tau
        vectors[k] = Array(v[0..<p])
        A[base * n + k] = beta
        A[k * n + base] = beta
        for i in 1..<p {
          A[(base + i) * n + k] = 0
          A[k * n + base + i] = 0
        }
        if tau == 0 { continue }
        // p = τ·A·v over the trailing block (rows contiguous; four rows'
        // fused chains at a time, each in index order).
        v.withUnsafeBufferPointer { vb in
          w.withUnsafeMutableBufferPointer { wb in
            Spectral.rowDots(
              UnsafePointer(A + base * n + base), stride: n, rows: p, length: p, x: vb.baseAddress!
            ) { i, t in wb[i] = tau * t }
          }
        }
        var pv: T = 0
        for i in 0..<p { pv = pv.addingProduct(w[i], v[i]) }
        let alpha = -(tau / 2) * pv
        for i in 0..<p { w[i] = w[i].addingProduct(alpha, v[i]) }
        for i in 0..<p {
          let row = A + (base + i) * n + base
          let vi = v[i]
          let wi = w[i]
          for j in 0..<p {
            row[j] = row[j].addingProduct(-vi, w[j]).addingProduct(-wi, v[j])
          }
        }
      }
    }
    var d = [T](repeating: 0, count: n)
    var e = [T](repeating: 0, count: max(n - 1, 0))
    for i in 0..<n { d[i] = a[i * n + i] }
    for i in 0..<max(n - 1, 0) { e[i] = a[(i + 1) * n + i] }
    return (d, e, taus, vectors)
  }

  /// Qᵀ (row-major) from the reflectors, by backward accumulation.
  static func accumulate<T: RealScalar>(n: Int, taus: [T], vectors: [[T]]) -> [T] {

    // Backward accumulation: Q = H₀(H₁(…(H_{n−3}·I))). Row-major Q; each Hₖ
    // touches only rows and columns k+1 … n−1.
    var q = [T](repeating: 0, count: n * n)
    for i in 0..<n { q[i * n + i] = 1 }
    q.withUnsafeMutableBufferPointer { qb in
      let Q = qb.baseAddress!
      var w = [T](repeating: 0, count: n)
      for k in stride(from: n - 3, through: 0, by: -1) {
        let tau = taus[k]
        if tau == 0 { continue }
        let v = vectors[k]
        let p = v.count
        let base = k + 1
        // w = vᵀ·Q[base…, base…], accumulated row by row in index order.
        for j in 0..<p { w[j] = 0 }
        for i in 0..<p {
          let row = Q + (base + i) * n + base
          let vi = v[i]
          for j in 0..<p { w[j] = w[j].addingProduct(vi, row[j]) }
        }
        for i in 0..<p {
          let row = Q + (base + i) * n + base
          let f = -tau * v[i]
          for j in 0..<p { row[j] = row[j].addingProduct(f, w[j]) }
        }
      }
    }
    // Qᵀ: rows are Q's columns.
    var qt = [T](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n { qt[j * n + i] = q[i * n + j] }
    }
    return qt
  }
}
