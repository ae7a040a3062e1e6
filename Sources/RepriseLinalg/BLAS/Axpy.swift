// Axpy: y ← α·x + y.
//
// What: each y[i] becomes fma(α, x[i], y[i]) (`y[i].addingProduct(α, x[i])`),
// one correctly rounded operation per element, so the result does not depend
// on vector width or loop order.
// Method: one pass; contiguous vectors vectorise to ymm FMAs when built with
// FMA enabled. α == 0 leaves y unchanged (x is not read).
// Cost: n fmas, memory-bound.
// Source: BLAS xAXPY (Lawson et al. 1979), with fused arithmetic.

import RepriseCore

public enum Axpy {
  /// y ← α·x + y over `count` elements with strides `strideX`, `strideY` (≥ 1).
  /// - Throws: `RepriseError.invalidArgument` for a negative count or a
  ///   stride below 1.
  public static func compute<T: RealScalar>(
    count: Int, alpha: T, _ x: UnsafePointer<T>, strideX: Int = 1,
    _ y: UnsafeMutablePointer<T>, strideY: Int = 1
  ) throws {
    try BLASChecks.vector(
      "Axpy.compute", count: count, strides: [("strideX", strideX), ("strideY", strideY)])
    if alpha == 0 { return }
    if T.self == Double.self {
      run(
        count, unsafeBitCast(alpha, to: Double.self), GEMM.rebound(x), strideX, GEMM.rebound(y),
        strideY)
    } else if T.self == Float.self {
      run(
        count, unsafeBitCast(alpha, to: Float.self), GEMM.rebound(x), strideX, GEMM.rebound(y),
        strideY)
    } else {
      run(count, alpha, x, strideX, y, strideY)
    }
  }

  /// y ← α·x + y on arrays of equal length.
  /// - Throws: `RepriseError.shapeMismatch` if the lengths differ.
  public static func compute<T: RealScalar>(alpha: T, _ x: [T], _ y: inout [T]) throws {
    guard x.count == y.count else {
      throw RepriseError.shapeMismatch(
        operation: "Axpy.compute", expected: [x.count], got: [y.count])
    }
    if x.isEmpty { return }
    try x.withUnsafeBufferPointer { px in
      try y.withUnsafeMutableBufferPointer { py in
        try compute(count: px.count, alpha: alpha, px.baseAddress!, py.baseAddress!)
      }
    }
  }

  @inline(__always)
  static func run<T: RealScalar>(
    _ n: Int, _ alpha: T, _ x: UnsafePointer<T>, _ incx: Int, _ y: UnsafeMutablePointer<T>,
    _ incy: Int
  ) {
    if incx == 1 && incy == 1 {
      for i in 0..<n { y[i] = y[i].addingProduct(alpha, x[i]) }
    } else {
      for i in 0..<n { y[i * incy] = y[i * incy].addingProduct(alpha, x[i * incx]) }
    }
  }
}
