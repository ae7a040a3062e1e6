import RepriseMetrics
import RepriseTestSupport
import Testing

@Suite struct NeuralCollapseTests {
  static let cases = ["unbalanced", "wide"]

  @Test(arguments: cases) func matchesNumpyReference(_ name: String) throws {
    let h = try GeoFixture.tensor("collapse", "\(name)_features")
    let labels = try GeoFixture.integers("collapse", "\(name)_labels")
    let k = (labels.max() ?? 0) + 1
    let stats = try ClassStatistics(features: h, labels: labels, classCount: k)
    let within = try GeoFixture.values("collapse", "\(name)_within")
    let between = try GeoFixture.values("collapse", "\(name)_between")
    // Matrices: relative to their largest entry (entries near zero).
    expectRelativelyClose(
      try stats.withinClassCovariance().scalars, within, 1e-10,
      floor: within.map(abs).max()!, "Σ_W")
    expectRelativelyClose(
      try stats.betweenClassCovariance().scalars, between, 1e-10,
      floor: between.map(abs).max()!, "Σ_B")
    let means = try GeoFixture.values("collapse", "\(name)_means")
    expectRelativelyClose(stats.classMeans.scalars, means, 1e-10, floor: 1, "μ_k")
    expectRelativelyClose(
      stats.globalMean, try GeoFixture.values("collapse", "\(name)_global_mean"), 1e-10, floor: 1,
      "μ_G")

    expectRelativelyClose(
      try NeuralCollapse.nc1(stats), try GeoFixture.values("collapse", "\(name)_nc1")[0], 1e-10,
      "NC1")
    let nc2 = try NeuralCollapse.nc2(stats)
    expectRelativelyClose(
      [nc2.normVariation, nc2.cosineSpread, nc2.angleDeviation, nc2.etfDistance],
      try GeoFixture.values("collapse", "\(name)_nc2"), 1e-10, "NC2")
    let w = try GeoFixture.tensor("collapse", "\(name)_weights")
    expectRelativelyClose(
      try NeuralCollapse.nc3(stats, classifierWeights: w),
      try GeoFixture.values("collapse", "\(name)_nc3")[0], 1e-10, "NC3")
    let logits = try GeoFixture.tensor("collapse", "\(name)_logits")
    let nc4 = try NeuralCollapse.nc4(stats, features: h, logits: logits)
    #expect(nc4.mismatches == (try GeoFixture.integers("collapse", "\(name)_nc4"))[0])
    #expect(nc4.samples == labels.count)
  }

  /// Features that are exactly the vertices of a simplex ETF: every measure
  /// reaches its collapsed value.
  @Test func simplexETFIsFullyCollapsed() throws {
    let k = 4
    let p = 6
    // ETF: rows e_k − 1/K in the first K coordinates, scaled by 3, shifted
    // by a common offset (NC is translation invariant), embedded in p = 6.
    var means = [Double](repeating: 0, count: k * p)
    for c in 0..<k {
      for j in 0..<k { means[c * p + j] = 3 * ((c == j ? 1 : 0) - 1 / Double(k)) }
      for j in 0..<p { means[c * p + j] += 0.25 * Double(j) }
    }
    let labels = [0, 1, 2, 3, 3, 2, 1, 0]  // balanced: μ_G is the centroid
    var rows = [Double]()
    for label in labels { rows += means[(label * p)..<((label + 1) * p)] }
    let h = try Tensor(shape: [labels.count, p], scalars: rows)
    let stats = try ClassStatistics(features: h, labels: labels, classCount: k)
    #expect(try NeuralCollapse.nc1(stats) == 0)
    let nc2 = try NeuralCollapse.nc2(stats)
    #expect(nc2.normVariation < 1e-14)
    #expect(nc2.cosineSpread < 1e-14)
    #expect(nc2.angleDeviation < 1e-14)
    #expect(nc2.etfDistance < 1e-14)
    // Self-dual classifier: W = 2·(centred means) gives NC3 = 0 and logits
    // W·h, whose argmax is the nearest class mean (equinorm), NC4 = 0.
    let w = stats.centredClassMeans.map { 2 * $0 }
    #expect(try NeuralCollapse.nc3(stats, classifierWeights: w) < 1e-28)
    let logits = try matmul(h, w, transposeB: true)
    #expect(try NeuralCollapse.nc4(stats, features: h, logits: logits).mismatches == 0)
    #expect(try ClassSeparation.rSquared(features: h, labels: labels, classCount: k) == 1)
  }

  @Test func floatInputGivesTheDoubleResult() throws {
    let h = try GeoFixture.tensor("collapse", "unbalanced_features")
    let labels = try GeoFixture.integers("collapse", "unbalanced_labels")
    let hFloat = h.map { Double(Float($0)) }
    let single = try Tensor<Float>(shape: h.shape, scalars: h.scalars.map { Float($0) })
    let a = try NeuralCollapse.nc1(ClassStatistics(features: hFloat, labels: labels, classCount: 3))
    let b = try NeuralCollapse.nc1(ClassStatistics(features: single, labels: labels, classCount: 3))
    #expect(a == b)
  }

  @Test func badLabelsAreNamed() throws {
    let h = try Tensor<Double>(shape: [4, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 9])
    #expect(
      throws: RepriseError.invalidArgument(
        operation: "ClassStatistics", name: "labels[2]", reason: "label 5 is outside 0..<3")
    ) { try ClassStatistics(features: h, labels: [0, 1, 5, 2], classCount: 3) }
    #expect(
      throws: RepriseError.invalidArgument(
        operation: "ClassStatistics", name: "labels",
        reason: "class 1 has no samples (classCount 3)")
    ) { try ClassStatistics(features: h, labels: [0, 2, 0, 2], classCount: 3) }
    #expect(throws: RepriseError.self) {
      try ClassStatistics(features: h, labels: [0, 1, 0], classCount: 2)
    }
    let one = try ClassStatistics(features: h, labels: [0, 0, 0, 0], classCount: 1)
    #expect(throws: RepriseError.self) { try NeuralCollapse.nc1(one) }
    #expect(throws: RepriseError.self) { try NeuralCollapse.nc2(one) }
    // Class means that coincide: Σ_B = 0 is an error, not NC1 = 0.
    let same = try Tensor<Double>(shape: [4, 2], scalars: [1, 2, 3, 4, 3, 4, 1, 2])
    let coincide = try ClassStatistics(features: same, labels: [0, 0, 1, 1], classCount: 2)
    #expect(throws: RepriseError.self) { try NeuralCollapse.nc1(coincide) }
    let nan = try Tensor<Double>(shape: [2, 1], scalars: [1, .nan])
    #expect(throws: RepriseError.self) {
      try ClassStatistics(features: nan, labels: [0, 1], classCount: 2)
    }
    let stats = try ClassStatistics(features: h, labels: [0, 1, 0, 1], classCount: 2)
    #expect(throws: RepriseError.self) {
      try NeuralCollapse.nc3(stats, classifierWeights: try Tensor<Double>.zeros([2, 2]))
    }
    #expect(throws: RepriseError.self) {
      try NeuralCollapse.nc3(stats, classifierWeights: try Tensor<Double>.zeros([3, 2]))
    }
  }
}

@Suite struct ClassSeparationTests {
  @Test(arguments: NeuralCollapseTests.cases) func matchesNumpyReference(_ name: String) throws {
    let h = try GeoFixture.tensor("collapse", "\(name)_features")
    let labels = try GeoFixture.integers("collapse", "\(name)_labels")
    let k = (labels.max() ?? 0) + 1
    let expected = try GeoFixture.values("collapse", "\(name)_r2")
    expectRelativelyClose(
      try ClassSeparation.rSquared(features: h, labels: labels, classCount: k), expected[0], 1e-10,
      "R²")
    expectRelativelyClose(
      try ClassSeparation.rSquared(features: h, labels: labels, classCount: k, centringFirst: true),
      expected[1], 1e-10, "R² centred")
  }

  @Test func oneClassAndInvariances() throws {
    let h = try GeoFixture.tensor("collapse", "unbalanced_features")
    let labels = try GeoFixture.integers("collapse", "unbalanced_labels")
    #expect(
      try ClassSeparation.rSquared(
        features: h, labels: [Int](repeating: 0, count: labels.count), classCount: 1) == 0)
    // Positive per-row scaling leaves every cosine, hence R², unchanged.
    var scaled = h.scalars
    for i in 0..<h.shape[0] {
      for j in 0..<h.shape[1] { scaled[i * h.shape[1] + j] *= Double(i + 1) * 0.37 }
    }
    let a = try ClassSeparation.rSquared(features: h, labels: labels, classCount: 3)
    let b = try ClassSeparation.rSquared(
      features: try Tensor(shape: h.shape, scalars: scaled), labels: labels, classCount: 3)
    expectRelativelyClose(b, a, 1e-12, "scaled rows")
  }

  @Test func degenerateInputThrows() throws {
    let zeroRow = try Tensor<Double>(shape: [3, 2], scalars: [1, 0, 0, 0, 0, 1])
    #expect(
      throws: RepriseError.invalidArgument(
        operation: "ClassSeparation.rSquared", name: "features",
        reason: "row 1 is zero; its cosine is undefined")
    ) { try ClassSeparation.rSquared(features: zeroRow, labels: [0, 1, 1], classCount: 2) }
    let parallel = try Tensor<Double>(shape: [3, 2], scalars: [1, 1, 2, 2, 3, 3])
    #expect(throws: RepriseError.self) {
      try ClassSeparation.rSquared(features: parallel, labels: [0, 1, 1], classCount: 2)
    }
  }
}
