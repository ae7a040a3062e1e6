// The header of a `.npy` file: parsing it safely and writing it.
//
// Layout (NumPy's format specification, `numpy.lib.format`): the magic
// bytes \x93NUMPY, a major and minor version byte, the header length (2 bytes
// little endian in version 1.0, 4 bytes in 2.0 and 3.0), then the header: the
// text of a Python dict literal with exactly the keys 'descr', 'fortran_order'
// and 'shape', padded with spaces and a newline so the data starts on a
// 64-byte boundary. Versions 1 and 2 use latin-1 text, 3 allows UTF-8; Reprise
// accepts only ASCII, which covers every dtype it reads.
//
// The parser trusts nothing: the header may be at most 64 KiB, the literal
// grammar is the small subset NumPy writes (quoted strings without escapes,
// True/False, tuples of non-negative integers, Python 2's "3L" suffix
// included), keys may not repeat, nothing but whitespace may follow the
// dict, and the element count and byte count are computed with overflow
// checks. Every failure names the file and the byte offset.

/// What a `.npy` header says about the data that follows it.
public struct NpyHeader: Sendable, Equatable {
  public let majorVersion: UInt8
  public let dataType: NpyDataType
  /// Stored column-major (first index fastest) rather than row-major.
  public let isFortranOrder: Bool
  public let shape: [Int]
  /// Byte offset of the first element.
  public let dataOffset: Int
  public let elementCount: Int
  public let dataByteCount: Int

  /// The largest header Reprise reads (NumPy's own reader allows 10 000
  /// bytes by default).
  public static let maximumHeaderBytes = 1 << 16
  static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

  /// Parses the header at the start of `bytes` (which may hold more or, for a
  /// truncated file, less than the header); `source` names the file in errors.
  public static func parse(_ bytes: [UInt8], source: String) throws -> NpyHeader {
    func fail(_ offset: Int, _ reason: String) -> RepriseError {
      .malformedFile(path: source, offset: offset, reason: reason)
    }
    guard bytes.count >= 10 else {
      throw fail(bytes.count, "file of \(bytes.count) bytes is shorter than a .npy preamble")
    }
    guard Array(bytes[0..<6]) == magic else { throw fail(0, "not a .npy file (wrong magic bytes)") }
    let major = bytes[6]
    let length: Int
    let start: Int
    switch major {
    case 1:
      length = Int(bytes[8]) | Int(bytes[9]) << 8
      start = 10
    case 2, 3:
      guard bytes.count >= 12 else {
        throw fail(bytes.count, "file ends inside the version \(major) header length")
      }
      length = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
      start = 12
    default:
      throw fail(6, "format version \(major).\(bytes[7]) is not supported (1.0, 2.0, 3.0)")
    }
    guard length <= maximumHeaderBytes else {
      throw fail(8, "header of \(length) bytes exceeds the limit of \(maximumHeaderBytes)")
    }
    guard bytes.count >= start + length else {
      throw fail(bytes.count, "file ends inside the \(length)-byte header")
    }
    var scanner = LiteralScanner(bytes: bytes, position: start, end: start + length, source: source)
    let entries = try scanner.dictionary()
    var descriptor: String?
    var fortran: Bool?
    var shape: [Int]?
    for (key, value, offset) in entries {
      switch (key, value) {
      case ("descr", .string(let text)): descriptor = text
      case ("fortran_order", .boolean(let flag)): fortran = flag
      case ("shape", .tuple(let extents)): shape = extents
      default: throw fail(offset, "unexpected header entry '\(key)' or value of the wrong kind")
      }
    }
    guard let descriptor, let fortran, let shape else {
      throw fail(start, "header needs 'descr', 'fortran_order' and 'shape'")
    }
    guard let dataType = NpyDataType(descriptor: descriptor) else {
      throw fail(
        start,
        "dtype '\(descriptor)' is not supported (f4, f8, i1–i8, u1–u8, b1 in either byte order)")
    }
    let count: Int
    do { count = try Shape.elementCount(shape, operation: "npy header") } catch {
      throw fail(start, "element count of shape \(shape) overflows")
    }
    let (byteCount, overflow) = count.multipliedReportingOverflow(by: dataType.byteWidth)
    guard !overflow, byteCount <= Int.max - (start + length) else {
      throw fail(start, "shape \(shape) of \(descriptor) needs more bytes than a file can hold")
    }
    return NpyHeader(
      majorVersion: major, dataType: dataType, isFortranOrder: fortran, shape: shape,
      dataOffset: start + length, elementCount: count, dataByteCount: byteCount)
  }

  /// The bytes of a header (version 1.0, or 2.0 if it does not fit), padded so
  /// the data starts at a multiple of 64 bytes.
  static func encode(dataType: NpyDataType, shape: [Int], fortranOrder: Bool = false) -> [UInt8] {
    let extents =
      shape.count == 1
      ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    let text =
      "{'descr': '\(dataType.descriptor)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(extents), }"
    var version: UInt8 = 1
    var preamble = 10
    if (text.utf8.count + 1 + preamble + 63) / 64 * 64 - preamble > 0xFFFF {
      version = 2
      preamble = 12
    }
    let total = (preamble + text.utf8.count + 1 + 63) / 64 * 64
    var header = Array(text.utf8)
    header += [UInt8](repeating: 0x20, count: total - preamble - header.count - 1) + [0x0A]
    var bytes = magic + [version, 0]
    let length = header.count
    let lengthBytes = version == 1 ? 2 : 4
    for k in 0..<lengthBytes { bytes.append(UInt8(truncatingIfNeeded: length >> (8 * k))) }
    return bytes + header
  }
}

/// The Python-literal subset of `.npy` headers.
struct LiteralScanner {
  enum Value {
    case string(String)
    case boolean(Bool)
    case tuple([Int])
  }

  let bytes: [UInt8]
  var position: Int
  let end: Int
  let source: String

  func fail(_ reason: String) -> RepriseError {
    .malformedFile(path: source, offset: position, reason: "header: \(reason)")
  }

  mutating func skipWhitespace() {
    while position < end, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
  }

  mutating func expect(_ character: Character) throws {
    skipWhitespace()
    guard position < end, bytes[position] == character.asciiValue! else {
      throw fail("expected '\(character)'")
    }
    position += 1
  }

  mutating func peek(_ character: Character) -> Bool {
    skipWhitespace()
    return position < end && bytes[position] == character.asciiValue!
  }

  /// `{key: value, …}` followed by nothing but whitespace.
  mutating func dictionary() throws -> [(String, Value, Int)] {
    try expect("{")
    var entries: [(String, Value, Int)] = []
    while !peek("}") {
      let offset = position
      let key = try string()
      guard !entries.contains(where: { $0.0 == key }) else { throw fail("duplicate key '\(key)'") }
      try expect(":")
      entries.append((key, try value(), offset))
      if !peek("}") { try expect(",") }
    }
    position += 1
    skipWhitespace()
    guard position == end else { throw fail("unexpected text after the dictionary") }
    return entries
  }

  mutating func string() throws -> String {
    skipWhitespace()
    guard position < end, bytes[position] == 0x27 || bytes[position] == 0x22 else {
      throw fail("expected a quoted string")
    }
    let quote = bytes[position]
    let start = position + 1
    position = start
    while position < end, bytes[position] != quote {
      guard bytes[position] >= 0x20, bytes[position] < 0x7F, bytes[position] != 0x5C else {
        throw fail("strings may hold only printable ASCII without escapes")
      }
      position += 1
    }
    guard position < end else { throw fail("unterminated string") }
    position += 1
    return String(decoding: bytes[start..<position - 1], as: UTF8.self)
  }

  mutating func value() throws -> Value {
    skipWhitespace()
    guard position < end else { throw fail("expected a value") }
    switch bytes[position] {
    case 0x27, 0x22: return .string(try string())
    case UInt8(ascii: "T"), UInt8(ascii: "F"):
      for (word, flag) in [("True", true), ("False", false)]
      where bytes[position...].starts(with: word.utf8) && position + word.utf8.count <= end {
        position += word.utf8.count
        return .boolean(flag)
      }
      throw fail("expected True or False")
    case UInt8(ascii: "("):
      position += 1
      var extents: [Int] = []
      while !peek(")") {
        extents.append(try integer())
        if !peek(")") { try expect(",") }
      }
      position += 1
      return .tuple(extents)
    default: throw fail("unexpected value")
    }
  }

  mutating func integer() throws -> Int {
    skipWhitespace()
    var value = 0
    let start = position
    while position < end, bytes[position] >= 0x30, bytes[position] <= 0x39 {
      let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times.addingReportingOverflow(Int(bytes[position] - 0x30))
      guard !overflow1, !overflow2 else { throw fail("shape extent overflows Int") }
      value = sum
      position += 1
    }
    guard position > start else { throw fail("expected a non-negative integer") }
    if position < end, bytes[position] == UInt8(ascii: "L") { position += 1 }
    return value
  }
}
