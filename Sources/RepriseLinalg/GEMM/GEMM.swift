// GEMM: the public general matrix–matrix product.
//
// Contract (row-major storage; op(X) = X or Xᵀ; op(A) is m×k, op(B) is k×n;
// lda, ldb, ldc are row strides, each at least the stored row length):
//
//     C ← α·op(A)·op(B) + β·C
//
// computed, for every (i, j), exactly as this reference loop
// (`ReferenceGEMM`), bit for bit, whatever the blocking parameters, the
// micro-kernel shape, the path (small or packed) and the thread count:
//
//     t = (β == 0) ? 0 : (β == 1 ? C[i,j] : β * C[i,j])
//     for p in 0..<k { t = t.addingProduct(α == 1 ? a(i,p) : α * a(i,p), b(p,j)) }
//     C[i,j] = t
//
// - β == 0 ignores C entirely (even NaN), as in the BLAS.
// - α·a(i,p) is rounded once (the packing step applies it).
// - α == 0: C ← β·C (with the β == 0 rule); A and B are not read.
// - k == 0: C ← β·C.  m == 0 or n == 0: nothing happens.
// - The chain over p is one sequential fused multiply-add (IEEE fma) chain;
//   threads split the outputs (rows or columns of C), never k.
// - NaN payloads: when inputs hold NaNs, outputs are NaN, but which NaN bit
//   pattern survives may differ from the reference loop (fma operand order).
//
// Method: small problems (m·n·k ≤ `GEMMBlocking.smallLimit`) go through
// `SmallGEMM` (no packing); larger ones through `BlockedGEMM`, the Goto/BLIS
// five-loop driver with packed operands and a 6×8 (Double) or 6×16 (Float)
// register micro-kernel. Speed needs FMA instructions: on x86-64 build with
// `-Xcc -march=native` (or x86-64-v3); without them every fused product
// becomes a libm call (same bits, ~100× slower).
// Source: Goto & van de Geijn 2008; Van Zee & van de Geijn 2015 (BLIS).

import RepriseCore

/// Whether an operand is used as stored or transposed.
public enum Transpose: Sendable, Equatable {
  case none
  case transposed
}

public enum GEMM {
  /// C ← α·op(A)·op(B) + β·C on raw row-major storage; see the file header
  /// for the exact contract.
  ///
  /// - Parameters:
  ///   - transA, transB: whether A (stored m×k, or k×m when transposed) and
  ///     B (stored k×n, or n×k when transposed) are transposed.
  ///   - lda, ldb, ldc: row strides of the stored matrices (≥ row length, ≥ 1).
  ///   - threads: worker threads (≥ 1); never changes the result.
  ///   - workspace: reusable packing buffers; if nil, buffers are borrowed
  ///     from a small process-wide pool.
  ///   - blocking: cache blocking (defaults per scalar type).
  /// - Throws: `RepriseError.invalidShape` for negative sizes,
  ///   `RepriseError.invalidArgument` for too-small leading dimensions,
  ///   threads < 1 or blocking values < 1.
  public static func compute<T: RealScalar>(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
    alpha: T, a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
    beta: T, c: UnsafeMutablePointer<T>, ldc: Int,
    threads: Int = ThreadSettings.defaultCount, workspace: GEMMWorkspace<T>? = nil,
    blocking: GEMMBlocking? = nil
  ) throws {
    let blocking = blocking ?? .defaults(for: T.self)
    try validate(
      transA, transB, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc, threads: threads,
      blocking: blocking)
    dispatch(
      transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
      beta: beta, c: c, ldc: ldc, threads: threads, storage: workspace?.storage,
      blocking: blocking)
  }

  /// The validated body of `compute`. With `upperTriangle` (m = n; used by
  /// `SymmetricRankK`) the packed path may skip MR×NR tiles wholly below the
  /// diagonal of C; every entry it does compute has the contract's bits.
  static func dispatch<T: RealScalar>(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
    alpha: T, a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
    beta: T, c: UnsafeMutablePointer<T>, ldc: Int,
    threads: Int, storage: PackingStorage?, blocking: GEMMBlocking, upperTriangle: Bool = false
  ) {
    if m == 0 || n == 0 { return }
    // Dispatch to the concrete scalar type first, so everything below runs
    // specialized code (this public generic entry point is not inlined into
    // client modules).
    if T.self == Double.self {
      run(
        transA, transB, m: m, n: n, k: k, alpha: unsafeBitCast(alpha, to: Double.self),
        a: rebound(a), lda: lda, b: rebound(b), ldb: ldb,
        beta: unsafeBitCast(beta, to: Double.self), c: rebound(c), ldc: ldc,
        threads: threads, storage: storage, blocking: blocking, upperTriangle: upperTriangle)
    } else if T.self == Float.self {
      run(
        transA, transB, m: m, n: n, k: k, alpha: unsafeBitCast(alpha, to: Float.self),
        a: rebound(a), lda: lda, b: rebound(b), ldb: ldb,
        beta: unsafeBitCast(beta, to: Float.self), c: rebound(c), ldc: ldc,
        threads: threads, storage: storage, blocking: blocking, upperTriangle: upperTriangle)
    } else {
      // A scalar type without a micro-kernel: the definition itself.
      ReferenceGEMM.compute(
        transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
        beta: beta, c: c, ldc: ldc)
    }
  }

  /// The validated, concrete-type body of `compute` (m, n ≥ 1).
  static func run<T: PackedGEMMScalar>(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
    alpha: T, a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
    beta: T, c: UnsafeMutablePointer<T>, ldc: Int,
    threads: Int, storage: PackingStorage?, blocking: GEMMBlocking, upperTriangle: Bool = false
  ) {
    if k == 0 || alpha == 0 || work(m, n, k) <= blocking.smallLimit {
      scale(c, rows: m, cols: n, ldc: ldc, by: beta)
      if k == 0 || alpha == 0 { return }
      SmallGEMM.run(
        transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
        c: c, ldc: ldc)
    } else {
      let borrowed = storage == nil ? PackingPool.borrow() : nil
      BlockedGEMM.run(
        transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
        beta: beta, c: c, ldc: ldc, threads: threads, storage: storage ?? borrowed!,
        blocking: blocking, upperTriangle: upperTriangle)
      if let borrowed { PackingPool.giveBack(borrowed) }
    }
  }

  /// C ← α·op(A)·op(B) + β·C on dense row-major arrays (leading dimensions
  /// equal to the stored row lengths). `a` must hold m·k elements, `b` k·n,
  /// `c` m·n.
  ///
  /// - Throws: `RepriseError.shapeMismatch` for wrong element counts, plus
  ///   everything the pointer version throws.
  public static func compute<T: RealScalar>(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
    alpha: T = 1, a: [T], b: [T], beta: T = 0, c: inout [T],
    threads: Int = ThreadSettings.defaultCount, workspace: GEMMWorkspace<T>? = nil
  ) throws {
    guard m >= 0, n >= 0, k >= 0 else {
      throw RepriseError.invalidShape(
        operation: "GEMM.compute", shape: [m, n, k], reason: "sizes must be non-negative")
    }
    let aShape = transA == .none ? [m, k] : [k, m]
    let bShape = transB == .none ? [k, n] : [n, k]
    for (name, shape, count) in [
      ("A", aShape, a.count), ("B", bShape, b.count), ("C", [m, n], c.count),
    ] {
      let (elements, overflow) = shape[0].multipliedReportingOverflow(by: shape[1])
      if overflow {
        throw RepriseError.invalidShape(
          operation: "GEMM.compute", shape: shape, reason: "\(name) element count overflows Int")
      }
      if elements != count {
        throw RepriseError.shapeMismatch(
          operation: "GEMM.compute (\(name) has \(count) elements)", expected: shape, got: [count])
      }
    }
    let lda = max(1, aShape[1])
    let ldb = max(1, bShape[1])
    let ldc = max(1, n)
    try a.withUnsafeBufferPointer { pa in
      try b.withUnsafeBufferPointer { pb in
        try c.withUnsafeMutableBufferPointer { pc in
          // Empty arrays may have no base address; any valid pointer will do
          // because nothing is read or written when a size is 0.
          var dummy = T.zero
          try withUnsafeMutablePointer(to: &dummy) { d in
            try compute(
              transA, transB, m: m, n: n, k: k, alpha: alpha,
              a: pa.baseAddress ?? UnsafePointer(d), lda: lda,
              b: pb.baseAddress ?? UnsafePointer(d), ldb: ldb, beta: beta,
              c: pc.baseAddress ?? d, ldc: ldc, threads: threads, workspace: workspace)
          }
        }
      }
    }
  }

  /// The product op(A)·op(B) of dense row-major arrays as a new m×n array.
  public static func product<T: RealScalar>(
    _ a: [T], _ b: [T], m: Int, n: Int, k: Int, transA: Transpose = .none,
    transB: Transpose = .none, threads: Int = ThreadSettings.defaultCount
  ) throws -> [T] {
    guard m >= 0, n >= 0 else {
      throw RepriseError.invalidShape(
        operation: "GEMM.product", shape: [m, n, k], reason: "sizes must be non-negative")
    }
    let (count, overflow) = m.multipliedReportingOverflow(by: n)
    if overflow {
      throw RepriseError.invalidShape(
        operation: "GEMM.product", shape: [m, n], reason: "element count overflows Int")
    }
    var c = [T](repeating: 0, count: count)
    try compute(
      transA, transB, m: m, n: n, k: k, alpha: 1, a: a, b: b, beta: 0, c: &c, threads: threads)
    return c
  }

  // MARK: - Helpers

  /// m·n·k, saturating at Int.max (only compared against thresholds).
  static func work(_ m: Int, _ n: Int, _ k: Int) -> Int {
    let (mn, o1) = m.multipliedReportingOverflow(by: n)
    let (mnk, o2) = mn.multipliedReportingOverflow(by: k)
    return o1 || o2 ? Int.max : mnk
  }

  static func validate(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int, lda: Int, ldb: Int,
    ldc: Int, threads: Int, blocking: GEMMBlocking
  ) throws {
    let op = "GEMM.compute"
    guard m >= 0, n >= 0, k >= 0 else {
      throw RepriseError.invalidShape(
        operation: op, shape: [m, n, k], reason: "m, n, k must be non-negative")
    }
    let aRow = transA == .none ? k : m
    let bRow = transB == .none ? n : k
    if lda < max(1, aRow) {
      throw RepriseError.invalidArgument(
        operation: op, name: "lda", reason: "must be at least max(1, \(aRow)), got \(lda)")
    }
    if ldb < max(1, bRow) {
      throw RepriseError.invalidArgument(
        operation: op, name: "ldb", reason: "must be at least max(1, \(bRow)), got \(ldb)")
    }
    if ldc < max(1, n) {
      throw RepriseError.invalidArgument(
        operation: op, name: "ldc", reason: "must be at least max(1, \(n)), got \(ldc)")
    }
    if threads < 1 {
      throw RepriseError.invalidArgument(
        operation: op, name: "threads", reason: "must be at least 1, got \(threads)")
    }
    if blocking.mc < 1 || blocking.kc < 1 || blocking.nc < 1 {
      throw RepriseError.invalidArgument(
        operation: op, name: "blocking",
        reason: "mc, kc, nc must be at least 1, got \(blocking.mc), \(blocking.kc), \(blocking.nc)")
    }
  }

  /// C ← β·C with the BLAS rule that β == 0 writes zeros without reading C.
  static func scale<T: RealScalar>(
    _ c: UnsafeMutablePointer<T>, rows: Int, cols: Int, ldc: Int, by beta: T
  ) {
    if beta == 1 { return }
    for i in 0..<rows {
      let row = c + i * ldc
      if beta == 0 {
        for j in 0..<cols { row[j] = 0 }
      } else {
        for j in 0..<cols { row[j] = beta * row[j] }
      }
    }
  }

  @inline(__always)
  static func rebound<T, U>(_ p: UnsafePointer<T>) -> UnsafePointer<U> {
    UnsafeRawPointer(p).assumingMemoryBound(to: U.self)
  }

  @inline(__always)
  static func rebound<T, U>(_ p: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<U> {
    UnsafeMutableRawPointer(p).assumingMemoryBound(to: U.self)
  }
}
