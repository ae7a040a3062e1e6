// A fully connected layer: y = x·W + b for a batch x of shape [batch, in],
// with W of shape [in, out] and b of shape [out] (broadcast over rows).
// Cost: 2·batch·in·out flops through GEMM. The product, bias and (for ReLU)
// activation are recorded as one tape node (`Variable.affine`).

/// A dense (fully connected) layer whose parameters live in a store.
public struct Dense: Sendable, Equatable {
  public let weight: ParameterID
  public let bias: ParameterID?

  /// Creates the layer's parameters in `store` under `name.weight`/`name.bias`.
  public init<Scalar: RealScalar>(
    _ name: String, inputs: Int, outputs: Int, bias useBias: Bool = true,
    weightInit: Initializer<Scalar> = .pytorchDefault,
    biasInit: Initializer<Scalar> = .pytorchDefault,
    store: inout ParameterStore<Scalar>, random: inout RandomStream
  ) throws {
    guard inputs > 0, outputs > 0 else {
      throw RepriseError.invalidArgument(
        operation: "Dense.init(\(name))", name: "inputs/outputs",
        reason: "must be positive, got \(inputs)→\(outputs)")
    }
    weight = try store.add(
      "\(name).weight",
      try weightInit.make([inputs, outputs], fanIn: inputs, fanOut: outputs, using: &random))
    bias =
      useBias
      ? try store.add(
        "\(name).bias", try biasInit.make([outputs], fanIn: inputs, fanOut: outputs, using: &random)
      )
      : nil
  }

  /// x·W (+ b).
  public func callAsFunction<Scalar>(_ x: Variable<Scalar>, _ parameters: BoundParameters<Scalar>)
    throws
    -> Variable<Scalar>
  {
    try callAsFunction(x, parameters, activation: .identity)
  }

  /// act(x·W (+ b)) with the activation fused into the same tape node.
  public func callAsFunction<Scalar>(
    _ x: Variable<Scalar>, _ parameters: BoundParameters<Scalar>,
    activation: FusedActivation<Scalar>
  ) throws -> Variable<Scalar> {
    try x.affine(
      weight: parameters[weight], bias: bias.map { parameters[$0] }, activation: activation)
  }
}
