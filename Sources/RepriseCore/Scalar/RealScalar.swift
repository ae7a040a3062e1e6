// The scalar types Reprise computes with: `Float` and `Double`.
//
// Everything generic in Reprise is generic over `RealScalar`. The protocol adds
// to `BinaryFloatingPoint` only what reproducibility needs: a fixed-width bit
// pattern (for digests and files) and a name for messages. Reprise's own
// elementary functions (exp, log, tanh, …) come in through
// `ElementaryFunctions`, so generic code never reaches for libm by accident.

/// A real floating-point scalar Reprise can compute with (`Float` or `Double`).
public protocol RealScalar: BinaryFloatingPoint, SIMDScalar, Sendable, Codable,
  CustomStringConvertible, ElementaryFunctions
where Magnitude == Self {
  /// The unsigned integer holding this type's IEEE-754 bit pattern.
  associatedtype Bits: FixedWidthInteger & UnsignedInteger & Sendable
  /// The IEEE-754 bit pattern.
  var bits: Bits { get }
  /// The value with the given IEEE-754 bit pattern.
  init(bits: Bits)
  /// `"Float"` or `"Double"`, for messages and reports.
  static var typeName: String { get }
}

extension Double: RealScalar {
  @inlinable public var bits: UInt64 { bitPattern }
  @inlinable public init(bits: UInt64) { self.init(bitPattern: bits) }
  public static var typeName: String { "Double" }
}

extension Float: RealScalar {
  @inlinable public var bits: UInt32 { bitPattern }
  @inlinable public init(bits: UInt32) { self.init(bitPattern: bits) }
  public static var typeName: String { "Float" }
}
