// Bad-input catalogue for RepriseAutodiff: the tape's gradient entry point
// and the shape-checked ops, fed mismatched shapes, constants, missing seeds
// and extreme values. Errors must be typed RepriseErrors; the stable ops must
// give their closed forms where a naive formula would overflow
// (log-softmax of (1000, 0) is (0, −1000); the gradient of log-sum-exp is
// softmax, (½, ½) at (1000, 1000)). Cases are test arguments.
import RepriseAutodiff
import RepriseCore
import RepriseTestSupport
import Testing

private let autodiffErrorCases: [BadInputCase] = [
  BadInputCase(
    "gradient of a non-scalar output without a seed",
    ["invalidArgument", "shapeMismatch", "invalidShape"]
  ) {
    let tape = Tape<Double>()
    let x = tape.variable(Tensor([1, 2]))
    _ = try tape.gradients(of: x * x, withRespectTo: [x])
  },
  BadInputCase("gradient of a constant", ["invalidArgument"]) {
    let tape = Tape<Double>()
    let x = tape.variable(Tensor([1]))
    _ = try tape.gradients(of: Variable(constant: Tensor([1.0])), withRespectTo: [x])
  },
  BadInputCase("seed of the wrong shape", ["shapeMismatch"]) {
    let tape = Tape<Double>()
    let x = tape.variable(Tensor([1, 2]))
    _ = try tape.gradients(of: x * x, withRespectTo: [x], seed: Tensor([1, 2, 3]))
  },
  BadInputCase("second backward pass through released rules", ["invalidArgument"]) {
    let tape = Tape<Double>()
    let x = tape.variable(Tensor([3]))
    let y = try (x * x).sum()
    _ = try tape.gradients(of: y, withRespectTo: [x])
    _ = try tape.gradients(of: y, withRespectTo: [x])
  },
  BadInputCase("matmul with inner dimensions that differ", ["shapeMismatch"]) {
    let tape = Tape<Double>()
    let a = tape.variable(try Tensor<Double>.zeros([2, 3]))
    _ = try a.matmul(a)
  },
  BadInputCase("sum of shapes that do not broadcast", ["shapeMismatch"]) {
    let tape = Tape<Double>()
    _ =
      try tape.variable(try Tensor<Double>.zeros([2, 3]))
      + tape.variable(try Tensor<Double>.zeros([3, 2]))
  },
  BadInputCase("quotient of shapes that do not broadcast", ["shapeMismatch"]) {
    let tape = Tape<Double>()
    _ = try tape.variable(Tensor([1, 2])) / tape.variable(Tensor([1, 2, 3]))
  },
  BadInputCase(
    "log-softmax along a missing axis", ["invalidArgument", "indexOutOfRange", "invalidShape"]
  ) {
    let tape = Tape<Double>()
    _ = try tape.variable(try Tensor<Double>.zeros([2, 3])).logSoftmax(alongAxis: 5)
  },
  BadInputCase("mean of an empty variable", ["invalidShape", "invalidArgument"]) {
    let tape = Tape<Double>()
    _ = try tape.variable(Tensor([Double]())).mean()
  },
]

struct AutodiffClosedForm: Sendable, CustomTestStringConvertible {
  let name: String
  let pairs: @Sendable () throws -> [(Double, Double)]
  var testDescription: String { name }
}

private let autodiffValueCases: [AutodiffClosedForm] = [
  .init(name: "log-softmax of (1000, 0) is (0, −1000)") {
    let tape = Tape<Double>()
    let z = try tape.variable(Tensor(shape: [1, 2], scalars: [1000, 0])).logSoftmax(alongAxis: 1)
    return [(z.value.scalars[0], 0), (z.value.scalars[1], -1000)]
  },
  .init(name: "log-sum-exp of (−1000, −1000) is −1000 + log 2") {
    let tape = Tape<Double>()
    let z = try tape.variable(Tensor(shape: [1, 2], scalars: [-1000, -1000])).logSumExp(
      alongAxis: 1)
    return [(z.value.scalars[0], -1000 + Double.log(2))]
  },
  .init(name: "gradient of log-sum-exp at (1000, 1000) is (½, ½)") {
    let tape = Tape<Double>()
    let x = tape.variable(try Tensor(shape: [1, 2], scalars: [1000, 1000]))
    let g = try tape.gradients(of: try x.logSumExp(alongAxis: 1).sum(), withRespectTo: [x])[0]
    return [(g.value.scalars[0], 0.5), (g.value.scalars[1], 0.5)]
  },
  .init(name: "softmax of (−1000, 0) is (0, 1) without NaN") {
    let tape = Tape<Double>()
    let s = try tape.variable(Tensor(shape: [1, 2], scalars: [-1000, 0])).softmax(alongAxis: 1)
    return [(s.value.scalars[0], 0), (s.value.scalars[1], 1)]
  },
  .init(name: "gradient with respect to an unused input is zero") {
    let tape = Tape<Double>()
    let x = tape.variable(Tensor([2]))
    let unused = tape.variable(Tensor([5, 6]))
    let g = try tape.gradients(of: (x * x).sum(), withRespectTo: [x, unused])
    return [(g[0].value.scalars[0], 4)] + g[1].value.scalars.map { ($0, 0) }
  },
  .init(name: "gradient of the sum of an empty 0×3 variable is empty") {
    let tape = Tape<Double>()
    let x = tape.variable(try Tensor<Double>.zeros([0, 3]))
    let g = try tape.gradients(of: x.sum(), withRespectTo: [x])[0]
    return [(Double(g.value.count), 0)]
  },
]

@Suite struct AutodiffBadInputCatalogueTests {
  @Test(arguments: autodiffErrorCases)
  func rejectsWithATypedError(_ input: BadInputCase) {
    input.check()
  }

  @Test(arguments: autodiffValueCases)
  func matchesItsClosedForm(_ input: AutodiffClosedForm) throws {
    for (computed, expected) in try input.pairs() {
      #expect(
        !computed.isNaN && abs(computed - expected) <= 1e-15 * max(1, abs(expected)),
        "\(input.name): \(computed) vs \(expected)")
    }
  }
}
