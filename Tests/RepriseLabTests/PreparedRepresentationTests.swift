import RepriseLab
import Testing

/// The cached pairwise indices against RepriseMetrics' own functions, which
/// recompute everything from the raw matrices by separate code paths
/// (feature-form CKA, RBF kernels, rank-revealing CCA bases).
@Suite struct PreparedRepresentationTests {
  static func gaussian(_ n: Int, _ p: Int, stream: UInt64) throws -> Tensor<Double> {
    var random = RandomStream(seed: 11, stream: stream)
    return try Tensor<Double>.normal([n, p], using: &random)
  }

  /// Y = tanh of a random mix of X plus noise: related but not equivalent.
  static func related(_ x: Tensor<Double>, _ q: Int, stream: UInt64) throws -> Tensor<Double> {
    let mix = try gaussian(x.shape[1], q, stream: stream)
    let noise = try gaussian(x.shape[0], q, stream: stream + 1)
    let product = try matmul(x, mix)
    return try Tensor(
      shape: product.shape,
      scalars: zip(product.scalars, noise.scalars).map { Double.tanh($0) + 0.3 * $1 })
  }

  static func cases() throws -> [(String, Tensor<Double>, Tensor<Double>)] {
    let x = try gaussian(40, 6, stream: 1)
    // A duplicated and a constant column: rank 6 of 8 after centring.
    let rows = try x.rowArrays()
    let deficient = try Tensor(
      shape: [40, 8], scalars: rows.flatMap { $0 + [$0[0], 2.5] })
    return [
      ("tall", x, try related(x, 9, stream: 10)),
      ("rank-deficient", deficient, try related(x, 5, stream: 20)),
      ("wide", try gaussian(30, 45, stream: 30), try gaussian(30, 12, stream: 31)),
    ]
  }

  @Test(arguments: [0, 1, 2])
  func agreesWithTheMetricsFunctions(index: Int) throws {
    let (name, x, y) = try Self.cases()[index]
    let pair = try PairSimilarity(PreparedRepresentation(x), PreparedRepresentation(y))
    let expected: [(String, Double, Double)] = [
      ("linear CKA", pair.linearCKA, try CKA.linear(x, y)),
      ("RBF CKA", pair.rbfCKA, try CKA.rbf(x, y, bandwidth: .medianDistance(fraction: 0.8))),
      ("mean CCA", pair.meanCCA, try CCA.correlations(x, y).meanCorrelation),
      ("SVCCA", pair.svcca, try CCA.svcca(x, y, varianceKept: 0.99).meanCorrelation),
      ("PWCCA x", pair.pwccaFirst, try CCA.pwcca(x, y, weighting: .x)),
      ("PWCCA y", pair.pwccaSecond, try CCA.pwcca(x, y, weighting: .y)),
    ]
    for (measure, cached, direct) in expected {
      #expect(abs(cached - direct) <= 1e-10, "\(name) \(measure): \(cached) vs \(direct)")
    }
  }

  @Test func orthogonalMapAndScaleGiveCKAOne() throws {
    let x = try Self.gaussian(50, 7, stream: 40)
    let q = try QRFactorization(try Self.gaussian(7, 7, stream: 41)).q()
    let y = try matmul(x, q).map { -3 * $0 }
    let pair = try PairSimilarity(PreparedRepresentation(x), PreparedRepresentation(y))
    #expect(abs(pair.linearCKA - 1) <= 1e-12)
    #expect(abs(pair.rbfCKA - 1) <= 1e-12)
    #expect(abs(pair.meanCCA - 1) <= 1e-12)
  }

  @Test func constantInputIsANamedError() throws {
    let constant = try Tensor<Double>(shape: [10, 3], repeating: 2)
    #expect(throws: RepriseError.self) { try PreparedRepresentation(constant) }
  }
}
