// Properties of the similarity measures that hold whatever the data:
// invariances (Kornblith et al. 2019 §3), saturation of CCA when p ≥ n,
// the triangle inequality of the shape metrics, unbiasedness of debiased CKA,
// precision on float32 data far from the origin, tie rules, and typed errors
// for undefined inputs.
import RepriseMetrics
import Testing

/// n×p standard normal matrix from Reprise's generator.
func gaussian(_ n: Int, _ p: Int, seed: UInt64, stream: UInt64 = 0) throws -> Tensor<Double> {
  var random = RandomStream(seed: seed, stream: stream)
  return try Tensor(shape: [n, p], scalars: random.normals(n * p))
}

/// A random p×p orthogonal matrix (Q of a Gaussian matrix's QR).
func orthogonal(_ p: Int, seed: UInt64) throws -> Tensor<Double> {
  try QRFactorization(gaussian(p, p, seed: seed, stream: 7)).q()
}

@Suite struct SimilarityPropertyTests {
  @Test func ckaIsInvariantToOrthogonalMapsAndIsotropicScaling() throws {
    let x = try gaussian(30, 5, seed: 1)
    let y = try matmul(x, gaussian(5, 4, seed: 2)).map { $0 * $0 } + gaussian(30, 4, seed: 3)
    let moved = try matmul(x, orthogonal(5, seed: 4)) * 3.7 + 100
    expectClose(try CKA.linear(moved, y), try CKA.linear(x, y), relative: 1e-12, "linear")
    expectClose(try CKA.rbf(moved, y), try CKA.rbf(x, y), relative: 1e-12, "rbf")
    expectClose(try CKA.debiased(moved, y), try CKA.debiased(x, y), relative: 1e-12, "debiased")
    expectClose(try CKA.linear(x, moved), 1, relative: 1e-14, "CKA(X, cXQ + b) = 1")
    // Not invariant to a general invertible map.
    let stretched = try matmul(
      x, Tensor(shape: [5, 5], scalars: (0..<25).map { $0 % 6 == 0 ? Double($0 + 1) : 0.1 }))
    #expect(abs(try CKA.linear(stretched, y) - CKA.linear(x, y)) > 1e-3)
  }

  @Test func wideFeatureFormMatchesTheGramDefinition() throws {
    // p, q > 64 exercise the recursive tiling of XᵀX and YᵀY (and, through
    // the streaming accumulator, of the joint (p + q)² products).
    let x = try gaussian(200, 80, seed: 13) + 2
    let y =
      try matmul(x, gaussian(80, 70, seed: 14)).map { max(0, $0) } + gaussian(200, 70, seed: 15)
    let k = try matmul(x, x, transposeB: true)
    let l = try matmul(y, y, transposeB: true)
    expectClose(try CKA.linear(x, y), try CKA.gram(k, l), relative: 1e-12, "feature vs Gram form")
    expectClose(
      try CKA.debiased(x, y), try CKA.gram(k, l, estimator: .unbiased), relative: 1e-9,
      "debiased feature vs Gram form")
    expectClose(
      try CKA.minibatch(x, y, batchSize: 200), try CKA.debiased(x, y), relative: 1e-12,
      "one batch of all rows = debiased CKA")
    var acc = try CrossProductAccumulator(xFeatures: 80, yFeatures: 70)
    try acc.append(x.rows(0..<123), y.rows(0..<123))
    try acc.append(x.rows(123..<200), y.rows(123..<200))
    expectClose(try acc.linearCKA(), try CKA.linear(x, y), relative: 1e-12, "streaming, wide")
  }

  @Test func threadCountDoesNotChangeBits() throws {
    let x = try gaussian(150, 70, seed: 16)
    let y = try gaussian(150, 90, seed: 17) + matmul(x, gaussian(70, 90, seed: 18))
    let one = try CKA.linear(x, y, threads: 1)
    let three = try CKA.linear(x, y, threads: 3)
    #expect(one.bitPattern == three.bitPattern)
  }

  @Test func ccaIsInvariantToInvertibleLinearMaps() throws {
    let x = try gaussian(40, 4, seed: 5)
    let y = try matmul(x, gaussian(4, 6, seed: 6)) + gaussian(40, 6, seed: 8) * 2
    let a = try gaussian(4, 4, seed: 9) + Tensor<Double>.identity(4) * 3
    let b = try gaussian(6, 6, seed: 10) + Tensor<Double>.identity(6) * 3
    let mapped = try CCA.correlations(matmul(x, a) - 7, matmul(y, b) + 1e3)
    let plain = try CCA.correlations(x, y)
    expectClose(
      mapped.correlations.map { $0 }, plain.correlations.map { $0 }, relative: 1e-10,
      "ρ under invertible maps")
    #expect(plain.xDimensions == 4 && plain.yDimensions == 6)
  }

  @Test func ccaSaturatesWhenFeaturesOutnumberSamples() throws {
    let x = try gaussian(10, 12, seed: 11)
    let y = try gaussian(10, 15, seed: 12)
    let cca = try CCA.correlations(x, y)
    #expect(cca.correlations.count == 9)  // rank n − 1 after centring
    for rho in cca.correlations { #expect(abs(rho - 1) < 1e-12) }
    #expect(abs(cca.meanCorrelation - 1) < 1e-12)
    #expect(try CKA.linear(x, y) < 0.9)  // CKA still tells them apart
  }

  @Test func shapeMetricsSatisfyTheTriangleInequality() throws {
    for trial in 0..<20 {
      let s = UInt64(100 + 3 * trial)
      let widths = [3 + trial % 3, 4, 2 + trial % 4]
      let a = try gaussian(15, widths[0], seed: s)
      let b =
        try gaussian(15, widths[1], seed: s + 1)
        + a.columns(0..<min(widths[0], 4)).map { $0 }
        .padded(to: widths[1])
      let c = try gaussian(15, widths[2], seed: s + 2)
      for (name, d) in [
        (
          "procrustes",
          { (u: Tensor<Double>, v: Tensor<Double>) in try ShapeMetric.procrustes(u, v) }
        ),
        ("angular", { try ShapeMetric.angular($0, $1) }),
        ("angular α=0.5", { try ShapeMetric.angular($0, $1, alpha: 0.5) }),
      ] {
        let (ab, bc, ac) = (try d(a, b), try d(b, c), try d(a, c))
        #expect(ac <= ab + bc + 1e-12, "\(name) trial \(trial): \(ac) > \(ab) + \(bc)")
        #expect(abs(try d(b, a) - ab) < 1e-12, "\(name) symmetric")
      }
      #expect(try ShapeMetric.procrustes(a, matmul(a, orthogonal(widths[0], seed: s)) * 2) < 1e-7)
    }
  }

  @Test func debiasedCKAIsNearZeroOnIndependentData() throws {
    var debiased: [Double] = []
    var biased: [Double] = []
    for trial in 0..<60 {
      let x = try gaussian(20, 5, seed: 1000 + UInt64(trial))
      let y = try gaussian(20, 5, seed: 5000 + UInt64(trial))
      debiased.append(try CKA.debiased(x, y))
      biased.append(try CKA.linear(x, y))
    }
    let meanDebiased = debiased.reduce(0, +) / 60
    let meanBiased = biased.reduce(0, +) / 60
    // Biased CKA of independent 20×5 inputs sits near 0.25; the debiased
    // estimate's spread over trials is ~0.05, so its mean is within ~0.01.
    #expect(meanBiased > 0.15, "biased mean \(meanBiased)")
    #expect(abs(meanDebiased) < 0.03, "debiased mean \(meanDebiased)")
  }

  @Test func float32FarFromTheOriginKeepsItsDigits() throws {
    let x = try gaussian(64, 6, seed: 21)
    let y = try matmul(x, gaussian(6, 5, seed: 22)) + gaussian(64, 5, seed: 23)
    let reference = (try CKA.debiased(x, y), try CKA.linear(x, y), try CCA.pwcca(x, y))
    let xf = try Tensor<Float>(shape: x.shape, scalars: x.scalars.map { Float($0 + 3e3) })
    let yf = try Tensor<Float>(shape: y.shape, scalars: y.scalars.map { Float($0 - 5e3) })
    // Float rounding of the shifted data is ~2e-4 absolute on unit-scale
    // features; the measures must keep that, not lose everything.
    #expect(abs(Double(try CKA.debiased(xf, yf)) - reference.0) < 2e-3)
    #expect(abs(Double(try CKA.linear(xf, yf)) - reference.1) < 2e-3)
    #expect(abs(Double(try CCA.pwcca(xf, yf)) - reference.2) < 2e-3)
  }

  @Test func neighbourTiesGoToTheLowerIndex() throws {
    // Sample 0 is equally near samples 1 and 2 in X; the rule picks 1, which
    // is also its nearest neighbour in Y, so every neighbourhood agrees.
    let x = try Tensor<Double>(shape: [4, 1], scalars: [0, 1, -1, 5])
    let y = try Tensor<Double>(shape: [4, 1], scalars: [0, 1, -3, 5])
    #expect(try MutualKNN.alignment(x, y, k: 1, metric: .euclidean) == 1)
    let swapped = try Tensor<Double>(shape: [4, 1], scalars: [0, -3, 1, 5])
    #expect(try MutualKNN.alignment(x, swapped, k: 1, metric: .euclidean) == 0.5)
  }

  @Test func undefinedInputsThrowTypedErrors() throws {
    let x = try gaussian(12, 3, seed: 31)
    let constant = try Tensor<Double>(shape: [12, 2], scalars: [Double](repeating: 0.1, count: 24))
    for measure in SimilarityMeasure.allCases where measure != .rsa && measure != .mutualKNN {
      #expect(throws: RepriseError.self, "\(measure) of a constant input") {
        _ = try measure.evaluate(x, constant)
      }
    }
    var withNaN = x.scalars
    withNaN[7] = .nan
    do {
      _ = try CKA.linear(Tensor(shape: [12, 3], scalars: withNaN), x)
      Issue.record("NaN accepted")
    } catch RepriseError.nonFinite(_, let row, let column, _) {
      #expect(row == 2 && column == 1)
    }
    #expect(throws: RepriseError.self) { try CCA.correlations(x, gaussian(11, 3, seed: 32)) }
    #expect(throws: RepriseError.self) { try CKA.debiased(x.rows(0..<3), x.rows(0..<3)) }
    #expect(throws: RepriseError.self) { try CKA.minibatch(x, x, batchSize: 3) }
    #expect(throws: RepriseError.self) { try CKA.rbf(x, x, bandwidth: .fixed(sigma: -1)) }
    #expect(throws: RepriseError.self) { try CCA.svcca(x, x, varianceKept: 0) }
    #expect(throws: RepriseError.self) { try MutualKNN.alignment(x, x, k: 12) }
    // 10 of the 15 sample pairs coincide: the median distance is 0, σ undefined.
    let clumped = try Tensor<Double>(shape: [6, 1], scalars: [1, 1, 1, 1, 1, 3])
    #expect(throws: RepriseError.self) { try CKA.rbf(clumped, clumped) }
    let constantRow = try Tensor<Double>(shape: [3, 2], scalars: [1, 2, 4, 4, 0, 1])
    #expect(throws: RepriseError.self) { try RSA.similarity(constantRow, constantRow) }
    #expect(
      abs(try RSA.similarity(constantRow, constantRow, dissimilarity: .euclidean) - 1) < 1e-15)
  }

  @Test func namedMeasuresMatchTheirFunctions() throws {
    let c = try SimilarityCase.named("tall")
    let keys: [SimilarityMeasure: String] = [
      .linearCKA: "linear_cka", .rbfCKA: "rbf_cka_median_0.8", .debiasedCKA: "debiased_cka_linear",
      .cca: "cca_mean_rho", .ccaR2: "cca_mean_r2", .pwcca: "pwcca_x",
      .procrustes: "procrustes_squared", .angularProcrustes: "angular_1.0",
      .rsa: "rsa_correlation_spearman",
    ]
    for (measure, key) in keys {
      expectClose(try measure.evaluate(c.x, c.y), c.value(key), "\(measure.rawValue)")
    }
    #expect(SimilarityMeasure(rawValue: "pwcca") == .pwcca)
    #expect(
      Set(SimilarityMeasure.allCases.map(\.rawValue)).count == SimilarityMeasure.allCases.count)
  }
}

extension Tensor where Scalar == Double {
  /// The matrix with zero columns appended (or columns dropped) to `width`.
  func padded(to width: Int) throws -> Tensor {
    let (n, p) = (shape[0], shape[1])
    var out = [Double](repeating: 0, count: n * width)
    for i in 0..<n {
      for j in 0..<min(p, width) { out[i * width + j] = scalars[i * p + j] }
    }
    return try Tensor(shape: [n, width], scalars: out)
  }
}
