// A labelled data set: a feature matrix (examples in rows) with integer class
// labels, plus the seeded operations experiments need — splits, subsets,
// label noise and random labels. Every random choice takes an explicit
// `RandomStream`, so a split is reproducible from its seed.

/// Examples in rows with one integer class label each.
public struct LabeledDataset<Scalar: RealScalar>: Sendable, Equatable {
  public let features: Tensor<Scalar>
  public let labels: [Int]
  public let classCount: Int

  /// Checks that there is one label per row and every label is in 0..<classCount.
  public init(features: Tensor<Scalar>, labels: [Int], classCount: Int) throws {
    let (rows, _) = try features.matrixShape(operation: "LabeledDataset.init")
    guard labels.count == rows else {
      throw RepriseError.shapeMismatch(
        operation: "LabeledDataset.init (labels)", expected: [rows], got: [labels.count])
    }
    guard classCount > 0 else {
      throw RepriseError.invalidArgument(
        operation: "LabeledDataset.init", name: "classCount", reason: "must be positive")
    }
    for (row, label) in labels.enumerated() where label < 0 || label >= classCount {
      throw RepriseError.invalidArgument(
        operation: "LabeledDataset.init", name: "labels[\(row)]",
        reason: "\(label) is not in 0..<\(classCount)")
    }
    self.features = features
    self.labels = labels
    self.classCount = classCount
  }

  public var count: Int { labels.count }
  public var featureCount: Int { features.columnCount }

  /// The examples at `indices`, in that order.
  public func subset(_ indices: [Int]) throws -> LabeledDataset {
    let rows = try Variable(constant: features).gatherRows(indices).value
    return try LabeledDataset(
      features: rows, labels: indices.map { labels[$0] }, classCount: classCount)
  }

  /// The examples whose label is in `classes`, relabelled 0..<classes.count
  /// in the order given (e.g. digits 5…9 become 0…4).
  public func restricted(toClasses classes: [Int]) throws -> LabeledDataset {
    let indices = labels.indices.filter { classes.contains(labels[$0]) }
    let picked = try subset(indices)
    return try LabeledDataset(
      features: picked.features, labels: picked.labels.map { classes.firstIndex(of: $0)! },
      classCount: classes.count)
  }

  /// A seeded random split: a permutation of the examples, the first
  /// `trainCount` for training and the rest for testing.
  public func split(trainCount: Int, using random: inout RandomStream) throws -> (
    train: LabeledDataset, test: LabeledDataset
  ) {
    guard trainCount >= 0 && trainCount <= count else {
      throw RepriseError.invalidArgument(
        operation: "LabeledDataset.split", name: "trainCount",
        reason: "\(trainCount) not in 0...\(count)")
    }
    let order = try random.permutation(count)
    return (try subset(Array(order[..<trainCount])), try subset(Array(order[trainCount...])))
  }

  /// Replaces the label of a random `fraction` of the examples by a different,
  /// uniformly chosen class; returns the new data set and the noisy indices.
  public func withLabelNoise(fraction: Double, using random: inout RandomStream) throws -> (
    LabeledDataset, [Int]
  ) {
    guard fraction >= 0 && fraction <= 1, classCount > 1 else {
      throw RepriseError.invalidArgument(
        operation: "LabeledDataset.withLabelNoise", name: "fraction",
        reason: "needs 0 ≤ fraction ≤ 1 and ≥ 2 classes")
    }
    let noisy = try random.sample(Int((fraction * Double(count)).rounded()), from: count).sorted()
    var newLabels = labels
    for index in noisy {
      let shift = 1 + Int(try random.integer(below: UInt64(classCount - 1)))
      newLabels[index] = (labels[index] + shift) % classCount
    }
    return (
      try LabeledDataset(features: features, labels: newLabels, classCount: classCount), noisy
    )
  }

  /// The same features with the labels randomly permuted (random labels
  /// with the original class frequencies).
  public func withShuffledLabels(using random: inout RandomStream) throws -> LabeledDataset {
    let order = try random.permutation(count)
    return try LabeledDataset(
      features: features, labels: order.map { labels[$0] }, classCount: classCount)
  }

  /// Per-feature mean and standard deviation (population form, with `floor`
  /// added to the variance so constant features do not divide by zero).
  public func featureStatistics(varianceFloor floor: Scalar = 1e-2) throws -> (
    mean: Tensor<Scalar>, deviation: Tensor<Scalar>
  ) {
    let x = Variable(constant: features)
    let mean = try x.mean(alongAxis: 0, keepingAxis: true)
    let deviation = try ((x - mean).squared().mean(alongAxis: 0, keepingAxis: true) + floor)
      .squareRoot()
    return (mean.value, deviation.value)
  }

  /// Features standardised as (x − mean)/deviation with given statistics
  /// (usually those of the training split, applied to every split).
  public func standardized(mean: Tensor<Scalar>, deviation: Tensor<Scalar>) throws -> LabeledDataset
  {
    try LabeledDataset(
      features: try (features - mean) / deviation, labels: labels, classCount: classCount)
  }

  /// One-hot targets, shape [count, classCount].
  public func oneHotLabels() throws -> Tensor<Scalar> {
    var scalars = Tensor<Scalar>.filled(0, count: count * classCount)
    for (row, label) in labels.enumerated() { scalars[row * classCount + label] = 1 }
    return try Tensor(shape: [count, classCount], scalars: scalars)
  }
}
