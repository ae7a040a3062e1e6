// Shared helpers for the GEMM and BLAS tests: a deterministic fill and a
// harness that runs GEMM and the reference loop on the same inputs and
// compares the bits.

import RepriseCore
import RepriseLinalg

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny deterministic generator,
/// local to the tests so they do not depend on the library RNG.
struct TestRNG {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// Uniform in [−1, 1): the top 53 bits as a fraction, times 2, minus 1,
  /// then rounded to the scalar type.
  mutating func uniform<T: RealScalar>(_: T.Type = T.self) -> T {
    T(Double(next() >> 11) / 9_007_199_254_740_992 * 2 - 1)
  }
  mutating func fill<T: RealScalar>(_: T.Type, count: Int) -> [T] {
    (0..<count).map { _ in uniform(T.self) }
  }
}

/// Bit patterns, so that comparisons are exact (and NaN == NaN).
func bitsOf<T: RealScalar>(_ x: [T]) -> [T.Bits] { x.map(\.bits) }

struct GEMMCase: CustomStringConvertible, Sendable {
  var m: Int
  var n: Int
  var k: Int
  var transA: Transpose = .none
  var transB: Transpose = .none
  var alpha: Double = 1
  var beta: Double = 0
  /// Extra elements per row beyond the row length.
  var padA = 0
  var padB = 0
  var padC = 0
  var threads = 1
  var blocking: GEMMBlocking? = nil

  var description: String {
    "\(m)x\(n)x\(k) \(transA == .none ? "N" : "T")\(transB == .none ? "N" : "T") α=\(alpha) β=\(beta) "
      + "pad=\(padA),\(padB),\(padC) threads=\(threads) blocking=\(blocking.map { "\($0.mc),\($0.kc),\($0.nc),\($0.smallLimit)" } ?? "default")"
  }

  /// Runs GEMM and the reference on identical inputs; returns both C arrays
  /// (including padding, which must be left untouched).
  func run<T: RealScalar>(_: T.Type, seed: UInt64 = 42) throws -> (fast: [T], reference: [T]) {
    var rng = TestRNG(seed: seed &+ UInt64(m * 1_000_003 + n * 1009 + k))
    let aRows = transA == .none ? m : k
    let aCols = transA == .none ? k : m
    let bRows = transB == .none ? k : n
    let bCols = transB == .none ? n : k
    let lda = max(1, aCols + padA)
    let ldb = max(1, bCols + padB)
    let ldc = max(1, n + padC)
    let a: [T] = rng.fill(T.self, count: max(1, aRows * lda))
    let b: [T] = rng.fill(T.self, count: max(1, bRows * ldb))
    var c: [T] = rng.fill(T.self, count: max(1, m * ldc))
    if beta == 0 {
      // β == 0 must ignore C completely, NaN included.
      for i in 0..<m { for j in 0..<n { c[i * ldc + j] = .nan } }
    }
    var reference = c
    var fast = c
    let alpha = T(self.alpha)
    let beta = T(self.beta)
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        reference.withUnsafeMutableBufferPointer { pc in
          ReferenceGEMM.compute(
            transA, transB, m: m, n: n, k: k, alpha: alpha, a: pa.baseAddress!, lda: lda,
            b: pb.baseAddress!, ldb: ldb, beta: beta, c: pc.baseAddress!, ldc: ldc)
        }
      }
    }
    try a.withUnsafeBufferPointer { pa in
      try b.withUnsafeBufferPointer { pb in
        try fast.withUnsafeMutableBufferPointer { pc in
          try GEMM.compute(
            transA, transB, m: m, n: n, k: k, alpha: alpha, a: pa.baseAddress!, lda: lda,
            b: pb.baseAddress!, ldb: ldb, beta: beta, c: pc.baseAddress!, ldc: ldc,
            threads: threads, blocking: blocking)
        }
      }
    }
    return (fast, reference)
  }
}

enum Blockings {
  /// Every block is one micro-tile deep or wide, KC = 3: every edge path runs.
  static let tiny = GEMMBlocking(mc: 1, kc: 3, nc: 1, smallLimit: 0, parallelLimit: 0)
  /// Blocks that are not multiples of anything in particular.
  static let odd = GEMMBlocking(mc: 13, kc: 17, nc: 29, smallLimit: 0, parallelLimit: 0)
  /// Forces the no-packing path.
  static let small = GEMMBlocking(mc: 72, kc: 256, nc: 1024, smallLimit: Int.max)
  static let all: [GEMMBlocking?] = [nil, tiny, odd, small]
}
