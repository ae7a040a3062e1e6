// Bad input to GEMM throws typed errors; it never traps.

import RepriseCore
import RepriseLinalg
import Testing

@Suite struct GEMMInputValidationTests {
  func call(
    _ ta: Transpose = .none, _ tb: Transpose = .none, m: Int, n: Int, k: Int, lda: Int, ldb: Int,
    ldc: Int, threads: Int = 1, blocking: GEMMBlocking? = nil
  ) throws {
    var buffer = [Double](repeating: 1, count: 64)
    try buffer.withUnsafeMutableBufferPointer { p in
      try GEMM.compute(
        ta, tb, m: m, n: n, k: k, alpha: 1, a: p.baseAddress!, lda: lda, b: p.baseAddress!,
        ldb: ldb, beta: 0, c: p.baseAddress!, ldc: ldc, threads: threads, blocking: blocking)
    }
  }

  func isInvalidShape(_ body: () throws -> Void) -> Bool {
    do { try body() } catch RepriseError.invalidShape { return true } catch { return false }
    return false
  }

  func isInvalidArgument(_ body: () throws -> Void, named expected: String) -> Bool {
    do { try body() } catch let RepriseError.invalidArgument(_, name, _) {
      return name == expected
    } catch {
      return false
    }
    return false
  }

  @Test func negativeSizes() {
    #expect(isInvalidShape { try call(m: -1, n: 2, k: 2, lda: 2, ldb: 2, ldc: 2) })
    #expect(isInvalidShape { try call(m: 2, n: -1, k: 2, lda: 2, ldb: 2, ldc: 2) })
    #expect(isInvalidShape { try call(m: 2, n: 2, k: -3, lda: 2, ldb: 2, ldc: 2) })
  }

  @Test func leadingDimensionsTooSmall() {
    #expect(isInvalidArgument({ try call(m: 2, n: 3, k: 4, lda: 3, ldb: 3, ldc: 3) }, named: "lda"))
    #expect(isInvalidArgument({ try call(m: 2, n: 3, k: 4, lda: 4, ldb: 2, ldc: 3) }, named: "ldb"))
    #expect(isInvalidArgument({ try call(m: 2, n: 3, k: 4, lda: 4, ldb: 3, ldc: 2) }, named: "ldc"))
    // Transposed: A is stored k×m (row length m), B n×k (row length k).
    #expect(
      isInvalidArgument(
        { try call(.transposed, .none, m: 5, n: 3, k: 2, lda: 4, ldb: 3, ldc: 3) }, named: "lda"))
    #expect(
      isInvalidArgument(
        { try call(.none, .transposed, m: 2, n: 3, k: 4, lda: 4, ldb: 3, ldc: 3) }, named: "ldb"))
    #expect(isInvalidArgument({ try call(m: 0, n: 0, k: 0, lda: 0, ldb: 1, ldc: 1) }, named: "lda"))
    // Valid: transposed shapes with the right strides.
    #expect(throws: Never.self) {
      try call(.transposed, .transposed, m: 5, n: 3, k: 2, lda: 5, ldb: 2, ldc: 3)
    }
  }

  @Test func badThreadsAndBlocking() {
    #expect(
      isInvalidArgument(
        { try call(m: 2, n: 2, k: 2, lda: 2, ldb: 2, ldc: 2, threads: 0) }, named: "threads"))
    #expect(
      isInvalidArgument(
        {
          try call(
            m: 2, n: 2, k: 2, lda: 2, ldb: 2, ldc: 2, blocking: GEMMBlocking(mc: 0, kc: 1, nc: 1))
        },
        named: "blocking"))
  }

  @Test func arrayConvenienceChecksCounts() throws {
    var c = [Double](repeating: 0, count: 6)
    #expect(throws: RepriseError.self) {
      try GEMM.compute(
        .none, .none, m: 2, n: 3, k: 4, a: [Double](repeating: 1, count: 7),
        b: [Double](repeating: 1, count: 12), c: &c)
    }
    #expect(throws: RepriseError.self) {
      try GEMM.compute(
        .none, .none, m: 2, n: 3, k: 4, a: [Double](repeating: 1, count: 8),
        b: [Double](repeating: 1, count: 11), c: &c)
    }
    var shortC = [Double](repeating: 0, count: 5)
    #expect(throws: RepriseError.self) {
      try GEMM.compute(
        .none, .none, m: 2, n: 3, k: 4, a: [Double](repeating: 1, count: 8),
        b: [Double](repeating: 1, count: 12), c: &shortC)
    }
    #expect(throws: RepriseError.self) {
      _ = try GEMM.product([Float](), [Float](), m: -1, n: 1, k: 0)
    }
    #expect(throws: RepriseError.self) {
      _ = try GEMM.product([Float](), [Float](), m: Int.max, n: 3, k: 0)
    }
    // Empty products are fine.
    #expect(try GEMM.product([Float](), [Float](), m: 0, n: 0, k: 5) == [])
    #expect(try GEMM.product([Float](), [Float](), m: 2, n: 2, k: 0) == [0, 0, 0, 0])
  }

  @Test func alphaZeroDoesNotReadAB() throws {
    // α == 0: C ← β·C even when A and B hold NaN.
    let a = [Double](repeating: .nan, count: 6)
    var c: [Double] = [1, 2, 3, 4]
    try GEMM.compute(.none, .none, m: 2, n: 2, k: 3, alpha: 0, a: a, b: a, beta: 0.5, c: &c)
    #expect(c == [0.5, 1, 1.5, 2])
    try GEMM.compute(.none, .none, m: 2, n: 2, k: 3, alpha: 0, a: a, b: a, beta: 0, c: &c)
    #expect(c == [0, 0, 0, 0])
  }
}
