// SymmetricRankK: the symmetric product C ← α·op(A)·op(A)ᵀ + β·C (BLAS syrk).
//
// What: with op(A) = Aᵀ (`.transposed`, A stored k×n: the Gram matrix AᵀA of
// A's columns, e.g. XᵀX for samples × features X) or op(A) = A (`.none`, A
// stored n×k: AAᵀ), the n×n product of op(A) with its own transpose. The
// result is symmetric, so only the entries on and above the diagonal are
// computed; the strictly lower triangle is then filled by mirroring.
// Bits: every entry on and above the diagonal is exactly GEMM's entry for
// op(A)·op(A)ᵀ — the same sequential fused multiply-add chain over p = 0..<k,
// starting from β·C (GEMM.swift's contract) — because it is computed by the
// same packed driver and micro-kernel, merely skipping the tiles below the
// diagonal. The mirrored entry C[j,i] = C[i,j] is GEMM's C[j,i] too when
// α = 1 (an fma does not care about the order of its two factors); with
// another α GEMM rounds α·a(j,p) where we rounded α·a(i,p), so the lower
// triangle equals GEMM's only up to that rounding, and is exactly symmetric.
// Whatever the blocking or thread count, the result has the same bits.
// The strictly lower triangle of C on entry does not affect the result.
// Method: the Goto/BLIS five loops of BlockedGEMM with its upper-triangle
// mode (row panels stop at the current column block; MR×NR tiles wholly
// below the diagonal are skipped; row bands cut for equal triangle shares
// between threads); small problems go through the no-packing GEMM path in
// full. Threads split output rows, never k.
// Cost: about n(n + MR)·k flops (half of GEMM's 2n²k) plus an n²/2 mirror.
// Source: the BLAS dsyrk (Dongarra, Du Croz, Hammarling & Duff, "A set of
// level 3 basic linear algebra subprograms", ACM TOMS 16(1), 1990); blocking
// as in Goto & van de Geijn 2008.

import RepriseCore

public enum SymmetricRankK {
  /// C ← α·op(A)·op(A)ᵀ + β·C for an n×n C, on raw row-major storage; see the
  /// file header for the bits. C is written in full (the strictly lower
  /// triangle mirrors the upper one).
  ///
  /// - Parameters:
  ///   - trans: `.transposed` for AᵀA (A stored k×n), `.none` for AAᵀ (A
  ///     stored n×k).
  ///   - lda, ldc: row strides of A and C.
  ///   - threads: worker threads (≥ 1); never changes the result.
  ///   - mirror: when false, the strictly lower triangle of C is not filled
  ///     in and holds unspecified values afterwards (tiles that cross the
  ///     diagonal overwrite part of it); for callers that read only the upper
  ///     triangle (linear CKA reads three blocks of one symmetric product).
  /// - Throws: `invalidShape` for negative sizes; `invalidArgument` for
  ///   too-small leading dimensions, threads < 1 or blocking values < 1.
  public static func compute<T: RealScalar>(
    _ trans: Transpose, n: Int, k: Int, alpha: T = 1, a: UnsafePointer<T>, lda: Int,
    beta: T = 0, c: UnsafeMutablePointer<T>, ldc: Int,
    threads: Int = ThreadSettings.defaultCount, workspace: GEMMWorkspace<T>? = nil,
    blocking: GEMMBlocking? = nil, mirror: Bool = true
  ) throws {
    let blocking = blocking ?? .defaults(for: T.self)
    // op(B) = op(A)ᵀ reads the same storage with the other transpose.
    let other: Transpose = trans == .none ? .transposed : .none
    try GEMM.validate(
      trans, other, m: n, n: n, k: k, lda: lda, ldb: lda, ldc: ldc, threads: threads,
      blocking: blocking)
    GEMM.dispatch(
      trans, other, m: n, n: n, k: k, alpha: alpha, a: a, lda: lda, b: a, ldb: lda, beta: beta,
      c: c, ldc: ldc, threads: threads, storage: workspace?.storage, blocking: blocking,
      upperTriangle: true)
    if mirror { mirrorUpper(c, n: n, ldc: ldc) }
  }

  /// op(A)·op(A)ᵀ of a dense row-major array as a new n×n array: AᵀA for
  /// A stored k×n when `trans` is `.transposed`, AAᵀ for A stored n×k.
  ///
  /// - Throws: `shapeMismatch` when `a` does not hold n·k elements, plus
  ///   everything the pointer version throws.
  public static func product<T: RealScalar>(
    _ trans: Transpose, _ a: [T], n: Int, k: Int, threads: Int = ThreadSettings.defaultCount,
    workspace: GEMMWorkspace<T>? = nil
  ) throws -> [T] {
    let operation = "SymmetricRankK.product"
    guard n >= 0, k >= 0 else {
      throw RepriseError.invalidShape(
        operation: operation, shape: [n, k], reason: "sizes must be non-negative")
    }
    let (count, o1) = n.multipliedReportingOverflow(by: n)
    let (elements, o2) = n.multipliedReportingOverflow(by: k)
    let shape = trans == .none ? [n, k] : [k, n]
    if o1 || o2 {
      throw RepriseError.invalidShape(
        operation: operation, shape: shape, reason: "element count overflows Int")
    }
    guard elements == a.count else {
      throw RepriseError.shapeMismatch(
        operation: "\(operation) (A has \(a.count) elements)", expected: shape, got: [a.count])
    }
    // β = 0 writes every entry without reading C, so C starts uninitialised
    // for the packed scalar types.
    var c =
      T.self == Float.self || T.self == Double.self
      ? [T](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
      : [T](repeating: 0, count: count)
    try a.withUnsafeBufferPointer { pa in
      try c.withUnsafeMutableBufferPointer { pc in
        var dummy = T.zero
        try withUnsafeMutablePointer(to: &dummy) { d in
          try compute(
            trans, n: n, k: k, a: pa.baseAddress ?? UnsafePointer(d),
            lda: max(1, trans == .none ? k : n), c: pc.baseAddress ?? d, ldc: max(1, n),
            threads: threads, workspace: workspace)
        }
      }
    }
    return c
  }

  /// Copies the strictly upper triangle of an n×n C onto the lower one, in
  /// blocks so that both the rows read and the columns written stay in cache.
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  static func mirrorUpper<T>(_ c: UnsafeMutablePointer<T>, n: Int, ldc: Int) {
    let block = 32
    for i0 in stride(from: 0, to: n, by: block) {
      for j0 in stride(from: i0, to: n, by: block) {
        for i in i0..<min(n, i0 + block) {
          let (first, end) = (max(j0, i + 1), min(n, j0 + block))
          if first < end {
            for j in first..<end { c[j * ldc + i] = c[i * ldc + j] }
          }
        }
      }
    }
  }
}
