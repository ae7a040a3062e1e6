// StreamingBenchmark: streaming linear CKA over a float32 `.npy` too large to
// load, with throughput and peak memory.
//
// Input: `--file PATH` (an n × p float32 `.npy`, e.g. the 1,000,000 × 512
// file of the spec, 2.05 GB), or else a file of `--sizes n,p`
// (default 200,000 × 512; `--quick` 20,000 × 512) written under /tmp by
// NpyRowWriter from SplitMix64 values and deleted afterwards.
// Measured, each over one full pass in chunks of `--chunk` rows (default
// 2,048), read by NpyRowReader as Float:
//   • read: the reader alone (the I/O floor; the page cache is whatever the
//     previous pass left, so the first pass may read from disk);
//   • cka-double, cka-float: X (the file) against Y = X·R, a fixed random
//     p × p projection (Float GEMM per chunk), through CrossProductAccumulator
//     with Double (chunking-invariant) or Float chunk products, then
//     `linearCKA()`.
// Throughput is bytes of the file per second of wall time (GB = 10⁹ B);
// the CPU seconds of the pass (all threads) are printed alongside. Memory (MiB):
// the kernel's peak-RSS mark is reset before each pass (writing 5 to
// /proc/self/clear_refs sets VmHWM to the current resident size) and VmHWM
// read after it; "peak" is the rise of VmHWM over the pass, "beyond chunk"
// that rise minus one chunk of input (chunk × p × 4 bytes). What remains is the accumulator (d² Doubles,
// d = 2p), Y's chunk, the shifted Double copy of the chunk (chunk × d × 8)
// and, for Float products, its Float copy and the d² Float chunk product.

import Reprise

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

enum StreamingBenchmark {
  static func run(
    json: Bool, quick: Bool, file: String?, sizes: [Int]?, chunk: Int?, threads: Int?
  ) throws {
    let chunkRows = chunk ?? 2048
    var path = file ?? ""
    var generated = false
    if file == nil {
      let (n, p) =
        sizes.map { ($0[0], $0.count > 1 ? $0[1] : 512) } ?? (quick ? 20_000 : 200_000, 512)
      path = "/tmp/reprise-bench-stream-\(getpid()).npy"
      try writeFile(path, rows: n, features: p)
      generated = true
    }
    defer { if generated { unlink(path) } }
    let reader = try NpyRowReader(path: path)
    guard reader.header.dataType == .float32, reader.rowShape.count == 1 else {
      throw RepriseError.invalidArgument(
        operation: "reprise-bench stream", name: "file",
        reason: "\(path) must hold a 2-D float32 array, got \(reader.header.dataType) "
          + "of shape \(reader.header.shape)")
    }
    let (n, p) = (reader.rowCount, reader.rowLength)
    let bytes = Double(n * p * 4)
    let threadCount = threads ?? ThreadSettings.defaultCount
    let projection = try Tensor(
      shape: [p, p],
      scalars: GEMMBenchmark.fill(Float.self, count: p * p, seed: 0x57EA).map {
        $0 / Float(p).squareRoot()
      })
    if !json {
      print("streaming linear CKA over \(path): \(n) × \(p) float32, \(chunkRows)-row chunks")
      print(
        GEMMBenchmark.pad("pass", 12) + GEMMBenchmark.pad("seconds", 10)
          + GEMMBenchmark.pad("GB/s", 8) + GEMMBenchmark.pad("peak MiB", 9)
          + GEMMBenchmark.pad("beyond chunk MiB", 17) + GEMMBenchmark.pad("CPU s", 9) + "  value")
    }
    let chunkMegabytes = Double(chunkRows * p * 4) / 1_048_576
    let passes: [(String, CrossProductAccumulator.ChunkProducts?)] = [
      ("read", nil), ("cka-double", .double), ("cka-float", .float),
    ]
    for (name, precision) in passes {
      resetPeak()  // VmHWM is now the current resident size
      let before = TrainingBenchmark.peakResidentMegabytes()
      let clock = ContinuousClock()
      let start = clock.now
      let cpuStart = cpuSeconds()
      var value = 0.0
      var accumulator =
        try precision.map {
          try CrossProductAccumulator(xFeatures: p, yFeatures: p, chunkProducts: $0)
        }
      var row = 0
      while row < n {
        let count = min(chunkRows, n - row)
        let x = try reader.readRows(start: row, count: count, as: Float.self)
        if accumulator != nil {
          let y = try matmul(x, projection, threads: threadCount)
          try accumulator!.append(x, y)
        }
        row += count
      }
      if let accumulator { value = try accumulator.linearCKA() }
      let seconds = GEMMBenchmark.seconds(clock.now - start)
      let cpu = cpuSeconds() - cpuStart
      let peak = TrainingBenchmark.peakResidentMegabytes() - before
      let beyond = peak - chunkMegabytes
      if json {
        print(
          "{\"bench\":\"stream-\(name)\",\"n\":\(n),\"p\":\(p),\"chunk\":\(chunkRows),"
            + "\"threads\":\(threadCount),\"seconds\":\(seconds),\"cpu_seconds\":\(cpu),"
            + "\"gb_per_second\":\(bytes / 1e9 / seconds),\"peak_mb\":\(peak),"
            + "\"beyond_chunk_mb\":\(beyond),\"value\":\(value)}")
      } else {
        print(
          GEMMBenchmark.pad(name, 12)
            + GEMMBenchmark.pad(GEMMBenchmark.format(seconds, digits: 2), 10)
            + GEMMBenchmark.pad(GEMMBenchmark.format(bytes / 1e9 / seconds, digits: 3), 8)
            + GEMMBenchmark.pad(GEMMBenchmark.format(peak, digits: 1), 9)
            + GEMMBenchmark.pad(GEMMBenchmark.format(beyond, digits: 1), 17)
            + GEMMBenchmark.pad(GEMMBenchmark.format(cpu, digits: 2), 9) + "  \(value)")
      }
    }
  }

  /// Writes an n × p float32 `.npy` of SplitMix64 values in [1, 3) (offset,
  /// so that the accumulator's shift matters), 4,096 rows at a time.
  static func writeFile(_ path: String, rows n: Int, features p: Int) throws {
    let writer = try NpyRowWriter(path: path, shape: [n, p], dataType: .float32)
    var row = 0
    while row < n {
      let count = min(4096, n - row)
      let values = GEMMBenchmark.fill(Float.self, count: count * p, seed: UInt64(row)).map {
        $0 + 2
      }
      try writer.append(Tensor(shape: [count, p], scalars: values))
      row += count
    }
    try writer.finish()
  }

  /// User + system CPU time of the process so far (all threads), so that
  /// runs on a loaded machine can be read: wall time / CPU time shows how
  /// much of the pass the process actually ran.
  static func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
  }

  /// Resets the kernel's peak-RSS mark (Linux ≥ 4.0; ignored elsewhere).
  static func resetPeak() {
    guard let file = fopen("/proc/self/clear_refs", "w") else { return }
    fputs("5", file)
    fclose(file)
  }
}
