// Eigenvalues and eigenvectors of a symmetric tridiagonal matrix by divide
// and conquer (Cuppen's method with Gu & Eisenstat's vectors).
//
// What: T = Z·Λ·Zᵀ for T with diagonal d and off-diagonal e; Z is returned
// row-major n×n with the eigenvectors as columns, Λ ascending.
// Method: split T at m = n/2 into a rank-one tearing
//     T = diag(T₁ − |β|·e_last·e_lastᵀ, T₂ − |β|·e₁·e₁ᵀ) + |β|·u·uᵀ,
// β = e[m−1], u = (e_last; sign(β)·e₁); solve both halves recursively
// (blocks of at most `leafSize` by implicit QL, TridiagonalQL.swift), so that
// T = Q·(D + ρ·z·zᵀ)·Qᵀ with Q = diag(Q₁, Q₂), z = Qᵀu (the last row of Q₁
// and ±the first row of Q₂), ρ = |β|. The merge:
//   • normalise z (ρ ← ρ‖z‖²), sort D;
//   • deflate (Dongarra & Sorensen 1987, as LAPACK's xLAED2): a component
//     with ρ|zⱼ| ≤ tol = 8ε·max(max|dⱼ|, max|zⱼ|) leaves (dⱼ, column j of Q)
//     as an eigenpair; of two kept neighbours whose values are so close that
//     the Givens rotation zeroing one of their z components changes D by
//     ≤ tol (|(dⱼ − dᵢ)·c·s| ≤ tol), the rotation is applied to the two
//     columns of Q and one of them leaves as an eigenpair;
//   • the k remaining values: D̃ + ρ·z̃·z̃ᵀ = Ẑ·Λ̃·Ẑᵀ (SecularEquation.swift);
//   • new vectors Q̃·Ẑ by GEMM (the deflation and this product are shared with
//     the bidiagonal SVD: Support/DivideConquerMerge.swift). Columns of Q that
//     still live in one half only (all but those mixed by deflating rotations)
//     are grouped so the top half is one GEMM over the columns of Q₁ (and the
//     mixed ones) and the bottom half another over those of Q₂: about n·k²
//     flops instead of 2n·k².
// Cost: at most ≈ 4n³/3 flops, almost all in GEMM, plus O(n²) per level for
// the secular equations; deflation usually removes much of it.
// Sources: Cuppen, "A divide and conquer method for the symmetric tridiagonal
// eigenproblem", Numer. Math. 36 (1981); Dongarra & Sorensen, "A fully
// parallel algorithm for the symmetric eigenvalue problem", SIAM J. Sci.
// Stat. Comput. 8 (1987); Gu & Eisenstat, SIAM J. Matrix Anal. Appl. 16
// (1995); Golub & Van Loan, "Matrix Computations" 4th ed., §8.4.4; LAPACK
// xSTEDC/xLAED0–3 (documented structure of the deflation).

enum TridiagonalDivideConquer {
  static let defaultLeafSize = 32

  /// Eigenpairs of (d, e): values ascending and Z (n×n row-major, vectors as
  /// columns).
  static func solve<T: RealScalar>(
    d: [T], e: [T], leafSize: Int = defaultLeafSize,
    secularIterationCap: Int = SecularEquation.defaultIterationCap,
    leafIterationCap: Int? = nil, operation: String
  ) throws -> (values: [T], z: [T]) {
    let n = d.count
    if n == 0 { return ([], []) }
    if n <= max(leafSize, 1) {
      return try leaf(d: d, e: e, iterationCap: leafIterationCap, operation: operation)
    }
    let m = n / 2
    let beta = e[m - 1]
    var d1 = Array(d[0..<m])
    var d2 = Array(d[m...])
    d1[m - 1] -= abs(beta)
    d2[0] -= abs(beta)
    let (values1, z1) = try solve(
      d: d1, e: Array(e[0..<(m - 1)]), leafSize: leafSize,
      secularIterationCap: secularIterationCap, leafIterationCap: leafIterationCap,
      operation: operation)
    let (values2, z2) = try solve(
      d: d2, e: Array(e[m...]), leafSize: leafSize, secularIterationCap: secularIterationCap,
      leafIterationCap: leafIterationCap, operation: operation)
    return try merge(
      values1: values1, z1: z1, values2: values2, z2: z2, beta: beta,
      secularIterationCap: secularIterationCap, operation: operation)
  }

  /// Small blocks: implicit QL on the identity, sorted ascending.
  static func leaf<T: RealScalar>(
    d: [T], e: [T], iterationCap: Int?, operation: String
  ) throws -> (values: [T], z: [T]) {
    let n = d.count
    var d = d
    var e = e
    var rows = [T](repeating: 0, count: n * n)
    for i in 0..<n { rows[i * n + i] = 1 }
    try rows.withUnsafeMutableBufferPointer { rb in
      try TridiagonalQL.diagonalize(
        d: &d, e: &e, w: rb.baseAddress, rowLength: n, operation: operation,
        iterationCap: iterationCap)
    }
    let order = Spectral.order(d, descending: false)
    var z = [T](repeating: 0, count: n * n)
    for (column, source) in order.enumerated() {
      for r in 0..<n { z[r * n + column] = rows[source * n + r] }
    }
    return (order.map { d[$0] }, z)
  }

  /// Merges the two solved halves of a torn matrix (see the file header).
  static func merge<T: RealScalar>(
    values1: [T], z1: [T], values2: [T], z2: [T], beta: T, secularIterationCap: Int,
    operation: String
  ) throws -> (values: [T], z: [T]) {
    let n1 = values1.count
    let n2 = values2.count
    let n = n1 + n2
    // Q = diag(Q₁, Q₂) as n×n row-major; z = (last row of Q₁; ±first row of Q₂).
    var q = [T](repeating: 0, count: n * n)
    for r in 0..<n1 {
      for c in 0..<n1 { q[r * n + c] = z1[r * n1 + c] }
    }
    for r in 0..<n2 {
      for c in 0..<n2 { q[(n1 + r) * n + n1 + c] = z2[r * n2 + c] }
    }
    let sign: T = beta < 0 ? -1 : 1
    var z = [T](repeating: 0, count: n)
    for c in 0..<n1 { z[c] = z1[(n1 - 1) * n1 + c] }
    for c in 0..<n2 { z[n1 + c] = sign * z2[c] }
    let zNorm = z.withUnsafeBufferPointer { Spectral.norm($0.baseAddress!, n) }
    var rho = abs(beta) * zNorm * zNorm
    if zNorm > 0 { for j in 0..<n { z[j] /= zNorm } } else { rho = 0 }

    // Sorted order of D (merge of two ascending lists; ties: first half first).
    var order = [Int]()
    order.reserveCapacity(n)
    var a = 0
    var b = 0
    while a < n1 || b < n2 {
      if b >= n2 || (a < n1 && values1[a] <= values2[b]) {
        order.append(a)
        a += 1
      } else {
        order.append(n1 + b)
        b += 1
      }
    }
    var ds = order.map { $0 < n1 ? values1[$0] : values2[$0 - n1] }
    var zs = order.map { z[$0] }
    // The half each column of Q lives in.
    var half = order.map { $0 < n1 ? DivideConquerMerge.Half.top : .bottom }

    // Deflation.
    var dMax: T = 0
    var zMax: T = 0
    for j in 0..<n {
      dMax = max(dMax, abs(ds[j]))
      zMax = max(zMax, abs(zs[j]))
    }
    let tol = 8 * T.ulpOfOne * max(dMax, zMax)
    let (kept, deflated) = DivideConquerMerge.deflate(
      values: &ds, z: &zs, halves: &half, from: 0, zWeight: rho, tolerance: tol
    ) { i, j, c, s in
      DivideConquerMerge.rotateColumns(&q, n: n, order[i], order[j], c: c, s: s)
    }

    // Secular equation on the kept values.
    let secular = try SecularEquation.solve(
      d: kept.map { ds[$0] }, z: kept.map { zs[$0] }, rho: rho,
      iterationCap: secularIterationCap, operation: operation)

    // New vectors Q[:, kept]·Ẑ, by halves (DivideConquerMerge.swift), and
    // all pairs ascending (ties: kept before deflated, then by position).
    let newVectors = DivideConquerMerge.product(
      q: q, n: n, top: n1, columns: kept.map { order[$0] }, halves: kept.map { half[$0] },
      s: secular.vectors)
    let assembled = DivideConquerMerge.assemble(
      keptValues: secular.values, deflated: deflated.sorted().map { (ds[$0], order[$0]) }, n: n,
      products: [newVectors], bases: [q])
    return (assembled.values, assembled.vectors[0])
  }
}
