import RepriseAutodiff
import RepriseTestSupport
import Testing

@Suite struct ArithmeticGradientTests {
  @Test func broadcastingArithmetic() throws {
    // Weighted sums with a fixed weight make every output element matter.
    try checkGradients([[3, 4], [4]]) { v in try ((v[0] + v[1]) * (v[0] - v[1])).sum() }
    try checkGradients([[3, 4], [3, 1]]) { v in try (v[0] * v[1] * v[1]).sum() }
    try checkGradients([[2, 3, 4], [3, 1]], avoidingZero: true) { v in try (v[0] / v[1]).sum() }
    try checkGradients([[5], []]) { v in try (v[0] * v[1] - v[1]).sum() }
    try checkGradients([[2, 3]]) { v in try (-(v[0] * 3.0) + 2.0).squared().mean() }
  }

  @Test func matrixProductsInEveryTransposeCombination() throws {
    for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
      let a = ta ? [4, 3] : [3, 4]
      let b = tb ? [5, 4] : [4, 5]
      try checkGradients([a, b, [3, 5]]) { v in
        try (v[0].matmul(v[1], transposeSelf: ta, transposeOther: tb) * v[2]).sum()
      }
    }
  }

  @Test func shapeOperations() throws {
    try checkGradients([[2, 3], [3, 2]]) { v in try (v[0].transposed() * v[1]).sum() }
    try checkGradients([[2, 6], [3, 4]]) { v in try (v[0].reshaped([3, 4]) * v[1]).sum() }
    try checkGradients([[5, 2], [2, 2]]) { v in try (v[0].rows(1..<3) * v[1]).sum() }
    try checkGradients([[2, 2], [3, 2], [5, 2]]) { v in
      try (Variable.concatenate([v[0], v[1]], axis: 0) * v[2]).sum()
    }
    try checkGradients([[2, 3], [2, 1], [2, 4]]) { v in
      try (Variable.concatenate([v[0], v[1]], axis: 1) * v[2]).sum()
    }
    try checkGradients([[3], [2, 3]]) { v in try (v[0].broadcast(to: [2, 3]) * v[1]).sum() }
    try checkGradients([[2, 3, 4], [3, 2, 4]]) { v in try (v[0].permuted([1, 0, 2]) * v[1]).sum() }
  }

  @Test func reductions() throws {
    try checkGradients([[3, 4], [4]]) { v in try (v[0].sum(alongAxis: 0) * v[1]).sum() }
    try checkGradients([[3, 4], [3, 1]]) { v in
      try (v[0].mean(alongAxis: 1, keepingAxis: true) * v[1]).sum()
    }
    try checkGradients([[3, 4]]) { v in try v[0].squared().mean() }
  }

  @Test func piecewiseLinear() throws {
    try checkGradients([[4, 3], [4, 3]], avoidingZero: true) { v in try (v[0].relu() * v[1]).sum() }
    try checkGradients([[4, 3], [4, 3]], avoidingZero: true) { v in
      try (v[0].leakyReLU(slope: 0.1) * v[1]).sum()
    }
  }

  @Test func reluDerivativeAtZeroIsConfigurable() throws {
    let tape = Tape<Double>()
    let x = tape.variable(Tensor([0.0, -1, 2]))
    let standard = try tape.gradients(of: x.relu().sum(), withRespectTo: [x], retainGraph: true)[0]
    let one = try tape.gradients(of: x.relu(derivativeAtZero: 1).sum(), withRespectTo: [x])[0]
    #expect(standard.value.scalars == [0, 0, 1])
    #expect(one.value.scalars == [1, 0, 1])
  }
}

@Suite struct TapeMisuseTests {
  @Test func nonScalarOutputNeedsASeed() throws {
    let tape = Tape<Double>()
    let x = tape.variable(Tensor([1.0, 2]))
    let y = x * 3.0
    #expect(throws: RepriseError.self) { try tape.gradients(of: y, withRespectTo: [x]) }
    let vjp = try tape.gradients(of: y, withRespectTo: [x], seed: Tensor([1.0, 10]))
    #expect(vjp[0].value.scalars == [3, 30])
    #expect(throws: RepriseError.self) {
      try tape.gradients(of: y, withRespectTo: [x], seed: Tensor([1.0]))
    }
  }

  @Test func secondBackwardWithoutRetainThrows() throws {
    let tape = Tape<Double>()
    let x = tape.variable(Tensor([1.0, 2]))
    let loss = try x.squared().sum()
    _ = try tape.gradients(of: loss, withRespectTo: [x])
    #expect(throws: RepriseError.self) { try tape.gradients(of: loss, withRespectTo: [x]) }
    // A fresh forward pass from the same leaf works again.
    let again = try tape.gradients(of: try x.squared().sum(), withRespectTo: [x])
    #expect(again[0].value.scalars == [2, 4])
  }

  @Test func foreignVariablesAreRejected() throws {
    let tape = Tape<Double>()
    let other = Tape<Double>()
    let x = tape.variable(Tensor([1.0]))
    let y = other.variable(Tensor([1.0]))
    #expect(throws: RepriseError.self) { try tape.gradients(of: x.sum(), withRespectTo: [y]) }
    #expect(throws: RepriseError.self) {
      try tape.gradients(of: Variable(constant: Tensor([1.0])), withRespectTo: [x])
    }
    #expect(throws: RepriseError.self) { try (x * 2.0).reshaped([2]) }
    #expect(throws: RepriseError.self) {
      try tape.variable(Tensor([1.0, 2])) + Variable(constant: Tensor([1.0, 2, 3]))
    }
    // A variable of another tape is a constant here: no gradient flows to it.
    let mixed = try (x * y).sum()
    #expect(try tape.gradients(of: mixed, withRespectTo: [x])[0].value.scalars == [1])
  }

  @Test func unusedInputsGetZeroAndDetachStopsGradients() throws {
    let tape = Tape<Double>()
    let x = tape.variable(Tensor([1.0, 2]))
    let unused = tape.variable(Tensor([5.0]))
    let g = try tape.gradients(of: try (x * x.detached).sum(), withRespectTo: [x, unused])
    #expect(g[0].value.scalars == [1, 2])
    #expect(g[1].value.scalars == [0])
  }
}

@Suite struct SecondOrderTests {
  @Test func hessianVectorProductMatchesFiniteDifferencesOfGradients() throws {
    // f(x) = Σ (A x)³ / 3 on a vector x; H v by double backprop vs
    // central differences of the gradient along v.
    var random = RandomStream(seed: 9)
    let a = Variable(constant: try random.tensor([4, 3]))
    let x0 = try random.tensor([3, 1])
    let v = try random.tensor([3, 1])
    func gradient(at x: Tensor<Double>, createGraph: Bool) throws -> (
      Tape<Double>, Variable<Double>, Variable<Double>
    ) {
      let tape = Tape<Double>()
      let xv = tape.variable(x)
      let ax = try a.matmul(xv)
      let f = try (ax * ax * ax).sum() * (1.0 / 3)
      return (tape, xv, try tape.gradients(of: f, withRespectTo: [xv], createGraph: createGraph)[0])
    }
    let (tape, xv, g) = try gradient(at: x0, createGraph: true)
    let hv = try tape.gradients(of: try (g * Variable(constant: v)).sum(), withRespectTo: [xv])[0]
      .value
    let h = 1e-5
    let up = try gradient(at: try x0 + v * h, createGraph: false).2.value
    let down = try gradient(at: try x0 - v * h, createGraph: false).2.value
    let numeric = try (up - down) / Tensor(scalar: 2 * h)
    #expect(FiniteDifference.maxRelativeError(hv, numeric) < 1e-7)
  }

  @Test func gradientOfInputGradientNormThroughReLU() throws {
    // Geometric-complexity style penalty: ‖∂f/∂x‖² for f(x) = Σ w₂ relu(W₁ x);
    // its gradient with respect to W₁ by double backprop vs finite differences.
    var random = RandomStream(seed: 4)
    let x = try random.tensor([3, 1])
    let w2 = try random.tensor([1, 5])
    let w1 = try random.tensor([5, 3])
    func penalty(_ w1Value: Tensor<Double>) throws -> (
      Tape<Double>, Variable<Double>, Variable<Double>
    ) {
      let tape = Tape<Double>()
      let w1v = tape.variable(w1Value)
      let xv = tape.variable(x)
      let f = try Variable(constant: w2).matmul(w1v.matmul(xv).relu()).sum()
      let dx = try tape.gradients(of: f, withRespectTo: [xv], createGraph: true)[0]
      return (tape, w1v, try dx.squared().sum())
    }
    let (tape, w1v, p) = try penalty(w1)
    let analytic = try tape.gradients(of: p, withRespectTo: [w1v])[0].value
    let numeric = try FiniteDifference.gradient(of: { try penalty($0).2.value.scalars[0] }, at: w1)
    #expect(FiniteDifference.maxRelativeError(analytic, numeric) < 1e-7)
    #expect(analytic.scalars.contains { $0 != 0 })
  }
}

@Suite struct SecondOrderThroughSmoothOpsTests {
  /// ∂/∂x of (∂ Σ f(x) / ∂x)·v equals f''(x)·v elementwise; checked against
  /// central differences of the first derivative.
  func checkSecondDerivative(
    _ x0: Tensor<Double>, _ f: (Variable<Double>) throws -> Variable<Double>
  ) throws {
    var random = RandomStream(seed: 31)
    let v = try random.tensor(x0.shape)
    func firstDerivative(_ x: Tensor<Double>) throws -> Tensor<Double> {
      let tape = Tape<Double>()
      let xv = tape.variable(x)
      return try tape.gradients(of: try f(xv).sum(), withRespectTo: [xv])[0].value
    }
    let tape = Tape<Double>()
    let xv = tape.variable(x0)
    let g = try tape.gradients(of: try f(xv).sum(), withRespectTo: [xv], createGraph: true)[0]
    let hv = try tape.gradients(of: try (g * Variable(constant: v)).sum(), withRespectTo: [xv])[0]
      .value
    let h = 1e-5
    let numeric =
      try (firstDerivative(try x0 + v * h) - firstDerivative(try x0 - v * h))
      / Tensor(scalar: 2 * h)
    #expect(FiniteDifference.maxRelativeError(hv, numeric) < 1e-7)
  }

  @Test func squareRootAndNormalization() throws {
    try checkSecondDerivative(Tensor([0.5, 1.5, 2.5])) { try $0.squareRoot() }
    var random = RandomStream(seed: 2)
    try checkSecondDerivative(try random.tensor([5, 3])) { x in
      try x.standardized(alongAxis: 0)
        * Variable(constant: try Tensor(shape: [1, 3], scalars: [1, -2, 3]))
    }
  }
}
