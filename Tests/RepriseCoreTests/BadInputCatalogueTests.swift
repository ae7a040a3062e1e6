// Bad-input catalogue for RepriseCore: the tensor constructors, shape
// operations, element access, reductions, sampling, thread settings and the
// elementary functions, fed empty and 1×1 shapes, mismatched and negative
// shapes, element counts that overflow Int, NaN and ±Inf. Every case either
// throws the named kind of RepriseError or returns a documented value (IEEE
// limits for the elementary functions: exp(−∞) = 0, tanh(±∞) = ±1, …).
// Cases are test arguments, so the runner counts them.
import RepriseCore
import RepriseTestSupport
import Testing

private let matrix23 = try! Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
private let emptyVector = Tensor<Double>([Double]())

private let coreErrorCases: [BadInputCase] = [
  BadInputCase("scalars fewer than the shape holds", ["shapeMismatch", "invalidShape"]) {
    _ = try Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3])
  },
  BadInputCase("negative extent", ["invalidShape"]) {
    _ = try Tensor<Double>(shape: [-1, 2], repeating: 0)
  },
  BadInputCase("element count overflows Int", ["invalidShape"]) {
    _ = try Tensor<Double>.zeros([Int.max, 2])
  },
  BadInputCase("element count overflows Int (2^62 × 2^62)", ["invalidShape"]) {
    _ = try Tensor<Float>.zeros([1 << 62, 1 << 62])
  },
  BadInputCase("ragged rows", ["invalidShape", "shapeMismatch"]) {
    _ = try Tensor<Double>(rows: [[1, 2], [3]])
  },
  BadInputCase("negative identity order", ["invalidShape", "invalidArgument"]) {
    _ = try Tensor<Double>.identity(-1)
  },
  BadInputCase("reshape to another count", ["shapeMismatch", "invalidShape"]) {
    _ = try matrix23.reshaped([4])
  },
  BadInputCase("reshape to negative extents", ["invalidShape", "shapeMismatch"]) {
    _ = try matrix23.reshaped([-2, -3])
  },
  BadInputCase("add shapes that do not broadcast", ["shapeMismatch"]) {
    _ = try matrix23 + Tensor<Double>.zeros([4, 3])
  },
  BadInputCase("element index past the end", ["indexOutOfRange"]) {
    _ = try matrix23.element(at: [5, 0])
  },
  BadInputCase("element index of the wrong rank", ["indexOutOfRange", "invalidArgument"]) {
    _ = try matrix23.element(at: [0])
  },
  BadInputCase("negative element index", ["indexOutOfRange"]) {
    _ = try matrix23.element(at: [-1, 0])
  },
  BadInputCase("row past the end", ["indexOutOfRange", "invalidArgument"]) {
    _ = try matrix23.row(7)
  },
  BadInputCase("rows past the end", ["indexOutOfRange", "invalidArgument"]) {
    _ = try matrix23.rows(1..<9)
  },
  BadInputCase("column past the end", ["indexOutOfRange", "invalidArgument"]) {
    _ = try matrix23.column(3)
  },
  BadInputCase("permutation repeating an axis", ["invalidArgument", "invalidShape"]) {
    _ = try matrix23.permuted([0, 0])
  },
  BadInputCase("transpose of a rank-3 tensor", ["invalidShape"]) {
    _ = try Tensor<Double>.zeros([2, 2, 2]).transposed()
  },
  BadInputCase("matrix view of a vector", ["invalidShape"]) {
    _ = try Tensor<Double>([1, 2]).matrixShape(operation: "test")
  },
  BadInputCase("mean of nothing", ["invalidShape", "invalidArgument"]) {
    _ = try emptyVector.mean()
  },
  BadInputCase("maximum of nothing", ["invalidShape", "invalidArgument"]) {
    _ = try emptyVector.maximum()
  },
  BadInputCase("argmin of nothing", ["invalidShape", "invalidArgument"]) {
    _ = try emptyVector.argmin()
  },
  BadInputCase("sum along a missing axis", ["invalidArgument", "indexOutOfRange", "invalidShape"]) {
    _ = try matrix23.sum(alongAxis: 2)
  },
  BadInputCase("mean along an empty axis", ["invalidShape", "invalidArgument"]) {
    _ = try Tensor<Double>.zeros([0, 3]).mean(alongAxis: 0)
  },
  BadInputCase("NaN where finite values are required", ["nonFinite"]) {
    try Tensor<Double>(shape: [2, 2], scalars: [1, 2, .nan, 4]).requireFinite(operation: "test")
  },
  BadInputCase("+Inf where finite values are required", ["nonFinite"]) {
    try Tensor<Float>([.infinity]).requireFinite(operation: "test")
  },
  BadInputCase("−Inf where finite values are required", ["nonFinite"]) {
    try Tensor<Double>(shape: [1, 2], scalars: [0, -.infinity]).requireFinite(operation: "test")
  },
  BadInputCase("permutation of a negative count", ["invalidArgument"]) {
    var random = RandomStream(seed: 1)
    _ = try random.permutation(-1)
  },
  BadInputCase("sample more than the population", ["invalidArgument"]) {
    var random = RandomStream(seed: 1)
    _ = try random.sample(5, from: 3)
  },
  BadInputCase("choices from an empty population", ["invalidArgument"]) {
    var random = RandomStream(seed: 1)
    _ = try random.choices(2, from: 0)
  },
  BadInputCase("choice from an empty collection", ["invalidArgument"]) {
    var random = RandomStream(seed: 1)
    _ = try random.choice(from: [Int]())
  },
  BadInputCase("normal tensor of negative shape", ["invalidShape"]) {
    var random = RandomStream(seed: 1)
    _ = try Tensor<Double>.normal([-3], using: &random)
  },
  BadInputCase("zero threads", ["invalidArgument"]) { try ThreadSettings.setDefaultCount(0) },
  BadInputCase("negative threads", ["invalidArgument"]) { try ThreadSettings.setDefaultCount(-4) },
]

/// A documented value for a degenerate input: name, computed, expected (bit
/// patterns compared, NaN as NaN).
struct CoreLimitValue: Sendable, CustomTestStringConvertible {
  let name: String
  let computed: @Sendable () throws -> Double
  let expected: Double
  var testDescription: String { name }
}

private let coreValueCases: [CoreLimitValue] = [
  .init(name: "exp(−∞) = 0", computed: { Double.exp(-.infinity) }, expected: 0),
  .init(name: "exp(+∞) = +∞", computed: { Double.exp(.infinity) }, expected: .infinity),
  .init(name: "exp(1000) overflows to +∞", computed: { Double.exp(1000) }, expected: .infinity),
  .init(name: "exp(−1000) underflows to 0", computed: { Double.exp(-1000) }, expected: 0),
  .init(name: "exp(NaN) is NaN", computed: { Double.exp(.nan) }, expected: .nan),
  .init(name: "log(0) = −∞", computed: { Double.log(0) }, expected: -.infinity),
  .init(name: "log(−1) is NaN", computed: { Double.log(-1) }, expected: .nan),
  .init(name: "log(+∞) = +∞", computed: { Double.log(.infinity) }, expected: .infinity),
  .init(
    name: "log(smallest subnormal)", computed: { Double.log(.leastNonzeroMagnitude) },
    expected: -744.4400719213812),
  .init(name: "log1p(−1) = −∞", computed: { Double.log1p(-1) }, expected: -.infinity),
  .init(name: "expm1(−∞) = −1", computed: { Double.expm1(-.infinity) }, expected: -1),
  .init(name: "tanh(+∞) = 1", computed: { Double.tanh(.infinity) }, expected: 1),
  .init(name: "tanh(−∞) = −1", computed: { Double.tanh(-.infinity) }, expected: -1),
  .init(name: "sigmoid(−∞) = 0", computed: { Double.sigmoid(-.infinity) }, expected: 0),
  .init(name: "sigmoid(+∞) = 1", computed: { Double.sigmoid(.infinity) }, expected: 1),
  .init(name: "softplus(1000) = 1000", computed: { Double.softplus(1000) }, expected: 1000),
  .init(name: "softplus(−1000) = 0", computed: { Double.softplus(-1000) }, expected: 0),
  .init(name: "erf(+∞) = 1", computed: { Double.erf(.infinity) }, expected: 1),
  .init(name: "sin(+∞) is NaN", computed: { Double.sin(.infinity) }, expected: .nan),
  .init(
    name: "Float exp(100) overflows to +∞", computed: { Double(Float.exp(100)) },
    expected: .infinity),
  .init(name: "sum of an empty tensor is 0", computed: { emptyVector.sum() }, expected: 0),
  .init(
    name: "sum of a 0×3 tensor is 0", computed: { try Tensor<Double>.zeros([0, 3]).sum() },
    expected: 0),
  .init(
    name: "mean of a 1×1 tensor is its value",
    computed: { try Tensor<Double>(shape: [1, 1], scalars: [-2.5]).mean() }, expected: -2.5),
  .init(
    name: "sum overflowing to +∞ is +∞",
    computed: { Tensor<Double>([.greatestFiniteMagnitude, .greatestFiniteMagnitude]).sum() },
    expected: .infinity),
  .init(
    name: "mean of subnormals does not flush",
    computed: { try Tensor<Double>([.leastNonzeroMagnitude, .leastNonzeroMagnitude]).mean() },
    expected: .leastNonzeroMagnitude),
  .init(
    name: "maximum of a 1×1 tensor",
    computed: { try Tensor<Double>(shape: [1, 1], scalars: [3]).maximum() }, expected: 3),
  .init(
    name: "row count of a 0×3 tensor's sum along axis 0",
    computed: { Double(try Tensor<Double>.zeros([0, 3]).sum(alongAxis: 0).count) }, expected: 3),
]

@Suite struct CoreBadInputCatalogueTests {
  @Test(arguments: coreErrorCases)
  func rejectsWithATypedError(_ input: BadInputCase) {
    input.check()
  }

  @Test(arguments: coreValueCases)
  func givesTheDocumentedValue(_ input: CoreLimitValue) throws {
    let value = try input.computed()
    if input.expected.isNaN {
      #expect(value.isNaN, "\(input.name): \(value)")
    } else {
      #expect(value.bitPattern == input.expected.bitPattern, "\(input.name): \(value)")
    }
  }

  /// A NaN located by requireFinite names its row and column.
  @Test func nonFiniteErrorLocatesTheValue() {
    let t = try! Tensor<Double>(shape: [2, 3], scalars: [0, 0, 0, 0, 0, .nan])
    do {
      try t.requireFinite(operation: "probe")
      Issue.record("NaN accepted")
    } catch RepriseError.nonFinite(let operation, let row, let column, let value) {
      #expect(operation == "probe" && row == 1 && column == 2 && value.isNaN)
    } catch {
      Issue.record("wrong error \(error)")
    }
  }
}
