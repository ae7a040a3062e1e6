// Elementary-function benchmark: Reprise's array forms versus a plain loop
// over the platform libm (glibc on Linux, Darwin's libm on macOS), on the
// same 65,536-element input, for Double and Float.
//
// Each case runs about 0.2 s in total (`quick`: about 0.02 s) in 5 rounds
// alternating Reprise and libm; the best per-element time of each is
// reported, so the figures are steady-state throughput. `max_ulp_vs_glibc`
// is the largest ulp distance between the two outputs: Reprise is within
// 1 ulp of the exact value, so anything above 1 includes libm's own error
// (glibc's tanh is up to ~2 ulp off).
// Speed needs hardware FMA: build with `swift build -c release -Xcc -march=native`.
import RepriseCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

enum ElementaryBenchmark {
  private struct Case {
    let function: String
    let lo: Double
    let hi: Double
    let logScale: Bool
    let repriseD: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
    let libmD: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
    let repriseF: (UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void
    let libmF: (UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void
  }

  private static var cases: [Case] {
    [
      Case(
        function: "exp", lo: -50, hi: 50, logScale: false,
        repriseD: { Elementary.exp($0, into: $1) },
        libmD: { x, y in for i in x.indices { y[i] = exp(x[i]) } },
        repriseF: { Elementary.exp($0, into: $1) },
        libmF: { x, y in for i in x.indices { y[i] = expf(x[i]) } }),
      Case(
        function: "log", lo: 1e-6, hi: 1e6, logScale: true,
        repriseD: { Elementary.log($0, into: $1) },
        libmD: { x, y in for i in x.indices { y[i] = log(x[i]) } },
        repriseF: { Elementary.log($0, into: $1) },
        libmF: { x, y in for i in x.indices { y[i] = logf(x[i]) } }),
      Case(
        function: "tanh", lo: -5, hi: 5, logScale: false,
        repriseD: { Elementary.tanh($0, into: $1) },
        libmD: { x, y in for i in x.indices { y[i] = tanh(x[i]) } },
        repriseF: { Elementary.tanh($0, into: $1) },
        libmF: { x, y in for i in x.indices { y[i] = tanhf(x[i]) } }),
      Case(
        function: "sin", lo: -100, hi: 100, logScale: false,
        repriseD: { Elementary.sin($0, into: $1) },
        libmD: { x, y in for i in x.indices { y[i] = sin(x[i]) } },
        repriseF: { Elementary.sin($0, into: $1) },
        libmF: { x, y in for i in x.indices { y[i] = sinf(x[i]) } }),
      Case(
        function: "erf", lo: -4, hi: 4, logScale: false,
        repriseD: { Elementary.erf($0, into: $1) },
        libmD: { x, y in for i in x.indices { y[i] = erf(x[i]) } },
        repriseF: { Elementary.erf($0, into: $1) },
        libmF: { x, y in for i in x.indices { y[i] = erff(x[i]) } }),
    ]
  }

  static func run(json: Bool, quick: Bool) {
    let n = 1 << 16
    let budget: Duration = quick ? .milliseconds(20) : .milliseconds(200)
    if !json {
      print(
        pad("function", 9) + pad("type", 7) + lpad("n", 7) + lpad("reprise ns/el", 15)
          + lpad("glibc ns/el", 13) + lpad("glibc/reprise", 15) + lpad("max ulp", 9))
    }
    for c in cases {
      // Deterministic inputs (xorshift64*), uniform or log-uniform in [lo, hi].
      var state: UInt64 = 0x9E37_79B9_7F4A_7C15
      var xd = [Double](repeating: 0, count: n)
      for i in 0..<n {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        let u = Double((state &* 0x2545_F491_4F6C_DD1D) >> 11) * 0x1p-53
        xd[i] = c.logScale ? c.lo * exp(u * log(c.hi / c.lo)) : c.lo + (c.hi - c.lo) * u
      }
      let xf = xd.map { Float($0) }
      report(c.function, "Double", n, json, measure(xd, budget, c.repriseD, c.libmD))
      report(c.function, "Float", n, json, measure(xf, budget, c.repriseF, c.libmF))
    }
  }

  private static func measure<T: BinaryFloatingPoint>(
    _ x: [T], _ budget: Duration,
    _ reprise: (UnsafeBufferPointer<T>, UnsafeMutableBufferPointer<T>) -> Void,
    _ libm: (UnsafeBufferPointer<T>, UnsafeMutableBufferPointer<T>) -> Void
  ) -> (reprise: Double, libm: Double, maxULP: Int64) {
    let n = x.count
    var yr = [T](repeating: 0, count: n)
    var yl = [T](repeating: 0, count: n)
    let clock = ContinuousClock()
    return x.withUnsafeBufferPointer { xb in
      yr.withUnsafeMutableBufferPointer { yrBuf in
        yl.withUnsafeMutableBufferPointer { ylBuf in
          let yrb = yrBuf
          let ylb = ylBuf
          // Rounds alternate between the two loops so that load changes on a
          // shared machine hit both alike; the best round of each is kept.
          func once(_ ours: Bool, _ reps: Int) -> Double {
            let s = clock.now
            for _ in 0..<reps {
              if ours { reprise(xb, yrb) } else { libm(xb, ylb) }
            }
            let d = clock.now - s
            let ns = Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) * 1e-9
            return ns / Double(reps * n)
          }
          // Warm up, then size the repeat count from one timed pass of each.
          _ = once(true, 1)
          _ = once(false, 1)
          let perPass = max(once(true, 1), once(false, 1)) * Double(n)  // ns
          let budgetNs =
            Double(budget.components.seconds) * 1e9 + Double(budget.components.attoseconds) * 1e-9
          let reps = max(1, Int(budgetNs / 10 / perPass))
          var bestOurs = Double.infinity
          var bestLibm = Double.infinity
          for _ in 0..<5 {
            bestOurs = min(bestOurs, once(true, reps))
            bestLibm = min(bestLibm, once(false, reps))
          }
          var worst: Int64 = 0
          for i in 0..<n { worst = max(worst, ulpDistance(yrb[i], ylb[i])) }
          return (bestOurs, bestLibm, worst)
        }
      }
    }
  }

  private static func ulpDistance<T: BinaryFloatingPoint>(_ a: T, _ b: T) -> Int64 {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN ? 0 : .max }
    func ordered(_ v: T) -> Int64 {
      // Rank of v among representable values: sign-magnitude to two's complement.
      let mag =
        Int64(v.magnitude.exponentBitPattern) << Int64(T.significandBitCount)
        | Int64(v.magnitude.significandBitPattern)
      return v.sign == .minus ? -mag : mag
    }
    let (d, overflow) = ordered(a).subtractingReportingOverflow(ordered(b))
    return overflow ? .max : Int64(clamping: d.magnitude)
  }

  private static func report(
    _ function: String, _ type: String, _ n: Int, _ json: Bool,
    _ r: (reprise: Double, libm: Double, maxULP: Int64)
  ) {
    let ratio = r.libm / r.reprise
    if json {
      print(
        "{\"bench\":\"elementary\",\"function\":\"\(function)\",\"type\":\"\(type)\",\"n\":\(n),"
          + "\"reprise_ns_per_elem\":\(fmt(r.reprise)),\"glibc_ns_per_elem\":\(fmt(r.libm)),"
          + "\"ratio_glibc_over_reprise\":\(fmt(ratio)),\"max_ulp_vs_glibc\":\(r.maxULP)}")
    } else {
      print(
        pad(function, 9) + pad(type, 7) + lpad("\(n)", 7) + lpad(fmt(r.reprise), 15)
          + lpad(fmt(r.libm), 13) + lpad(fmt(ratio), 15) + lpad("\(r.maxULP)", 9))
    }
  }

  private static func fmt(_ v: Double) -> String {
    let scaled = (v * 1000).rounded()
    let ip = Int(scaled) / 1000
    let fp = Int(scaled) % 1000
    let fs = String(fp)
    return "\(ip)." + String(repeating: "0", count: 3 - fs.count) + fs
  }

  private static func pad(_ s: String, _ w: Int) -> String {
    s + String(repeating: " ", count: max(0, w - s.count))
  }

  private static func lpad(_ s: String, _ w: Int) -> String {
    String(repeating: " ", count: max(0, w - s.count)) + s
  }
}
