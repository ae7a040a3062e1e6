// Norms: closed forms at the edges of the exponent range, where a naive
// sqrt(Σx²) overflows to ∞ or underflows to 0.

import RepriseCore
import RepriseLinalg
import Testing

@Suite struct NormsTests {
  /// |computed − expected| ≤ ulps·ulp(expected).
  func close<T: RealScalar>(_ computed: T, _ expected: T, ulps: T = 4) -> Bool {
    (computed - expected).magnitude <= ulps * expected.ulp
  }

  @Test func twoNormHugeAndTinyDouble() {
    #expect(close(Norms.two([3e300, 4e300]), 5e300))
    #expect(close(Norms.two([1e300, 1e300]), 1e300 * 2.0.squareRoot()))
    #expect(close(Norms.two([3e-300, 4e-300]), 5e-300))
    #expect(close(Norms.two([1e-300, 1e-300, 1e-300]), 1e-300 * 3.0.squareRoot()))
    #expect(close(Norms.two([Double.greatestFiniteMagnitude, 0]), .greatestFiniteMagnitude))
    let tiny = Double.leastNonzeroMagnitude
    #expect(Norms.two([tiny, tiny, tiny, tiny]) == 2 * tiny)
    // Mixed bins: the big entries dominate, tiny ones are negligible.
    #expect(close(Norms.two([3e200, 1e-300, 4e200, 1.0]), 5e200))
    // Medium and tiny together.
    #expect(close(Norms.two([3e-160, 4e-160]), 5e-160))
    #expect(close(Norms.two([1.0, 1e-300]), 1.0))
    // Ordinary values: 1..n, Σk² = n(n+1)(2n+1)/6.
    let n = 1000.0
    #expect(
      close(Norms.two((1...1000).map(Double.init)), (n * (n + 1) * (2 * n + 1) / 6).squareRoot()))
  }

  @Test func twoNormHugeAndTinyFloat() {
    #expect(close(Norms.two([Float(3e30), 4e30]), Float(5e30)))
    #expect(close(Norms.two([Float(3e-30), 4e-30]), Float(5e-30)))
    #expect(close(Norms.two([Float(3e37), 4e37]), Float(5e37)))
    let tiny = Float.leastNonzeroMagnitude
    #expect(Norms.two([tiny, tiny, tiny, tiny]) == 2 * tiny)
  }

  @Test func specialValues() {
    #expect(Norms.two([Double]()) == 0)
    #expect(Norms.two([0.0, -0.0]) == 0)
    #expect(Norms.two([1.0, .nan, 1e300]).isNaN)
    #expect(Norms.two([1.0, -.infinity]) == .infinity)
    #expect(Norms.two([Double.greatestFiniteMagnitude, .greatestFiniteMagnitude]) == .infinity)
    #expect(Norms.infinity([1.0, .nan]).isNaN)
    #expect(Norms.one([1.0, .nan]).isNaN)
  }

  @Test func oneInfinityAndMatrixNorms() throws {
    #expect(Norms.one([1.0, -2, 3]) == 6)
    #expect(Norms.infinity([1.0, -7, 3]) == 7)
    #expect(Norms.infinity([Float]()) == 0)
    // [[1, -2], [3, 4]]: column sums 4, 6; row sums 3, 7; Frobenius √30.
    let a: [Double] = [1, -2, 3, 4]
    #expect(try Norms.matrixOne(a, rows: 2, cols: 2) == 6)
    #expect(try Norms.matrixInfinity(a, rows: 2, cols: 2) == 7)
    #expect(close(try Norms.frobenius(a, rows: 2, cols: 2), 30.0.squareRoot()))
    // Frobenius of a padded huge matrix through the pointer API.
    let padded: [Double] = [3e300, 0, 99, 4e300, 0, 99]  // 2×2 with ld = 3
    let f = try padded.withUnsafeBufferPointer {
      try Norms.frobenius(rows: 2, cols: 2, $0.baseAddress!, ld: 3)
    }
    #expect(close(f, 5e300))
    #expect(throws: RepriseError.self) { _ = try Norms.frobenius(a, rows: 3, cols: 2) }
    #expect(throws: RepriseError.self) { _ = try Norms.matrixOne(a, rows: -1, cols: 2) }
    #expect(throws: RepriseError.self) {
      _ = try padded.withUnsafeBufferPointer {
        try Norms.frobenius(rows: 2, cols: 3, $0.baseAddress!, ld: 2)
      }
    }
    #expect(throws: RepriseError.self) {
      _ = try padded.withUnsafeBufferPointer { try Norms.two(count: 2, $0.baseAddress!, stride: 0) }
    }
    // Strided two-norm: entries 0, 3 of `padded`.
    let s = try padded.withUnsafeBufferPointer {
      try Norms.two(count: 2, $0.baseAddress!, stride: 3)
    }
    #expect(close(s, 5e300))
  }
}
