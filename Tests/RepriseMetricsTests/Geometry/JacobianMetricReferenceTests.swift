// The Jacobian-based metrics against an independent numpy implementation
// (Fixtures/scripts/make_jacobian_metric_fixtures.py: the same small tanh and
// ReLU networks with hand-written backward passes): empirical NTK, geometric
// complexity and its penalty gradient, transverse variation, and the Task2Vec
// diagonal Fisher. Shapes include more parameters than samples, more samples
// than parameters, fewer samples than input dimensions, duplicated inputs, a
// constant input column and a rank-deficient subspace basis. Agreement: 1e-10
// relative in Double, entry by entry (exact zeros, e.g. the gradients of dead
// ReLU units, must come out exactly zero).
import RepriseMetrics
import RepriseTestSupport
import Testing

@Suite struct JacobianMetricReferenceTests {
  @Test func empiricalNTK() throws {
    let cases = try JacobianCase.all("ntk")
    #expect(cases.count == 3)
    for c in cases {
      let index = c.integer("index")
      let trace = try EmpiricalNTK.parameterJacobian(
        parameters: c.parameters, inputs: c.inputs, model: c.network)
      let expectedTrace = c.tensor("jacobian_trace")
      #expect(trace.shape == expectedTrace.shape, "\(c.name) J shape")
      expectRelativelyClose(trace.scalars, expectedTrace.scalars, 1e-10, "\(c.name) J (trace)")
      let one = try EmpiricalNTK.parameterJacobian(
        parameters: c.parameters, inputs: c.inputs, output: .index(index), model: c.network)
      expectRelativelyClose(
        one.scalars, c.tensor("jacobian_index").scalars, 1e-10, "\(c.name) J (index)")

      let gram = try EmpiricalNTK.gram(
        parameters: c.parameters, inputs: c.inputs, model: c.network)
      expectRelativelyClose(
        gram.scalars, c.tensor("gram_trace").scalars, 1e-10, "\(c.name) K (trace)")
      let gramOne = try EmpiricalNTK.gram(
        parameters: c.parameters, inputs: c.inputs, output: .index(index), model: c.network)
      expectRelativelyClose(
        gramOne.scalars, c.tensor("gram_index").scalars, 1e-10, "\(c.name) K (index)")
    }
  }

  @Test func geometricComplexity() throws {
    let cases = try JacobianCase.all("geometric_complexity")
    #expect(cases.count == 3)
    for c in cases {
      expectRelativelyClose(
        try GeometricComplexity.measure(inputs: c.inputs, model: c.inputModel), c.number("gc"),
        1e-10, "\(c.name) GC")
    }
  }

  /// The double-backprop gradient of the GC penalty against the gradient
  /// derived by hand for a one-hidden-layer tanh network.
  @Test func geometricComplexityPenaltyGradient() throws {
    let c = try #require(
      try JacobianCase.all("geometric_complexity").first { $0.name == "tanh_one_hidden" })
    let tape = Tape<Double>()
    let input = tape.variable(c.inputs)
    let parameters = c.parameters.map { tape.variable($0) }
    let penalty = try GeometricComplexity.penalty(
      of: try c.network(input, parameters), withRespectTo: input)
    expectRelativelyClose(penalty.value.scalars[0], c.number("gc"), 1e-10, "penalty value")
    let gradients = try tape.gradients(of: penalty, withRespectTo: parameters)
    let expected = c.tensors("gradient")
    #expect(expected.count == 4)
    for (index, (gradient, truth)) in zip(gradients, expected).enumerated() {
      #expect(gradient.value.shape == truth.shape, "∂GC/∂θ[\(index)] shape")
      expectRelativelyClose(gradient.value.scalars, truth.scalars, 1e-10, "∂GC/∂θ[\(index)]")
    }
  }

  @Test func transverseVariation() throws {
    let cases = try JacobianCase.all("transverse_variation")
    #expect(cases.count == 2)
    for c in cases {
      let parts = try TransverseVariation.components(
        inputs: c.inputs, subspaceBasis: c.tensor("basis"), model: c.inputModel)
      expectRelativelyClose(parts.normal, c.number("normal"), 1e-10, "\(c.name) normal")
      expectRelativelyClose(parts.parallel, c.number("parallel"), 1e-10, "\(c.name) parallel")
    }
  }

  @Test func task2VecFisher() throws {
    let cases = try JacobianCase.all("task2vec")
    #expect(cases.count == 2)
    for c in cases {
      let labels = c.integers("labels")
      let trueFisher = try Task2Vec.embedding(
        parameters: c.parameters, inputs: c.inputs, labels: labels, logits: c.network)
      expectRelativelyClose(trueFisher, c.values("fisher_true"), 1e-10, "\(c.name) F̂ (true labels)")
      // Labels drawn by inverting one uniform of numpy's Philox stream (key
      // (13 << 64) | seed) per example: the same draws as RandomStream's.
      let sampled = try Task2Vec.embedding(
        parameters: c.parameters, inputs: c.inputs, labels: labels,
        labelSource: .sampledFromModel(seed: UInt64(c.integer("seed"))), logits: c.network)
      expectRelativelyClose(
        sampled, c.values("fisher_sampled"), 1e-10, "\(c.name) F̂ (sampled labels)")
      // Exactly the Fisher at numpy's drawn labels taken as given labels.
      let drawn = c.integers("sampled_labels")
      #expect(
        sampled
          == (try Task2Vec.embedding(
            parameters: c.parameters, inputs: c.inputs, labels: drawn, logits: c.network)),
        "\(c.name) sampled labels")
      // The sampled labels differ from the true ones, so the two checks differ.
      #expect(drawn != labels, "\(c.name)")
    }
  }
}
