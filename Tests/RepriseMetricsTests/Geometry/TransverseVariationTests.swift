import RepriseMetrics
import RepriseTestSupport
import Testing

@Suite struct TransverseVariationTests {
  /// f(x) = x·w: J = wᵀ everywhere, so the components are the norms of w's
  /// parts inside and outside V = span(e₀, e₁) — whatever basis spans V.
  @Test func linearModelClosedForm() throws {
    let w = try Tensor<Double>(shape: [4, 1], scalars: [3, 4, 1, 2])
    var random = RandomStream(seed: 31)
    let x = try random.tensor([5, 4])
    // Non-orthonormal, rank-deficient basis of span(e₀, e₁).
    let basis = try Tensor<Double>(
      shape: [4, 3], scalars: [2, 1, 4, 0, 3, 0, 0, 0, 0, 0, 0, 0])
    let parts = try TransverseVariation.components(inputs: x, subspaceBasis: basis) { x in
      try x.matmul(Variable(constant: w))
    }
    expectRelativelyClose(parts.parallel, 5, 1e-14, "parallel")
    expectRelativelyClose(parts.normal, 5.0.squareRoot(), 1e-14, "normal")
  }

  /// A two-output model: the components are Frobenius norms of J·P.
  @Test func frobeniusNormsOfProjectedJacobians() throws {
    var random = RandomStream(seed: 32)
    let x = try random.tensor([3, 3])
    let w1 = Variable(constant: try random.tensor([3, 4]))
    let w2 = Variable(constant: try random.tensor([4, 2]))
    let model: (Variable<Double>) throws -> Variable<Double> = { x in
      try x.matmul(w1).tanh().matmul(w2)
    }
    let basis = try Tensor<Double>(shape: [3, 1], scalars: [1, 1, 0])
    let parts = try TransverseVariation.components(inputs: x, subspaceBasis: basis, model: model)
    let jacobians = try InputJacobian.rows(inputs: x, model: model)
    var normal = 0.0
    var parallel = 0.0
    for i in 0..<3 {
      var along = 0.0
      var across = 0.0
      for j in jacobians {
        let g = Array(j.scalars[(i * 3)..<(i * 3 + 3)])
        let p = (g[0] + g[1]) / 2  // projection onto (1, 1, 0)/√2, as a coefficient
        along += 2 * p * p
        across += (g[0] - p) * (g[0] - p) + (g[1] - p) * (g[1] - p) + g[2] * g[2]
      }
      parallel += along.squareRoot() / 3
      normal += across.squareRoot() / 3
    }
    expectRelativelyClose(parts.parallel, parallel, 1e-13, "parallel")
    expectRelativelyClose(parts.normal, normal, 1e-13, "normal")
  }

  @Test func badBasis() throws {
    let x = try Tensor<Double>(shape: [2, 3], repeating: 1)
    let model: (Variable<Double>) throws -> Variable<Double> = { $0 }
    #expect(throws: RepriseError.self) {
      try TransverseVariation.components(
        inputs: x, subspaceBasis: try Tensor<Double>.zeros([3, 2]), model: model)
    }
    #expect(throws: RepriseError.self) {
      try TransverseVariation.components(
        inputs: x, subspaceBasis: try Tensor<Double>(shape: [2, 1], repeating: 1), model: model)
    }
  }
}
