import RepriseMetrics
import RepriseTestSupport
import Testing

@Suite struct FeatureMatrixTests {
  @Test func constantColumnsCentreToExactZero() throws {
    // 0.1 repeated 7 times: the naive rounded mean (sum / n) is not exactly 0.1.
    let n = 7
    var scalars: [Double] = []
    for i in 0..<n { scalars += [0.1, Double(i) * 1.5 + 1e8, -3.3] }
    let x = try Tensor(shape: [n, 3], scalars: scalars)
    let c = try FeatureMatrix.centered(x)
    for i in 0..<n {
      #expect(c.scalars[i * 3] == 0)
      #expect(c.scalars[i * 3 + 2] == 0)
    }
    // The varying column is centred: its entries sum to (nearly) zero and
    // match the closed form 1.5 * (i - 3).
    for i in 0..<n { #expect(abs(c.scalars[i * 3 + 1] - 1.5 * Double(i - 3)) < 1e-7) }
  }

  @Test func floatDataFarFromOriginKeepsItsDigits() throws {
    // Values 1000 + {0, 1, 2, 3} in Float: centring must give exactly ±0.5, ±1.5.
    let x = try Tensor<Float>(shape: [4, 1], scalars: [1000, 1001, 1002, 1003])
    let c = try FeatureMatrix.centered(x)
    #expect(c.scalars == [-1.5, -0.5, 0.5, 1.5])
    #expect(try FeatureMatrix.columnMeans(x) == [1001.5])
  }

  @Test func badInputIsRejectedWithContext() throws {
    let vector = Tensor<Double>([1, 2, 3])
    #expect(throws: RepriseError.self) { try FeatureMatrix.centered(vector) }
    let withNaN = try Tensor<Double>(shape: [2, 2], scalars: [1, 2, .nan, 4])
    do {
      _ = try FeatureMatrix.centered(withNaN)
      Issue.record("a NaN entry was accepted")
    } catch RepriseError.nonFinite(_, let row, let column, let value) {
      #expect(row == 1 && column == 0 && value.isNaN)
    }
    let a = try Tensor<Double>(shape: [3, 2], repeating: 1)
    let b = try Tensor<Double>(shape: [4, 2], repeating: 1)
    #expect(throws: RepriseError.self) { try FeatureMatrix.validatePair(a, b, operation: "test") }
  }
}
