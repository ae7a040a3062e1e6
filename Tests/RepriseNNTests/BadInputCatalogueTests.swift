// Bad-input catalogue for RepriseNN: losses, data sets, accuracy and the
// trainer, fed labels out of range, label counts that disagree with the rows,
// zero-sample classes, non-positive batch sizes and a training run that
// diverges. Errors must be typed RepriseErrors naming the problem; a
// divergent run must stop naming its epoch and step. Valid degenerate inputs
// give closed forms (cross-entropy of logits (1000, 0) is 0 for label 0 and
// 1000 for label 1). Cases are test arguments.
import RepriseAutodiff
import RepriseCore
import RepriseNN
import RepriseTestSupport
import Testing

private func logits(_ rows: [[Double]]) -> Variable<Double> {
  Variable(constant: try! Tensor(rows: rows))
}

private let nnErrorCases: [BadInputCase] = [
  BadInputCase(
    "cross-entropy: label equal to the class count", ["indexOutOfRange", "invalidArgument"]
  ) {
    _ = try Loss.softmaxCrossEntropy(logits([[1, 2, 3]]), labels: [3])
  },
  BadInputCase("cross-entropy: negative label", ["indexOutOfRange", "invalidArgument"]) {
    _ = try Loss.softmaxCrossEntropy(logits([[1, 2, 3]]), labels: [-1])
  },
  BadInputCase("cross-entropy: fewer labels than rows", ["shapeMismatch", "invalidArgument"]) {
    _ = try Loss.softmaxCrossEntropy(logits([[1, 2], [3, 4]]), labels: [0])
  },
  BadInputCase("sigmoid cross-entropy: label out of range", ["indexOutOfRange", "invalidArgument"])
  {
    _ = try Loss.sigmoidCrossEntropy(logits([[1, 2]]), labels: [2])
  },
  BadInputCase("squared error: label out of range", ["indexOutOfRange", "invalidArgument"]) {
    _ = try Loss.squaredError(logits([[1, 2]]), labels: [7])
  },
  BadInputCase("data set: label beyond the class count", ["indexOutOfRange", "invalidArgument"]) {
    _ = try LabeledDataset(
      features: try Tensor<Double>.zeros([2, 2]), labels: [0, 2], classCount: 2)
  },
  BadInputCase("data set: labels and rows differ", ["shapeMismatch", "invalidArgument"]) {
    _ = try LabeledDataset(features: try Tensor<Double>.zeros([2, 2]), labels: [0], classCount: 2)
  },
  BadInputCase("data set: zero classes", ["invalidArgument", "indexOutOfRange"]) {
    _ = try LabeledDataset(features: try Tensor<Double>.zeros([1, 2]), labels: [0], classCount: 0)
  },
  BadInputCase("data set: subset index past the end", ["indexOutOfRange", "invalidArgument"]) {
    _ = try LabeledDataset(
      features: try Tensor<Double>.zeros([2, 2]), labels: [0, 1], classCount: 2
    )
    .subset([5])
  },
  BadInputCase("accuracy: labels and rows differ", ["shapeMismatch", "invalidArgument"]) {
    _ = try accuracy(try Tensor<Double>.zeros([2, 3]), labels: [0])
  },
  BadInputCase("trainer: batch size 0", ["invalidArgument"]) {
    var store = ParameterStore<Double>()
    _ = try store.add("w", Tensor([1.0]))
    var random = RandomStream(seed: 1)
    let data = try LabeledDataset(
      features: try Tensor<Double>.zeros([2, 1]), labels: [0, 0], classCount: 1)
    var trainer = Trainer(optimizer: SGD<Double>(learningRate: 0.1), batchSize: 0)
    _ = try trainer.fit(&store, data: data, epochs: 1, random: &random) { p, x, _ in x.sum() }
  },
  BadInputCase("trainer: negative epochs", ["invalidArgument"]) {
    var store = ParameterStore<Double>()
    var random = RandomStream(seed: 1)
    let data = try LabeledDataset(
      features: try Tensor<Double>.zeros([2, 1]), labels: [0, 0], classCount: 1)
    var trainer = Trainer(optimizer: SGD<Double>(learningRate: 0.1), batchSize: 1)
    _ = try trainer.fit(&store, data: data, epochs: -1, random: &random) { _, x, _ in x.sum() }
  },
]

@Suite struct NNBadInputCatalogueTests {
  @Test(arguments: nnErrorCases)
  func rejectsWithATypedError(_ input: BadInputCase) {
    input.check()
  }

  /// Cross-entropy of logits (1000, 0): −log softmax is 0 for label 0 and
  /// 1000 for label 1 (up to e^−1000, below one ulp), with no overflow.
  @Test(arguments: [(0, 0.0), (1, 1000.0)])
  func crossEntropyOfExtremeLogits(label: Int, expected: Double) throws {
    let value = try Loss.softmaxCrossEntropy(logits([[1000, 0]]), labels: [label]).value.scalars[0]
    #expect(value == expected)
  }

  /// A class with no samples is valid: its logit only enters the softmax.
  /// With all logits 0 over 3 classes the loss is log 3 whichever classes occur.
  @Test func zeroSampleClassIsAllowed() throws {
    let data = try LabeledDataset(
      features: try Tensor<Double>.zeros([2, 1]), labels: [0, 0], classCount: 3)
    #expect(data.count == 2)
    let loss = try Loss.softmaxCrossEntropy(logits([[0, 0, 0], [0, 0, 0]]), labels: data.labels)
    #expect(abs(loss.value.scalars[0] - Double.log(3)) <= 2 * Double.ulpOfOne)
  }

  /// A loss that becomes +∞ at the second step of the first epoch stops the
  /// run with an error naming epoch 1, step 2 — not a NaN-filled model.
  @Test func divergenceNamesEpochAndStep() throws {
    var store = ParameterStore<Double>()
    let w = try store.add("w", Tensor([1.0]))
    var random = RandomStream(seed: 3)
    // Both rows hold 1, so the order does not matter: step 1 sees w = 1
    // (loss 1e300·1 finite), SGD at rate 1e300 moves w to about −2e600 = −∞,
    // and step 2's loss is +∞.
    let data = try LabeledDataset(
      features: try Tensor(rows: [[1.0], [1.0]]), labels: [0, 0], classCount: 1)
    var trainer = Trainer(optimizer: SGD<Double>(learningRate: 1e300), batchSize: 1)
    trainer.showsProgress = false
    do {
      _ = try trainer.fit(&store, data: data, epochs: 2, random: &random) { p, x, _ in
        try (x * p[w]).squared().sum() * 1e300
      }
      Issue.record("divergent run finished")
    } catch RepriseError.nonFinite(let operation, let row, let column, let value) {
      #expect(operation.contains("diverged at epoch 1, step 2"), "\(operation)")
      #expect(row == 1 && column == 2 && !value.isFinite)
    }
  }
}
