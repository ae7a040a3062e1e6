import RepriseMetrics
import RepriseTestSupport
import Testing

@Suite struct BatchEntropyTests {
  @Test func matchesNumpyReference() throws {
    let a = try GeoFixture.tensor("geometry", "entropy_activations")
    let lbe = try GeoFixture.values("geometry", "entropy_lbe")
    let differential = try GeoFixture.values("geometry", "entropy_differential")
    expectRelativelyClose(try BatchEntropy.unitEntropies(a), lbe, 1e-10, "lbe")
    expectRelativelyClose(
      try BatchEntropy.unitEntropies(a, estimator: .differential), differential, 1e-10,
      "differential")
    expectRelativelyClose(
      try BatchEntropy.layerEntropy(a), lbe.reduce(0, +) / Double(lbe.count), 1e-10, "layer")
    // The differentiable form gives the same value.
    let variable = try BatchEntropy.layerEntropy(Variable(constant: a))
    expectRelativelyClose(
      variable.value.scalars[0], lbe.reduce(0, +) / Double(lbe.count), 1e-12, "Variable")
  }

  @Test func constantUnits() throws {
    let a = try Tensor<Double>(shape: [3, 2], scalars: [0.1, 1, 0.1, 2, 0.1, 4])
    let h = try BatchEntropy.unitEntropies(a)
    #expect(h[0] == 0)
    #expect(h[1] > 0)
    #expect(
      throws: RepriseError.invalidArgument(
        operation: "BatchEntropy.unitEntropies", name: "activations",
        reason: "unit 0 is constant across the batch: its differential entropy is −∞")
    ) { try BatchEntropy.unitEntropies(a, estimator: .differential) }
    #expect(throws: RepriseError.self) {
      try BatchEntropy.unitEntropies(try Tensor<Double>(shape: [1, 3], repeating: 1))
    }
  }

  @Test func gradientMatchesFiniteDifferences() throws {
    try checkGradients([[5, 3]]) { inputs in
      try BatchEntropy.layerEntropy(inputs[0])
    }
    try checkGradients([[4, 2]]) { inputs in
      try BatchEntropy.layerEntropy(inputs[0], estimator: .differential)
    }
  }
}
