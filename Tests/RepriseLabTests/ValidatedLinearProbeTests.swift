import RepriseLab
import RepriseTestSupport
import Testing

/// The probe on raw features and the cross-validated choice of its penalty.
@Suite struct ValidatedLinearProbeTests {
  /// The fixture's first five columns (the sixth is constant), raw: their
  /// scales differ (deviations 1.7 to 8.6), so standardising would change
  /// the problem.
  static func rawColumns() throws -> Tensor<Double> {
    let x = try LinearProbeTests.matrix("linear_probe_train_x")
    let n = x.shape[0]
    return try Tensor(
      shape: [n, 5], scalars: (0..<n).flatMap { i in (0..<5).map { x.scalars[i * 6 + $0] } })
  }

  @Test func rawFitIsStationaryOnTheRawFeatures() throws {
    let x = try Self.rawColumns()
    let y = try LinearProbeTests.labels("linear_probe_train_y")
    for penalty in [0.1, 1.0] {
      let fit = try LinearProbe(penalty: penalty, tolerance: 1e-8, standardizesFeatures: false)
        .fit(features: x, labels: y, classCount: 3)
      #expect(fit.converged)
      #expect(fit.featureMeans.allSatisfy { $0 == 0 })
      #expect(fit.featureScales.allSatisfy { $0 == 1 })
      // Reading raw features is the identity map.
      #expect(try fit.standardized(x).scalars == x.scalars)
      // With the identity map, the objective written out from the
      // definition in LinearProbeTests is the one on the raw features.
      let (value, gradient) = try LinearProbeTests.objectiveAndGradient(
        fit, features: x, labels: y, penalty: penalty)
      #expect(abs(value - fit.objective) <= 1e-12 * max(1, value))
      #expect(gradient.map(\.magnitude).max()! <= 1e-7)
    }
  }

  @Test func rawFitOfStandardizedFeaturesEqualsStandardizedFit() throws {
    // Identity: on features that already have mean 0 and unit deviation per
    // column, standardising changes nothing, so both probes solve the same
    // problem. (The fixture's constant sixth column is dropped.)
    let x = try LinearProbeTests.matrix("linear_probe_train_x")
    let y = try LinearProbeTests.labels("linear_probe_train_y")
    let (n, p) = (x.shape[0], 5)
    var columns = [[Double]](repeating: [], count: p)
    for j in 0..<p { columns[j] = (0..<n).map { x.scalars[$0 * 6 + j] } }
    var scalars = [Double](repeating: 0, count: n * p)
    for j in 0..<p {
      let mean = columns[j].reduce(0, +) / Double(n)
      let deviation =
        (columns[j].map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)).squareRoot()
      for i in 0..<n { scalars[i * p + j] = (columns[j][i] - mean) / deviation }
    }
    let z = try Tensor(shape: [n, p], scalars: scalars)
    let raw = try LinearProbe(penalty: 0.05, tolerance: 1e-10, standardizesFeatures: false).fit(
      features: z, labels: y, classCount: 3)
    let standardized = try LinearProbe(penalty: 0.05, tolerance: 1e-10).fit(
      features: z, labels: y, classCount: 3)
    for (a, b) in zip(raw.weights.scalars, standardized.weights.scalars) {
      #expect(abs(a - b) <= 1e-7)
    }
    #expect(abs(raw.objective - standardized.objective) <= 1e-12)
  }

  @Test func foldsAreStratifiedRoundRobin() {
    let labels = [2, 0, 0, 1, 2, 0, 2, 2, 1, 0, 0]
    let folds = ValidatedLinearProbe.foldAssignment(labels: labels, classCount: 3, folds: 3)
    // Class 0 at positions 1, 2, 5, 9, 10 → folds 0, 1, 2, 0, 1; class 1 at
    // 3, 8 → 0, 1; class 2 at 0, 4, 6, 7 → 0, 1, 2, 0.
    #expect(folds == [0, 0, 1, 0, 1, 2, 2, 0, 1, 0, 1])
  }

  @Test func selectsThePenaltyWithTheBestPooledValidationAccuracy() throws {
    let x = try LinearProbeTests.matrix("linear_probe_train_x")
    let y = try LinearProbeTests.labels("linear_probe_train_y")
    let test = try LinearProbeTests.matrix("linear_probe_test_x")
    let testY = try LinearProbeTests.labels("linear_probe_test_y")
    let grid = [1e-4, 1e-2, 1, 100]
    let folds = 4
    let selection = try ValidatedLinearProbe(penalties: grid, folds: folds).evaluate(
      train: x, trainLabels: y, test: test, testLabels: testY, classCount: 3)
    // The same cross-validation rebuilt from public pieces: fit on the other
    // folds, count correct predictions on the held-out one.
    let assignment = ValidatedLinearProbe.foldAssignment(labels: y, classCount: 3, folds: folds)
    let p = x.shape[1]
    func rows(_ indices: [Int]) throws -> Tensor<Double> {
      try Tensor(
        shape: [indices.count, p], scalars: indices.flatMap { x.scalars[($0 * p)..<(($0 + 1) * p)] }
      )
    }
    var correct = [Int](repeating: 0, count: grid.count)
    for f in 0..<folds {
      let fitRows = y.indices.filter { assignment[$0] != f }
      let heldOut = y.indices.filter { assignment[$0] == f }
      for (index, penalty) in grid.enumerated() {
        let fit = try LinearProbe(penalty: penalty).fit(
          features: try rows(fitRows), labels: fitRows.map { y[$0] }, classCount: 3)
        let predicted = try fit.predict(try rows(heldOut))
        correct[index] += zip(predicted, heldOut).filter { $0 == y[$1] }.count
      }
    }
    #expect(selection.validationAccuracies == correct.map { Double($0) / Double(y.count) })
    let bestCount = correct.max()!
    let expected = grid.indices.filter { correct[$0] == bestCount }.map { grid[$0] }.max()!
    #expect(selection.penalty == expected)
    // The final probe is the plain probe at the selected penalty on all data.
    let refit = try LinearProbe(penalty: expected).evaluate(
      train: x, trainLabels: y, test: test, testLabels: testY, classCount: 3)
    #expect(selection.evaluation.testAccuracy == refit.testAccuracy)
    #expect(
      selection.evaluation.fit.weights.scalars.map(\.bitPattern)
        == refit.fit.weights.scalars.map(\.bitPattern))
    // A penalty of 100 on standardised features shrinks W to almost nothing:
    // it must not be the choice on this separable-enough fixture.
    #expect(selection.penalty < 100)
  }

  @Test func rejectsBadSettings() throws {
    let x = try Tensor<Double>(shape: [4, 2], scalars: [0, 1, 2, 3, 4, 5, 6, 7])
    let y = [0, 1, 0, 1]
    func run(_ probe: ValidatedLinearProbe, labels: [Int] = [0, 1, 0, 1]) throws {
      _ = try probe.evaluate(train: x, trainLabels: labels, test: x, testLabels: y, classCount: 2)
    }
    expectRepriseError("empty grid", kinds: ["invalidArgument"]) {
      try run(ValidatedLinearProbe(penalties: [], folds: 2))
    }
    expectRepriseError("negative penalty", kinds: ["invalidArgument"]) {
      try run(ValidatedLinearProbe(penalties: [0.1, -1], folds: 2))
    }
    expectRepriseError("NaN penalty", kinds: ["invalidArgument"]) {
      try run(ValidatedLinearProbe(penalties: [.nan], folds: 2))
    }
    expectRepriseError("one fold", kinds: ["invalidArgument"]) {
      try run(ValidatedLinearProbe(penalties: [0.1], folds: 1))
    }
    expectRepriseError("class smaller than the folds", kinds: ["invalidArgument"]) {
      try run(ValidatedLinearProbe(penalties: [0.1], folds: 3))
    }
    expectRepriseError("label out of range", kinds: ["invalidArgument"]) {
      try run(ValidatedLinearProbe(penalties: [0.1], folds: 2), labels: [0, 1, 0, 2])
    }
  }
}
