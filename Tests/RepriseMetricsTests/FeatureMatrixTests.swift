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

/// The fast centring (row-blocked column sums, specialised, used by every
/// measure) must have the bits of the definition written the plain way:
/// d = x − x₀ per column, means from `Tensor.sum(alongAxis: 0)` (an
/// independent pairwise reduction in RepriseCore), c = d − mean.
@Suite struct FeatureMatrixCentringBitsTests {
  static func plainCentring<T: RealScalar>(_ x: Tensor<T>) throws -> [T] {
    let (n, p) = (x.shape[0], x.shape[1])
    var d = x.scalars
    for i in 0..<n { for j in 0..<p { d[i * p + j] = x.scalars[i * p + j] - x.scalars[j] } }
    let sums = try Tensor(shape: [n, p], scalars: d).sum(alongAxis: 0).scalars
    for i in 0..<n { for j in 0..<p { d[i * p + j] -= sums[j] / T(n) } }
    return d
  }

  // 300 × 500 is large enough for the centring to split its columns
  // between threads (at the default thread count of the run).
  @Test(arguments: [(1, 3), (2, 1), (9, 4), (17, 5), (100, 7), (257, 3), (3, 0), (300, 500)])
  func sameBitsAsThePlainDefinition(n: Int, p: Int) throws {
    var state: UInt64 = UInt64(n * 31 + p)
    let values = (0..<(n * p)).map { _ -> Double in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return 1e3 + Double(state >> 11) / 9_007_199_254_740_992 * 3
    }
    let x = try Tensor(shape: [n, p], scalars: values)
    #expect(
      try FeatureMatrix.centered(x).scalars.map(\.bitPattern)
        == (try Self.plainCentring(x)).map(\.bitPattern))
    let xf = try Tensor(shape: [n, p], scalars: values.map { Float($0) })
    #expect(
      try FeatureMatrix.centered(xf).scalars.map(\.bitPattern)
        == (try Self.plainCentring(xf)).map(\.bitPattern))
  }

  @Test func nonFiniteFoundByTheFastScanKeepsItsPosition() throws {
    var values = [Float](repeating: 1, count: 40)
    values[27] = -.infinity
    do {
      _ = try FeatureMatrix.centered(Tensor(shape: [8, 5], scalars: values))
      Issue.record("an infinite entry was accepted")
    } catch RepriseError.nonFinite(_, let row, let column, _) {
      #expect(row == 5 && column == 2)
    }
    let zeroRows = try Tensor<Double>(shape: [0, 3], scalars: [])
    #expect(throws: RepriseError.self) {
      try FeatureMatrix.validate(zeroRows, operation: "t", minimumSamples: 1)
    }
  }
}
