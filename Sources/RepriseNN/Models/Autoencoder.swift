// Autoencoders, plain and contractive (Bengio, Courville & Vincent,
// "Representation Learning: A Review and New Perspectives", TPAMI 2013, §7;
// Rifai et al. 2011 for the contractive penalty).
//
// An encoder MLP maps x to a code h and a decoder MLP maps h back to x̂.
// The contractive penalty is the squared Frobenius norm of the encoder's
// Jacobian, Σ_examples ‖∂h/∂x‖²_F, which rewards codes that are insensitive
// to small input changes. It is computed by reverse mode, one backward pass
// per code unit (each gives row j of every example's Jacobian, because
// examples do not interact), with `createGraph` so the penalty can itself
// be differentiated for training: double backprop. Cost: (code size + 1)
// backward passes per step.

/// An encoder–decoder pair of MLPs.
public struct Autoencoder<Scalar: RealScalar>: Sendable {
  public let encoder: MLP<Scalar>
  public let decoder: MLP<Scalar>

  /// Encoder widths [d, …, k], decoder the mirror image [k, …, d]; the code
  /// layer gets `codeActivation` (the encoder MLP's last layer is linear).
  public init(
    _ name: String = "ae", widths: [Int], activation: Activation<Scalar> = .relu,
    codeActivation: Activation<Scalar> = .sigmoid, store: inout ParameterStore<Scalar>,
    random: inout RandomStream
  ) throws {
    encoder = try MLP(
      "\(name).encoder", widths: widths, activation: activation, store: &store, random: &random)
    decoder = try MLP(
      "\(name).decoder", widths: widths.reversed(), activation: activation, store: &store,
      random: &random)
    self.codeActivation = codeActivation
  }

  public let codeActivation: Activation<Scalar>

  /// The code h for a batch x.
  public func encode(_ x: Variable<Scalar>, _ parameters: BoundParameters<Scalar>) throws
    -> Variable<Scalar>
  {
    try codeActivation(try encoder(x, parameters))
  }

  /// (code, reconstruction) for a batch x.
  public func callAsFunction(_ x: Variable<Scalar>, _ parameters: BoundParameters<Scalar>) throws
    -> (code: Variable<Scalar>, reconstruction: Variable<Scalar>)
  {
    let code = try encode(x, parameters)
    return (code, try decoder(code, parameters))
  }

  /// Mean over examples of ‖∂h/∂x‖²_F, differentiable with respect to the
  /// parameters. `x` must be a tracked variable of the parameters' tape.
  public func contractivePenalty(_ x: Variable<Scalar>, code: Variable<Scalar>) throws -> Variable<
    Scalar
  > {
    guard let tape = x.tape, code.tape === tape else {
      throw RepriseError.invalidArgument(
        operation: "Autoencoder.contractivePenalty", name: "x",
        reason: "must be tracked on the code's tape")
    }
    let (rows, units) = (code.shape[0], code.shape[1])
    var total: Variable<Scalar>?
    for unit in 0..<units {
      var seed = Tensor<Scalar>.filled(0, count: rows * units)
      for row in 0..<rows { seed[row * units + unit] = 1 }
      let jacobianRows = try tape.gradients(
        of: code, withRespectTo: [x], seed: try Tensor(shape: code.shape, scalars: seed),
        createGraph: true,
        retainGraph: true)[0]
      let squares = try jacobianRows.squared().sum()
      total = try total.map { try $0 + squares } ?? squares
    }
    return total! * (1 / Scalar(rows))
  }
}
