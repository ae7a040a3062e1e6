// Dot: the fused dot product xᵀy.
//
// What: s = Σ x[i]·y[i] with Reprise's one definition of a dot product:
//     s = 0; for i in 0..<n { s = s.addingProduct(x[i], y[i]) }
// a single sequential fused-multiply-add chain, the same chain GEMM runs for
// each output (so `Dot` equals GEMM with m = n = 1, α = 1, β = 0, bit for
// bit). No SIMD lane splitting: a split would change the bits.
// Method: the loop above; strided access for vectors inside matrices.
// Cost: n fmas, latency-bound (one fma latency per element, ~4 cycles on Zen3).
// Use GEMM/GEMV when many dot products are needed at once.
// Source: BLAS xDOT (Lawson et al. 1979), with fused accumulation.

import RepriseCore

public enum Dot {
  /// The fused dot product of `count` elements of x and y, read with
  /// strides `strideX`, `strideY` (≥ 1).
  /// - Throws: `RepriseError.invalidArgument` for a negative count or a
  ///   stride below 1.
  public static func compute<T: RealScalar>(
    count: Int, _ x: UnsafePointer<T>, strideX: Int = 1, _ y: UnsafePointer<T>, strideY: Int = 1
  ) throws -> T {
    try BLASChecks.vector(
      "Dot.compute", count: count, strides: [("strideX", strideX), ("strideY", strideY)])
    if T.self == Double.self {
      return unsafeBitCast(
        chain(count, GEMM.rebound(x) as UnsafePointer<Double>, strideX, GEMM.rebound(y), strideY),
        to: T.self)
    }
    if T.self == Float.self {
      return unsafeBitCast(
        chain(count, GEMM.rebound(x) as UnsafePointer<Float>, strideX, GEMM.rebound(y), strideY),
        to: T.self)
    }
    return chain(count, x, strideX, y, strideY)
  }

  /// The fused dot product of two arrays of equal length.
  /// - Throws: `RepriseError.shapeMismatch` if the lengths differ.
  public static func compute<T: RealScalar>(_ x: [T], _ y: [T]) throws -> T {
    guard x.count == y.count else {
      throw RepriseError.shapeMismatch(
        operation: "Dot.compute", expected: [x.count], got: [y.count])
    }
    if x.isEmpty { return 0 }
    return try x.withUnsafeBufferPointer { px in
      try y.withUnsafeBufferPointer { py in
        try compute(count: x.count, px.baseAddress!, py.baseAddress!)
      }
    }
  }

  @inline(__always)
  static func chain<T: RealScalar>(
    _ n: Int, _ x: UnsafePointer<T>, _ incx: Int, _ y: UnsafePointer<T>, _ incy: Int
  ) -> T {
    var s: T = 0
    if incx == 1 && incy == 1 {
      for i in 0..<n { s = s.addingProduct(x[i], y[i]) }
    } else {
      for i in 0..<n { s = s.addingProduct(x[i * incx], y[i * incy]) }
    }
    return s
  }
}

/// Argument checks shared by the BLAS-1/2 routines.
enum BLASChecks {
  static func vector(_ op: String, count: Int, strides: [(String, Int)]) throws {
    guard count >= 0 else {
      throw RepriseError.invalidShape(
        operation: op, shape: [count], reason: "count must be non-negative")
    }
    for (name, stride) in strides where stride < 1 {
      throw RepriseError.invalidArgument(
        operation: op, name: name, reason: "must be at least 1, got \(stride)")
    }
  }
}
