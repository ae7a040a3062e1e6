// Batch and layer normalisation, composed from differentiable operations.
//
// Both standardise x by a mean and a (biased) variance, then apply a learned
// per-feature scale γ and shift β:  y = γ · (x − μ) / √(σ² + ε) + β.
// Batch norm (Ioffe & Szegedy 2015) takes μ, σ² over the batch (axis 0) for
// each feature; layer norm (Ba, Kiros & Hinton 2016) over the features (last
// axis) for each example. Written as a composition, their derivatives —
// including the coupling through μ and σ², and second derivatives — follow
// from the rules of the parts. Cost: a few passes over x.
//
// `batchStatistics` also returns the batch standard deviation per feature,
// which batch-entropy regularisation (Peer et al., TMLR 2022) differentiates.

extension Variable {
  /// (x − μ)/√(σ² + ε) with μ, σ² taken along `axis` (kept for broadcasting).
  public func standardized(alongAxis axis: Int, epsilon: Scalar = 1e-5) throws -> Variable {
    let mean = try self.mean(alongAxis: axis, keepingAxis: true)
    let centered = try self - mean
    let variance = try centered.squared().mean(alongAxis: axis, keepingAxis: true)
    return try centered / (variance + epsilon).squareRoot()
  }

  /// Batch normalisation of a [batch, features] matrix in training mode.
  public func batchNormalized(scale gamma: Variable, shift beta: Variable, epsilon: Scalar = 1e-5)
    throws
    -> Variable
  {
    try standardized(alongAxis: 0, epsilon: epsilon) * gamma + beta
  }

  /// Layer normalisation over the last axis.
  public func layerNormalized(scale gamma: Variable, shift beta: Variable, epsilon: Scalar = 1e-5)
    throws
    -> Variable
  {
    try standardized(alongAxis: shape.count - 1, epsilon: epsilon) * gamma + beta
  }

  /// Per-feature (column) mean and standard deviation over the batch (rows),
  /// both differentiable; the deviation uses the biased variance + ε.
  public func batchStatistics(epsilon: Scalar = 0) throws -> (
    mean: Variable, standardDeviation: Variable
  ) {
    let mean = try self.mean(alongAxis: 0, keepingAxis: true)
    let variance = try (self - mean).squared().mean(alongAxis: 0, keepingAxis: true)
    return (mean, try (variance + epsilon).squareRoot())
  }
}
