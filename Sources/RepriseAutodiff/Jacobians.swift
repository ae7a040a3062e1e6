// Jacobians, Jacobian–vector products and per-example gradients.
//
// Reverse mode gives a vector–Jacobian product uᵀJ per backward pass, so a
// full Jacobian of an output with m entries costs m passes (one per row,
// each seeded with a unit vector, the graph retained in between).
// A Jacobian–vector product Jv is obtained without forward mode by
// differentiating a VJP: g(u) = Jᵀu is linear in a dummy seed u, so
// ∂⟨g(u), v⟩/∂u = Jv (the "double-VJP trick"; cost ≈ 2 backward passes).
// Per-example gradients, used for empirical NTKs and Fisher embeddings, run
// the model once per example on its own tape, which keeps the memory of one
// example and gives the same bits at any thread count.

extension Tape {
  /// The Jacobian ∂output/∂input as a matrix of shape
  /// [output.count, input.count] (row-major flattening of both).
  public func jacobian(of output: Variable<Scalar>, withRespectTo input: Variable<Scalar>) throws
    -> Tensor<Scalar>
  {
    let m = output.value.count
    let n = input.value.count
    var rows = [Scalar]()
    rows.reserveCapacity(m * n)
    for i in 0..<m {
      var seed = Tensor<Scalar>.filled(0, count: m)
      seed[i] = 1
      let row = try gradients(
        of: output, withRespectTo: [input], seed: try Tensor(shape: output.shape, scalars: seed),
        retainGraph: true)[0]
      rows.append(contentsOf: row.value.scalars)
    }
    return try Tensor(shape: [m, n], scalars: rows)
  }

  /// The Jacobian–vector product J·v of `output` with respect to `input`,
  /// shaped like `output`. With `createGraph` the result is differentiable.
  public func jvp(
    of output: Variable<Scalar>, withRespectTo input: Variable<Scalar>, tangent: Tensor<Scalar>,
    createGraph: Bool = false
  ) throws -> Variable<Scalar> {
    guard tangent.shape == input.shape else {
      throw RepriseError.shapeMismatch(
        operation: "Tape.jvp tangent", expected: input.shape, got: tangent.shape)
    }
    let dummy = variable(try Tensor(shape: output.shape, repeating: 0))
    let vjp = try gradients(
      of: output, withRespectTo: [input], seedVariable: dummy, createGraph: true, retainGraph: true)[
        0]
    let inner = try (vjp * Variable(constant: tangent)).sum()
    return try gradients(
      of: inner, withRespectTo: [dummy], createGraph: createGraph, retainGraph: true)[0]
  }
}

/// Gradients of a scalar per-example function with respect to parameters,
/// one example at a time: result[e][p] is ∂loss(example e)/∂parameters[p].
public func perExampleGradients<Scalar: RealScalar>(
  parameters: [Tensor<Scalar>], examples: Int,
  _ loss: (_ example: Int, _ parameters: [Variable<Scalar>]) throws -> Variable<Scalar>
) throws -> [[Tensor<Scalar>]] {
  try (0..<examples).map { example in
    let tape = Tape<Scalar>()
    let tracked = parameters.map { tape.variable($0) }
    return try tape.gradients(of: try loss(example, tracked), withRespectTo: tracked).map(\.value)
  }
}
