// The toy model of superposition (Elhage et al., "Toy Models of
// Superposition", Transformer Circuits Thread, 2022).
//
// n sparse features x ∈ [0, 1]ⁿ are compressed into m < n dimensions and
// read back with the transpose of the same matrix:
//   h = x·W  (W is n×m, row i is feature i's direction),
//   x' = ReLU(h·Wᵀ + b)         (the "linear model" drops the ReLU).
// Trained with an importance-weighted squared error Σᵢ Iᵢ(xᵢ − x'ᵢ)².
// Diagnostics: feature norms ‖Wᵢ‖, superposition Σ_{j≠i} (Ŵᵢ·Wⱼ)² (how much
// other features interfere with feature i) and feature dimensionality
// Dᵢ = ‖Wᵢ‖² / Σⱼ (Ŵᵢ·Wⱼ)².

/// The n → m → n tied-weight toy model.
public struct SuperpositionModel<Scalar: RealScalar>: Sendable {
  public let weight: ParameterID
  public let bias: ParameterID
  public let features: Int
  public let hidden: Int
  /// Whether the output passes through ReLU (false: the linear control).
  public let nonlinear: Bool

  public init(
    _ name: String = "toy", features: Int, hidden: Int, nonlinear: Bool = true,
    store: inout ParameterStore<Scalar>, random: inout RandomStream
  ) throws {
    guard features > 0, hidden > 0 else {
      throw RepriseError.invalidArgument(
        operation: "SuperpositionModel.init", name: "features/hidden", reason: "must be positive")
    }
    weight = try store.add(
      "\(name).W",
      try Initializer<Scalar>.xavierNormal.make(
        [features, hidden], fanIn: features, fanOut: hidden, using: &random))
    bias = try store.add("\(name).b", try Tensor.zeros([features]))
    self.features = features
    self.hidden = hidden
    self.nonlinear = nonlinear
  }

  /// Reconstruction x' of a batch x of shape [batch, features].
  public func callAsFunction(_ x: Variable<Scalar>, _ parameters: BoundParameters<Scalar>) throws
    -> Variable<Scalar>
  {
    let w = parameters[weight]
    let out = try x.matmul(w).matmul(w, transposeOther: true) + parameters[bias]
    return nonlinear ? out.relu() : out
  }

  /// Per-feature diagnostics of a trained weight matrix W (n×m).
  public static func diagnostics(_ w: Tensor<Scalar>) throws -> (
    norms: [Scalar], superposition: [Scalar], dimensionality: [Scalar]
  ) {
    let (n, _) = try w.matrixShape(operation: "SuperpositionModel.diagnostics")
    let gram = try matmul(w, w, transposeB: true)  // Gram[i][j] = Wᵢ·Wⱼ
    var norms: [Scalar] = []
    var superposition: [Scalar] = []
    var dimensionality: [Scalar] = []
    for i in 0..<n {
      let norm = gram[i, i].squareRoot()
      norms.append(norm)
      var interference: Scalar = 0
      var total: Scalar = 0
      for j in 0..<n {
        let projection = norm > 0 ? gram[i, j] / norm : 0  // Ŵᵢ·Wⱼ
        total += projection * projection
        if j != i { interference += projection * projection }
      }
      superposition.append(interference)
      dimensionality.append(total > 0 ? gram[i, i] / total : 0)
    }
    return (norms, superposition, dimensionality)
  }
}
