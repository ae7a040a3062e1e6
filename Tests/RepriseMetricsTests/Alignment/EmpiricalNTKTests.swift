import RepriseMetrics
import RepriseTestSupport
import Testing

@Suite struct EmpiricalNTKTests {
  /// f(x) = x·W + b with W d × m: ∇_W f_c = x e_cᵀ, so the trace kernel is
  /// m·(x_a·x_b + 1) and one output's kernel is x_a·x_b + 1.
  @Test func affineModelClosedForm() throws {
    var random = RandomStream(seed: 5)
    let (n, d, m) = (5, 3, 4)
    let x = try random.tensor([n, d])
    let w = try random.tensor([d, m])
    let b = try random.tensor([1, m])
    let model: (Variable<Double>, [Variable<Double>]) throws -> Variable<Double> = { x, p in
      try x.matmul(p[0]) + p[1]
    }
    let trace = try EmpiricalNTK.gram(parameters: [w, b], inputs: x, model: model)
    let single = try EmpiricalNTK.gram(
      parameters: [w, b], inputs: x, output: .index(2), model: model)
    let dots = try matmul(x, x, transposeB: true)
    expectRelativelyClose(trace.scalars, dots.scalars.map { Double(m) * ($0 + 1) }, 1e-14)
    expectRelativelyClose(single.scalars, dots.scalars.map { $0 + 1 }, 1e-14)
  }

  /// Two-layer linear network f(x) = (x·W₁)·w₂ (papers.md §3):
  /// K(x, x′) = ‖w₂‖² x·x′ + xᵀW₁W₁ᵀx′; the store/MLP entry point.
  @Test func twoLayerLinearNetworkClosedForm() throws {
    var random = RandomStream(seed: 9)
    var store = ParameterStore<Double>()
    let net = try MLP<Double>.deepLinear(
      widths: [3, 6, 1], weightInit: .normal(standardDeviation: 0.7), store: &store,
      random: &random)
    let x = try random.tensor([4, 3])
    let k = try EmpiricalNTK.gram(store: store, inputs: x, model: net.callAsFunction)
    let w1 = store.values[0]
    let w2 = store.values[1]
    let w2Squared = w2.scalars.reduce(0) { $0 + $1 * $1 }
    let xw = try matmul(x, w1)
    let expected =
      try matmul(x, x, transposeB: true).map { w2Squared * $0 }
      + (try matmul(
        xw, xw, transposeB: true))
    expectRelativelyClose(k.scalars, expected.scalars, 1e-13)
    // Frozen parameters are constants: with w₂ frozen only ∂f/∂W₁ remains.
    store.setFrozen(true, for: store.ids[1])
    let frozen = try EmpiricalNTK.gram(store: store, inputs: x, model: net.callAsFunction)
    let onlyFirst = try matmul(x, x, transposeB: true).map { w2Squared * $0 }
    expectRelativelyClose(frozen.scalars, onlyFirst.scalars, 1e-13, "frozen w₂")
  }

  /// A Float model: the same closed form, to Float accuracy.
  @Test func floatModel() throws {
    let x = try Tensor<Float>(shape: [2, 2], scalars: [1, 2, -1, 0.5])
    let w = try Tensor<Float>(shape: [2, 1], scalars: [0.3, -0.7])
    let k = try EmpiricalNTK.gram(parameters: [w], inputs: x) { x, p in try x.matmul(p[0]) }
    expectRelativelyClose(k.scalars, [5, 0, 0, 1.25], 1e-7, floor: 1, "x·x′")
  }

  /// A tanh network: every Jacobian row equals central finite differences.
  @Test func jacobianMatchesFiniteDifferences() throws {
    var random = RandomStream(seed: 13)
    let x = try random.tensor([3, 2])
    let w1 = try random.tensor([2, 4])
    let w2 = try random.tensor([4, 2])
    let model: (Variable<Double>, [Variable<Double>]) throws -> Variable<Double> = { x, p in
      try x.matmul(p[0]).tanh().matmul(p[1])
    }
    let j = try EmpiricalNTK.parameterJacobian(parameters: [w1, w2], inputs: x, model: model)
    #expect(j.shape == [3, 2 * (8 + 8)])
    for a in 0..<3 {
      let row = Variable(constant: try x.rows(a..<(a + 1)))
      for c in 0..<2 {
        for (index, parameter) in [w1, w2].enumerated() {
          let numeric = try FiniteDifference.gradient(
            of: { value in
              var p = [w1, w2].map { Variable(constant: $0) }
              p[index] = Variable(constant: value)
              return try model(row, p).value.scalars[c]
            }, at: parameter)
          let start = c * 16 + (index == 0 ? 0 : 8)
          let analytic = Array(j.scalars[(a * 32 + start)..<(a * 32 + start + 8)])
          expectRelativelyClose(analytic, numeric.scalars, 1e-7, floor: 1, "row \(a) output \(c)")
        }
      }
    }
  }

  @Test func badInput() throws {
    let x = try Tensor<Double>(shape: [2, 1], scalars: [1, 2])
    let w = try Tensor<Double>(shape: [1, 2], scalars: [1, 2])
    let model: (Variable<Double>, [Variable<Double>]) throws -> Variable<Double> = { x, p in
      try x.matmul(p[0])
    }
    #expect(throws: RepriseError.self) {
      try EmpiricalNTK.gram(parameters: [w], inputs: x, output: .index(2), model: model)
    }
    #expect(throws: RepriseError.self) {
      try EmpiricalNTK.gram(
        parameters: [try Tensor(shape: [1, 2], scalars: [1, .nan])], inputs: x, model: model)
    }
    // Output independent of the parameters: a zero kernel, not an error.
    let k = try EmpiricalNTK.gram(parameters: [w], inputs: x) { x, _ in x }
    #expect(k.scalars.allSatisfy { $0 == 0 })
  }
}
