// GEMV must equal GEMM with n = 1 bit for bit (and hence the reference loop).

import RepriseCore
import RepriseLinalg
import Testing

@Suite struct GEMVTests {
  func check<T: RealScalar>(
    _: T.Type, _ trans: Transpose, m: Int, k: Int, alpha: T, beta: T, pad: Int
  ) throws -> Bool {
    var rng = TestRNG(seed: UInt64(m * 131 + k))
    let lda = (trans == .none ? k : m) + pad
    let rows = trans == .none ? m : k
    let a: [T] = rng.fill(T.self, count: max(1, rows * lda))
    let x: [T] = rng.fill(T.self, count: max(1, k))
    var y: [T] = rng.fill(T.self, count: max(1, m))
    if beta == 0 { for i in 0..<m { y[i] = .nan } }
    var viaGEMM = y
    try a.withUnsafeBufferPointer { pa in
      try x.withUnsafeBufferPointer { px in
        try y.withUnsafeMutableBufferPointer { py in
          try GEMV.compute(
            trans, m: m, k: k, alpha: alpha, a: pa.baseAddress!, lda: max(1, lda),
            x: px.baseAddress!, beta: beta, y: py.baseAddress!)
        }
        try viaGEMM.withUnsafeMutableBufferPointer { pc in
          try GEMM.compute(
            trans, .none, m: m, n: 1, k: k, alpha: alpha, a: pa.baseAddress!, lda: max(1, lda),
            b: px.baseAddress!, ldb: 1, beta: beta, c: pc.baseAddress!, ldc: 1, threads: 2,
            blocking: Blockings.tiny)
        }
      }
    }
    return bitsOf(y) == bitsOf(viaGEMM)
  }

  @Test(arguments: [Transpose.none, .transposed])
  func gemvEqualsGEMMWithOneColumn(trans: Transpose) throws {
    for (m, k) in [(1, 1), (7, 3), (8, 8), (17, 33), (40, 1), (3, 100), (33, 16), (5, 0)] {
      for (alpha, beta) in [(1.0, 0.0), (-0.5, 1.0), (3.0, 0.25), (0.0, 0.25)] {
        for pad in [0, 3] {
          #expect(
            try check(Double.self, trans, m: m, k: k, alpha: alpha, beta: beta, pad: pad),
            "Double \(trans) \(m)x\(k) α=\(alpha) β=\(beta) pad=\(pad)")
          #expect(
            try check(
              Float.self, trans, m: m, k: k, alpha: Float(alpha), beta: Float(beta), pad: pad),
            "Float \(trans) \(m)x\(k) α=\(alpha) β=\(beta) pad=\(pad)")
        }
      }
    }
  }

  @Test func arrayAPIAndBadInput() throws {
    var y: [Double] = [0, 0]
    try GEMV.compute(.none, m: 2, k: 3, a: [1, 2, 3, 4, 5, 6], x: [1, 1, 1], y: &y)
    #expect(y == [6, 15])
    try GEMV.compute(.transposed, m: 2, k: 3, a: [1, 2, 3, 4, 5, 6], x: [1, 1, 1], y: &y)
    #expect(y == [9, 12])
    #expect(throws: RepriseError.self) {
      try GEMV.compute(.none, m: 2, k: 3, a: [1, 2, 3, 4, 5], x: [1, 1, 1], y: &y)
    }
    #expect(throws: RepriseError.self) {
      try GEMV.compute(.none, m: 2, k: 3, a: [1, 2, 3, 4, 5, 6], x: [1, 1], y: &y)
    }
    #expect(throws: RepriseError.self) {
      try GEMV.compute(.none, m: -2, k: 3, a: [1, 2, 3, 4, 5, 6], x: [1, 1, 1], y: &y)
    }
    let a = [1.0, 2, 3, 4]
    var threw = false
    a.withUnsafeBufferPointer { p in
      y.withUnsafeMutableBufferPointer { py in
        do {
          try GEMV.compute(
            .none, m: 2, k: 2, alpha: 1, a: p.baseAddress!, lda: 1, x: p.baseAddress!, beta: 0,
            y: py.baseAddress!)
        } catch RepriseError.invalidArgument(_, "lda", _) {
          threw = true
        } catch {}
      }
    }
    #expect(threw)
  }
}
