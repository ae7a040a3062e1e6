// The backward pass: adjoints by one reverse scan of the tape.
//
// Seeded with the adjoint of the output (1 for a scalar loss, or a given
// tensor of the output's shape: a vector–Jacobian product), the scan visits
// nodes from the output down to the first node, applies each node's rule to
// its accumulated adjoint and adds the results into its parents' adjoints.
// Cost: a small constant times the forward pass. With `createGraph` the
// rules are recorded, so the returned gradients are themselves tracked.

extension Tape {
  /// Gradients of `output` with respect to `inputs` (zeros for inputs the
  /// output does not depend on).
  ///
  /// - Parameters:
  ///   - seed: the adjoint of `output`; required unless `output` has one element.
  ///   - createGraph: record the backward pass so the gradients can be
  ///     differentiated again.
  ///   - retainGraph: keep the derivative rules for another backward pass.
  ///     When false (the default, as in PyTorch) the rules of every node up
  ///     to `output` are released, and a second backward pass through them
  ///     throws instead of silently returning wrong results.
  public func gradients(
    of output: Variable<Scalar>, withRespectTo inputs: [Variable<Scalar>],
    seed: Tensor<Scalar>? = nil, createGraph: Bool = false, retainGraph: Bool? = nil
  ) throws -> [Variable<Scalar>] {
    try gradients(
      of: output, withRespectTo: inputs, seedVariable: seed.map { Variable(constant: $0) },
      createGraph: createGraph, retainGraph: retainGraph)
  }

  /// As `gradients(of:withRespectTo:seed:…)`, with a seed that may itself be
  /// tracked: with `createGraph` the gradients are then differentiable with
  /// respect to the seed (used by `jvp`).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func gradients(
    of output: Variable<Scalar>, withRespectTo inputs: [Variable<Scalar>],
    seedVariable seed: Variable<Scalar>?, createGraph: Bool = false, retainGraph: Bool? = nil
  ) throws -> [Variable<Scalar>] {
    let operation = "Tape.gradients"
    guard output.tape === self else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "output",
        reason: "is not recorded on this tape (a constant or another tape)")
    }
    for (index, input) in inputs.enumerated() where input.tape !== self {
      throw RepriseError.invalidArgument(
        operation: operation, name: "inputs[\(index)]", reason: "is not recorded on this tape")
    }
    let initial: Variable<Scalar>
    if let seed {
      guard seed.shape == output.shape else {
        throw RepriseError.shapeMismatch(
          operation: "\(operation) seed", expected: output.shape, got: seed.shape)
      }
      initial = seed
    } else {
      guard output.value.count == 1 else {
        throw RepriseError.invalidArgument(
          operation: operation, name: "output",
          reason:
            "has shape \(output.shape); the gradient of a non-scalar needs a seed (vector–Jacobian product)"
        )
      }
      initial = Variable(constant: try Tensor(shape: output.shape, repeating: 1))
    }

    var adjoints = [Variable<Scalar>?](repeating: nil, count: output.id + 1)
    adjoints[output.id] = initial
    try withRecording(createGraph) {
      for index in stride(from: output.id, through: 0, by: -1) {
        guard let adjoint = adjoints[index] else { continue }
        guard !nodes[index].released else {
          throw RepriseError.invalidArgument(
            operation: operation, name: "output",
            reason:
              "node \(index) (\(nodes[index].operation)) was released by an earlier backward pass; "
              + "pass retainGraph: true to that pass to differentiate through it again")
        }
        guard let rule = nodes[index].rule else { continue }
        let parentAdjoints = try rule(adjoint)
        for (parent, contribution) in zip(nodes[index].parents, parentAdjoints) {
          guard parent >= 0, let contribution else { continue }
          adjoints[parent] = try adjoints[parent].map { try $0 + contribution } ?? contribution
        }
      }
    }
    if !(retainGraph ?? createGraph) {
      for index in 0...output.id where nodes[index].rule != nil {
        nodes[index].rule = nil
        nodes[index].released = true
      }
    }
    return try inputs.map { input in
      try adjoints[input.id] ?? Variable(constant: Tensor(shape: input.shape, repeating: 0))
    }
  }
}
