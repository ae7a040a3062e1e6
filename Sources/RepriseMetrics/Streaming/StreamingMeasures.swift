// Linear CKA, CCA and the Procrustes distance from accumulated
// cross-products (CrossProductAccumulator.swift), for data read in chunks.
//
// What: with C_xx = XᵀX, C_yy = YᵀY, C_xy = XᵀY of the column-centred data,
//   • linear CKA = ‖C_xy‖²_F / (‖C_xx‖_F‖C_yy‖_F) (CKA.swift);
//   • Procrustes d² = 2 − 2‖C_xy‖_*/√(tr C_xx · tr C_yy) (ProcrustesDistance.swift);
//   • CCA: ρ = singular values of W_xᵀ·C_xy·W_y with W = V_r·(Λ_r + κ(n−1))^(−1/2)
//     from the eigendecomposition C = VΛVᵀ of each covariance block —
//     the same numbers as CCA.swift's SVD route (λ = s²), including the ridge.
// Rank rule: eigenvalues carry absolute errors near ε·λ₁ (the covariance
// squares the condition number), so directions are kept when
// λ_i > tol·λ₁ with tol = max(n, p)·ε by default — equivalent to
// s_i > √tol·s₁ on the data, coarser than the in-memory rule — and at most
// n − 1 of them. Results equal the in-memory functions to rounding for
// well-conditioned data (tests: 1e-12 for CKA and Procrustes, 1e-9 for CCA).
// Errors, as in memory: fewer than 2 rows, or every feature of X or Y
// constant → `invalidShape`/`invalidArgument`, never NaN.
// Cost: O(d²) for CKA; a p×q SVD (Procrustes); two symmetric eigen
// decompositions and an r_x×r_y SVD (CCA).

extension CrossProductAccumulator {
  /// Linear CKA of all rows appended so far.
  public func linearCKA() throws -> Double {
    let b = try blocks(operation: "CrossProductAccumulator.linearCKA")
    let cross = SimilarityKernels.sumOfSquares(b.xy)
    let xx = SimilarityKernels.sumOfSquares(b.xx).squareRoot()
    let yy = SimilarityKernels.sumOfSquares(b.yy).squareRoot()
    return min(1, cross / (xx * yy))
  }

  /// Ding et al.'s squared orthogonal Procrustes distance of all rows so far.
  public func procrustesSquared() throws -> Double {
    let b = try blocks(operation: "CrossProductAccumulator.procrustesSquared")
    let (p, q) = (xFeatures, yFeatures)
    let nuclear = try SimilarityKernels.nuclearNorm(b.xy, rows: p, columns: q)
    let traces =
      SimilarityKernels.pairwiseSum(p) { b.xx[$0 * p + $0] }
      * SimilarityKernels.pairwiseSum(q) { b.yy[$0 * q + $0] }
    return max(0, 2 - 2 * min(1, nuclear / traces.squareRoot()))
  }

  /// Canonical correlations of all rows so far (optionally ridge-regularised:
  /// κ added to the diagonals of the covariances XᵀX/(n−1), YᵀY/(n−1)).
  public func canonicalCorrelations(ridge: Double = 0, rankTolerance: Double? = nil) throws
    -> CanonicalCorrelations<Double>
  {
    let operation = "CrossProductAccumulator.canonicalCorrelations"
    guard ridge >= 0 && ridge.isFinite else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "ridge", reason: "must be finite and ≥ 0, got \(ridge)")
    }
    if let t = rankTolerance, !(t >= 0 && t < 1) {
      throw RepriseError.invalidArgument(
        operation: operation, name: "rankTolerance", reason: "must be in [0, 1), got \(t)")
    }
    let b = try blocks(operation: operation)
    let (p, q) = (xFeatures, yFeatures)
    let shrink = ridge * Double(samples - 1)
    let wx = try whitening(b.xx, size: p, shrink: shrink, tolerance: rankTolerance)
    let wy = try whitening(b.yy, size: q, shrink: shrink, tolerance: rankTolerance)
    let (rx, ry) = (wx.count / p, wy.count / q)
    // W_xᵀ·C_xy·W_y: (rx × p)(p × q)(q × ry).
    let left = try GEMM.product(wx, b.xy, m: rx, n: q, k: p, transA: .transposed)
    let m = try GEMM.product(left, wy, m: rx, n: ry, k: q)
    let rho = try SimilarityKernels.singularValues(m, rows: rx, columns: ry)
    return CanonicalCorrelations(
      correlations: rho.map { min(1, max(0, $0)) }, xDimensions: rx, yDimensions: ry)
  }

  /// The centred blocks XᵀX (p×p), YᵀY (q×q), XᵀY (p×q), row-major; throws
  /// for fewer than two rows or an input without variance.
  func blocks(operation: String) throws -> (xx: [Double], yy: [Double], xy: [Double]) {
    guard samples >= 2 else {
      throw RepriseError.invalidShape(
        operation: operation, shape: [samples, width],
        reason: "needs at least 2 rows, got \(samples)")
    }
    let c = centredProducts()
    let (p, q, d) = (xFeatures, yFeatures, width)
    var xx = [Double](repeating: 0, count: p * p)
    var yy = [Double](repeating: 0, count: q * q)
    var xy = [Double](repeating: 0, count: p * q)
    for i in 0..<p {
      for j in 0..<p { xx[i * p + j] = c[i * d + j] }
      for j in 0..<q { xy[i * q + j] = c[i * d + p + j] }
    }
    for i in 0..<q {
      for j in 0..<q { yy[i * q + j] = c[(p + i) * d + p + j] }
    }
    for (name, block, size) in [("x", xx, p), ("y", yy, q)]
    where !(0..<size).contains(where: { block[$0 * size + $0] > 0 }) {
      throw RepriseError.invalidArgument(
        operation: operation, name: name,
        reason:
          "all \(size) features are constant over the \(samples) rows: the measure is undefined")
    }
    return (xx, yy, xy)
  }

  /// V_r·diag(1/√(λ_i + shrink)) (size × r, row-major) over the kept
  /// eigen-directions of a covariance block.
  func whitening(_ c: [Double], size: Int, shrink: Double, tolerance: Double?) throws -> [Double] {
    let eig = try SymmetricEigen(Tensor(shape: [size, size], scalars: c))
    let values = eig.values.scalars  // ascending
    let vectors = eig.vectors!.scalars
    let largest = values[size - 1]
    let threshold = (tolerance ?? Double(max(samples, size)) * Double.ulpOfOne) * largest
    var kept: [Int] = []
    for i in stride(from: size - 1, through: 0, by: -1)
    where values[i] > threshold && kept.count < samples - 1 {
      kept.append(i)
    }
    let r = kept.count
    var w = [Double](repeating: 0, count: size * r)
    for (k, i) in kept.enumerated() {
      let scale = 1 / (values[i] + shrink).squareRoot()
      for row in 0..<size { w[row * r + k] = vectors[row * size + i] * scale }
    }
    return w
  }
}
