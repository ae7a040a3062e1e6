// The angular shape metric with partial whitening (generalised shape metric).
//
// What: Williams, Kunz, Kornblith, Linderman, "Generalized Shape Metrics on
// Neural Representations", NeurIPS 2021, §3 (eqs. 5 and 9): each centred
// input is partially whitened, φ_α(X) = X·(αI + (1 − α)·C_X^(−1/2)) with
// C_X = XᵀX/n, and the distance is the angle
//     θ_α(X, Y) = arccos( ‖φ_α(X)ᵀφ_α(Y)‖_* / (‖φ_α(X)‖_F‖φ_α(Y)‖_F) ),
// in [0, π/2]. α = 1 is the angular Procrustes metric (no whitening);
// α = 0 whitens fully and the cosine becomes Σρ_i/√(r_x r_y) over the
// canonical correlations (a CCA-type metric). θ is a metric on the
// equivalence classes for every α ∈ [0, 1].
// Note: the netrep package's code uses the unnormalised XᵀX in place of
// C_X; the two agree at α ∈ {0, 1} and differ in between.
// Method: with the rank-revealing thin SVD X = U·S·Vᵀ (CCA.swift; directions
// with s_i ≤ tol·s₁ are dropped — X has no component along them),
// φ_α(X) = U·diag(α·s_i + (1 − α)·√n)·Vᵀ exactly, so no inverse square root
// of a singular covariance is ever formed: the cosine is
// ‖D_x·U_xᵀU_y·D_y‖_*/(‖d_x‖‖d_y‖). For α = 1 the direct form
// ‖XᵀY‖_*/(‖X‖_F‖Y‖_F) is used (ProcrustesDistance.swift). arccos is
// Reprise's own (ArcCosine below).
// Cost: α = 1: 2npq + SVD of p×q; otherwise two thin SVDs of the inputs and
// an r_x×r_y product and SVD.
// Constant columns centre to exact zeros (FeatureMatrix.swift): they add
// nothing to XᵀY or ‖X‖_F and lie in the null space of C_X, whose inverse
// root is taken on the data's span only (the dropped directions above, i.e.
// the pseudo-inverse root), so θ_α is the same as with those columns
// deleted, for every α. n < p: X has rank at most n − 1 and again only its
// span is whitened. At α = 0, once both inputs reach rank n − 1 (generic
// data with p, q ≥ n − 1) both column spaces are all centred vectors, every
// canonical correlation is 1 and θ₀ = 0 whatever the data — the blindness of
// CCA there (Kornblith et al. 2019, §3); α = 1 and intermediate α still
// discriminate. An input whose columns are all constant throws
// `invalidArgument`. The numpy fixtures (SimilarityReferenceTests: "wide",
// "constantcolumns", "equalwidths") cover these cases.

extension ShapeMetric {
  /// Williams et al.'s angular shape metric θ_α in radians, [0, π/2].
  /// `alpha` ∈ [0, 1]: 1 (default) = angular Procrustes, 0 = full whitening.
  /// Invariant to translations, isotropic scaling and orthogonal maps of
  /// either input (and, at α = 0, to all invertible linear maps). Symmetric.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func angular<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, alpha: Double = 1
  ) throws -> Scalar {
    let operation = "ShapeMetric.angular"
    guard alpha >= 0 && alpha <= 1 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "alpha", reason: "must be in [0, 1], got \(alpha)")
    }
    if alpha == 1 {
      return Scalar(ArcCosine.radians(try nuclearSimilarity(x, y, operation: operation)))
    }
    let (bx, by) = try CCA.bases(x, y, rankTolerance: nil, operation: operation)
    let root = Double(bx.samples).squareRoot()
    func diagonal(_ s: [Scalar]) -> [Double] { s.map { alpha * Double($0) + (1 - alpha) * root } }
    let (dx, dy) = (diagonal(bx.s), diagonal(by.s))
    let (rx, ry) = (bx.rank, by.rank)
    let product = try SimilarityKernels.crossProduct(bx.u, by.u, samples: bx.samples, rx, ry)
    var weighted = [Double](repeating: 0, count: rx * ry)
    for i in 0..<rx {
      for j in 0..<ry { weighted[i * ry + j] = dx[i] * Double(product[i * ry + j]) * dy[j] }
    }
    let nuclear = try SimilarityKernels.nuclearNorm(weighted, rows: rx, columns: ry)
    let norms =
      SimilarityKernels.pairwiseSum(dx.map { $0 * $0 }).squareRoot()
      * SimilarityKernels.pairwiseSum(dy.map { $0 * $0 }).squareRoot()
    return Scalar(ArcCosine.radians(min(1, nuclear / norms)))
  }
}

// arccos on [−1, 1] from Reprise's own sin and cos (no libm):
// for c ≥ 0, arccos c = 2·arcsin(√((1 − c)/2)) with the argument in
// [0, 1/√2]; for c < 0, arccos c = π − arccos(−c). arcsin s on [0, 1/√2] is
// found by six Newton steps t ← t − (sin t − s)/cos t from t = s (quadratic
// convergence, cos t ≥ 0.7 throughout), a fixed count so the bits are fixed.
// Accuracy: a few ulp, and exact 0 at c = 1.
enum ArcCosine {
  static func radians(_ c: Double) -> Double {
    let c = max(-1, min(1, c))
    if c < 0 { return Double.pi - radians(-c) }
    let s = ((1 - c) / 2).squareRoot()
    var t = s
    for _ in 0..<6 { t -= (Double.sin(t) - s) / Double.cos(t) }
    return 2 * t
  }
}
