// Multi-layer perceptrons: dense layers with an activation between them.
//
// widths [d₀, d₁, …, d_L] give L dense layers; layer ℓ maps d_{ℓ−1} → d_ℓ and
// every layer but the last is followed by the activation. `forward` also
// returns the hidden representations (post-activation) of every layer,
// which is what representation metrics (CKA, alignment, neural collapse)
// measure. A deep *linear* network is an MLP with the identity activation
// and no biases (`MLP.deepLinear`).

/// A fully connected network whose parameters live in a `ParameterStore`.
public struct MLP<Scalar: RealScalar>: Sendable {
  public let layers: [Dense]
  public let widths: [Int]
  public let activation: Activation<Scalar>

  /// Creates the parameters `name.0.weight`, `name.0.bias`, … in `store`.
  public init(
    _ name: String = "mlp", widths: [Int], activation: Activation<Scalar> = .relu,
    bias: Bool = true,
    weightInit: Initializer<Scalar> = .pytorchDefault,
    biasInit: Initializer<Scalar> = .pytorchDefault,
    store: inout ParameterStore<Scalar>, random: inout RandomStream
  ) throws {
    guard widths.count >= 2 else {
      throw RepriseError.invalidArgument(
        operation: "MLP.init", name: "widths",
        reason: "needs at least input and output widths, got \(widths)")
    }
    var layers: [Dense] = []
    for index in 0..<(widths.count - 1) {
      layers.append(
        try Dense(
          "\(name).\(index)", inputs: widths[index], outputs: widths[index + 1], bias: bias,
          weightInit: weightInit,
          biasInit: biasInit, store: &store, random: &random))
    }
    self.layers = layers
    self.widths = widths
    self.activation = activation
  }

  /// A deep linear network: no biases, identity activations.
  public static func deepLinear(
    _ name: String = "dln", widths: [Int], weightInit: Initializer<Scalar>,
    store: inout ParameterStore<Scalar>,
    random: inout RandomStream
  ) throws -> MLP {
    try MLP(
      name, widths: widths, activation: .identity, bias: false, weightInit: weightInit,
      store: &store, random: &random)
  }

  /// The output for a batch x of shape [batch, d₀].
  public func callAsFunction(_ x: Variable<Scalar>, _ parameters: BoundParameters<Scalar>) throws
    -> Variable<Scalar>
  {
    try forward(x, parameters).output
  }

  /// The output and every hidden representation (after its activation).
  public func forward(_ x: Variable<Scalar>, _ parameters: BoundParameters<Scalar>) throws
    -> (output: Variable<Scalar>, hidden: [Variable<Scalar>])
  {
    guard x.shape.count == 2, x.shape[1] == widths[0] else {
      throw RepriseError.shapeMismatch(
        operation: "MLP.forward", expected: [-1, widths[0]], got: x.shape)
    }
    var hidden: [Variable<Scalar>] = []
    var h = x
    // ReLU (and the identity) fuse into the layer's tape node; same bits.
    let fused: FusedActivation<Scalar>? =
      switch activation {
      case .identity: .identity
      case .relu(let d0): .relu(derivativeAtZero: d0)
      default: nil
      }
    for (index, layer) in layers.enumerated() {
      let last = index == layers.count - 1
      if let fused {
        h = try layer(h, parameters, activation: last ? .identity : fused)
      } else {
        h = try layer(h, parameters)
        if !last { h = try activation(h) }
      }
      if !last { hidden.append(h) }
    }
    return (h, hidden)
  }
}
