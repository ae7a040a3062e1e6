// Layerwise batch entropy (Peer, Keulen, Stabinger, Piater &
// Rodríguez-Sánchez, "Improving the trainability of deep neural networks
// through layerwise batch-entropy regularization", TMLR 2022; papers.md §12).
//
// Each unit j of a layer's activations a ∈ R^{B×N} is treated as a Gaussian
// across the batch, with σ_j² the unbiased (B − 1) sample variance of column
// j (torch.std's default, as in the reference code); the layer's value is the
// mean over units of
//   .differential:  H_j = ½ ln(2πe·σ_j²)      (the paper's equation: the
//                   differential entropy of N(μ, σ²); −∞ for a constant unit)
//   .lbe:           H_j = ½ ln(πe·σ_j² + 1)   (the reference code's
//                   regulariser form: ≥ 0, and 0 exactly for a constant unit)
// Activations of higher rank are flattened after the batch axis.
//
// Method: columns are centred with FeatureMatrix (a constant unit gives an
// exact zero variance), squares summed with one fma chain per column, logs
// from Reprise's own Double.log. Cost O(B·N). The `Variable` form computes the
// same quantity with differentiable operations (mean, subtract, square, sum,
// log), so the LBE loss  CE + CE·mean_l β(H_l − α_l)²  can be trained; its
// forward value agrees with the Tensor form up to rounding (its mean is not
// computed with the first-row shift).
// Degenerate input: B < 2 throws (no variance); NaN/Inf throw `nonFinite`;
// `.differential` throws for a constant unit (naming it) instead of −∞.

/// Layerwise batch entropy (Peer et al. 2022).
public enum BatchEntropy {
  /// How a unit's Gaussian entropy is computed from its batch variance σ².
  public enum Estimator: Sendable, Equatable {
    /// ½ ln(2πe·σ²): the differential entropy (the paper's equation).
    case differential
    /// ½ ln(πe·σ² + 1): the reference code's non-negative form (the LBE
    /// regulariser).
    case lbe
  }

  /// H_j for every unit (column after flattening) of `activations` [B, …].
  public static func unitEntropies<Scalar: RealScalar>(
    _ activations: Tensor<Scalar>, estimator: Estimator = .lbe
  ) throws -> [Double] {
    let operation = "BatchEntropy.unitEntropies"
    let matrix = try flattened(activations, operation)
    let (b, n) = try FeatureMatrix.validate(matrix, operation: operation, minimumSamples: 2)
    let centred = try FeatureMatrix.centered(matrix.widenedToDouble())
    return try (0..<n).map { j in
      var column = [Double](repeating: 0, count: b)
      for i in 0..<b { column[i] = centred.scalars[i * n + j] }
      let variance = DoubleSums.dot(column, column) / Double(b - 1)
      switch estimator {
      case .lbe:
        return 0.5 * Double.log1p(Double.pi * euler * variance)
      case .differential:
        guard variance > 0 else {
          throw RepriseError.invalidArgument(
            operation: operation, name: "activations",
            reason: "unit \(j) is constant across the batch: its differential entropy is −∞")
        }
        return 0.5 * Double.log(2 * Double.pi * euler * variance)
      }
    }
  }

  /// The layer's batch entropy: the mean of `unitEntropies`.
  public static func layerEntropy<Scalar: RealScalar>(
    _ activations: Tensor<Scalar>, estimator: Estimator = .lbe
  ) throws -> Double {
    let values = try unitEntropies(activations, estimator: estimator)
    return DoubleSums.pairwise(values) / Double(values.count)
  }

  /// The layer's batch entropy as a differentiable scalar.
  public static func layerEntropy<Scalar: RealScalar>(
    _ activations: Variable<Scalar>, estimator: Estimator = .lbe
  ) throws -> Variable<Scalar> {
    let operation = "BatchEntropy.layerEntropy"
    let shape = activations.shape
    guard shape.count >= 2, shape[0] >= 2 else {
      throw RepriseError.invalidShape(
        operation: operation, shape: shape, reason: "needs a batch of at least 2 rows")
    }
    try activations.value.requireFinite(operation: operation)
    let b = shape[0]
    let units = shape.dropFirst().reduce(1, *)
    let x = try activations.reshaped([b, units])
    let deviations = try x - (try x.mean(alongAxis: 0, keepingAxis: true))
    let variance = try deviations.squared().sum(alongAxis: 0) * (1 / Scalar(b - 1))
    let entropies: Variable<Scalar>
    switch estimator {
    case .lbe:
      entropies = (variance * Scalar(Double.pi * euler) + 1).log() * 0.5
    case .differential:
      if let j = variance.value.scalars.firstIndex(where: { !($0 > 0) }) {
        throw RepriseError.invalidArgument(
          operation: operation, name: "activations",
          reason: "unit \(j) is constant across the batch: its differential entropy is −∞")
      }
      entropies = (variance * Scalar(2 * Double.pi * euler)).log() * 0.5
    }
    return try entropies.mean()
  }

  /// Euler's number e, correctly rounded.
  static let euler = 2.718281828459045

  static func flattened<Scalar: RealScalar>(_ a: Tensor<Scalar>, _ operation: String) throws
    -> Tensor<Scalar>
  {
    guard a.rank >= 2 else {
      throw RepriseError.invalidShape(
        operation: operation, shape: a.shape, reason: "expected [batch, units, …]")
    }
    return try a.reshaped([a.shape[0], a.shape.dropFirst().reduce(1, *)])
  }
}
