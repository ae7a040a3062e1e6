// Orthogonal Procrustes distance between two representations.
//
// What: Ding, Denain, Steinhardt, "Grounding Representation Similarity with
// Statistical Testing", NeurIPS 2021, §2: with X, Y column-centred and
// scaled to unit Frobenius norm,
//     d²(X, Y) = ‖X‖²_F + ‖Y‖²_F − 2‖XᵀY‖_* = 2 − 2‖XᵀY‖_*,
// the squared residual min_R ‖X·R − Y‖²_F over orthogonal R (Schönemann
// 1966; for p ≠ q the narrower input is padded with zero columns). d²
// lies in [0, 2]; its square root d is a metric on centred, normalised
// representations modulo orthogonal maps (triangle inequality included).
// Method: exact centring (FeatureMatrix), power-of-two scaling, then
// ‖X‖²_F, ‖Y‖²_F and ‖XᵀY‖_* (GEMM, then the singular values of the p×q
// product) in Double; d² = 2 − 2‖XᵀY‖_*/(‖X‖_F‖Y‖_F), clamped at 0
// (rounding can make it −1e-16 for identical inputs).
// Accuracy: the subtraction cancels when X ≈ Y; d² has an absolute error of
// a few ε, so d itself is only good to about √ε absolutely near 0.
// Cost: 2npq (XᵀY) + SVD of p×q (values only) + O(n(p + q)).

/// Shape distances between representations: Procrustes (Ding et al. 2021)
/// and the angular shape metric with partial whitening (Williams et al.
/// 2021).
///
/// Inputs are samples × features matrices with the same rows (n ≥ 2); p and
/// q may differ (zero padding is implied). Errors: `invalidShape`,
/// `shapeMismatch`, `nonFinite`, and `invalidArgument` when all features of
/// an input are constant (it cannot be normalised: the distance is
/// undefined). Constant columns are otherwise harmless; n < p and rank
/// deficiency need no special care (the nuclear norm is well defined).
public enum ShapeMetric {
  /// Ding et al.'s orthogonal Procrustes distance in its squared form,
  /// 2 − 2‖XᵀY‖_* on centred, unit-Frobenius-norm X and Y. In [0, 2].
  /// Invariant to translations, isotropic scaling and orthogonal maps of
  /// either input. Symmetric.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func procrustesSquared<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>
  ) throws -> Scalar {
    Scalar(try procrustesSquaredDouble(x, y, operation: "ShapeMetric.procrustesSquared"))
  }

  /// √(procrustesSquared): a metric (non-negative, symmetric, zero only for
  /// inputs equal up to translation, scale and orthogonal map, triangle
  /// inequality). In [0, √2].
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func procrustes<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>
  ) throws -> Scalar {
    Scalar(try procrustesSquaredDouble(x, y, operation: "ShapeMetric.procrustes").squareRoot())
  }

  /// ‖XᵀY‖_*/(‖X‖_F‖Y‖_F) on centred inputs, in [0, 1] (shared with the
  /// angular metric at α = 1).
  static func nuclearSimilarity<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, operation: String
  ) throws -> Double {
    let (cx, cy) = try SimilarityKernels.centredPair(x, y, operation: operation)
    try SimilarityKernels.requireVariance(cx, name: "x", operation: operation)
    try SimilarityKernels.requireVariance(cy, name: "y", operation: operation)
    let (n, p, q) = (cx.samples, cx.features, cy.features)
    let xy = try SimilarityKernels.crossProduct(cx.values, cy.values, samples: n, p, q)
    let nuclear = try SimilarityKernels.nuclearNorm(xy, rows: p, columns: q)
    let xNorm = SimilarityKernels.sumOfSquares(cx.values).squareRoot()
    let yNorm = SimilarityKernels.sumOfSquares(cy.values).squareRoot()
    return min(1, nuclear / (xNorm * yNorm))
  }

  static func procrustesSquaredDouble<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, operation: String
  ) throws -> Double {
    max(0, 2 - 2 * (try nuclearSimilarity(x, y, operation: operation)))
  }
}
