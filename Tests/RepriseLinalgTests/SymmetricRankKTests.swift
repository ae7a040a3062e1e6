// SymmetricRankK (C ← α·op(A)·op(A)ᵀ + β·C) against two independent truths:
// the reference GEMM loop on the same operands (entries on and above the
// diagonal bit for bit; the mirrored lower triangle bit for bit when α = 1 or
// a power of two, else exactly symmetric and within rounding of GEMM's) and
// closed forms on integer matrices whose products are exact.

import RepriseCore
import RepriseLinalg
import Testing

@Suite struct SymmetricRankKTests {
  /// (n, k): empty, single, tall and wide, across MR/NR/KC edges.
  static let shapes: [(Int, Int)] = [
    (0, 0), (0, 5), (5, 0), (1, 1), (1, 40), (40, 1), (2, 3), (7, 13), (13, 7), (31, 31),
    (64, 64), (65, 17), (17, 65), (100, 3), (3, 100), (97, 257),
  ]

  /// Runs SymmetricRankK and the reference GEMM of op(A)·op(A)ᵀ on the same
  /// inputs (C padded by `padC`, lower triangle of C set to NaN when β ≠ 0
  /// so that reading it would show). Returns (fast, reference).
  static func run<T: RealScalar>(
    _: T.Type, _ trans: Transpose, n: Int, k: Int, alpha: Double = 1, beta: Double = 0,
    padA: Int = 0, padC: Int = 0, threads: Int = 2, blocking: GEMMBlocking? = nil
  ) throws -> (fast: [T], reference: [T], ldc: Int) {
    var rng = TestRNG(seed: UInt64(n * 7919 + k * 31 + padA))
    let (rows, cols) = trans == .none ? (n, k) : (k, n)
    let lda = max(1, cols + padA)
    let ldc = max(1, n + padC)
    let a: [T] = rng.fill(T.self, count: max(1, rows * lda))
    var c: [T] = rng.fill(T.self, count: max(1, n * ldc))
    var reference = c
    for i in 0..<n {
      for j in 0..<n where beta == 0 || j < i { c[i * ldc + j] = .nan }
    }
    // The reference sees a symmetric C (its lower triangle mirrors the upper).
    for i in 0..<n { for j in 0..<i { reference[i * ldc + j] = reference[j * ldc + i] } }
    var fast = c
    let other: Transpose = trans == .none ? .transposed : .none
    try a.withUnsafeBufferPointer { pa in
      reference.withUnsafeMutableBufferPointer { pc in
        ReferenceGEMM.compute(
          trans, other, m: n, n: n, k: k, alpha: T(alpha), a: pa.baseAddress!, lda: lda,
          b: pa.baseAddress!, ldb: lda, beta: T(beta), c: pc.baseAddress!, ldc: ldc)
      }
      try fast.withUnsafeMutableBufferPointer { pc in
        try SymmetricRankK.compute(
          trans, n: n, k: k, alpha: T(alpha), a: pa.baseAddress!, lda: lda, beta: T(beta),
          c: pc.baseAddress!, ldc: ldc, threads: threads, blocking: blocking)
      }
    }
    return (fast, reference, ldc)
  }

  @Test(arguments: 0..<4)
  func bitIdenticalToReferenceGEMMEveryShapeAndBlocking(blockingIndex: Int) throws {
    let blocking = Blockings.all[blockingIndex]
    for (n, k) in Self.shapes {
      for trans in [Transpose.none, .transposed] {
        let d = try Self.run(Double.self, trans, n: n, k: k, blocking: blocking)
        #expect(bitsOf(d.fast) == bitsOf(d.reference), "Double \(trans) n=\(n) k=\(k)")
        let f = try Self.run(Float.self, trans, n: n, k: k, blocking: blocking)
        #expect(bitsOf(f.fast) == bitsOf(f.reference), "Float \(trans) n=\(n) k=\(k)")
      }
    }
  }

  /// β ≠ 0 continues each chain from β·C, padded strides are left alone,
  /// thread counts 1–3 and the default blocking with k across KC and enough
  /// work to fork.
  @Test(arguments: [1, 2, 3])
  func alphaBetaPaddingAndThreads(threads: Int) throws {
    // k = 530 crosses the default KC (256) only with the default blocking.
    for blocking in Blockings.all {
      for (n, k) in blocking == nil ? [(29, 33), (40, 530)] : [(29, 33)] {
        for (alpha, beta) in [(1.0, 1.0), (-0.5, 0.25), (2.0, 0.0)] {
          for trans in [Transpose.none, .transposed] {
            let d = try Self.run(
              Double.self, trans, n: n, k: k, alpha: alpha, beta: beta, padA: 3, padC: 2,
              threads: threads, blocking: blocking)
            #expect(bitsOf(d.fast) == bitsOf(d.reference), "Double n=\(n) k=\(k) α=\(alpha)")
            let f = try Self.run(
              Float.self, trans, n: n, k: k, alpha: alpha, beta: beta, padA: 3, padC: 2,
              threads: threads, blocking: blocking)
            #expect(bitsOf(f.fast) == bitsOf(f.reference), "Float n=\(n) k=\(k) α=\(alpha)")
          }
        }
      }
    }
  }

  /// α = 3 is not a power of two: the upper triangle is still GEMM's bits;
  /// the lower is exactly the mirror, and within k·ε·Σ|terms| of GEMM's.
  @Test func generalAlphaUpperExactLowerMirrored() throws {
    let (n, k) = (37, 70)
    let d = try Self.run(
      Double.self, .transposed, n: n, k: k, alpha: 3, beta: 0, blocking: Blockings.odd)
    for i in 0..<n {
      for j in 0..<n {
        let (fast, reference) = (d.fast[i * d.ldc + j], d.reference[i * d.ldc + j])
        if i <= j {
          #expect(fast.bitPattern == reference.bitPattern, "(\(i), \(j))")
        } else {
          #expect(fast.bitPattern == d.fast[j * d.ldc + i].bitPattern)
          // |a| < 1: Σ|3·a·a| < 3k; each term rounds differently by ≤ ε.
          #expect(abs(fast - reference) <= Double(3 * k) * Double(k) * .ulpOfOne)
        }
      }
    }
  }

  /// A[p, j] = (p + 1)(j + 1): (AᵀA)[i, j] = (i + 1)(j + 1)·k(k + 1)(2k + 1)/6,
  /// exact in both precisions (every partial sum is a small integer).
  @Test func closedFormIntegerGram() throws {
    let (n, k) = (30, 20)
    let s = Double(k * (k + 1) * (2 * k + 1) / 6)
    let a = (0..<(k * n)).map { Double(($0 / n + 1) * ($0 % n + 1)) }
    let expected = (0..<(n * n)).map { Double($0 / n + 1) * Double($0 % n + 1) * s }
    #expect(try SymmetricRankK.product(.transposed, a, n: n, k: k) == expected)
    #expect(
      try SymmetricRankK.product(.transposed, a.map { Float($0) }, n: n, k: k)
        == expected.map { Float($0) })
    // The same matrix stored transposed (n×k) gives the same AAᵀ.
    let at = (0..<(n * k)).map { a[($0 % k) * n + $0 / k] }
    #expect(try SymmetricRankK.product(.none, at, n: n, k: k) == expected)
    // Orthonormal columns: [I; 0] gives the identity.
    let identityColumns = (0..<(2 * n * n)).map { $0 / n == $0 % n ? 1.0 : 0 }
    let identity = (0..<(n * n)).map { $0 / n == $0 % n ? 1.0 : 0 }
    #expect(try SymmetricRankK.product(.transposed, identityColumns, n: n, k: 2 * n) == identity)
  }

  /// Default blocking with real thread forks: bits the same at 1, 2 and 3
  /// threads and equal to `matmul`'s AᵀA; `gram` on tensors agrees.
  @Test func gramMatchesMatmulAtEveryThreadCount() throws {
    var rng = TestRNG(seed: 5)
    let (rows, cols) = (300, 130)
    let x = try Tensor(shape: [rows, cols], scalars: rng.fill(Double.self, count: rows * cols))
    let full = try matmul(x, x, transposeA: true, threads: 1)
    let fullRows = try matmul(x, x, transposeB: true, threads: 1)
    for threads in [1, 2, 3] {
      #expect(bitsOf(try gram(x, threads: threads).scalars) == bitsOf(full.scalars))
      #expect(
        bitsOf(try gram(x, transposeA: false, threads: threads).scalars)
          == bitsOf(fullRows.scalars))
    }
    let xf = try Tensor(shape: [rows, cols], scalars: x.scalars.map { Float($0) })
    let fullFloat = try matmul(xf, xf, transposeA: true, threads: 1)
    for threads in [1, 3] {
      #expect(bitsOf(try gram(xf, threads: threads).scalars) == bitsOf(fullFloat.scalars))
    }
  }

  @Test func badInputIsATypedError() throws {
    var c = [Double](repeating: 0, count: 16)
    let a = [Double](repeating: 1, count: 16)
    try a.withUnsafeBufferPointer { pa in
      try c.withUnsafeMutableBufferPointer { pc in
        #expect(throws: RepriseError.self) {
          try SymmetricRankK.compute(
            .transposed, n: -1, k: 2, a: pa.baseAddress!, lda: 4, c: pc.baseAddress!, ldc: 4)
        }
        #expect(throws: RepriseError.self) {
          try SymmetricRankK.compute(
            .transposed, n: 4, k: 4, a: pa.baseAddress!, lda: 3, c: pc.baseAddress!, ldc: 4)
        }
        #expect(throws: RepriseError.self) {
          try SymmetricRankK.compute(
            .none, n: 4, k: 4, a: pa.baseAddress!, lda: 4, c: pc.baseAddress!, ldc: 3)
        }
        #expect(throws: RepriseError.self) {
          try SymmetricRankK.compute(
            .none, n: 4, k: 4, a: pa.baseAddress!, lda: 4, c: pc.baseAddress!, ldc: 4,
            threads: 0)
        }
      }
    }
    #expect(throws: RepriseError.self) { try SymmetricRankK.product(.none, a, n: 4, k: 3) }
    #expect(throws: RepriseError.self) { try SymmetricRankK.product(.none, a, n: -4, k: -4) }
    #expect(throws: RepriseError.self) {
      try gram(Tensor<Double>(shape: [4], scalars: [1, 2, 3, 4]))
    }
  }
}
