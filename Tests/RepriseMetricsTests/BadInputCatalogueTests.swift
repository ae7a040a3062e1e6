// Bad-input catalogue for RepriseMetrics: the representational-similarity
// measures (linear and RBF CKA, CCA, Procrustes, RSA) fed mismatched sample
// counts, a single sample, vectors, NaN and ±Inf, all-constant features,
// rank-deficient inputs and inputs scaled near underflow and overflow. Errors
// must be typed RepriseErrors (the measures document `invalidShape`,
// `shapeMismatch`, `nonFinite`, `invalidArgument` for 0/0); values must
// match the invariances the measures promise: CKA(X, X) = 1 at any scale,
// CKA and Procrustes unchanged by a constant feature, Procrustes(X, X) = 0.
// Cases are test arguments.
import RepriseCore
import RepriseMetrics
import RepriseTestSupport
import Testing

/// A fixed 6×3 representation with distinct, non-collinear columns.
private let features63 = try! Tensor<Double>(
  shape: [6, 3], scalars: [1, 0, 2, -1, 3, 0.5, 2, 2, -1, 0, -2, 4, 3, 1, 1, -2, 0.25, -3])

private func metricsMatrix(_ rows: Int, _ columns: Int, _ value: (Int, Int) -> Double) -> Tensor<
  Double
> {
  try! Tensor(
    shape: [rows, columns], scalars: (0..<rows * columns).map { value($0 / columns, $0 % columns) })
}

private let constant63 = metricsMatrix(6, 3) { _, j in Double(j) }
private let nan63 = metricsMatrix(6, 3) { i, j in i == 4 && j == 1 ? .nan : Double(i * j) }
private let infinity63 = metricsMatrix(6, 3) { i, j in
  i == 0 && j == 2 ? -.infinity : Double(i + j * j)
}
private let rows5 = metricsMatrix(5, 3) { i, j in Double(i * i + j) }

private let metricsErrorCases: [BadInputCase] = [
  BadInputCase("CKA: sample counts differ", ["shapeMismatch"]) {
    _ = try CKA.linear(features63, rows5)
  },
  BadInputCase("CKA: one sample", ["invalidShape"]) {
    _ = try CKA.linear(
      metricsMatrix(1, 3) { _, j in Double(j) }, metricsMatrix(1, 2) { _, j in Double(j) })
  },
  BadInputCase("CKA: a vector", ["invalidShape"]) {
    _ = try CKA.linear(Tensor([1.0, 2, 3]), features63)
  },
  BadInputCase("CKA: NaN", ["nonFinite"]) { _ = try CKA.linear(features63, nan63) },
  BadInputCase("CKA: −Inf", ["nonFinite"]) { _ = try CKA.linear(infinity63, features63) },
  BadInputCase("CKA: all features constant (0/0)", ["invalidArgument"]) {
    _ = try CKA.linear(constant63, features63)
  },
  BadInputCase("CKA: 0 × 3 inputs", ["invalidShape"]) {
    _ = try CKA.linear(try Tensor<Double>.zeros([0, 3]), try Tensor<Double>.zeros([0, 3]))
  },
  BadInputCase("RBF CKA: NaN", ["nonFinite"]) { _ = try CKA.rbf(nan63, features63) },
  BadInputCase("CCA: sample counts differ", ["shapeMismatch"]) {
    _ = try CCA.correlations(features63, rows5)
  },
  BadInputCase("CCA: +Inf", ["nonFinite"]) { _ = try CCA.correlations(features63, infinity63) },
  BadInputCase("CCA: negative ridge", ["invalidArgument"]) {
    _ = try CCA.correlations(features63, features63, ridge: -1)
  },
  BadInputCase("CCA: all features constant", ["invalidArgument", "invalidShape"]) {
    _ = try CCA.correlations(constant63, features63)
  },
  BadInputCase("Procrustes: sample counts differ", ["shapeMismatch"]) {
    _ = try ShapeMetric.procrustes(features63, rows5)
  },
  BadInputCase("Procrustes: NaN", ["nonFinite"]) {
    _ = try ShapeMetric.procrustes(nan63, features63)
  },
  BadInputCase("Procrustes: all features constant", ["invalidArgument"]) {
    _ = try ShapeMetric.procrustes(constant63, features63)
  },
  BadInputCase("RSA: sample counts differ", ["shapeMismatch"]) {
    _ = try RSA.similarity(features63, rows5)
  },
  BadInputCase("RSA: NaN", ["nonFinite"]) { _ = try RSA.similarity(features63, nan63) },
]

struct MetricsInvariance: Sendable, CustomTestStringConvertible {
  let name: String
  let computed: @Sendable () throws -> Double
  let expected: Double
  var testDescription: String { name }
}

/// `features63` times `scale` (a power of ten, so not exact: the measures
/// must still see the same geometry).
private func scaledFeatures(_ scale: Double) -> Tensor<Double> {
  try! Tensor(shape: [6, 3], scalars: features63.scalars.map { $0 * scale })
}

/// `features63` with a constant fourth column.
private let withConstantColumn = metricsMatrix(6, 4) { i, j in
  j == 3 ? 7 : features63.scalars[i * 3 + j]
}

private let metricsValueCases: [MetricsInvariance] = [
  .init(name: "CKA(X, X) = 1", computed: { try CKA.linear(features63, features63) }, expected: 1),
  .init(
    name: "CKA(X, X) = 1 near overflow (1e300·X)",
    computed: { try CKA.linear(scaledFeatures(1e300), scaledFeatures(1e300)) }, expected: 1),
  .init(
    name: "CKA(X, X) = 1 near underflow (1e-300·X)",
    computed: { try CKA.linear(scaledFeatures(1e-300), scaledFeatures(1e-300)) }, expected: 1),
  .init(
    name: "CKA(1e300·X, 1e-300·X) = 1",
    computed: { try CKA.linear(scaledFeatures(1e300), scaledFeatures(1e-300)) }, expected: 1),
  .init(
    name: "CKA unchanged by a constant feature",
    computed: { try CKA.linear(withConstantColumn, features63) }, expected: 1),
  .init(
    name: "CKA with n < p (Gram form): CKA(X, X) = 1",
    computed: {
      let wide = metricsMatrix(3, 8) { i, j in Double((i + 1) * (j + 2) % 5) + Double(i) }
      return try CKA.linear(wide, wide)
    }, expected: 1),
  .init(
    name: "Procrustes(X, X) = 0", computed: { try ShapeMetric.procrustes(features63, features63) },
    expected: 0),
  .init(
    name: "Procrustes(X, 1e300·X) = 0 (scale invariance near overflow)",
    computed: { try ShapeMetric.procrustes(features63, scaledFeatures(1e300)) }, expected: 0),
  .init(
    name: "CCA(X, X): every correlation is 1",
    computed: { try CCA.correlations(features63, features63).correlations.min() ?? .nan },
    expected: 1),
  .init(
    name: "CCA of a rank-deficient X with itself keeps rank 2",
    computed: {
      let deficient = metricsMatrix(6, 3) { i, j in
        j == 2
          ? features63.scalars[i * 3] + features63.scalars[i * 3 + 1]
          : features63.scalars[i * 3 + j]
      }
      return Double(try CCA.correlations(deficient, deficient).xDimensions)
    }, expected: 2),
]

@Suite struct MetricsBadInputCatalogueTests {
  @Test(arguments: metricsErrorCases)
  func rejectsWithATypedError(_ input: BadInputCase) {
    input.check()
  }

  @Test(arguments: metricsValueCases)
  func keepsItsInvariances(_ input: MetricsInvariance) throws {
    let value = try input.computed()
    #expect(!value.isNaN && abs(value - input.expected) <= 1e-7, "\(input.name): \(value)")
  }
}
