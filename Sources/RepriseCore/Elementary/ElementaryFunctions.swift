// The elementary-function interface every Reprise numeric type provides.
//
// Reprise computes these functions itself instead of calling the platform's
// libm, whose results differ across operating systems and even across CPU
// dispatch paths on one machine. Every implementation here uses only IEEE-754
// +, -, *, /, squareRoot() and fused multiply-add (`addingProduct`), in a fixed
// order, so the same input gives the same bits on every platform. Accuracy is
// at most 1 ulp (measured against correctly rounded references, see
// Fixtures/scripts/make_elementary_fixtures.py).
//
// Float versions evaluate the Double algorithm and round once to Float; the
// Double result is within ~0.52 double ulp, so the Float result is within
// 0.5 float ulp plus a negligible 2^-29 ulp. The exceptions are Float.exp and
// Float.log, which have shorter double-evaluated paths of their own (Exp.swift,
// Log.swift), also within 0.5 ulp plus 2^-14 ulp.

/// Reprise's own elementary functions (pure Swift, fixed evaluation order, ≤ 1 ulp).
public protocol ElementaryFunctions {
  static func exp(_ x: Self) -> Self
  static func expm1(_ x: Self) -> Self
  static func log(_ x: Self) -> Self
  static func log1p(_ x: Self) -> Self
  static func tanh(_ x: Self) -> Self
  /// The logistic function 1/(1+e^-x), stable for large |x|.
  static func sigmoid(_ x: Self) -> Self
  /// log(1+e^x), stable: x for large x, e^x for very negative x.
  static func softplus(_ x: Self) -> Self
  static func sin(_ x: Self) -> Self
  static func cos(_ x: Self) -> Self
  static func erf(_ x: Self) -> Self
}

extension Double: ElementaryFunctions {}
extension Float: ElementaryFunctions {}

extension Float {
  // Each Float function widens to Double, runs the Double algorithm and rounds
  // once. Conversions are exact (Float -> Double) or correctly rounded
  // (Double -> Float, including into the subnormal range), so this is as
  // reproducible as the Double code.
  @inlinable public static func expm1(_ x: Float) -> Float { Float(Double.expm1(Double(x))) }
  @inlinable public static func log1p(_ x: Float) -> Float { Float(Double.log1p(Double(x))) }
  @inlinable public static func tanh(_ x: Float) -> Float { Float(Double.tanh(Double(x))) }
  @inlinable public static func sigmoid(_ x: Float) -> Float { Float(Double.sigmoid(Double(x))) }
  @inlinable public static func softplus(_ x: Float) -> Float {
    Float(Double.softplus(Double(x)))
  }
  @inlinable public static func sin(_ x: Float) -> Float { Float(Double.sin(Double(x))) }
  @inlinable public static func cos(_ x: Float) -> Float { Float(Double.cos(Double(x))) }
  @inlinable public static func erf(_ x: Float) -> Float { Float(Double.erf(Double(x))) }
}
