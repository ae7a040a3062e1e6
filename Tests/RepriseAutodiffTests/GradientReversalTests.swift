// Gradient reversal checked by central finite differences on a small
// domain-adversarial network: features h = sigmoid(x·W + b), a label loss
// L_y(h) and a domain loss L_d(R_λ(h)·V + c) behind the reversal layer R_λ.
// The tape's gradient of L_y + L_d must equal, for the feature weights,
// ∂(L_y − λ·L_d)/∂(W, b) (the domain gradient reversed and scaled once) and,
// for the domain head, ∂L_d/∂(V, c) (not reversed) — with and without
// createGraph.
import RepriseAutodiff
import RepriseTestSupport
import Testing

@Suite struct GradientReversalTests {
  static let lambda = 0.7

  /// Inputs (constants) and the four parameters (W, b, V, c).
  static func data() throws -> (x: Tensor<Double>, parameters: [Tensor<Double>]) {
    var random = RandomStream(seed: 61)
    let x = try random.tensor([6, 2])
    let parameters = try [[2, 5], [5], [5, 1], [1]].map { try random.tensor($0) }
    return (x, parameters)
  }

  /// (L_y, L_d) for the given parameters; `reversal` inserts R_λ.
  static func losses(
    _ x: Tensor<Double>, _ p: [Variable<Double>], reversal: Bool
  ) throws -> (label: Variable<Double>, domain: Variable<Double>) {
    let h = try (Variable(constant: x).matmul(p[0]) + p[1]).sigmoid()
    let labelLoss = try (h.sum(alongAxis: 1) - 2.5).squared().mean()
    let hd = reversal ? h.gradientReversal(lambda: lambda) : h
    let domainLogits = try hd.matmul(p[2]) + p[3]
    let domainSigns = Tensor<Double>([-1, -1, -1, 1, 1, 1])
    let domainLoss = try (domainLogits.reshaped([6]) * Variable(constant: -domainSigns))
      .softplus().mean()
    return (labelLoss, domainLoss)
  }

  /// Tape gradients of L_y + L_d (with the reversal layer) for all parameters.
  static func tapeGradients(createGraph: Bool) throws -> [Tensor<Double>] {
    let (x, values) = try data()
    let tape = Tape<Double>()
    let p = values.map { tape.variable($0) }
    let (labelLoss, domainLoss) = try losses(x, p, reversal: true)
    let g = try tape.gradients(
      of: try labelLoss + domainLoss, withRespectTo: p, createGraph: createGraph)
    if createGraph { #expect(g.allSatisfy { $0.isTracked }) }
    return g.map(\.value)
  }

  /// Finite differences of `combine(L_y, L_d)` (no reversal layer) in parameter `index`.
  static func numeric(_ index: Int, _ combine: @escaping (Double, Double) -> Double) throws
    -> Tensor<Double>
  {
    let (x, values) = try data()
    return try FiniteDifference.gradient(
      of: { w in
        var p = values.map { Variable(constant: $0) }
        p[index] = Variable(constant: w)
        let (label, domain) = try losses(x, p, reversal: false)
        return combine(label.value.scalars[0], domain.value.scalars[0])
      }, at: values[index])
  }

  @Test(arguments: [false, true])
  func featureGradientIsLabelMinusLambdaTimesDomain(createGraph: Bool) throws {
    let g = try Self.tapeGradients(createGraph: createGraph)
    for index in [0, 1] {
      let expected = try Self.numeric(index) { label, domain in label - Self.lambda * domain }
      #expect(FiniteDifference.maxRelativeError(g[index], expected) < 1e-8)
      // And it is not the un-reversed sum (the test can tell the difference).
      let unreversed = try Self.numeric(index) { label, domain in label + domain }
      #expect(FiniteDifference.maxRelativeError(g[index], unreversed) > 1e-3)
    }
  }

  @Test(arguments: [false, true])
  func domainHeadGradientIsNotReversed(createGraph: Bool) throws {
    let g = try Self.tapeGradients(createGraph: createGraph)
    for index in [2, 3] {
      let expected = try Self.numeric(index) { _, domain in domain }
      #expect(FiniteDifference.maxRelativeError(g[index], expected) < 1e-8)
    }
  }

  @Test func forwardIsIdentityAndReversedGradientDifferentiates() throws {
    // R_λ(h) = h exactly; with createGraph the reversed gradient is itself
    // differentiable: for f(h) = Σ r³ with r = R_λ(h), ∂f/∂h = −λ·3r², and
    // differentiating Σ(−3λr²) through r = R_λ(h) reverses once more:
    // ∂(Σ ∂f/∂h)/∂h = −6λr·(−λ) = 6λ²h.
    var random = RandomStream(seed: 62)
    let h = try random.tensor([3, 2])
    let tape = Tape<Double>()
    let hv = tape.variable(h)
    let r = hv.gradientReversal(lambda: Self.lambda)
    #expect(r.value.scalars == h.scalars)
    let f = try (r * r * r).sum()
    let first = try tape.gradients(of: f, withRespectTo: [hv], createGraph: true)[0]
    let second = try tape.gradients(of: try first.sum(), withRespectTo: [hv])[0]
    for i in 0..<h.count {
      let v = h.scalars[i]
      #expect(abs(first.value.scalars[i] - (-3 * Self.lambda * v * v)) < 1e-14)
      #expect(abs(second.value.scalars[i] - (6 * Self.lambda * Self.lambda * v)) < 1e-14)
    }
  }
}
