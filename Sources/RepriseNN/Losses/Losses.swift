// Training objectives. Each takes the network's outputs (logits or
// predictions, examples in rows) and returns the mean loss over examples as a
// rank-0 variable, differentiable to any order.
//
// With p = softmax(z) and y the integer label of a row:
//   softmax cross-entropy      −log p_y = logsumexp(z) − z_y
//   label smoothing (α)        (1 − α)(−log p_y) + α · mean_k(−log p_k)
//                              (Szegedy et al. 2016; the uniform target puts α/K on each class)
//   sigmoid cross-entropy      Σ_k softplus(z_k) − t_k z_k, t one-hot (one-vs-rest)
//   squared error              ½‖z − t‖² summed over classes, t one-hot (Hui & Belkin 2021 use it unhalved;
//                              we follow Kornblith et al. 2021's "squared error" with a scale κ on the target)
//   logit penalty (β)          cross-entropy + β‖z‖²
//   logit normalisation (τ)    cross-entropy of z/(τ‖z‖)
//   MSE                        mean over all entries of (ŷ − y)²
//   importance-weighted MSE    Σ_i I_i (ŷ_i − y_i)², averaged over examples (superposition toy models)
//   logistic (±1 labels)       softplus(−y·f) for binary targets
// Cosine softmax normalises features and class weights and is a layer
// (`CosineClassifier`), used with plain cross-entropy.
// Kornblith, Chen, Lee & Norouzi, "Why do better loss functions lead to less
// transferable features?", NeurIPS 2021, list these objectives.

public enum Loss {
  /// Mean of −log softmax(z)_label over rows, with optional label smoothing α.
  @_specialize(where S == Float)
  @_specialize(where S == Double)
  public static func softmaxCrossEntropy<S: RealScalar>(
    _ logits: Variable<S>, labels: [Int], labelSmoothing alpha: S = 0
  ) throws -> Variable<S> {
    let (rows, classes) = try logits.value.matrixShape(operation: "Loss.softmaxCrossEntropy")
    try checkLabels(labels, rows: rows, classes: classes, operation: "Loss.softmaxCrossEntropy")
    // One tape node with the composed ops' bits (SoftmaxCrossEntropy.swift).
    if alpha == 0 { return try logits.meanSoftmaxCrossEntropy(labels: labels) }
    let logProbabilities = try logits.logSoftmax(alongAxis: 1)
    let picked = try logProbabilities.pick(columns: labels).mean()
    guard alpha != 0 else { return -picked }
    let uniform = try logProbabilities.mean()  // mean over rows and classes
    return try (picked * (alpha - 1)) - uniform * alpha
  }

  /// Mean over rows of Σ_k softplus(z_k) − t_k z_k with one-hot targets.
  public static func sigmoidCrossEntropy<S: RealScalar>(_ logits: Variable<S>, labels: [Int]) throws
    -> Variable<S>
  {
    let (rows, classes) = try logits.value.matrixShape(operation: "Loss.sigmoidCrossEntropy")
    let targets: Tensor<S> = try oneHot(
      labels, rows: rows, classes: classes, operation: "Loss.sigmoidCrossEntropy")
    let perEntry = try logits.softplus() - logits * Variable(constant: targets)
    return try perEntry.sum() * (1 / S(rows))
  }

  /// Mean over rows of ½‖z − κ·t‖² with one-hot targets t.
  public static func squaredError<S: RealScalar>(
    _ outputs: Variable<S>, labels: [Int], targetScale: S = 1
  ) throws
    -> Variable<S>
  {
    let (rows, classes) = try outputs.value.matrixShape(operation: "Loss.squaredError")
    let targets: Tensor<S> =
      try oneHot(labels, rows: rows, classes: classes, operation: "Loss.squaredError") * targetScale
    return try (outputs - Variable(constant: targets)).squared().sum() * (1 / (2 * S(rows)))
  }

  /// Softmax cross-entropy plus β times the mean squared logit norm.
  public static func logitPenalty<S: RealScalar>(_ logits: Variable<S>, labels: [Int], beta: S)
    throws -> Variable<S>
  {
    let rows = S(logits.shape.first ?? 1)
    return try softmaxCrossEntropy(logits, labels: labels) + logits.squared().sum() * (beta / rows)
  }

  /// Cross-entropy of logits divided by τ times their row norm.
  public static func logitNormalization<S: RealScalar>(
    _ logits: Variable<S>, labels: [Int], temperature tau: S
  )
    throws -> Variable<S>
  {
    let norms = try (logits.squared().sum(alongAxis: 1, keepingAxis: true) + S(1e-12)).squareRoot()
    return try softmaxCrossEntropy(try logits / (norms * tau), labels: labels)
  }

  /// Mean over all entries of (ŷ − y)².
  public static func meanSquaredError<S: RealScalar>(
    _ predictions: Variable<S>, _ targets: Variable<S>
  ) throws
    -> Variable<S>
  {
    guard predictions.shape == targets.shape else {
      throw RepriseError.shapeMismatch(
        operation: "Loss.meanSquaredError", expected: predictions.shape, got: targets.shape)
    }
    return try (predictions - targets).squared().mean()
  }

  /// Σ_i I_i (ŷ_i − y_i)² summed over features, averaged over rows.
  public static func importanceWeightedSquaredError<S: RealScalar>(
    _ predictions: Variable<S>, _ targets: Variable<S>, importance: Tensor<S>
  ) throws -> Variable<S> {
    guard predictions.shape == targets.shape, predictions.shape.count == 2,
      importance.shape == [predictions.shape[1]]
    else {
      throw RepriseError.shapeMismatch(
        operation: "Loss.importanceWeightedSquaredError", expected: predictions.shape,
        got: targets.shape + importance.shape)
    }
    let weighted = try (predictions - targets).squared() * Variable(constant: importance)
    return try weighted.sum() * (1 / S(predictions.shape[0]))
  }

  /// Mean of softplus(−y·f) for outputs f (one column or a vector) and labels y = ±1.
  public static func logistic<S: RealScalar>(_ outputs: Variable<S>, signs: Tensor<S>) throws
    -> Variable<S>
  {
    guard outputs.value.count == signs.count else {
      throw RepriseError.shapeMismatch(
        operation: "Loss.logistic", expected: [outputs.value.count], got: [signs.count])
    }
    guard signs.scalars.allSatisfy({ $0 == 1 || $0 == -1 }) else {
      throw RepriseError.invalidArgument(
        operation: "Loss.logistic", name: "signs", reason: "entries must be ±1")
    }
    return try (outputs.reshaped(signs.shape) * Variable(constant: -signs)).softplus().mean()
  }

  /// Checks integer class labels against a rows × classes output: one label
  /// per row, each in 0..<classes. Shared by every label-taking routine (the
  /// losses here, the Lab's linear probe) so they report the same errors.
  ///
  /// - Throws: `shapeMismatch` when `labels.count != rows`; `invalidArgument`
  ///   naming `labels[row]` for the first label outside 0..<classes.
  public static func checkLabels(_ labels: [Int], rows: Int, classes: Int, operation: String)
    throws
  {
    guard labels.count == rows else {
      throw RepriseError.shapeMismatch(
        operation: "\(operation) (labels)", expected: [rows], got: [labels.count])
    }
    for (row, label) in labels.enumerated() where label < 0 || label >= classes {
      throw RepriseError.invalidArgument(
        operation: operation, name: "labels[\(row)]",
        reason: "\(label) is not a class in 0..<\(classes)")
    }
  }

  static func oneHot<S: RealScalar>(_ labels: [Int], rows: Int, classes: Int, operation: String)
    throws -> Tensor<S>
  {
    try checkLabels(labels, rows: rows, classes: classes, operation: operation)
    var scalars = [S](repeating: 0, count: rows * classes)
    for (row, label) in labels.enumerated() { scalars[row * classes + label] = 1 }
    return try Tensor(shape: [rows, classes], scalars: scalars)
  }
}
