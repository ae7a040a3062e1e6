// Golden digests of canonical GEMM products (Fixtures/golden/gemm.txt).
//
// Each line names a product and the `bitDigest` of its C. The test recomputes
// every product with the reference loop and with GEMM (default and tiny
// blocking, 1–3 threads) and requires all of them to equal the recorded
// digest exactly: any change of bits across builds, flags, thread counts or
// releases fails here.

import RepriseCore
import RepriseLinalg
import RepriseTestSupport
import Testing

@Suite struct GEMMGoldenTests {
  /// The canonical products. Inputs: TestRNG (SplitMix64) with seed 1 fills
  /// A, then B, then C, row-major, dense, values in [−1, 1) (see
  /// `TestRNG.uniform`).
  static let products:
    [(name: String, transA: Transpose, transB: Transpose, alpha: Double, beta: Double)] = [
      ("nn-alpha1-beta0", .none, .none, 1, 0),
      ("tt-alpha-0.5-beta0.25", .transposed, .transposed, -0.5, 0.25),
    ]
  static let (m, n, k) = (100, 80, 60)

  func compute<T: RealScalar>(
    _: T.Type,
    _ p: (name: String, transA: Transpose, transB: Transpose, alpha: Double, beta: Double),
    reference: Bool, threads: Int = 1, blocking: GEMMBlocking? = nil
  ) throws -> String {
    let (m, n, k) = Self.m == 0 ? (0, 0, 0) : (Self.m, Self.n, Self.k)
    var rng = TestRNG(seed: 1)
    let a: [T] = rng.fill(T.self, count: m * k)
    let b: [T] = rng.fill(T.self, count: k * n)
    var c: [T] = rng.fill(T.self, count: m * n)
    let lda = p.transA == .none ? k : m
    let ldb = p.transB == .none ? n : k
    try a.withUnsafeBufferPointer { pa in
      try b.withUnsafeBufferPointer { pb in
        try c.withUnsafeMutableBufferPointer { pc in
          if reference {
            ReferenceGEMM.compute(
              p.transA, p.transB, m: m, n: n, k: k, alpha: T(p.alpha), a: pa.baseAddress!,
              lda: lda, b: pb.baseAddress!, ldb: ldb, beta: T(p.beta), c: pc.baseAddress!, ldc: n)
          } else {
            try GEMM.compute(
              p.transA, p.transB, m: m, n: n, k: k, alpha: T(p.alpha), a: pa.baseAddress!,
              lda: lda, b: pb.baseAddress!, ldb: ldb, beta: T(p.beta), c: pc.baseAddress!, ldc: n,
              threads: threads, blocking: blocking)
          }
        }
      }
    }
    return bitDigest(c)
  }

  func golden() throws -> [String: String] {
    var table: [String: String] = [:]
    for line in try FixtureFiles.text("golden/gemm.txt").split(separator: "\n") {
      if line.hasPrefix("#") { continue }
      let parts = line.split(separator: " ")
      if parts.count == 2 { table[String(parts[0])] = String(parts[1]) }
    }
    return table
  }

  @Test func digestsMatchGoldenFile() throws {
    let table = try golden()
    for p in Self.products {
      for (type, name) in [(0, "double"), (1, "float")] {
        let key = "gemm-\(name)-\(Self.m)x\(Self.n)x\(Self.k)-\(p.name)"
        let expected = table[key]
        #expect(expected != nil, "missing golden line \(key)")
        var digests: [String] = []
        for (reference, threads, blocking) in [
          (true, 1, nil), (false, 1, nil), (false, 2, Blockings.tiny), (false, 3, Blockings.odd),
          (false, 2, nil), (false, 1, Blockings.small),
        ] as [(Bool, Int, GEMMBlocking?)] {
          digests.append(
            type == 0
              ? try compute(
                Double.self, p, reference: reference, threads: threads, blocking: blocking)
              : try compute(
                Float.self, p, reference: reference, threads: threads, blocking: blocking))
        }
        for d in digests {
          #expect(d == expected, "\(key): computed \(d)")
        }
      }
    }
  }
}
