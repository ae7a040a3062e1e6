import RepriseCore
import Testing

@Suite struct ParallelForTests {
  @Test(arguments: [1, 2, 3, 8])
  func everyChunkRunsExactlyOnce(threads: Int) {
    let chunks = 37
    // Each chunk owns one slot, as every Reprise kernel owns disjoint outputs.
    var counts = [Int](repeating: 0, count: chunks)
    counts.withUnsafeMutableBufferPointer { buffer in
      let shared = UncheckedSendable(buffer)
      ParallelFor.run(chunks: chunks, threads: threads) { chunk in
        shared.value[chunk] += 1
      }
    }
    #expect(counts == [Int](repeating: 1, count: chunks))
  }

  @Test func zeroChunksIsANoOp() {
    ParallelFor.run(chunks: 0, threads: 4) { _ in Issue.record("no chunk should run") }
  }

  @Test func threadCountSetting() throws {
    let original = ThreadSettings.defaultCount
    #expect(original >= 1)
    try ThreadSettings.setDefaultCount(3)
    #expect(ThreadSettings.defaultCount == 3)
    try ThreadSettings.setDefaultCount(original)
    #expect(throws: RepriseError.self) { try ThreadSettings.setDefaultCount(0) }
  }
}
