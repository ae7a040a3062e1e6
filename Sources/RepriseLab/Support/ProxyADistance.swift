// The proxy A-distance between two samples of features (the diagnostic of
// domain-adversarial training, Ganin et al., JMLR 2016).
//
// Proxy A-distance (Ben-David et al. 2007; Ganin et al.'s diagnostic):
// d_A = 2(1 − 2ε), where ε is the held-out error of a classifier trained to
// tell the two samples apart. Identical distributions give ε ≈ 1/2 and
// d_A ≈ 0; perfectly separable ones give ε = 0 and d_A = 2 (a worse-than-
// chance probe can give a slightly negative value). Here the classifier is
// the Lab's `LinearProbe` (L2 logistic regression on standardised
// features; the paper uses a linear SVM), fitted on a random half of the
// pooled rows and scored on the other half. Cost: one probe fit on n/2
// rows.

/// Proxy A-distance between two samples of features.
public enum ProxyADistance {
  /// d_A = 2(1 − 2ε) for source (n_s × p) and target (n_t × p) features;
  /// the rows are shuffled with `random`, the first half trains the domain
  /// probe and ε is its error on the second half.
  ///
  /// - Throws: `shapeMismatch` when the feature counts differ,
  ///   `invalidShape` when fewer than 4 rows are pooled, and the probe's
  ///   errors for bad features.
  public static func estimate(
    source: Tensor<Double>, target: Tensor<Double>, probe: LinearProbe = LinearProbe(),
    random: inout RandomStream
  ) throws -> Double {
    let operation = "ProxyADistance.estimate"
    guard source.shape.count == 2, target.shape.count == 2, source.shape[1] == target.shape[1]
    else {
      throw RepriseError.shapeMismatch(
        operation: operation, expected: source.shape, got: target.shape)
    }
    let all = try Tensor.concatenate([source, target], axis: 0)
    let n = all.shape[0]
    guard n >= 4 else {
      throw RepriseError.invalidShape(
        operation: operation, shape: all.shape, reason: "needs at least 4 pooled rows")
    }
    let domain = (0..<n).map { $0 < source.shape[0] ? 0 : 1 }
    let order = try random.permutation(n)
    let trainRows = Array(order[0..<(n / 2)])
    let testRows = Array(order[(n / 2)...])
    let rows = try all.rowArrays()
    func matrix(_ indices: [Int]) throws -> Tensor<Double> {
      try Tensor(shape: [indices.count, all.shape[1]], scalars: indices.flatMap { rows[$0] })
    }
    let evaluation = try probe.evaluate(
      train: try matrix(trainRows), trainLabels: trainRows.map { domain[$0] },
      test: try matrix(testRows), testLabels: testRows.map { domain[$0] }, classCount: 2)
    let error = 1 - evaluation.testAccuracy
    return 2 * (1 - 2 * error)
  }
}
