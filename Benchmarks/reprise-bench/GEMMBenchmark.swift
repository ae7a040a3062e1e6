// GEMMBenchmark: timing of `GEMM.compute` on square products.
//
// For each scalar type (Double, Float), size n and thread count, multiplies
// two n×n matrices filled by a documented deterministic generator
// (SplitMix64, seed 0x5EED + n for A and 0xB0B + n for B; value = (top 53 bits / 2^53)·2 − 1, rounded to
// the scalar type), with α = 1, β = 0 and one reused workspace. Each call is
// timed on its own; calls repeat until at least ~0.3 s of work and 3 calls
// have run, and the minimum time is reported (the least disturbed run on a
// shared machine). GFLOPS counts 2·n³ flops. The digest is `bitDigest` of C,
// so runs with different thread counts can be checked for identical bits.
// Build with `-Xcc -march=native` (x86-64): without FMA instructions GEMM is
// ~100× slower.

import Reprise

enum GEMMBenchmark {
  static let fullSizes = [32, 64, 128, 256, 512, 1024, 2048]
  static let quickSizes = [32, 64, 128, 256, 512]

  static func run(json: Bool, quick: Bool, sizes: [Int]?, threadCounts: [Int]?) {
    let sizes = sizes ?? (quick ? quickSizes : fullSizes)
    let threadCounts = threadCounts ?? [1, 2]
    let minimumSeconds = quick ? 0.15 : 0.3
    if !json {
      print(
        pad("type", 7) + pad("n", 6) + pad("threads", 8) + pad("seconds", 13) + pad("GFLOPS", 9)
          + "  digest")
    }
    for type in ["Double", "Float"] {
      for n in sizes {
        for threads in threadCounts {
          let result: Result
          if type == "Double" {
            result = measure(Double.self, n: n, threads: threads, minimumSeconds: minimumSeconds)
          } else {
            result = measure(Float.self, n: n, threads: threads, minimumSeconds: minimumSeconds)
          }
          let gflops = 2 * Double(n) * Double(n) * Double(n) / result.seconds / 1e9
          if json {
            print(
              "{\"bench\":\"gemm\",\"type\":\"\(type)\",\"m\":\(n),\"n\":\(n),\"k\":\(n),"
                + "\"threads\":\(threads),\"seconds\":\(result.seconds),\"gflops\":\(gflops),"
                + "\"calls\":\(result.calls),\"digest\":\"\(result.digest)\"}")
          } else {
            print(
              pad(type, 7) + pad("\(n)", 6) + pad("\(threads)", 8)
                + pad(format(result.seconds, digits: 9), 13) + pad(format(gflops, digits: 2), 9)
                + "  " + String(result.digest.prefix(16)))
          }
        }
      }
    }
  }

  struct Result {
    var seconds: Double
    var calls: Int
    var digest: String
  }

  static func measure<T: RealScalar>(
    _ type: T.Type, n: Int, threads: Int, minimumSeconds: Double
  ) -> Result {
    let a = fill(T.self, count: n * n, seed: 0x5EED &+ UInt64(n))
    let b = fill(T.self, count: n * n, seed: 0xB0B &+ UInt64(n))
    var c = [T](repeating: 0, count: n * n)
    let workspace = GEMMWorkspace<T>()
    let clock = ContinuousClock()
    var best = Double.infinity
    var total = 0.0
    var calls = 0
    while calls < 3 || total < minimumSeconds {
      let start = clock.now
      a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
          c.withUnsafeMutableBufferPointer { pc in
            try! GEMM.compute(
              .none, .none, m: n, n: n, k: n, alpha: 1, a: pa.baseAddress!, lda: n,
              b: pb.baseAddress!, ldb: n, beta: 0, c: pc.baseAddress!, ldc: n,
              threads: threads, workspace: workspace)
          }
        }
      }
      let elapsed = seconds(clock.now - start)
      best = min(best, elapsed)
      total += elapsed
      calls += 1
    }
    return Result(seconds: best, calls: calls, digest: bitDigest(c))
  }

  /// SplitMix64 (Steele, Lea & Flood 2014) mapped to [−1, 1).
  static func fill<T: RealScalar>(_ type: T.Type, count: Int, seed: UInt64) -> [T] {
    var state = seed
    return (0..<count).map { _ in
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      z ^= z >> 31
      return T(Double(z >> 11) / 9_007_199_254_740_992 * 2 - 1)
    }
  }

  static func seconds(_ d: Duration) -> Double {
    let (s, atto) = d.components
    return Double(s) + Double(atto) * 1e-18
  }

  static func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s + " " : String(repeating: " ", count: width - s.count) + s
  }

  static func format(_ x: Double, digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (x * scale).rounded() / scale
    return "\(rounded)"
  }
}
