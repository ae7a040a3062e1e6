// The empirical neural tangent kernel from per-example parameter Jacobians.
//
// For a model f(x; θ) with m outputs and P parameters, the empirical NTK on
// inputs x_1…x_n is the Gram matrix of the parameter Jacobians,
//   K_ab = Σ_θ ∂f(x_a)/∂θ · ∂f(x_b)/∂θ   (papers.md §3; Jacot, Gabriel &
//   Hongler, NeurIPS 2018, for the infinite-width limit),
// i.e. K = J Jᵀ with J the n × P Jacobian of a scalar output. For m > 1 the
// full kernel is an (n·m) × (n·m) matrix; we return an n × n one, chosen by
// `Output`:
//   .trace      K_ab = Σ_c ⟨∇_θ f_c(x_a), ∇_θ f_c(x_b)⟩, the trace of each
//               m × m block (J's row for x_a is the m gradients concatenated);
//   .index(c)   K_ab = ⟨∇_θ f_c(x_a), ∇_θ f_c(x_b)⟩ for the one output c.
// For a single-output model the two agree.
//
// Method: each example runs the model on its own tape (as
// `perExampleGradients` does), and each requested output is a backward pass
// seeded with a unit vector, so the cost is n·(forward + m·backward) and the
// memory that of one example; then one GEMM J·Jᵀ (O(n²·m·P)), in Double.
// The model must treat the input row as a batch of one ([1, d]); its output
// may have any shape with the same element count m for every example.
//
// Degenerate input: NaN/Inf inputs or parameters throw `nonFinite`; an
// output index out of range throws `invalidArgument`; a model whose output
// count changes between examples throws `shapeMismatch`; a model whose
// output does not depend on the parameters gives zero Jacobian rows (and a
// zero kernel), which is the correct value.

/// Empirical NTK Gram matrices and the Jacobians behind them.
public enum EmpiricalNTK {
  /// Which n × n kernel to return for a model with several outputs.
  public enum Output: Sendable, Equatable {
    /// The trace over outputs: K_ab = Σ_c ⟨∇f_c(x_a), ∇f_c(x_b)⟩.
    case trace
    /// The kernel of output c alone (flattened index into the output).
    case index(Int)
  }

  /// J: one row per input; for `.trace` the m output gradients of the row's
  /// input concatenated (length m·P), for `.index` one gradient (length P).
  /// Parameters are flattened in order, each row-major.
  ///
  /// - Parameters:
  ///   - parameters: the values θ the Jacobian is taken with respect to.
  ///   - inputs: n × d; row a is passed to `model` as a [1, d] constant.
  ///   - model: f(x, θ) with θ as tracked variables in `parameters` order.
  public static func parameterJacobian<Scalar: RealScalar>(
    parameters: [Tensor<Scalar>], inputs: Tensor<Scalar>, output: Output = .trace,
    model: (_ input: Variable<Scalar>, _ parameters: [Variable<Scalar>]) throws -> Variable<Scalar>
  ) throws -> Tensor<Double> {
    let operation = "EmpiricalNTK.parameterJacobian"
    for (index, parameter) in parameters.enumerated() {
      try parameter.requireFinite(operation: "\(operation) parameters[\(index)]")
    }
    return try jacobianRows(inputs: inputs, output: output, operation: operation) { tape, x in
      let tracked = parameters.map { tape.variable($0) }
      return (try model(x, tracked), tracked)
    }
  }

  /// J for a model whose parameters live in a `ParameterStore`: the
  /// trainable parameters in store order (frozen ones are constants, masks
  /// applied as `bind(to:)` does). `model` is e.g. an `MLP`'s
  /// `callAsFunction`.
  public static func parameterJacobian<Scalar: RealScalar>(
    store: ParameterStore<Scalar>, inputs: Tensor<Scalar>, output: Output = .trace,
    model: (_ input: Variable<Scalar>, _ parameters: BoundParameters<Scalar>) throws -> Variable<
      Scalar
    >
  ) throws -> Tensor<Double> {
    let operation = "EmpiricalNTK.parameterJacobian"
    for (index, value) in store.values.enumerated() {
      try value.requireFinite(operation: "\(operation) \(store.names[index])")
    }
    return try jacobianRows(inputs: inputs, output: output, operation: operation) { tape, x in
      let bound = try store.bind(to: tape)
      let leaves = store.trainableIDs.map { bound.leaves[$0.index] }
      return (try model(x, bound), leaves)
    }
  }

  /// The n × n empirical NTK K = J·Jᵀ.
  public static func gram<Scalar: RealScalar>(
    parameters: [Tensor<Scalar>], inputs: Tensor<Scalar>, output: Output = .trace,
    model: (_ input: Variable<Scalar>, _ parameters: [Variable<Scalar>]) throws -> Variable<Scalar>
  ) throws -> Tensor<Double> {
    let j = try parameterJacobian(
      parameters: parameters, inputs: inputs, output: output, model: model)
    return try RepriseLinalg.gram(j, transposeA: false)
  }

  /// The n × n empirical NTK of a `ParameterStore` model.
  public static func gram<Scalar: RealScalar>(
    store: ParameterStore<Scalar>, inputs: Tensor<Scalar>, output: Output = .trace,
    model: (_ input: Variable<Scalar>, _ parameters: BoundParameters<Scalar>) throws -> Variable<
      Scalar
    >
  ) throws -> Tensor<Double> {
    let j = try parameterJacobian(store: store, inputs: inputs, output: output, model: model)
    return try RepriseLinalg.gram(j, transposeA: false)
  }

  /// The cross kernel K(x_a, x′_b) = J_a·J′_bᵀ between two Jacobians of the
  /// same model (e.g. test and training inputs, for kernel regression).
  public static func crossKernel(_ first: Tensor<Double>, _ second: Tensor<Double>) throws
    -> Tensor<Double>
  {
    guard first.rank == 2, second.rank == 2, first.shape[1] == second.shape[1] else {
      throw RepriseError.shapeMismatch(
        operation: "EmpiricalNTK.crossKernel (same parameter count)", expected: first.shape,
        got: second.shape)
    }
    return try matmul(first, second, transposeB: true)
  }

  /// Runs `forward` for every input row on a fresh tape and stacks the
  /// requested output gradients with respect to the returned leaves.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func jacobianRows<Scalar: RealScalar>(
    inputs: Tensor<Scalar>, output: Output, operation: String,
    forward: (Tape<Scalar>, Variable<Scalar>) throws -> (Variable<Scalar>, [Variable<Scalar>])
  ) throws -> Tensor<Double> {
    let (n, d) = try FeatureMatrix.validate(inputs, operation: operation)
    var rows: [Double] = []
    var outputCount = -1
    var rowLength = 0
    for a in 0..<n {
      let tape = Tape<Scalar>()
      let x = Variable(constant: try inputs.rows(a..<(a + 1)).reshaped([1, d]))
      let (out, leaves) = try forward(tape, x)
      let m = out.value.count
      if outputCount < 0 {
        outputCount = m
      } else if m != outputCount {
        throw RepriseError.shapeMismatch(
          operation: "\(operation): output count of input row \(a)", expected: [outputCount],
          got: [m])
      }
      let selected: [Int]
      switch output {
      case .trace: selected = Array(0..<m)
      case .index(let c):
        guard c >= 0 && c < m else {
          throw RepriseError.invalidArgument(
            operation: operation, name: "output", reason: "index \(c) is outside 0..<\(m)")
        }
        selected = [c]
      }
      let parameterCount = leaves.reduce(0) { $0 + $1.value.count }
      for c in selected {
        guard out.isTracked, !leaves.isEmpty else {
          rows += [Double](repeating: 0, count: parameterCount)
          continue
        }
        var seed = Tensor<Scalar>.filled(0, count: m)
        seed[c] = 1
        let gradients = try tape.gradients(
          of: out, withRespectTo: leaves, seed: try Tensor(shape: out.shape, scalars: seed),
          retainGraph: true)
        for gradient in gradients { rows += gradient.value.scalars.map { Double($0) } }
      }
      if a == 0 { rowLength = rows.count }
    }
    return try Tensor(shape: [n, rowLength], scalars: rows)
  }
}
