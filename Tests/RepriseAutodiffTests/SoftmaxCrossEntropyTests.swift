// The fused softmax cross-entropy node against the composed ops it replaces,
// −logSoftmax(z).pick(y).mean(), bit for bit: the value, first-order
// gradients (with the logits also used by ops recorded before and after the
// loss, and a seed other than 1), the recorded (createGraph) gradients,
// second-order gradients (the gradient of ‖∂L/∂W‖², and a MAML-style
// gradient through one inner step), in Float and Double, on logits with
// ties, −∞ and underflowing exponentials; with a NaN logit, NaNs in the
// same places (which NaN is not promised). Against independent truth:
// central finite differences, the closed form (softmax(z) − onehot(y))/rows
// written out in Double, and Hessian-vector products against finite
// differences of gradients. Bad input gives typed errors.
import Foundation
import RepriseAutodiff
import RepriseTestSupport
import Testing

@Suite struct SoftmaxCrossEntropyTests {
  static func composed<S: RealScalar>(_ z: Variable<S>, _ labels: [Int]) throws -> Variable<S> {
    try -(z.logSoftmax(alongAxis: 1).pick(columns: labels).mean())
  }

  static func loss<S: RealScalar>(_ z: Variable<S>, _ labels: [Int], fused: Bool) throws
    -> Variable<S>
  {
    fused ? try z.meanSoftmaxCrossEntropy(labels: labels) : try composed(z, labels)
  }

  /// x [7, 4], W [4, 6] and an additive constant that gives z = x·W + c
  /// awkward rows: row 1 a tie for the maximum (10³⁰ absorbs x·W), row 2 two
  /// −∞ logits, row 3 a spread of 200 (exponentials that underflow in
  /// Float); optionally a NaN in row 6.
  static func operands<S: RealScalar>(_: S.Type, nanRow: Bool = false) throws -> [Tensor<S>] {
    var random = RandomStream(seed: 17)
    let x = try Tensor<S>.uniform([7, 4], in: -1..<1, using: &random)
    let w = try Tensor<S>.uniform([4, 6], in: -1..<1, using: &random)
    var c = try Tensor<S>.uniform([7, 6], in: -2..<2, using: &random)
    c.withUnsafeMutableBufferPointer { c in
      c[1 * 6 + 2] = 1e30
      c[1 * 6 + 4] = 1e30
      c[2 * 6 + 0] = -.infinity
      c[2 * 6 + 5] = -.infinity
      c[3 * 6 + 1] = 100
      c[3 * 6 + 3] = -100
      if nanRow { c[6 * 6 + 2] = .nan }
    }
    return [x, w, c]
  }

  static let labels = [0, 4, 3, 3, 5, 1, 2]

  static func bits<S: RealScalar>(_ values: [Variable<S>]) -> [[UInt64]] {
    values.map { $0.value.scalars.map { Double($0).bitPattern } }
  }

  /// Value and first-order gradients of pre + 0.37·CE(z) + post, where pre
  /// and post use z before and after the loss, with a seed of −1.5.
  static func firstOrder<S: RealScalar>(_ values: [Tensor<S>], fused: Bool, createGraph: Bool)
    throws -> [[UInt64]]
  {
    let tape = Tape<S>()
    let (x, w) = (tape.variable(values[0]), tape.variable(values[1]))
    let z = try x.matmul(w) + Variable(constant: values[2])
    // pre and post stay finite at z = −∞ and 10³⁰.
    let pre = z.sigmoid().sum() * S(0.25)
    let ce = try loss(z, labels, fused: fused)
    let post = try (z.sigmoid() * z.sigmoid()).sum() * S(0.01)
    let total = try pre + ce * S(0.37) + post
    let gradients = try tape.gradients(
      of: total, withRespectTo: [x, w], seed: Tensor(scalar: S(-1.5)), createGraph: createGraph)
    return bits([ce, total] + gradients)
  }

  /// The gradient of ‖∂CE/∂W‖² with respect to x and W, and a MAML step:
  /// the gradient of CE(x₂·W′) with W′ = W − ½·∂CE(x·W)/∂W.
  static func secondOrder<S: RealScalar>(_ values: [Tensor<S>], fused: Bool) throws -> [[UInt64]] {
    let tape = Tape<S>()
    let (x, w) = (tape.variable(values[0]), tape.variable(values[1]))
    let z = try x.matmul(w) + Variable(constant: values[2])
    let first = try tape.gradients(
      of: try loss(z, labels, fused: fused), withRespectTo: [x, w], createGraph: true)
    let penalty = try (first[1] * first[1]).sum()
    let second = try tape.gradients(of: penalty, withRespectTo: [x, w], retainGraph: true)

    let adapted = try w - first[1] * S(0.5)
    let query = try loss(try (x * S(-0.5)).matmul(adapted), labels, fused: fused)
    let meta = try tape.gradients(of: query, withRespectTo: [w])
    return bits(first + second + meta)
  }

  static func checkBitIdentical<S: RealScalar>(_: S.Type) throws {
    let values = try operands(S.self)
    for createGraph in [false, true] {
      let fused = try firstOrder(values, fused: true, createGraph: createGraph)
      let plain = try firstOrder(values, fused: false, createGraph: createGraph)
      #expect(fused == plain, "\(S.self), createGraph \(createGraph)")
    }
    #expect(try secondOrder(values, fused: true) == secondOrder(values, fused: false), "\(S.self)")
  }

  @Test func fusedEqualsComposedBitForBitInFloat() throws { try Self.checkBitIdentical(Float.self) }

  @Test func fusedEqualsComposedBitForBitInDouble() throws {
    try Self.checkBitIdentical(Double.self)
  }

  @Test func aNaNLogitGivesNaNsWhereTheComposedOpsDo() throws {
    // Which NaN comes out (its sign, its payload) is not promised: the
    // optimiser may fold −(a·c) into a·(−c), which keeps every number's bits
    // but not a NaN's sign (seen in release builds). Everything else is.
    let values = try Self.operands(Float.self, nanRow: true)
    let fused = try Self.firstOrder(values, fused: true, createGraph: false)
    let plain = try Self.firstOrder(values, fused: false, createGraph: false)
    func canonical(_ bits: [[UInt64]]) -> [[UInt64]] {
      bits.map { $0.map { Double(bitPattern: $0).isNaN ? Double.nan.bitPattern : $0 } }
    }
    #expect(Double(bitPattern: fused[0][0]).isNaN)
    #expect(canonical(fused) == canonical(plain))
  }

  @Test func gradientsMatchFiniteDifferences() throws {
    try checkGradients([[6, 5]]) { v in
      try v[0].meanSoftmaxCrossEntropy(labels: [0, 4, 2, 2, 1, 3])
    }
    try checkGradients([[5, 3], [3, 4]]) { v in
      try (v[0].matmul(v[1]) * 3).meanSoftmaxCrossEntropy(labels: [1, 0, 3, 3, 2]) * 2.5
    }
  }

  @Test func gradientIsTheClosedForm() throws {
    // ∂ℓ/∂z = (softmax(z) − onehot(y))/rows, written out with Foundation's exp.
    var random = RandomStream(seed: 3)
    let z0 = try random.tensor([9, 7], in: -4..<4)
    let labels = [6, 0, 3, 3, 1, 5, 2, 0, 4]
    let tape = Tape<Double>()
    let z = tape.variable(z0)
    let gradient = try tape.gradients(
      of: try z.meanSoftmaxCrossEntropy(labels: labels), withRespectTo: [z])[0].value
    var expected = [Double]()
    for r in 0..<9 {
      let row = (0..<7).map { z0.scalars[r * 7 + $0] }
      let exps = row.map { Foundation.exp($0) }
      let total = exps.reduce(0, +)
      for j in 0..<7 { expected.append((exps[j] / total - (j == labels[r] ? 1 : 0)) / 9) }
    }
    let error = FiniteDifference.maxRelativeError(
      gradient, try Tensor(shape: [9, 7], scalars: expected))
    #expect(error < 1e-14)
  }

  @Test func hessianVectorProductsMatchFiniteDifferencesOfGradients() throws {
    var random = RandomStream(seed: 5)
    let z0 = try random.tensor([4, 5], in: -2..<2)
    let v = try random.tensor([4, 5])
    let labels = [2, 0, 4, 1]
    func gradient(_ at: Tensor<Double>) throws -> Tensor<Double> {
      let tape = Tape<Double>()
      let z = tape.variable(at)
      return try tape.gradients(
        of: try z.meanSoftmaxCrossEntropy(labels: labels), withRespectTo: [z])[0].value
    }
    let tape = Tape<Double>()
    let z = tape.variable(z0)
    let g = try tape.gradients(
      of: try z.meanSoftmaxCrossEntropy(labels: labels), withRespectTo: [z], createGraph: true)[0]
    let hv = try tape.gradients(
      of: try (g * Variable(constant: v)).sum(), withRespectTo: [z])[0].value
    let h = 1e-5
    let numeric = try (try gradient(z0 + v * h) - gradient(z0 - v * h)) / (2 * h)
    #expect(FiniteDifference.maxRelativeError(hv, numeric) < 1e-8)
  }

  @Test func lossValueAndGradientBothDifferentiatedAgreeWithTheComposedOps() throws {
    // L + ‖∂L/∂W‖²: the loss value and its recorded gradient both reach z
    // in the second pass; the sums meet in another order than in the
    // composed graph, so only agreement to rounding is promised.
    let values = try Self.operands(Double.self)
    func run(fused: Bool) throws -> [Double] {
      let tape = Tape<Double>()
      let (x, w) = (tape.variable(values[0]), tape.variable(values[1]))
      let z = try x.matmul(w) + Variable(constant: values[2])
      let l = try Self.loss(z, Self.labels, fused: fused)
      let g = try tape.gradients(of: l, withRespectTo: [w], createGraph: true)[0]
      let objective = try l + (g * g).sum()
      return try tape.gradients(of: objective, withRespectTo: [x, w]).flatMap(\.value.scalars)
    }
    let fused = try run(fused: true)
    let plain = try run(fused: false)
    let error = zip(fused, plain).map { abs($0 - $1) / max(1, abs($1)) }.max()!
    #expect(error < 1e-14)
  }

  @Test func badInputThrowsTypedErrors() {
    let tape = Tape<Double>()
    let z = tape.variable(try! Tensor<Double>.zeros([3, 4]))
    expectRepriseError("too few labels", kinds: ["shapeMismatch"]) {
      _ = try z.meanSoftmaxCrossEntropy(labels: [0, 1])
    }
    expectRepriseError("a label past the last class", kinds: ["indexOutOfRange"]) {
      _ = try z.meanSoftmaxCrossEntropy(labels: [0, 4, 1])
    }
    expectRepriseError("a negative label", kinds: ["indexOutOfRange"]) {
      _ = try z.meanSoftmaxCrossEntropy(labels: [0, 1, -1])
    }
    expectRepriseError("a vector of logits", kinds: ["invalidShape"]) {
      _ = try tape.variable(try Tensor<Double>.zeros([4])).meanSoftmaxCrossEntropy(labels: [0])
    }
    expectRepriseError("an empty batch", kinds: ["invalidShape"]) {
      _ = try tape.variable(try Tensor<Double>.zeros([0, 4])).meanSoftmaxCrossEntropy(labels: [])
    }
  }
}
