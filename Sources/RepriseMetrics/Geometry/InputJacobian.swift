// Input–output Jacobians of a model over a batch, by reverse mode.
//
// For a model applied row by row, f: R^{n×d} → R^{n×m} with output row i a
// function of input row i only (true of MLPs and CNNs; not of batch
// normalisation in training mode), the gradient of Σ_i f_c(x_i) with respect
// to the input batch has ∇_x f_c(x_i) as its row i. So m backward passes give
// every example's m × d Jacobian: J[c] is the n × d matrix whose row i is
// ∂f_c(x_i)/∂x. Cost: one forward and m backward passes over the batch.
// With `createGraph` the Jacobians are themselves on the tape, which is what
// a penalty on them (geometric complexity, double backprop) needs.
//
// Invariance: the order of the rows (each row's Jacobian is its own).
// The model's output must have n rows (shape [n] or [n, m]); anything else
// throws `shapeMismatch`, and non-finite inputs throw `nonFinite`. A model
// whose output does not depend on its input gives zero Jacobians.

/// Per-example input Jacobians of a row-wise model.
public enum InputJacobian {
  /// J[c] (n × d, in Double): row i is ∂f_c(x_i)/∂x_i, c < m.
  ///
  /// - Parameters:
  ///   - inputs: n × d.
  ///   - model: maps an [n, d] batch to [n] or [n, m] outputs, row by row.
  public static func rows<Scalar: RealScalar>(
    inputs: Tensor<Scalar>, model: (Variable<Scalar>) throws -> Variable<Scalar>
  ) throws -> [Tensor<Double>] {
    let operation = "InputJacobian.rows"
    try FeatureMatrix.validate(inputs, operation: operation)
    let tape = Tape<Scalar>()
    let x = tape.variable(inputs)
    let output = try model(x)
    return try differentiable(of: output, withRespectTo: x, createGraph: false).map {
      $0.value.widenedToDouble()
    }
  }

  /// J[c] as variables on the tape of `output` (differentiable again with
  /// `createGraph`). `input` is the tracked n × d batch `output` was computed
  /// from.
  public static func differentiable<Scalar: RealScalar>(
    of output: Variable<Scalar>, withRespectTo input: Variable<Scalar>, createGraph: Bool = true
  ) throws -> [Variable<Scalar>] {
    let operation = "InputJacobian"
    guard input.shape.count == 2, let tape = input.tape else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "input",
        reason: "must be a tracked n × d matrix, got shape \(input.shape)")
    }
    let n = input.shape[0]
    guard output.shape.count >= 1, output.shape[0] == n, output.value.count % max(n, 1) == 0 else {
      throw RepriseError.shapeMismatch(
        operation: "\(operation): model output (one row per input row)", expected: [n, -1],
        got: output.shape)
    }
    let m = n == 0 ? 0 : output.value.count / n
    guard output.isTracked, output.tape === tape else {
      return try (0..<m).map { _ in Variable(constant: try Tensor.zeros(input.shape)) }
    }
    return try (0..<m).map { c in
      var seed = Tensor<Scalar>.filled(0, count: output.value.count)
      for i in 0..<n { seed[i * m + c] = 1 }
      return try tape.gradients(
        of: output, withRespectTo: [input], seed: try Tensor(shape: output.shape, scalars: seed),
        createGraph: createGraph, retainGraph: true)[0]
    }
  }
}
