import Foundation
import RepriseLab
import RepriseTestSupport
import Testing

@Suite struct LinearProbeTests {
  static func matrix(_ name: String) throws -> Tensor<Double> {
    let array = try NumpyArray.fixture("lab/\(name).npy")
    return try Tensor(shape: array.shape, scalars: array.doubles)
  }

  static func labels(_ name: String) throws -> [Int] {
    try NumpyArray.fixture("lab/\(name).npy").integers
  }

  /// Penalised objective and gradient written out here from the definition,
  /// independently of the probe's code.
  static func objectiveAndGradient(
    _ fit: LinearProbe.Fit, features: Tensor<Double>, labels: [Int], penalty: Double
  ) throws -> (Double, [Double]) {
    let x = try fit.standardized(features)
    let (n, p) = (x.shape[0], x.shape[1])
    let k = fit.classCount
    var loss = 0.0
    var gw = [Double](repeating: 0, count: p * k)
    var gb = [Double](repeating: 0, count: k)
    for i in 0..<n {
      var z = fit.bias
      for c in 0..<k {
        for j in 0..<p { z[c] += x.scalars[i * p + j] * fit.weights.scalars[j * k + c] }
      }
      let m = z.max()!
      let total = z.map { Foundation.exp($0 - m) }.reduce(0, +)
      loss += m + Foundation.log(total) - z[labels[i]]
      for c in 0..<k {
        let r = (Foundation.exp(z[c] - m) / total - (c == labels[i] ? 1 : 0)) / Double(n)
        gb[c] += r
        for j in 0..<p { gw[j * k + c] += r * x.scalars[i * p + j] }
      }
    }
    var penaltyTerm = 0.0
    for (index, w) in fit.weights.scalars.enumerated() {
      penaltyTerm += 0.5 * penalty * w * w
      gw[index] += penalty * w
    }
    return (loss / Double(n) + penaltyTerm, gw + gb)
  }

  @Test func matchesScipyReference() throws {
    let scalars = try NumpyArray.fixture("lab/linear_probe_scalars.npy").doubles
    let (lambda, referenceObjective, referenceAccuracy) = (scalars[0], scalars[1], scalars[2])
    let probe = LinearProbe(penalty: lambda, tolerance: 1e-10)
    let result = try probe.evaluate(
      train: try Self.matrix("linear_probe_train_x"),
      trainLabels: try Self.labels("linear_probe_train_y"),
      test: try Self.matrix("linear_probe_test_x"),
      testLabels: try Self.labels("linear_probe_test_y"),
      classCount: 3)
    #expect(result.fit.converged)
    #expect(abs(result.fit.objective - referenceObjective) <= 1e-12 * referenceObjective)
    let weights = try Self.matrix("linear_probe_weights")
    #expect(weights.shape == result.fit.weights.shape)
    for (ours, theirs) in zip(result.fit.weights.scalars, weights.scalars) {
      #expect(abs(ours - theirs) <= 1e-8)
    }
    // The constant sixth column gets exactly zero weight.
    for c in 0..<3 { #expect(result.fit.weights.scalars[5 * 3 + c] == 0) }
    let bias = try NumpyArray.fixture("lab/linear_probe_bias.npy").doubles
    let ourMean = result.fit.bias.reduce(0, +) / 3
    for (ours, theirs) in zip(result.fit.bias, bias) {
      #expect(abs(ours - ourMean - theirs) <= 1e-8)
    }
    #expect(result.testAccuracy == referenceAccuracy)
  }

  @Test func gradientVanishesAtTheSolution() throws {
    let x = try Self.matrix("linear_probe_train_x")
    let y = try Self.labels("linear_probe_train_y")
    for penalty in [1e-3, 0.1, 1.0] {
      let fit = try LinearProbe(penalty: penalty, tolerance: 1e-9).fit(
        features: x, labels: y, classCount: 3)
      #expect(fit.converged)
      let (value, gradient) = try Self.objectiveAndGradient(
        fit, features: x, labels: y, penalty: penalty)
      #expect(abs(value - fit.objective) <= 1e-12)
      #expect(gradient.map(\.magnitude).max()! <= 1e-8)
    }
  }

  @Test func separableDataIsFittedExactly() throws {
    // Two well separated clusters per class, Float features.
    var stream = RandomStream(seed: 7, stream: 1)
    var rows: [Float] = []
    var labels: [Int] = []
    for i in 0..<40 {
      let label = i % 4
      labels.append(label)
      for j in 0..<3 {
        rows.append(
          Float(j == label % 3 ? 10 : 0) + Float(label == 3 ? -10 : 0) + Float(stream.normal()))
      }
    }
    let x = try Tensor<Float>(shape: [40, 3], scalars: rows)
    let result = try LinearProbe(penalty: 1e-4).evaluate(
      train: x, trainLabels: labels, test: x, testLabels: labels, classCount: 4)
    #expect(result.fit.converged)
    #expect(result.trainAccuracy == 1)
    #expect(result.testAccuracy == 1)
  }

  @Test func isDeterministic() throws {
    let x = try Self.matrix("linear_probe_train_x")
    let y = try Self.labels("linear_probe_train_y")
    let a = try LinearProbe(penalty: 0.01).fit(features: x, labels: y, classCount: 3)
    let b = try LinearProbe(penalty: 0.01).fit(features: x, labels: y, classCount: 3)
    #expect(a.weights.scalars.map(\.bitPattern) == b.weights.scalars.map(\.bitPattern))
    #expect(a.bias.map(\.bitPattern) == b.bias.map(\.bitPattern))
  }

  @Test func rejectsBadInput() throws {
    let x = try Tensor<Double>(shape: [4, 2], scalars: [0, 1, 2, 3, 4, 5, 6, 7])
    #expect(throws: RepriseError.self) {
      try LinearProbe().fit(features: x, labels: [0, 1, 0], classCount: 2)
    }
    #expect(throws: RepriseError.self) {
      try LinearProbe().fit(features: x, labels: [0, 1, 0, 2], classCount: 2)
    }
    #expect(throws: RepriseError.self) {
      try LinearProbe(penalty: -1).fit(features: x, labels: [0, 1, 0, 1], classCount: 2)
    }
    #expect(throws: RepriseError.self) {
      try LinearProbe().fit(features: x, labels: [0, 0, 0, 0], classCount: 1)
    }
    let fit = try LinearProbe().fit(features: x, labels: [0, 1, 0, 1], classCount: 2)
    #expect(throws: RepriseError.self) {
      try fit.predict(try Tensor<Double>(shape: [1, 3], scalars: [0, 0, 0]))
    }
    #expect(throws: RepriseError.self) {
      try fit.accuracy(features: x, labels: [0, 1, 0, 5])
    }
  }
}
