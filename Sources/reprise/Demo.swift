// `reprise demo`: a short tour of what the engine can do today, and a
// self-check of its promises on this machine — speed (with a warning when
// the FMA flag is missing) and bit-reproducibility across thread counts.
import Reprise

struct Demo {
  let quick: Bool
  let json: Bool

  /// Runs every check; true when all passed.
  func run() throws -> Bool {
    var checks: [(name: String, passed: Bool, detail: String)] = []
    let threads = ThreadSettings.defaultCount
    say("Reprise demo: \(threads) thread(s) (set REPRISE_THREADS to change)")

    // 1. Random numbers: the stream is pinned to NumPy's Philox.
    var stream = RandomStream(seed: 0)
    let firstWord = stream.next()
    checks.append(
      (
        "random stream equals numpy.random.Philox(key=0)", firstWord == 0x02f4_ba64_08e4_d89b,
        "first word 0x\(String(firstWord, radix: 16))"
      ))

    // 2. GEMM speed, with the FMA warning.
    let sizes = quick ? [128, 256] : [256, 512, 1024]
    var speeds: [String] = []
    for n in sizes {
      for t in Set([1, threads]).sorted() {
        let gflops = try gemmSpeed(Double.self, n: n, threads: t)
        speeds.append("Double n=\(n) threads=\(t): \(format(gflops)) GFLOPS")
      }
    }
    let probe = try gemmSpeed(Double.self, n: 96, threads: 1)
    if probe < 2 {
      say(
        "WARNING: GEMM runs at \(format(probe)) GFLOPS: fused multiply-add is probably compiled as a"
      )
      say("         libm call. Build with `-Xcc -march=native` (README, 'Full speed').")
    }
    speeds.forEach { say("  " + $0) }

    // 3. Determinism: the same product at 1, 2 and 3 threads has the same bits.
    var random = RandomStream(seed: 2026, stream: 1)
    let a = try Tensor<Double>(
      shape: [257, 131], scalars: (0..<(257 * 131)).map { _ in random.uniformDouble() - 0.5 })
    let b = try Tensor<Double>(
      shape: [131, 129], scalars: (0..<(131 * 129)).map { _ in random.uniformDouble() - 0.5 })
    let digests = try [1, 2, 3].map { try matmul(a, b, threads: $0).digest }
    checks.append(
      (
        "GEMM bits identical at 1, 2, 3 threads", Set(digests).count == 1,
        "digest \(digests[0].prefix(16))…"
      ))

    for check in checks {
      say("[\(check.passed ? "PASS" : "FAIL")] \(check.name) (\(check.detail))")
    }
    let allPassed = checks.allSatisfy(\.passed)
    if json {
      let items = checks.map { "{\"check\":\"\($0.name)\",\"passed\":\($0.passed)}" }.joined(
        separator: ",")
      print(
        "{\"demo\":\"reprise\",\"threads\":\(threads),\"passed\":\(allPassed),\"checks\":[\(items)]}"
      )
    }
    return allPassed
  }

  /// GFLOPS of an n×n×n product, best of a few runs.
  func gemmSpeed<T: RealScalar>(_: T.Type, n: Int, threads: Int) throws -> Double {
    let a = try Tensor<T>(shape: [n, n], repeating: 1)
    let clock = ContinuousClock()
    var best = Double.infinity
    for _ in 0..<3 {
      let elapsed = try clock.measure { _ = try matmul(a, a, threads: threads) }
      best = min(
        best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    return 2 * Double(n * n * n) / best / 1e9
  }

  func say(_ text: String) {
    if json { writeError(text) } else { print(text) }
  }

  func format(_ x: Double) -> String {
    let scaled = (x * 10).rounded() / 10
    return "\(scaled)"
  }
}
