// Trains the same small MLP on Reprise's MNIST-1D and on the canonical
// arrays; the two test accuracies should agree (the data sets are
// statistically equivalent) and land near the published MLP accuracy of 68%
// (Greydanus & Kobak): within 5 points after 120 epochs (measured: 65.6% on
// ours, 65.3% on the canonical arrays). About 7 s in a release build, tens of
// minutes in debug, so it runs only with REPRISE_SLOW_TESTS=1 (CI sets it in
// its release stage).
import Foundation
import RepriseNN
import RepriseTestSupport
import Testing

@Suite struct MNIST1DTrainingTests {
  static let slow = ProcessInfo.processInfo.environment["REPRISE_SLOW_TESTS"] == "1"

  /// MLP 40-100-100-10, Adam 1e-2, batch 100; returns the final test accuracy.
  static func trainMLP(train: LabeledDataset<Float>, test: LabeledDataset<Float>, epochs: Int)
    throws -> Double
  {
    var initStream = RandomStream(seed: 5, stream: 1)
    var store = ParameterStore<Float>()
    let mlp = try MLP(widths: [40, 100, 100, 10], store: &store, random: &initStream)
    var trainer = Trainer(optimizer: Adam<Float>(learningRate: 1e-2), batchSize: 100)
    var orderStream = RandomStream(seed: 5, stream: 2)
    _ = try trainer.fit(
      &store, data: train, epochs: epochs, random: &orderStream,
      loss: { p, x, y in try Loss.softmaxCrossEntropy(mlp(x, p), labels: y) })
    return try accuracy(
      mlp(Variable(constant: test.features), store.constants()).value, labels: test.labels)
  }

  @Test(.enabled(if: slow, "set REPRISE_SLOW_TESTS=1"))
  func mlpAccuracyMatchesTheCanonicalData() throws {
    let epochs = 120
    let (ourTrain, ourTest): (LabeledDataset<Float>, LabeledDataset<Float>) =
      try MNIST1D.generate(seed: 42)
    func load(_ x: String, _ y: String, _ rows: Int) throws -> LabeledDataset<Float> {
      let features = try NumpyArray.fixture(x).doubles.map { Float($0) }
      return try LabeledDataset(
        features: Tensor(shape: [rows, 40], scalars: features),
        labels: NumpyArray.fixture(y).integers, classCount: 10)
    }
    let refTrain = try load("data/mnist1d_x_train.npy", "data/mnist1d_y_train.npy", 4000)
    let refTest = try load("data/mnist1d_x_test.npy", "data/mnist1d_y_test.npy", 1000)
    let ours = try Self.trainMLP(train: ourTrain, test: ourTest, epochs: epochs)
    let reference = try Self.trainMLP(train: refTrain, test: refTest, epochs: epochs)
    print("MNIST-1D MLP test accuracy (\(epochs) epochs): ours \(ours), canonical \(reference)")
    #expect(ours >= 0.63 && reference >= 0.63, "published MLP accuracy is 68%")
    #expect(abs(ours - reference) < 0.08, "ours \(ours) vs canonical \(reference)")
  }
}
