import RepriseCore
import Synchronization
import Testing

@Suite struct ParallelForTests {
  @Test(arguments: [1, 2, 3, 8])
  func everyChunkRunsExactlyOnce(threads: Int) {
    let chunks = 37
    let counts = (0..<chunks).map { _ in Atomic<Int>(0) }
    counts.withUnsafeBufferPointer { buffer in
      let shared = UncheckedSendable(buffer)
      ParallelFor.run(chunks: chunks, threads: threads) { chunk in
        shared.value[chunk].add(1, ordering: .relaxed)
      }
    }
    #expect(counts.allSatisfy { $0.load(ordering: .relaxed) == 1 })
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
