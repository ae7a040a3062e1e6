// Singular values and vectors of an upper bidiagonal matrix by divide and
// conquer (Gu & Eisenstat's bidiagonal SVD, in the manner of LAPACK xBDSDC).
//
// What: B = U·diag(σ)·Vᵀ for the n×n upper bidiagonal B (diagonal d,
// superdiagonal e); σ ascending ≥ 0, U and V n×n row-major with the vectors as
// columns.
// Method: remove row k = n/2. Rows 0..<k of B are a k×(k+1) upper bidiagonal
// B₁ (columns 0…k), rows k+1..<n a square B₂ (columns k+1..<n), and row k holds
// α = d_k in column k and β = e_k in column k+1. With the halves solved,
// B₁ = U₁·[Σ₁ 0]·W₁ᵀ and B₂ = U₂·Σ₂·V₂ᵀ,
//     B = Ũ·M·Ṽᵀ,  M = [zᵀ; 0 diag(Σ₁, Σ₂)]  (an "arrow": first row z, then
// a diagonal whose first entry, for the null column w of B₁, is 0), where
// Ṽ = diag(W₁, V₂) with w first, Ũ = diag(U₁, 1, U₂) with the unit vector of
// row k first, and z = (α·w_k, α·W₁[k, :], β·V₂[0, :]).
//   • B₁ is made square first: k rotations of columns (i, k), i = k−1 … 0,
//     chase its last column to zero, B₁·R = [B₁′ 0]; B₁′ is solved
//     recursively and W₁ = R·diag(V₁′, 1), with the null vector w = R·e_k.
//   • Leaves (n ≤ `leafSize`) are solved by implicit QR (BidiagonalQR.swift).
//   • Deflation (Gu & Eisenstat §4; LAPACK xLASD2): tol = 8ε·max(max σ,
//     max|z|). z₀ (the null column) is never deflated: |z₀| ≤ tol is raised
//     to tol; a diagonal entry below tol is raised to tol (so the poles
//     other than 0 are ≥ tol). An entry with |zⱼ| ≤ tol leaves (σⱼ, Ũ eⱼ,
//     Ṽ eⱼ) as a singular triplet; of two kept neighbours (j ≥ 1) whose values
//     are so close that the rotation zeroing one of their z entries perturbs
//     M by ≤ tol (|(σⱼ − σᵢ)·c·s| ≤ tol), the rotation is applied to both
//     columns of Ũ and of Ṽ (it acts on M from both sides) and one leaves.
//   • The kept arrow's singular values are the roots of
//     1 + Σⱼ zⱼ²/((dⱼ − σ)(dⱼ + σ)) = 0, solved relative to the nearer pole
//     (SecularEquation.swift, squared poles); ẑ by Löwner's formula makes the
//     vectors orthogonal: vᵢ ∝ (ẑⱼ/(dⱼ² − σᵢ²))ⱼ, uᵢ ∝ (−1, (dⱼ·ẑⱼ/(dⱼ² −
//     σᵢ²))ⱼ≥₁)·(√ρ scaling of ẑ) — M·vᵢ = σᵢ·uᵢ by the secular equation.
//   • New vectors Ũ·U_M and Ṽ·V_M as GEMMs by halves
//     (DivideConquerMerge.swift; GEMM threads split its output, so the bits do
//     not depend on the thread count).
// Cost: ≈ 8n³/3 flops at most (two products per merge), almost all in GEMM,
// plus O(n²) per level for the secular equations; deflation usually removes
// much of it.
// Sources: Gu & Eisenstat, "A divide-and-conquer algorithm for the bidiagonal
// SVD", SIAM J. Matrix Anal. Appl. 16 (1995); Jessup & Sorensen, "A parallel
// algorithm for computing the singular value decomposition of a matrix",
// SIAM J. Matrix Anal. Appl. 15 (1994); LAPACK xBDSDC/xLASD0–3 (documented
// structure of the deflation).

enum BidiagonalDivideConquer {
  static let defaultLeafSize = 25

  typealias Half = DivideConquerMerge.Half

  /// B = U·diag(σ)·Vᵀ: σ ascending, U and V n×n row-major (vectors as
  /// columns).
  static func solve<T: RealScalar>(
    d: [T], e: [T], leafSize: Int = defaultLeafSize,
    secularIterationCap: Int = SecularEquation.defaultIterationCap,
    leafIterationCap: Int? = nil, operation: String
  ) throws -> (values: [T], u: [T], v: [T]) {
    let n = d.count
    if n == 0 { return ([], [], []) }
    if n <= max(leafSize, 1) {
      return try leaf(d: d, e: e, iterationCap: leafIterationCap, operation: operation)
    }
    let k = n / 2
    let top = try solveWide(
      d: Array(d[0..<k]), e: Array(e[0..<k]), leafSize: leafSize,
      secularIterationCap: secularIterationCap, leafIterationCap: leafIterationCap,
      operation: operation)
    let bottom = try solve(
      d: Array(d[(k + 1)...]), e: Array(e[min(k + 1, e.count)...]), leafSize: leafSize,
      secularIterationCap: secularIterationCap, leafIterationCap: leafIterationCap,
      operation: operation)
    return try merge(
      top: top, bottom: bottom, alpha: d[k], beta: k < e.count ? e[k] : 0,
      secularIterationCap: secularIterationCap, operation: operation)
  }

  /// Small blocks: implicit QR on the identity, sorted ascending.
  static func leaf<T: RealScalar>(
    d: [T], e: [T], iterationCap: Int?, operation: String
  ) throws -> (values: [T], u: [T], v: [T]) {
    let n = d.count
    var d = d
    var e = e
    var uRows = [T](repeating: 0, count: n * n)
    for i in 0..<n { uRows[i * n + i] = 1 }
    var vRows = uRows
    try uRows.withUnsafeMutableBufferPointer { ub in
      try vRows.withUnsafeMutableBufferPointer { vb in
        try BidiagonalQR.diagonalize(
          d: &d, e: &e, u: ub.baseAddress, uLength: n, v: vb.baseAddress, vLength: n,
          operation: operation, iterationCap: iterationCap)
      }
    }
    let order = Spectral.order(d, descending: false)
    var u = [T](repeating: 0, count: n * n)
    var v = [T](repeating: 0, count: n * n)
    for (column, source) in order.enumerated() {
      for r in 0..<n {
        u[r * n + column] = uRows[source * n + r]
        v[r * n + column] = vRows[source * n + r]
      }
    }
    return (order.map { d[$0] }, u, v)
  }

  /// The k×(k+1) upper bidiagonal (d, e), e.count == k: σ ascending (k),
  /// U k×k and W (k+1)×(k+1) with B = U·[Σ 0]·Wᵀ; W's last column spans the
  /// null space.
  static func solveWide<T: RealScalar>(
    d: [T], e: [T], leafSize: Int, secularIterationCap: Int, leafIterationCap: Int?,
    operation: String
  ) throws -> (values: [T], u: [T], v: [T]) {
    let k = d.count
    // Chase the last column to zero: rotation i acts on columns (i, k).
    var d = d
    var e = e
    var c = [T](repeating: 1, count: k)
    var s = [T](repeating: 0, count: k)
    var fill = e[k - 1]
    for i in stride(from: k - 1, through: 0, by: -1) {
      let (ci, si, r) = Spectral.rotation(d[i], fill)
      c[i] = ci
      s[i] = si
      d[i] = r
      if i > 0 {
        fill = -si * e[i - 1]
        e[i - 1] = ci * e[i - 1]
      }
    }
    let square = try solve(
      d: d, e: Array(e[0..<(k - 1)]), leafSize: leafSize,
      secularIterationCap: secularIterationCap, leafIterationCap: leafIterationCap,
      operation: operation)
    // W = R₀…R_{k−1} applied to diag(V′, 1): rotation i mixes rows i and k.
    let w = k + 1
    var wm = [T](repeating: 0, count: w * w)
    for r in 0..<k {
      for col in 0..<k { wm[r * w + col] = square.v[r * k + col] }
    }
    wm[k * w + k] = 1
    wm.withUnsafeMutableBufferPointer { wb in
      let base = wb.baseAddress!
      for i in 0..<k {
        let x = base + i * w
        let y = base + k * w
        let (ci, si) = (c[i], s[i])
        for col in 0..<w {
          let xc = x[col]
          let yc = y[col]
          x[col] = (ci * xc).addingProduct(-si, yc)
          y[col] = (si * xc).addingProduct(ci, yc)
        }
      }
    }
    return (square.values, square.u, wm)
  }

  /// Merges the solved halves around row k (see the file header).
  static func merge<T: RealScalar>(
    top: (values: [T], u: [T], v: [T]), bottom: (values: [T], u: [T], v: [T]),
    alpha: T, beta: T, secularIterationCap: Int, operation: String
  ) throws -> (values: [T], u: [T], v: [T]) {
    let k = top.values.count
    let n2 = bottom.values.count
    let n = k + 1 + n2
    let w = k + 1
    // Bases in M order (0: null column / row k; 1…k: B₁; k+1…: B₂).
    var uBasis = [T](repeating: 0, count: n * n)
    var vBasis = [T](repeating: 0, count: n * n)
    uBasis[k * n] = 1
    for r in 0..<k {
      for c in 0..<k { uBasis[r * n + 1 + c] = top.u[r * k + c] }
    }
    for r in 0..<w {
      vBasis[r * n] = top.v[r * w + k]
      for c in 0..<k { vBasis[r * n + 1 + c] = top.v[r * w + c] }
    }
    for r in 0..<n2 {
      for c in 0..<n2 {
        uBasis[(w + r) * n + w + c] = bottom.u[r * n2 + c]
        vBasis[(w + r) * n + w + c] = bottom.v[r * n2 + c]
      }
    }
    var z = [T](repeating: 0, count: n)
    z[0] = alpha * top.v[k * w + k]
    for c in 0..<k { z[1 + c] = alpha * top.v[k * w + c] }
    for c in 0..<n2 { z[w + c] = beta * bottom.v[c] }
    let poles = [0] + top.values + bottom.values

    // Sorted order: the null column first, then a merge of the two
    // ascending lists (ties: first half first).
    var order = [0]
    order.reserveCapacity(n)
    var a = 1
    var b = w
    while a < w || b < n {
      if b >= n || (a < w && poles[a] <= poles[b]) {
        order.append(a)
        a += 1
      } else {
        order.append(b)
        b += 1
      }
    }
    var ds = order.map { poles[$0] }
    var zs = order.map { z[$0] }
    var half = order.map { $0 < w ? Half.top : .bottom }

    let zNorm = zs.withUnsafeBufferPointer { Spectral.norm($0.baseAddress!, n) }
    if zNorm == 0 {
      // M is diagonal (α = β = 0): every triplet deflates, the null column
      // pairing with row k for σ = 0.
      let assembled = DivideConquerMerge.assemble(
        keptValues: [T](), deflated: (0..<n).map { (ds[$0], order[$0]) }, n: n,
        products: [[], []], bases: [uBasis, vBasis])
      return (assembled.values, assembled.vectors[0], assembled.vectors[1])
    }
    var dMax: T = 0
    var zMax: T = 0
    for j in 0..<n {
      dMax = max(dMax, ds[j])
      zMax = max(zMax, abs(zs[j]))
    }
    let tol = 8 * T.ulpOfOne * max(dMax, zMax)
    if abs(zs[0]) <= tol { zs[0] = zs[0] < 0 ? -tol : tol }
    for j in 1..<n where ds[j] < tol { ds[j] = tol }

    // Deflation among the entries j ≥ 1 (the null column is always kept).
    let deflation = DivideConquerMerge.deflate(
      values: &ds, z: &zs, halves: &half, from: 1, zWeight: 1, tolerance: tol
    ) { i, j, c, s in
      // The rotation acts on M from both sides: both bases turn.
      DivideConquerMerge.rotateColumns(&uBasis, n: n, order[i], order[j], c: c, s: s)
      DivideConquerMerge.rotateColumns(&vBasis, n: n, order[i], order[j], c: c, s: s)
    }
    let kept = [0] + deflation.kept
    let deflated = deflation.deflated

    // The kept arrow: secular equation with squared poles, z normalised.
    var zNormKept: T = 0
    let zKept = kept.map { zs[$0] }
    zNormKept = zKept.withUnsafeBufferPointer { Spectral.norm($0.baseAddress!, kept.count) }
    let rho = zNormKept * zNormKept
    let secular = try SecularEquation.solve(
      d: kept.map { ds[$0] }, z: zKept.map { $0 / zNormKept }, rho: rho, poles: .squared,
      iterationCap: secularIterationCap, operation: operation)
    let leftVectors = arrowLeftVectors(
      poles: kept.map { ds[$0] }, secular: secular, sqrtRho: zNormKept)

    let columns = kept.map { order[$0] }
    let halves = kept.map { half[$0] }
    let newU = DivideConquerMerge.product(
      q: uBasis, n: n, top: w, columns: columns, halves: halves, s: leftVectors)
    let newV = DivideConquerMerge.product(
      q: vBasis, n: n, top: w, columns: columns, halves: halves, s: secular.vectors)
    let assembled = DivideConquerMerge.assemble(
      keptValues: secular.values, deflated: deflated.sorted().map { (ds[$0], order[$0]) }, n: n,
      products: [newU, newV], bases: [uBasis, vBasis])
    return (assembled.values, assembled.vectors[0], assembled.vectors[1])
  }

  /// Left singular vectors of the arrow [√ρ·ẑᵀ; 0 diag(d₁…)] (d₀ = 0), as
  /// columns of a k×k row-major buffer: uᵢ ∝ (−1, √ρ·dⱼ·ẑⱼ/(dⱼ² − σᵢ²)).
  static func arrowLeftVectors<T: RealScalar>(
    poles: [T], secular: SecularEquation.Solution<T>, sqrtRho: T
  ) -> [T] {
    let k = poles.count
    // k = 1: M = [√ρ·ẑ₀] with v = [1], so u = [sign ẑ₀].
    if k == 1 { return [secular.zHat[0]] }
    var out = [T](repeating: 0, count: k * k)
    var column = [T](repeating: 0, count: k)
    for i in 0..<k {
      column[0] = -1
      for j in 1..<k {
        column[j] = sqrtRho * poles[j] * (secular.zHat[j] / secular.differences[i * k + j])
      }
      let inverse = 1 / column.withUnsafeBufferPointer { Spectral.norm($0.baseAddress!, k) }
      for j in 0..<k { out[j * k + i] = column[j] * inverse }
    }
    return out
  }
}
