// HeapRetention changes allocator settings only: glibc accepts them, and a
// training step gives the same bits before and after. Under AddressSanitizer
// or ThreadSanitizer malloc is the sanitizer's, whose mallopt refuses the
// settings, so the test turns itself off there (SanitizerRuntime).
import RepriseNN
import RepriseTestSupport
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

  @Test(
    .disabled(
      if: SanitizerRuntime.replacesMalloc,
      "the sanitizer's malloc replaces glibc's, and its mallopt refuses the settings"))
  func settingsAreAcceptedAndChangeNoResult() throws {
    let before = try Self.trainedWeights()
    #if canImport(Glibc)
      #expect(HeapRetention.keepFreedMemory())
    #endif
    #expect(try Self.trainedWeights() == before)
  }
}
