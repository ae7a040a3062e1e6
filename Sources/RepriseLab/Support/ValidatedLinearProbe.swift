// A linear probe whose L2 penalty is chosen on held-out data, the protocol of
// the transfer probes in Kornblith, Shlens, Le (CVPR 2019) and Kornblith,
// Chen, Lee, Norouzi (NeurIPS 2021, papers.md §4): fit L2-penalised
// multinomial logistic regression (LinearProbe.swift) for every penalty of a
// logarithmic grid, keep the one with the best accuracy on validation data
// split off the probe's training set, refit on the whole training set with
// it, and score the test set.
//
// With only a few labelled examples per class a single held-out split is
// noisy, so the validation accuracy is pooled over k stratified folds
// (k-fold cross-validation): within each class, the examples in the order
// given go to folds 0, 1, …, k − 1, 0, 1, … (callers pass examples in a
// seeded random order), so every example is validated exactly once and
// every fold keeps the class proportions. The selected penalty is the one
// with the most correct validation predictions; ties go to the larger
// penalty (the simpler model). Everything is deterministic: no random
// numbers are drawn here.
//
// Cost: (k · |grid| + 1) probe fits, each L-BFGS on at most n examples.

/// L2 logistic-regression probe with its penalty selected by stratified
/// k-fold cross-validation on the training set.
public struct ValidatedLinearProbe: Sendable {
  /// Candidate penalties λ (each finite and ≥ 0), in any order.
  public var penalties: [Double]
  /// Number of cross-validation folds (≥ 2, ≤ the smallest class count).
  public var folds: Int
  /// Settings shared by every fit (its `penalty` is replaced per candidate).
  public var probe: LinearProbe

  public init(penalties: [Double], folds: Int = 5, probe: LinearProbe = LinearProbe()) {
    self.penalties = penalties
    self.folds = folds
    self.probe = probe
  }

  /// The selected penalty, the pooled validation accuracy of every
  /// candidate (in `penalties` order) and the final probe's evaluation.
  public struct Selection: Sendable {
    public var penalty: Double
    public var validationAccuracies: [Double]
    public var evaluation: LinearProbe.Evaluation
  }

  /// Stratified fold of every example: within each class, the i-th member
  /// (in the given order) goes to fold i mod `folds`.
  public static func foldAssignment(labels: [Int], classCount: Int, folds: Int) -> [Int] {
    var seen = [Int](repeating: 0, count: classCount)
    return labels.map { label in
      defer { seen[label] += 1 }
      return seen[label] % folds
    }
  }

  /// Selects the penalty on (train, trainLabels), refits with it and scores
  /// (test, testLabels).
  ///
  /// - Throws: `invalidArgument` for an empty or non-finite/negative grid,
  ///   fewer than 2 folds, or a class with fewer examples than folds; and
  ///   whatever `LinearProbe.fit` throws for bad features or labels.
  public func evaluate<Scalar: RealScalar>(
    train: Tensor<Scalar>, trainLabels: [Int], test: Tensor<Scalar>, testLabels: [Int],
    classCount: Int
  ) throws -> Selection {
    let operation = "ValidatedLinearProbe.evaluate"
    guard !penalties.isEmpty, penalties.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "penalties",
        reason: "needs at least one finite penalty ≥ 0, got \(penalties)")
    }
    guard folds >= 2 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "folds", reason: "needs at least 2 folds, got \(folds)")
    }
    let (n, p) = try FeatureMatrix.validate(train, operation: operation)
    try Loss.checkLabels(trainLabels, rows: n, classes: classCount, operation: operation)
    var counts = [Int](repeating: 0, count: classCount)
    for label in trainLabels { counts[label] += 1 }
    if let small = counts.indices.first(where: { counts[$0] < folds }) {
      throw RepriseError.invalidArgument(
        operation: operation, name: "trainLabels",
        reason: "class \(small) has \(counts[small]) examples, fewer than \(folds) folds")
    }
    let fold = Self.foldAssignment(labels: trainLabels, classCount: classCount, folds: folds)
    var correct = [Int](repeating: 0, count: penalties.count)
    for f in 0..<folds {
      let fitRows = (0..<n).filter { fold[$0] != f }
      let validationRows = (0..<n).filter { fold[$0] == f }
      let fitX = try Self.rows(train, fitRows, columns: p)
      let validationX = try Self.rows(train, validationRows, columns: p)
      let fitY = fitRows.map { trainLabels[$0] }
      for (index, penalty) in penalties.enumerated() {
        var candidate = probe
        candidate.penalty = penalty
        let fitted = try candidate.fit(features: fitX, labels: fitY, classCount: classCount)
        let predicted = try fitted.predict(validationX)
        correct[index] += zip(predicted, validationRows).filter { $0 == trainLabels[$1] }.count
      }
    }
    var best = 0
    for index in penalties.indices {
      let better = correct[index] > correct[best]
      let tieLarger = correct[index] == correct[best] && penalties[index] > penalties[best]
      if better || tieLarger { best = index }
    }
    var final = probe
    final.penalty = penalties[best]
    return Selection(
      penalty: penalties[best], validationAccuracies: correct.map { Double($0) / Double(n) },
      evaluation: try final.evaluate(
        train: train, trainLabels: trainLabels, test: test, testLabels: testLabels,
        classCount: classCount))
  }

  /// The listed rows of an n × p matrix.
  static func rows<Scalar: RealScalar>(_ x: Tensor<Scalar>, _ indices: [Int], columns p: Int)
    throws -> Tensor<Scalar>
  {
    var scalars: [Scalar] = []
    scalars.reserveCapacity(indices.count * p)
    for i in indices { scalars += x.scalars[(i * p)..<((i + 1) * p)] }
    return try Tensor(shape: [indices.count, p], scalars: scalars)
  }
}
