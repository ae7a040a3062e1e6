// The element types of NumPy's `.npy` format that Reprise reads.
//
// A dtype descriptor is three or more characters: the byte order ('<'
// little endian, '>' big endian, '|' not applicable — only for one-byte
// types), the kind ('f' float, 'i' signed integer, 'u' unsigned integer, 'b'
// boolean) and the width in bytes. Reprise reads f4 and f8; i1, i2, i4, i8;
// u1, u2, u4, u8; and b1. Anything else (half floats, complex, strings,
// structured records, the machine-dependent '=' order) is reported by name.
// Source: NumPy's array-interface documentation for the descriptor strings.

/// An element type of a `.npy` file: kind, width and byte order.
public struct NpyDataType: Sendable, Equatable, Hashable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable, Hashable {
    case float, signedInteger, unsignedInteger, boolean
  }

  public let kind: Kind
  /// Bytes per element.
  public let byteWidth: Int
  /// Whether multi-byte elements are stored most significant byte first.
  public let isBigEndian: Bool

  public static let float32 = NpyDataType(kind: .float, byteWidth: 4, isBigEndian: false)
  public static let float64 = NpyDataType(kind: .float, byteWidth: 8, isBigEndian: false)
  public static let int64 = NpyDataType(kind: .signedInteger, byteWidth: 8, isBigEndian: false)

  public init(kind: Kind, byteWidth: Int, isBigEndian: Bool) {
    self.kind = kind
    self.byteWidth = byteWidth
    self.isBigEndian = byteWidth > 1 && isBigEndian
  }

  /// Parses a descriptor such as `<f4`, `>i8` or `|b1`; nil if Reprise does
  /// not read that type.
  public init?(descriptor: String) {
    let characters = Array(descriptor.utf8)
    guard characters.count == 3 else { return nil }
    let kind: Kind
    switch characters[1] {
    case UInt8(ascii: "f"): kind = .float
    case UInt8(ascii: "i"): kind = .signedInteger
    case UInt8(ascii: "u"): kind = .unsignedInteger
    case UInt8(ascii: "b"): kind = .boolean
    default: return nil
    }
    guard let width = Int(String(decoding: characters[2...], as: UTF8.self)) else { return nil }
    switch kind {
    case .float: guard width == 4 || width == 8 else { return nil }
    case .signedInteger, .unsignedInteger: guard [1, 2, 4, 8].contains(width) else { return nil }
    case .boolean: guard width == 1 else { return nil }
    }
    switch characters[0] {
    case UInt8(ascii: "<"): self.init(kind: kind, byteWidth: width, isBigEndian: false)
    case UInt8(ascii: ">"): self.init(kind: kind, byteWidth: width, isBigEndian: true)
    case UInt8(ascii: "|"):
      guard width == 1 else { return nil }
      self.init(kind: kind, byteWidth: width, isBigEndian: false)
    default: return nil
    }
  }

  /// The descriptor as NumPy writes it.
  public var descriptor: String {
    let order = byteWidth == 1 ? "|" : (isBigEndian ? ">" : "<")
    let letter: String
    switch kind {
    case .float: letter = "f"
    case .signedInteger: letter = "i"
    case .unsignedInteger: letter = "u"
    case .boolean: letter = "b"
    }
    return order + letter + String(byteWidth)
  }

  public var description: String { descriptor }
}
