// `reprise demo`: a short tour of what the engine can do today, and a
// self-check of its promises on this machine — speed (with a warning when
// the FMA flag is missing) and bit-reproducibility: the blocked GEMM against
// the naive fused loop and across thread counts, the random stream against
// NumPy's Philox, the elementary functions' array forms against their scalar
// forms, and a short digits training run at two thread counts.
import Reprise

struct Demo {
  let quick: Bool
  let json: Bool

  struct Check {
    let name: String
    let passed: Bool
    let detail: String
  }

  /// Runs every check; true when all passed.
  func run() throws -> Bool {
    let threads = ThreadSettings.defaultCount
    say("Reprise demo — \(threads) thread(s) (set REPRISE_THREADS to change)\n")
    var checks: [Check] = []

    // 1. GEMM speed, with the FMA warning.
    let probe = try gemmSpeed(Double.self, n: 96, threads: 1)
    if probe < 2 {
      say(
        "WARNING: GEMM runs at \(format(probe)) GFLOPS: fused multiply-add is probably compiled as a"
      )
      say("         libm call. Build with `-Xcc -march=native` (README, 'Full speed').\n")
    }
    say("GEMM speed (C = AB, n×n):")
    for n in quick ? [256, 512] : [256, 512, 1024] {
      var row = "  n = \(n):"
      for t in Set([1, threads]).sorted() {
        row += "  Double \(format(try gemmSpeed(Double.self, n: n, threads: t))) GFLOPS"
        row +=
          ", Float \(format(try gemmSpeed(Float.self, n: n, threads: t))) GFLOPS (\(t) thread\(t == 1 ? "" : "s"))"
      }
      say(row)
    }
    say("")

    // 2. GEMM = the naive fused loop, bit for bit, at 1, 2 and 3 threads.
    checks.append(try gemmDeterminism())

    // 3. The random stream is NumPy's Philox stream.
    var stream = RandomStream(seed: 0)
    let firstWord = stream.next()
    checks.append(
      Check(
        name: "random stream equals numpy.random.Philox(key=0)",
        passed: firstWord == 0x02f4_ba64_08e4_d89b,
        detail: "first word 0x\(String(firstWord, radix: 16))"))

    // 4. Elementary functions: SIMD array forms give the scalar bits.
    checks.append(elementaryConsistency())

    // 5. A short digits training run, identical at 1 and 2 threads.
    checks.append(try digitsTraining(epochs: quick ? 3 : 10))

    for check in checks {
      say("[\(check.passed ? "PASS" : "FAIL")] \(check.name) — \(check.detail)")
    }
    let allPassed = checks.allSatisfy(\.passed)
    if json {
      let items = checks.map {
        "{\"check\":\"\($0.name)\",\"passed\":\($0.passed),\"detail\":\"\($0.detail)\"}"
      }
      print(
        "{\"demo\":\"reprise\",\"threads\":\(threads),\"passed\":\(allPassed),\"checks\":[\(items.joined(separator: ","))]}"
      )
    }
    return allPassed
  }

  func gemmDeterminism() throws -> Check {
    var random = RandomStream(seed: 2026, stream: 1)
    let (m, n, k) = (257, 129, 131)
    let a = try Tensor<Double>.uniform([m, k], in: -1..<1, using: &random)
    let b = try Tensor<Double>.uniform([k, n], in: -1..<1, using: &random)
    var reference = [Double](repeating: 0, count: m * n)
    a.scalars.withUnsafeBufferPointer { pa in
      b.scalars.withUnsafeBufferPointer { pb in
        reference.withUnsafeMutableBufferPointer { pc in
          ReferenceGEMM.compute(
            .none, .none, m: m, n: n, k: k, alpha: 1, a: pa.baseAddress!, lda: k,
            b: pb.baseAddress!, ldb: n,
            beta: 0, c: pc.baseAddress!, ldc: n)
        }
      }
    }
    let digests = try [1, 2, 3].map { try matmul(a, b, threads: $0).digest }
    let expected = try Tensor(shape: [m, n], scalars: reference).digest
    return Check(
      name: "GEMM equals the naive fused loop bit for bit at 1, 2, 3 threads",
      passed: digests.allSatisfy { $0 == expected }, detail: "digest \(expected.prefix(16))…")
  }

  func elementaryConsistency() -> Check {
    var random = RandomStream(seed: 5)
    let x = (0..<10_000).map { _ in random.uniform(in: -30.0..<30.0) }
    let functions: [(String, ([Double]) -> [Double], (Double) -> Double)] = [
      ("exp", Elementary.exp, Double.exp), ("tanh", Elementary.tanh, Double.tanh),
      ("sin", Elementary.sin, Double.sin), ("erf", Elementary.erf, Double.erf),
    ]
    var mismatches = 0
    for (_, array, scalar) in functions {
      mismatches += zip(array(x), x.map(scalar)).filter { $0.bitPattern != $1.bitPattern }.count
    }
    let logInput = x.map { Swift.abs($0) + 1e-3 }
    mismatches +=
      zip(Elementary.log(logInput), logInput.map(Double.log)).filter {
        $0.bitPattern != $1.bitPattern
      }.count
    return Check(
      name: "elementary functions: array forms give the scalar bits", passed: mismatches == 0,
      detail: "exp, log, tanh, sin, erf on 10,000 points, \(mismatches) mismatches")
  }

  func digitsTraining(epochs: Int) throws -> Check {
    var results: [(accuracy: Double, digest: String)] = []
    let original = ThreadSettings.defaultCount
    defer { try? ThreadSettings.setDefaultCount(original) }
    for threads in [1, 2] {
      try ThreadSettings.setDefaultCount(threads)
      let digits = try Digits.load(Float.self)
      var splitStream = RandomStream(seed: 42, stream: 0)
      let (rawTrain, rawTest) = try digits.split(trainCount: 1347, using: &splitStream)
      let (mean, deviation) = try rawTrain.featureStatistics()
      let train = try rawTrain.standardized(mean: mean, deviation: deviation)
      let test = try rawTest.standardized(mean: mean, deviation: deviation)
      var initStream = RandomStream(seed: 42, stream: 1)
      var store = ParameterStore<Float>()
      let mlp = try MLP(widths: [64, 128, 10], store: &store, random: &initStream)
      var trainer = Trainer(optimizer: Adam<Float>(learningRate: 3e-3), batchSize: 32)
      trainer.showsProgress = false
      var orderStream = RandomStream(seed: 42, stream: 2)
      _ = try trainer.fit(&store, data: train, epochs: epochs, random: &orderStream) { p, x, y in
        try Loss.softmaxCrossEntropy(mlp(x, p), labels: y)
      }
      let outputs = try mlp(Variable(constant: test.features), store.constants()).value
      results.append(
        (try accuracy(outputs, labels: test.labels), bitDigest(store.values.flatMap(\.scalars))))
    }
    return Check(
      name: "digits MLP 64-128-10 (Float, Adam, \(epochs) epochs): same weights at 1 and 2 threads",
      passed: results[0].digest == results[1].digest,
      detail:
        "test accuracy \(format(results[0].accuracy * 100))%, weights \(results[0].digest.prefix(16))…"
    )
  }

  /// GFLOPS of an n×n×n product, best of a few runs.
  func gemmSpeed<T: RealScalar>(_: T.Type, n: Int, threads: Int) throws -> Double {
    var random = RandomStream(seed: 1)
    let a = try Tensor<T>.uniform([n, n], in: -1..<1, using: &random)
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
    "\((x * 10).rounded() / 10)"
  }
}
