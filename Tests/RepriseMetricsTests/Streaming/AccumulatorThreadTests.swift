// CrossProductAccumulator at 1, 2 and 3 threads: the same chunks appended in
// the same order give the same bits (threads split the symmetric product's
// output rows, never its sum over rows), for Double and Float chunk products.
// The count is the process-wide default (the accumulator takes no thread
// argument); a test running alongside that also sets it can only make two
// of the runs share a count, never make equal bits differ.
import RepriseMetrics
import Testing

@Suite struct AccumulatorThreadTests {
  @Test func sameChunksGiveSameBitsAtAnyThreadCount() throws {
    // d = p + q = 96 features; a 300-row chunk makes the chunk product
    // 96²·300 ≈ 2.8·10⁶ fused multiply-adds, above both the Double and the
    // Float fork limits (so 2 and 3 threads really split it) and over two
    // KC slices; the 40-row chunk stays on one thread.
    let (p, q, n) = (60, 36, 340)
    let chunks = [300, 40]
    var x = try gaussian(n, p, seed: 401) * 2 + 300
    let y = try matmul(x - 300, gaussian(p, q, seed: 402)) + gaussian(n, q, seed: 403) - 50
    x = try Tensor(
      shape: [n, p], scalars: x.scalars.enumerated().map { $0.offset % p == 7 ? 0.1 : $0.element })
    let work = (p + q) * (p + q) * chunks[0]
    #expect(work >= GEMMBlocking.double.parallelLimit && work >= GEMMBlocking.float.parallelLimit)

    let saved = ThreadSettings.defaultCount
    defer { try? ThreadSettings.setDefaultCount(saved) }
    for precision in [CrossProductAccumulator.ChunkProducts.double, .float] {
      var results: [CrossProductAccumulator] = []
      for threads in [1, 2, 3] {
        try ThreadSettings.setDefaultCount(threads)
        var acc = try CrossProductAccumulator(
          xFeatures: p, yFeatures: q, chunkProducts: precision)
        var start = 0
        for size in chunks {
          try acc.append(x.rows(start..<(start + size)), y.rows(start..<(start + size)))
          start += size
        }
        results.append(acc)
      }
      let one = results[0]
      for (acc, threads) in zip(results.dropFirst(), [2, 3]) {
        #expect(acc == one, "\(precision) statistics at \(threads) threads")
        #expect(
          try acc.linearCKA().bitPattern == one.linearCKA().bitPattern,
          "\(precision) CKA at \(threads) threads")
        #expect(
          try acc.procrustesSquared().bitPattern == one.procrustesSquared().bitPattern,
          "\(precision) Procrustes at \(threads) threads")
        #expect(
          try acc.canonicalCorrelations().correlations.map(\.bitPattern)
            == one.canonicalCorrelations().correlations.map(\.bitPattern),
          "\(precision) CCA at \(threads) threads")
      }
    }
  }
}
