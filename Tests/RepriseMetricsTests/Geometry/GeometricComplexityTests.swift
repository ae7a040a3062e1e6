import RepriseMetrics
import RepriseTestSupport
import Testing

@Suite struct GeometricComplexityTests {
  static func tanhNetwork(_ w1: Variable<Double>, _ w2: Variable<Double>)
    -> (Variable<Double>) throws -> Variable<Double>
  {
    { x in try x.matmul(w1).tanh().matmul(w2) }
  }

  /// f(x) = xW + b: GC = ‖W‖²_F for any batch.
  @Test func affineModelClosedForm() throws {
    var random = RandomStream(seed: 21)
    let x = try random.tensor([6, 4])
    let w = try random.tensor([4, 3])
    let b = try random.tensor([1, 3])
    let gc = try GeometricComplexity.measure(inputs: x) { x in
      try x.matmul(Variable(constant: w)) + Variable(constant: b)
    }
    expectRelativelyClose(gc, w.scalars.reduce(0) { $0 + $1 * $1 }, 1e-14, "GC")
  }

  /// The same closed form for a Float model, to Float accuracy.
  @Test func floatAffineModel() throws {
    let x = try Tensor<Float>(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])
    let w = try Tensor<Float>(shape: [2, 2], scalars: [0.5, -1, 2, 0.25])
    let gc = try GeometricComplexity.measure(inputs: x) { x in
      try x.matmul(Variable(constant: w))
    }
    expectRelativelyClose(gc, 5.3125, 1e-7, "GC")
  }

  /// Each example's Jacobian by central differences, squared and averaged.
  @Test func matchesFiniteDifferences() throws {
    var random = RandomStream(seed: 22)
    let x = try random.tensor([4, 3])
    let w1 = Variable(constant: try random.tensor([3, 5]))
    let w2 = Variable(constant: try random.tensor([5, 2]))
    let model = Self.tanhNetwork(w1, w2)
    let jacobians = try InputJacobian.rows(inputs: x, model: model)
    var total = 0.0
    for i in 0..<4 {
      for c in 0..<2 {
        let numeric = try FiniteDifference.gradient(
          of: { row in try model(Variable(constant: row)).value.scalars[c] },
          at: try x.rows(i..<(i + 1)))
        let analytic = Array(jacobians[c].scalars[(i * 3)..<(i * 3 + 3)])
        expectRelativelyClose(analytic, numeric.scalars, 1e-8, floor: 1, "J row \(i) output \(c)")
        total += numeric.scalars.reduce(0) { $0 + $1 * $1 }
      }
    }
    expectRelativelyClose(
      try GeometricComplexity.measure(inputs: x, model: model), total / 4, 1e-8, "GC")
  }

  /// The penalty's value is GC, and its parameter gradient (double
  /// backprop) matches central differences of GC.
  @Test func penaltyGradientMatchesFiniteDifferences() throws {
    var random = RandomStream(seed: 23)
    let x = try random.tensor([3, 2])
    let w1Value = try random.tensor([2, 4])
    let w2Value = try random.tensor([4, 2])
    let tape = Tape<Double>()
    let input = tape.variable(x)
    let w1 = tape.variable(w1Value)
    let penalty = try GeometricComplexity.penalty(
      of: try Self.tanhNetwork(w1, Variable(constant: w2Value))(input), withRespectTo: input)
    let measured = try GeometricComplexity.measure(
      inputs: x, model: Self.tanhNetwork(Variable(constant: w1Value), Variable(constant: w2Value)))
    expectRelativelyClose(penalty.value.scalars[0], measured, 1e-13, "penalty value")
    let gradient = try tape.gradients(of: penalty, withRespectTo: [w1])[0].value
    let numeric = try FiniteDifference.gradient(
      of: { w in
        try GeometricComplexity.measure(
          inputs: x,
          model: Self.tanhNetwork(Variable(constant: w), Variable(constant: w2Value)))
      }, at: w1Value)
    expectRelativelyClose(gradient.scalars, numeric.scalars, 1e-7, floor: 1, "∂GC/∂W₁")
  }

  @Test func badInput() throws {
    let x = try Tensor<Double>(shape: [2, 2], scalars: [1, 2, .nan, 4])
    #expect(throws: RepriseError.self) { try GeometricComplexity.measure(inputs: x) { $0 } }
    let y = try Tensor<Double>(shape: [2, 2], scalars: [1, 2, 3, 4])
    // Output with the wrong number of rows.
    #expect(throws: RepriseError.self) {
      try GeometricComplexity.measure(inputs: y) { try $0.reshaped([4]) }
    }
    // A model that ignores its input has GC = 0.
    #expect(
      try GeometricComplexity.measure(inputs: y) { _ in
        Variable(constant: try Tensor.zeros([2, 1]))
      }
        == 0)
  }
}
