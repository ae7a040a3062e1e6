// The training loop: epochs of shuffled minibatches, an optimizer step per
// batch, evaluation hooks and a metric history.
//
// Each step binds the parameters to a fresh tape, computes the caller's loss
// on the batch, takes gradients, optionally clips them, and lets the
// optimizer update the store (which re-applies pruning masks). The batch
// order of every epoch is a permutation drawn from the caller's
// `RandomStream`, so a run is reproducible from its seeds. A non-finite loss
// stops training with an error that names the epoch and step: a diverged run
// is reported, never silently continued.
//
// When standard error is a terminal, a one-line progress display is redrawn
// there; otherwise nothing is printed.

/// Metrics recorded during training: one value per evaluation, by name.
public struct TrainingHistory: Sendable, Equatable {
  public private(set) var records: [String: [Double]] = [:]
  public init() {}

  public mutating func record(_ name: String, _ value: Double) {
    records[name, default: []].append(value)
  }

  public subscript(name: String) -> [Double] { records[name] ?? [] }
}

/// Minibatch training of a parameter store.
public struct Trainer<Scalar: RealScalar, O: Optimizer> where O.Scalar == Scalar {
  public var optimizer: O
  public var batchSize: Int
  /// Clip the global gradient norm to this value when set.
  public var gradientClip: Scalar?
  /// Draw a progress line on standard error when it is a terminal.
  public var showsProgress = true
  /// Step-size schedule applied to the optimizer's base rate before each step.
  public var schedule: LearningRateSchedule<Scalar> = .constant
  /// Optimizer steps taken so far (the schedule's t).
  public private(set) var stepCount = 0
  private var baseLearningRate: Scalar

  public init(optimizer: O, batchSize: Int, gradientClip: Scalar? = nil) {
    self.optimizer = optimizer
    self.batchSize = batchSize
    self.gradientClip = gradientClip
    self.baseLearningRate = optimizer.learningRate
  }

  /// One optimizer step on one batch; returns the loss.
  @discardableResult
  public mutating func step(
    _ store: inout ParameterStore<Scalar>,
    loss: (BoundParameters<Scalar>) throws -> Variable<Scalar>
  ) throws -> Scalar {
    var (value, gradients) = try Self.lossAndGradients(store, loss: loss)
    if let gradientClip {
      try GradientClipping.clipByGlobalNorm(&gradients, maxNorm: gradientClip)
    }
    optimizer.learningRate = try schedule.rate(at: stepCount, base: baseLearningRate)
    try optimizer.step(&store, gradients: gradients)
    stepCount += 1
    return value
  }

  /// The forward and backward pass of one step. A function of its own so the
  /// tape and the bound parameters (which share the weights' storage) are
  /// gone when it returns: the optimizer then updates the weights in place
  /// instead of copying every tensor on write.
  private static func lossAndGradients(
    _ store: ParameterStore<Scalar>, loss: (BoundParameters<Scalar>) throws -> Variable<Scalar>
  ) throws -> (Scalar, [ParameterID: Tensor<Scalar>]) {
    let tape = Tape<Scalar>()
    let parameters = try store.bind(to: tape)
    let value = try loss(parameters)
    return (value.value.scalars[0], try parameters.gradients(of: value))
  }

  /// Trains for `epochs` passes over `data`. `loss` maps the bound parameters,
  /// a batch of features and its labels to a scalar loss; `evaluate` runs
  /// after every epoch (epoch index from 1) and may record metrics.
  public mutating func fit(
    _ store: inout ParameterStore<Scalar>, data: LabeledDataset<Scalar>, epochs: Int,
    random: inout RandomStream,
    loss: (BoundParameters<Scalar>, Variable<Scalar>, [Int]) throws -> Variable<Scalar>,
    evaluate: ((Int, ParameterStore<Scalar>, inout TrainingHistory) throws -> Void)? = nil
  ) throws -> TrainingHistory {
    guard batchSize > 0, epochs >= 0 else {
      throw RepriseError.invalidArgument(
        operation: "Trainer.fit", name: "batchSize/epochs",
        reason: "need batchSize > 0 and epochs ≥ 0")
    }
    var history = TrainingHistory()
    let progress = showsProgress && StandardError.isTerminal
    for epoch in 1...max(epochs, 1) where epochs > 0 {
      let order = try random.permutation(data.count)
      var total: Double = 0
      var batches = 0
      for start in stride(from: 0, to: data.count, by: batchSize) {
        let indices = Array(order[start..<min(start + batchSize, data.count)])
        let batch = try data.subset(indices)
        let value = try step(&store) { parameters in
          try loss(parameters, Variable(constant: batch.features), batch.labels)
        }
        guard value.isFinite else {
          throw RepriseError.nonFinite(
            operation: "Trainer.fit: loss diverged at epoch \(epoch), step \(batches + 1)",
            row: epoch,
            column: batches + 1, value: Double(value))
        }
        total += Double(value)
        batches += 1
      }
      history.record("loss", total / Double(max(batches, 1)))
      try evaluate?(epoch, store, &history)
      if progress {
        let line = "\repoch \(epoch)/\(epochs)  loss \(history["loss"].last!)"
        StandardError.write(line)
      }
    }
    if progress { StandardError.write("\n") }
    return history
  }
}

/// Fraction of rows whose largest output is the label.
public func accuracy<Scalar: RealScalar>(_ outputs: Tensor<Scalar>, labels: [Int]) throws -> Double
{
  let (rows, _) = try outputs.matrixShape(operation: "accuracy")
  guard rows == labels.count, rows > 0 else {
    throw RepriseError.shapeMismatch(operation: "accuracy", expected: [rows], got: [labels.count])
  }
  var correct = 0
  for row in 0..<rows where try outputs.row(row).argmax() == labels[row] { correct += 1 }
  return Double(correct) / Double(rows)
}
