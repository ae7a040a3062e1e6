// HeapRetention changes allocator settings only: glibc accepts them, and a
// training step gives the same bits before and after.
import RepriseNN
import Testing

@Suite struct HeapRetentionTests {
  static func trainedWeights() throws -> [[Double]] {
    var random = RandomStream(seed: 21)
    var store = ParameterStore<Double>()
    let mlp = try MLP<Double>(widths: [5, 8, 3], store: &store, random: &random)
    let x = Variable(constant: try Tensor<Double>.uniform([6, 5], in: -1..<1, using: &random))
    var trainer = Trainer(optimizer: Adam<Double>(learningRate: 0.01), batchSize: 6)
    for _ in 0..<3 {
      try trainer.step(&store) { p in
        try Loss.softmaxCrossEntropy(mlp(x, p), labels: [0, 1, 2, 0, 1, 2])
      }
    }
    return store.snapshot().map(\.scalars)
  }

  @Test func settingsAreAcceptedAndChangeNoResult() throws {
    let before = try Self.trainedWeights()
    #if canImport(Glibc)
      #expect(HeapRetention.keepFreedMemory())
    #endif
    #expect(try Self.trainedWeights() == before)
  }
}
