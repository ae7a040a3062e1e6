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
// Storage: one n×n row-major Z holds everything. A block of rows and columns
// lo..<hi receives the eigenvectors of the sub-problem lo..<hi on its
// diagonal block, so after both halves are solved the diagonal block of their
// merge is exactly Q = diag(Q₁, Q₂) (the off-diagonal blocks are still zero),
// and the merge overwrites it with its own vectors. Scratch (the gathered
// columns of Q, the regrouped secular vectors, the product) lives in one
// workspace allocated per solve, so the merges allocate no n² arrays and fault
// in no fresh pages.
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
    var values = [T](repeating: 0, count: n)
    var z = [T](repeating: 0, count: n * n)
    var torn = d
    // The product (n·k), then the gathered columns of Q (n·k) and the
    // regrouped secular vectors (k²), later the saved deflated columns
    // (n·(n − k)); k ≤ n.
    let workspace = DivideConquerMerge.Workspace<T>(capacity: n <= max(leafSize, 1) ? 1 : 3 * n * n)
    let solver = Solver(
      e: e, ld: n, leafSize: max(leafSize, 1), secularIterationCap: secularIterationCap,
      leafIterationCap: leafIterationCap, operation: operation, workspace: workspace)
    try z.withUnsafeMutableBufferPointer { zb in
      try values.withUnsafeMutableBufferPointer { vb in
        try solver.solve(d: &torn, lo: 0, hi: n, z: zb.baseAddress!, values: vb.baseAddress!)
      }
    }
    return (values, z)
  }

  /// One solve: the tridiagonal's off-diagonal, the settings and the scratch.
  struct Solver<T: RealScalar> {
    let e: [T]
    /// Row stride of Z (its order n).
    let ld: Int
    let leafSize: Int
    let secularIterationCap: Int
    let leafIterationCap: Int?
    let operation: String
    let workspace: DivideConquerMerge.Workspace<T>

    /// Solves the sub-problem lo..<hi (diagonal d[lo..<hi], torn in place
    /// by the callers above) into the diagonal block lo..<hi of Z and
    /// values[lo..<hi].
    func solve(
      d: inout [T], lo: Int, hi: Int, z: UnsafeMutablePointer<T>,
      values: UnsafeMutablePointer<T>
    ) throws {
      if hi - lo <= leafSize {
        try leaf(d: Array(d[lo..<hi]), lo: lo, z: z, values: values)
        return
      }
      let mid = lo + (hi - lo) / 2
      let beta = e[mid - 1]
      d[mid - 1] -= abs(beta)
      d[mid] -= abs(beta)
      try solve(d: &d, lo: lo, hi: mid, z: z, values: values)
      try solve(d: &d, lo: mid, hi: hi, z: z, values: values)
      try merge(lo: lo, mid: mid, hi: hi, beta: beta, z: z, values: values)
    }

    /// Small blocks: implicit QL on the identity, sorted ascending.
    func leaf(d: [T], lo: Int, z: UnsafeMutablePointer<T>, values: UnsafeMutablePointer<T>)
      throws
    {
      let n = d.count
      var d = d
      var e = Array(self.e[lo..<(lo + n - 1)])
      var rows = [T](repeating: 0, count: n * n)
      for i in 0..<n { rows[i * n + i] = 1 }
      try rows.withUnsafeMutableBufferPointer { rb in
        try TridiagonalQL.diagonalize(
          d: &d, e: &e, w: rb.baseAddress, rowLength: n, operation: operation,
          iterationCap: leafIterationCap)
      }
      let order = Spectral.order(d, descending: false)
      let block = z + lo * ld + lo
      for (column, source) in order.enumerated() {
        values[lo + column] = d[source]
        for r in 0..<n { block[r * ld + column] = rows[source * n + r] }
      }
    }

    /// Merges the two solved halves lo..<mid and mid..<hi of a torn matrix
    /// (see the file header).
    func merge(
      lo: Int, mid: Int, hi: Int, beta: T, z zBuffer: UnsafeMutablePointer<T>,
      values: UnsafeMutablePointer<T>
    ) throws {
      let n1 = mid - lo
      let n2 = hi - mid
      let n = hi - lo
      // Q = diag(Q₁, Q₂): the diagonal block of Z; z = (last row of Q₁;
      // ±first row of Q₂).
      let q = zBuffer + lo * ld + lo
      let sign: T = beta < 0 ? -1 : 1
      var z = [T](repeating: 0, count: n)
      for c in 0..<n1 { z[c] = q[(n1 - 1) * ld + c] }
      for c in 0..<n2 { z[n1 + c] = sign * q[n1 * ld + n1 + c] }
      let zNorm = z.withUnsafeBufferPointer { Spectral.norm($0.baseAddress!, n) }
      var rho = abs(beta) * zNorm * zNorm
      if zNorm > 0 { for j in 0..<n { z[j] /= zNorm } } else { rho = 0 }

      // Sorted order of D (merge of two ascending lists; ties: first half
      // first).
      var order = [Int]()
      order.reserveCapacity(n)
      var a = 0
      var b = 0
      while a < n1 || b < n2 {
        if b >= n2 || (a < n1 && values[lo + a] <= values[mid + b]) {
          order.append(a)
          a += 1
        } else {
          order.append(n1 + b)
          b += 1
        }
      }
      var ds = order.map { values[lo + $0] }
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
        DivideConquerMerge.rotateColumns(q, ld: ld, rows: n, order[i], order[j], c: c, s: s)
      }

      // Secular equation on the kept values.
      let secular = try SecularEquation.solve(
        d: kept.map { ds[$0] }, z: kept.map { zs[$0] }, rho: rho,
        iterationCap: secularIterationCap, operation: operation)

      // New vectors Q[:, kept]·Ẑ, by halves (DivideConquerMerge.swift), into
      // the workspace.
      let k = kept.count
      let product = workspace.base
      let gather = product + n * k
      let grouped = gather + n * k
      secular.vectors.withUnsafeBufferPointer { sb in
        DivideConquerMerge.product(
          q: UnsafePointer(q), ld: ld, n: n, top: n1, columns: kept.map { order[$0] },
          halves: kept.map { half[$0] }, s: sb.baseAddress ?? UnsafePointer(product),
          out: product, gather: gather, grouped: grouped)
      }
      // All pairs ascending (ties: kept before deflated, then by position),
      // written over the block: the deflated columns are copied out first.
      let deflatedSorted = deflated.sorted()
      let nd = deflatedSorted.count
      let saved = gather  // the gathered columns are no longer needed
      for r in 0..<n {
        for (j, position) in deflatedSorted.enumerated() {
          saved[r * nd + j] = q[r * ld + order[position]]
        }
      }
      let pairs = DivideConquerMerge.ascendingPairs(
        keptValues: secular.values, deflatedValues: deflatedSorted.map { ds[$0] })
      for (column, pair) in pairs.enumerated() { values[lo + column] = pair.value }
      for r in 0..<n {
        let row = q + r * ld
        let productRow = product + r * k
        let savedRow = saved + r * nd
        for (column, pair) in pairs.enumerated() {
          row[column] = pair.kept ? productRow[pair.index] : savedRow[pair.index]
        }
      }
    }
  }
}
