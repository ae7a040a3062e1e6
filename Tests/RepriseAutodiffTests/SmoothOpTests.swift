import RepriseAutodiff
import RepriseTestSupport
import Testing

@Suite struct SmoothActivationTests {
  @Test func firstDerivatives() throws {
    try checkGradients([[3, 4], [3, 4]]) { v in try (v[0].exp() * v[1]).sum() }
    try checkGradients([[3, 4], [3, 4]]) { v in try ((v[0] * v[0] + 0.1).log() * v[1]).sum() }
    try checkGradients([[3, 4], [3, 4]]) { v in try (v[0].tanh() * v[1]).sum() }
    try checkGradients([[3, 4], [3, 4]]) { v in try (v[0].sigmoid() * v[1]).sum() }
    try checkGradients([[3, 4], [3, 4]]) { v in try (v[0].softplus() * v[1]).sum() }
    try checkGradients([[3, 4], [3, 4]]) { v in try ((v[0] * 2.0).gelu() * v[1]).sum() }
    try checkGradients([[3, 4], [3, 4]], avoidingZero: true) { v in
      try (v[0].absoluteValue() * v[1]).sum()
    }
  }

  @Test func secondDerivativesThroughSmoothActivations() throws {
    // f(x) = Σ w₂·act(W₁x): gradient of ‖∂f/∂x‖² w.r.t. W₁ by double backprop.
    var random = RandomStream(seed: 14)
    let x = try random.tensor([3, 1])
    let w2 = try random.tensor([1, 4])
    let w1 = try random.tensor([4, 3])
    let activations: [(String, (Variable<Double>) throws -> Variable<Double>)] = [
      ("tanh", { $0.tanh() }), ("sigmoid", { $0.sigmoid() }), ("softplus", { $0.softplus() }),
      ("gelu", { $0.gelu() }), ("exp", { $0.exp() }),
    ]
    for (name, act) in activations {
      func penalty(_ w: Tensor<Double>) throws -> (Tape<Double>, Variable<Double>, Variable<Double>)
      {
        let tape = Tape<Double>()
        let wv = tape.variable(w)
        let xv = tape.variable(x)
        let f = try Variable(constant: w2).matmul(try act(wv.matmul(xv))).sum()
        let dx = try tape.gradients(of: f, withRespectTo: [xv], createGraph: true)[0]
        return (tape, wv, try dx.squared().sum())
      }
      let (tape, wv, p) = try penalty(w1)
      let analytic = try tape.gradients(of: p, withRespectTo: [wv])[0].value
      let numeric = try FiniteDifference.gradient(
        of: { try penalty($0).2.value.scalars[0] }, at: w1)
      #expect(FiniteDifference.maxRelativeError(analytic, numeric) < 1e-7, "\(name)")
    }
  }

  @Test func valuesUseReprisesOwnFunctions() throws {
    let x = Tensor<Double>([-3, -0.5, 0, 0.7, 4])
    let v = Variable(constant: x)
    #expect(v.tanh().value.scalars == x.scalars.map(Double.tanh))
    #expect(v.sigmoid().value.scalars == x.scalars.map(Double.sigmoid))
    // GELU(x) = x·Φ(x); Φ(0.7) = 0.75803634777692697 (closed form via erf).
    #expect(abs(v.gelu().value.scalars[3] - 0.7 * 0.758_036_347_776_926_97) < 1e-15)
  }
}

@Suite struct SoftmaxTests {
  @Test func logSumExpIsStableAndDifferentiable() throws {
    let big = Variable(constant: try Tensor<Double>(rows: [[1000, 1000], [-1000, -1001]]))
    let lse = try big.logSumExp(alongAxis: 1).value.scalars
    #expect(abs(lse[0] - (1000 + Double.log(2))) < 1e-12)
    #expect(abs(lse[1] - (-1000 + Double.log1p(Double.exp(-1)))) < 1e-12)
    let allInfinite = Variable(constant: try Tensor<Double>(rows: [[-.infinity, -.infinity]]))
    #expect(try allInfinite.logSumExp(alongAxis: 1).value.scalars == [-.infinity])
    try checkGradients([[3, 5], [3]]) { v in try (v[0].logSumExp(alongAxis: 1) * v[1]).sum() }
    try checkGradients([[3, 5], [3, 5]]) { v in try (v[0].logSoftmax(alongAxis: 1) * v[1]).sum() }
    try checkGradients([[4, 3], [4, 3]]) { v in try (v[0].softmax(alongAxis: 0) * v[1]).sum() }
  }

  @Test func softmaxRowsSumToOne() throws {
    var random = RandomStream(seed: 1)
    let p = try Variable(constant: try random.tensor([6, 10], in: -20..<20)).softmax(alongAxis: 1)
      .value
    for s in try p.sum(alongAxis: 1).scalars { #expect(abs(s - 1) < 1e-14) }
  }
}
