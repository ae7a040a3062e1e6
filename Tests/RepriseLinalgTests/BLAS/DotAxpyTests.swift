// Dot and Axpy against references written the same way (one fused chain /
// one fma per element), plus GEMM consistency and bad input.

import RepriseCore
import RepriseLinalg
import Testing

@Suite struct DotAxpyTests {
  @Test func dotIsTheSequentialFusedChain() throws {
    var rng = TestRNG(seed: 11)
    for n in [0, 1, 2, 7, 64, 1001] {
      let x: [Double] = rng.fill(Double.self, count: n)
      let y: [Double] = rng.fill(Double.self, count: n)
      var s = 0.0
      for i in 0..<n { s = s.addingProduct(x[i], y[i]) }
      #expect(try Dot.compute(x, y).bitPattern == s.bitPattern)
      let xf = x.map { Float($0) }
      let yf = y.map { Float($0) }
      var sf: Float = 0
      for i in 0..<n { sf = sf.addingProduct(xf[i], yf[i]) }
      #expect(try Dot.compute(xf, yf).bitPattern == sf.bitPattern)
      // Dot equals GEMM with m = n = 1.
      if n > 0 {
        let g = try GEMM.product(x, y, m: 1, n: 1, k: n, threads: 1)
        #expect(g[0].bitPattern == s.bitPattern)
      }
    }
  }

  @Test func stridedDot() throws {
    let x: [Double] = (0..<12).map { Double($0) + 0.5 }
    let y: [Double] = (0..<6).map { 1 / Double($0 + 3) }
    var s = 0.0
    for i in 0..<4 { s = s.addingProduct(x[3 * i], y[i]) }
    let d = try x.withUnsafeBufferPointer { px in
      try y.withUnsafeBufferPointer { py in
        try Dot.compute(count: 4, px.baseAddress!, strideX: 3, py.baseAddress!)
      }
    }
    #expect(d.bitPattern == s.bitPattern)
  }

  @Test func dotBadInput() {
    #expect(throws: RepriseError.self) { _ = try Dot.compute([1.0, 2.0], [1.0]) }
    let x = [1.0]
    x.withUnsafeBufferPointer { p in
      #expect(throws: RepriseError.self) {
        _ = try Dot.compute(count: -1, p.baseAddress!, p.baseAddress!)
      }
      #expect(throws: RepriseError.self) {
        _ = try Dot.compute(count: 1, p.baseAddress!, strideX: 0, p.baseAddress!)
      }
    }
  }

  @Test func axpyIsOneFmaPerElement() throws {
    var rng = TestRNG(seed: 12)
    for n in [0, 1, 5, 33, 1000] {
      let x: [Float] = rng.fill(Float.self, count: n)
      var y: [Float] = rng.fill(Float.self, count: n)
      let alpha: Float = -0.37
      let expected = (0..<n).map { y[$0].addingProduct(alpha, x[$0]) }
      try Axpy.compute(alpha: alpha, x, &y)
      #expect(bitsOf(y) == bitsOf(expected))
    }
    // Strided, Double.
    let x: [Double] = [1, 2, 3, 4, 5, 6]
    var y: [Double] = [10, 20, 30]
    try x.withUnsafeBufferPointer { px in
      try y.withUnsafeMutableBufferPointer { py in
        try Axpy.compute(count: 3, alpha: 2, px.baseAddress!, strideX: 2, py.baseAddress!)
      }
    }
    #expect(y == [12, 26, 40])
    var short: [Double] = [1]
    #expect(throws: RepriseError.self) { try Axpy.compute(alpha: 1.0, x, &short) }
  }
}
