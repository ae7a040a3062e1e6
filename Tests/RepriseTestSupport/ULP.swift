// Distances in units in the last place, via ordered bit patterns: adjacent
// representable numbers (including across zero and up to infinity) are 1
// apart; +0 and -0 are 0 apart. NaN against NaN is 0, NaN against a number is
// the maximum distance.

public enum ULP {
  @inlinable static func ordered(_ x: Double) -> Int64 {
    let b = Int64(bitPattern: x.bitPattern)
    return b < 0 ? -(b & Int64.max) : b
  }

  @inlinable static func ordered(_ x: Float) -> Int64 {
    let b = Int32(bitPattern: x.bitPattern)
    return Int64(b < 0 ? -(b & Int32.max) : b)
  }

  /// Number of representable Doubles between `a` and `b` (0 if equal).
  public static func distance(_ a: Double, _ b: Double) -> UInt64 {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN ? 0 : .max }
    return (ordered(a) - ordered(b)).magnitude
  }

  /// Number of representable Floats between `a` and `b` (0 if equal).
  public static func distance(_ a: Float, _ b: Float) -> UInt64 {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN ? 0 : .max }
    return (ordered(a) - ordered(b)).magnitude
  }

  /// True if `a` and `b` have identical bits, or are both NaN.
  public static func identical(_ a: Double, _ b: Double) -> Bool {
    a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
  }

  /// True if `a` and `b` have identical bits, or are both NaN.
  public static func identical(_ a: Float, _ b: Float) -> Bool {
    a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
  }
}
