// CKABenchmark: linear CKA on large inputs (Double), and the streaming
// accumulator's throughput.
//
// Shapes: X, Y of n = 10,000 rows and p = q = 1,000 features (`quick`:
// n = 2,000, p = q = 200; `sizes` = n,p overrides), entries from SplitMix64
// exactly as GEMMBenchmark.fill (seed 0xC4A + 1 for X, 0xC4A + 2 for Y), so
// Benchmarks/compare_numpy_cka.py regenerates the same matrices in numpy.
// Timed: `CKA.linear(x, y, threads: t)` — centring, XᵀY by GEMM and the upper
// triangles of XᵀX and YᵀY — for each thread count; `matmul(x, y,
// transposeA: true)` alone (XᵀY, half of CKA's flops) and `gram(x)` alone
// (XᵀX by the symmetric product, a quarter) as floors; and, once, the
// streaming path (`CrossProductAccumulator`, 1,000-row chunks, then
// `linearCKA()`), reported in GB of input per second.
// With REPRISE_CKA_BLOCKING="MC,KC,NC[;MC,KC,NC…]" it also times, for each
// blocking, XᵀY by GEMM ("xty-MC-KC-NC") and the one symmetric product of
// the side-by-side matrix [X Y] that linear CKA uses ("zz-MC-KC-NC"), for
// blocking sweeps on a quiet machine (blocking never changes a result bit).
// Adding REPRISE_CKA_ROUNDS=R replaces the whole run by R interleaved rounds
// of those two products (one call per blocking and thread count per round),
// reporting least and median CPU and wall time: the sweep for a loaded
// machine.
// Timing: each call timed on its own, repeated until ≥ 3 calls (or ≥ 3 s of
// work) and ≥ `minimumSeconds`; the minimum is reported, and the least CPU
// time of a call (all threads; the steadier figure on a loaded machine). The printed value
// lets the numpy side be checked for agreement.

import Reprise

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

enum CKABenchmark {
  static func run(json: Bool, quick: Bool, sizes: [Int]?, threadCounts: [Int]?) throws {
    let (n, p) =
      sizes.map { ($0[0], $0.count > 1 ? $0[1] : $0[0]) } ?? (quick ? (2000, 200) : (10000, 1000))
    let threads = threadCounts ?? [1, 2]
    let minimumSeconds = quick ? 0.2 : 1.0
    let x = try Tensor(
      shape: [n, p], scalars: GEMMBenchmark.fill(Double.self, count: n * p, seed: 0xC4A + 1))
    let y = try Tensor(
      shape: [n, p], scalars: GEMMBenchmark.fill(Double.self, count: n * p, seed: 0xC4A + 2))
    if let spec = getenv("REPRISE_CKA_BLOCKING").map({ String(cString: $0) }),
      let rounds = getenv("REPRISE_CKA_ROUNDS").flatMap({ Int(String(cString: $0)) })
    {
      try interleavedSweep(spec, rounds: rounds, x: x, y: y, threads: threads)
      return
    }
    if !json {
      print(
        GEMMBenchmark.pad("bench", 10) + GEMMBenchmark.pad("n", 7) + GEMMBenchmark.pad("p", 6)
          + GEMMBenchmark.pad("threads", 8) + GEMMBenchmark.pad("seconds", 12)
          + GEMMBenchmark.pad("GB/s", 8) + "  value")
    }
    for t in threads {
      var value = 0.0
      let (seconds, calls, cpu) = try timed(minimumSeconds) {
        value = try CKA.linear(x, y, threads: t)
      }
      emit(
        "cka", n: n, p: p, threads: t, seconds: seconds, cpu: cpu, calls: calls, value: value,
        json: json)
    }
    // The floor: XᵀY alone by GEMM (half of linear CKA's flops; the other half
    // is the two half-products XᵀX, YᵀY).
    for t in threads {
      let (seconds, calls, cpu) = try timed(minimumSeconds) {
        _ = try matmul(x, y, transposeA: true, threads: t)
      }
      emit(
        "xty-gemm", n: n, p: p, threads: t, seconds: seconds, cpu: cpu, calls: calls, value: 0,
        json: json)
    }
    // The other floor: XᵀX alone by the symmetric product (a quarter of
    // CKA's flops).
    for t in threads {
      let (seconds, calls, cpu) = try timed(minimumSeconds) { _ = try gram(x, threads: t) }
      emit(
        "xtx-syrk", n: n, p: p, threads: t, seconds: seconds, cpu: cpu, calls: calls, value: 0,
        json: json)
    }
    if let spec = getenv("REPRISE_CKA_BLOCKING").map({ String(cString: $0) }) {
      try blockingSweep(
        spec, x: x, y: y, threads: threads, minimumSeconds: minimumSeconds, json: json)
    }
    var streamed = 0.0
    let chunk = 1000
    let (seconds, calls, cpu) = try timed(minimumSeconds) {
      var acc = try CrossProductAccumulator(xFeatures: p, yFeatures: p)
      var start = 0
      while start < n {
        let end = min(n, start + chunk)
        try acc.append(x.rows(start..<end), y.rows(start..<end))
        start = end
      }
      streamed = try acc.linearCKA()
    }
    emit(
      "cka-stream", n: n, p: p, threads: ThreadSettings.defaultCount, seconds: seconds, cpu: cpu,
      calls: calls, value: streamed, json: json)
  }

  /// The two products a blocking sweep times: XᵀY by GEMM and the upper
  /// triangle of the symmetric product of Z = [X Y] (linear CKA's one pass).
  struct SweepProducts {
    let x: Tensor<Double>
    let y: Tensor<Double>
    let z: [Double]
    var xy: [Double]
    var zz: [Double]

    init(x: Tensor<Double>, y: Tensor<Double>) {
      let (n, p) = (x.shape[0], x.shape[1])
      let width = 2 * p
      var z = [Double](repeating: 0, count: n * width)
      for i in 0..<n {
        for j in 0..<p {
          z[i * width + j] = x.scalars[i * p + j]
          z[i * width + p + j] = y.scalars[i * p + j]
        }
      }
      (self.x, self.y, self.z) = (x, y, z)
      xy = [Double](repeating: 0, count: p * p)
      zz = [Double](repeating: 0, count: width * width)
    }

    /// The blockings "MC,KC,NC;MC,KC,NC…" of `spec` (malformed items skipped).
    static func blockings(_ spec: String) -> [GEMMBlocking] {
      spec.split(separator: ";").compactMap { item in
        let v = item.split(separator: ",").compactMap { Int($0) }
        return v.count == 3 ? GEMMBlocking(mc: v[0], kc: v[1], nc: v[2]) : nil
      }
    }

    mutating func crossProduct(threads: Int, blocking: GEMMBlocking) throws {
      let (n, p) = (x.shape[0], x.shape[1])
      try x.scalars.withUnsafeBufferPointer { a in
        try y.scalars.withUnsafeBufferPointer { b in
          try xy.withUnsafeMutableBufferPointer { c in
            try GEMM.compute(
              .transposed, .none, m: p, n: p, k: n, alpha: 1, a: a.baseAddress!, lda: p,
              b: b.baseAddress!, ldb: p, beta: 0, c: c.baseAddress!, ldc: p, threads: threads,
              blocking: blocking)
          }
        }
      }
    }

    mutating func sideBySideGram(threads: Int, blocking: GEMMBlocking) throws {
      let (n, width) = (x.shape[0], 2 * x.shape[1])
      try z.withUnsafeBufferPointer { a in
        try zz.withUnsafeMutableBufferPointer { c in
          try SymmetricRankK.compute(
            .transposed, n: width, k: n, a: a.baseAddress!, lda: width, c: c.baseAddress!,
            ldc: width, threads: threads, blocking: blocking, mirror: false)
        }
      }
    }
  }

  /// XᵀY and the symmetric product of [X Y] for each blocking of `spec`.
  static func blockingSweep(
    _ spec: String, x: Tensor<Double>, y: Tensor<Double>, threads: [Int], minimumSeconds: Double,
    json: Bool
  ) throws {
    let (n, p) = (x.shape[0], x.shape[1])
    var products = SweepProducts(x: x, y: y)
    for blocking in SweepProducts.blockings(spec) {
      let name = "\(blocking.mc)-\(blocking.kc)-\(blocking.nc)"
      for t in threads {
        let (seconds, calls, cpu) = try timed(minimumSeconds) {
          try products.crossProduct(threads: t, blocking: blocking)
        }
        emit(
          "xty-" + name, n: n, p: p, threads: t, seconds: seconds, cpu: cpu, calls: calls,
          value: 0, json: json)
        let (zSeconds, zCalls, zCPU) = try timed(minimumSeconds) {
          try products.sideBySideGram(threads: t, blocking: blocking)
        }
        emit(
          "zz-" + name, n: n, p: p, threads: t, seconds: zSeconds, cpu: zCPU, calls: zCalls,
          value: 0, json: json)
      }
    }
  }

  /// With REPRISE_CKA_ROUNDS=R (and REPRISE_CKA_BLOCKING): R rounds, each
  /// timing one call of XᵀY and one of the symmetric product of [X Y] for
  /// every blocking and thread count in turn, so that a disturbance of the
  /// shared machine hits all variants alike; prints the least and the
  /// median CPU and wall time of each (JSON lines, bench "sweep").
  static func interleavedSweep(
    _ spec: String, rounds: Int, x: Tensor<Double>, y: Tensor<Double>, threads: [Int]
  ) throws {
    var products = SweepProducts(x: x, y: y)
    var samples: [String: [(cpu: Double, wall: Double)]] = [:]
    var order: [String] = []
    let clock = ContinuousClock()
    for _ in 0..<rounds {
      for blocking in SweepProducts.blockings(spec) {
        for t in threads {
          for product in ["xty", "zz"] {
            let start = clock.now
            let cpuStart = StreamingBenchmark.cpuSeconds()
            if product == "xty" {
              try products.crossProduct(threads: t, blocking: blocking)
            } else {
              try products.sideBySideGram(threads: t, blocking: blocking)
            }
            let cpu = StreamingBenchmark.cpuSeconds() - cpuStart
            let wall = GEMMBenchmark.seconds(clock.now - start)
            let key = "\(product)-\(blocking.mc)-\(blocking.kc)-\(blocking.nc)-t\(t)"
            if samples[key] == nil { order.append(key) }
            samples[key, default: []].append((cpu, wall))
          }
        }
      }
    }
    for key in order {
      let cpu = samples[key]!.map(\.cpu).sorted()
      let wall = samples[key]!.map(\.wall).sorted()
      print(
        "{\"bench\":\"sweep\",\"name\":\"\(key)\",\"cpu_min\":\(cpu[0]),"
          + "\"cpu_median\":\(cpu[cpu.count / 2]),\"wall_min\":\(wall[0]),"
          + "\"wall_median\":\(wall[wall.count / 2])}")
    }
  }

  /// (fastest wall time, calls, least CPU time of one call over all
  /// threads). On a loaded machine the CPU time is the steadier measure of
  /// the work done.
  static func timed(_ minimumSeconds: Double, _ body: () throws -> Void) throws -> (
    Double, Int, Double
  ) {
    let clock = ContinuousClock()
    var best = Double.infinity
    var bestCPU = Double.infinity
    var total = 0.0
    var calls = 0
    while calls == 0 || (calls < 3 && total < 3) || total < minimumSeconds {
      let start = clock.now
      let cpuStart = StreamingBenchmark.cpuSeconds()
      try body()
      bestCPU = min(bestCPU, StreamingBenchmark.cpuSeconds() - cpuStart)
      let s = GEMMBenchmark.seconds(clock.now - start)
      best = min(best, s)
      total += s
      calls += 1
    }
    return (best, calls, bestCPU)
  }

  static func emit(
    _ bench: String, n: Int, p: Int, threads: Int, seconds: Double, cpu: Double, calls: Int,
    value: Double, json: Bool
  ) {
    let gigabytes = Double(2 * n * p * 8) / 1e9
    if json {
      print(
        "{\"bench\":\"\(bench)\",\"type\":\"Double\",\"n\":\(n),\"p\":\(p),\"q\":\(p),"
          + "\"threads\":\(threads),\"seconds\":\(seconds),\"cpu_seconds\":\(cpu),"
          + "\"calls\":\(calls),"
          + "\"gb_per_second\":\(gigabytes / seconds),\"value\":\(value)}")
    } else {
      print(
        GEMMBenchmark.pad(bench, 10) + GEMMBenchmark.pad("\(n)", 7) + GEMMBenchmark.pad("\(p)", 6)
          + GEMMBenchmark.pad("\(threads)", 8)
          + GEMMBenchmark.pad(GEMMBenchmark.format(seconds, digits: 4), 12)
          + GEMMBenchmark.pad(GEMMBenchmark.format(gigabytes / seconds, digits: 2), 8)
          + "  \(value)")
    }
  }
}
