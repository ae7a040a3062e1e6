// A minimal `.npy` reader for test fixtures (NumPy format versions 1–3).
//
// Method: check the magic string, read the little-endian header length, parse
// the Python-dict header for 'descr', 'fortran_order' and 'shape', then
// decode the C-order payload. Only '<f4', '<f8' and '<i8' are supported; any
// other dtype, Fortran order or a short payload throws. Cost: one pass over
// the bytes. Source: the NumPy `.npy` format specification (NEP 1).
import Foundation

public struct NumpyArray: Sendable {
  public enum Error: Swift.Error, CustomStringConvertible {
    case malformed(String)
    case unsupported(String)
    public var description: String {
      switch self {
      case .malformed(let s): return "malformed .npy: \(s)"
      case .unsupported(let s): return "unsupported .npy: \(s)"
      }
    }
  }

  /// Extents, outermost first (empty for a scalar).
  public let shape: [Int]
  /// The dtype descriptor as written, e.g. "<f4".
  public let descr: String
  /// Floating-point values (float32 widened exactly), C order; empty for ints.
  public let doubles: [Double]
  /// Integer values, C order; empty for floats.
  public let integers: [Int]

  public var count: Int { shape.reduce(1, *) }

  public init(data: Data) throws {
    let bytes = [UInt8](data)
    let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
    guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
      throw Error.malformed("missing magic string")
    }
    let major = bytes[6]
    let headerLength: Int
    let headerStart: Int
    switch major {
    case 1:
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
      headerStart = 10
    case 2, 3:
      guard bytes.count >= 12 else { throw Error.malformed("short header") }
      headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
      headerStart = 12
    default:
      throw Error.unsupported("format version \(major)")
    }
    guard bytes.count >= headerStart + headerLength else { throw Error.malformed("short header") }
    let header = String(decoding: bytes[headerStart..<headerStart + headerLength], as: UTF8.self)

    func value(of key: String) throws -> Substring {
      guard let keyRange = header.range(of: "'\(key)':") else {
        throw Error.malformed("no '\(key)' in header \(header)")
      }
      return header[keyRange.upperBound...].drop { $0 == " " }
    }
    let descrField = try value(of: "descr")
    guard descrField.first == "'", let close = descrField.dropFirst().firstIndex(of: "'") else {
      throw Error.malformed("descr in \(header)")
    }
    descr = String(descrField[descrField.index(after: descrField.startIndex)..<close])
    if try value(of: "fortran_order").hasPrefix("True") {
      throw Error.unsupported("Fortran order")
    }
    let shapeField = try value(of: "shape")
    guard shapeField.first == "(", let shapeEnd = shapeField.firstIndex(of: ")") else {
      throw Error.malformed("shape in \(header)")
    }
    shape = try shapeField[shapeField.index(after: shapeField.startIndex)..<shapeEnd]
      .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }.map {
        guard let n = Int($0), n >= 0 else { throw Error.malformed("shape entry \($0)") }
        return n
      }

    let payload = headerStart + headerLength
    let count = shape.reduce(1, *)
    let width: Int
    switch descr {
    case "<f4": width = 4
    case "<f8", "<i8": width = 8
    default: throw Error.unsupported("dtype \(descr)")
    }
    guard bytes.count - payload == count * width else {
      throw Error.malformed("payload has \(bytes.count - payload) bytes, expected \(count * width)")
    }
    func word(_ i: Int) -> UInt64 {
      var w: UInt64 = 0
      for b in 0..<width { w |= UInt64(bytes[payload + i * width + b]) << (8 * UInt64(b)) }
      return w
    }
    switch descr {
    case "<f4":
      doubles = (0..<count).map { Double(Float(bitPattern: UInt32(word($0)))) }
      integers = []
    case "<f8":
      doubles = (0..<count).map { Double(bitPattern: word($0)) }
      integers = []
    default:
      doubles = []
      integers = (0..<count).map { Int(Int64(bitPattern: word($0))) }
    }
  }

  /// Reads `Fixtures/<relative>`.
  public static func fixture(_ relative: String) throws -> NumpyArray {
    try NumpyArray(data: FixtureFiles.data(relative))
  }
}
