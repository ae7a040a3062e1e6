// The IEEE square root as the bare machine instruction, so loops that use it
// vectorize.
//
// `Float.squareRoot()` is correctly rounded, but on Linux Swift lowers it
// like C's sqrtf with errno semantics: a scalar sqrtss, a test of the
// result, and a branch to the C library for negative or NaN arguments. The
// branch keeps the compiler from vectorizing any loop that contains it, so
// Adam's update ran eight scalar square roots per eight lanes (a tenth of a
// 64-256-256-10 training step). LLVM's `llvm.sqrt` intrinsic is the same
// correctly rounded IEEE 754 operation without errno: sqrtss/sqrtps
// (vsqrtps on AVX), on every target LLVM supports. Binding a Swift name to
// it gives the identical result for every input — including −0, +∞, NaN
// and negative arguments (NaN) — while a loop around it vectorizes.
// Checked bit for bit against `squareRoot()` in AdamUpdateTests.

@_silgen_name("llvm.sqrt.f32")
private func machineSquareRoot(_ x: Float) -> Float

@_silgen_name("llvm.sqrt.f64")
private func machineSquareRoot(_ x: Double) -> Double

/// √x, correctly rounded (the same bits as `x.squareRoot()`), with no
/// branch or library call, so loops around it vectorize.
@inline(__always)
func ieeeSquareRoot<Scalar: RealScalar>(_ x: Scalar) -> Scalar {
  if Scalar.self == Float.self {
    return unsafeBitCast(machineSquareRoot(unsafeBitCast(x, to: Float.self)), to: Scalar.self)
  }
  if Scalar.self == Double.self {
    return unsafeBitCast(machineSquareRoot(unsafeBitCast(x, to: Double.self)), to: Scalar.self)
  }
  return x.squareRoot()
}
