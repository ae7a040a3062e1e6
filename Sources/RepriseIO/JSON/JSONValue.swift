// A small JSON reader and writer for file headers and reports.
//
// Reprise reads JSON that comes from outside (safetensors headers, result
// files), so the parser treats its input as hostile: it bounds the nesting
// depth, rejects duplicate object keys, trailing garbage and invalid
// escapes, and reports the byte offset of every error. Integers are kept
// exactly (as `Int`) when they fit; other numbers become `Double`. Objects
// keep their key order, so writing what was read gives the same text.
// Grammar: RFC 8259. Cost: one pass over the bytes.

/// A parsed JSON value.
public indirect enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  case integer(Int)
  case number(Double)
  case string(String)
  case array([JSONValue])
  /// Key–value pairs in document order (keys unique).
  case object([(String, JSONValue)])

  public static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.integer(let x), .integer(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.array(let x), .array(let y)): return x == y
    case (.object(let x), .object(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// The value for `key` of an object, or nil.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let pairs) = self else { return nil }
    return pairs.first { $0.0 == key }?.1
  }

  /// Compact JSON text.
  public var text: String {
    switch self {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .integer(let i): return String(i)
    case .number(let d): return d.isFinite ? "\(d)" : "null"
    case .string(let s): return JSONValue.quoted(s)
    case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
    case .object(let pairs):
      return "{" + pairs.map { JSONValue.quoted($0.0) + ":" + $0.1.text }.joined(separator: ",")
        + "}"
    }
  }

  /// JSON text indented by two spaces per level, one member per line
  /// (arrays of plain numbers stay on one line).
  public var prettyText: String { pretty(level: 0) }

  private func pretty(level: Int) -> String {
    let inner = String(repeating: "  ", count: level + 1)
    let outer = String(repeating: "  ", count: level)
    switch self {
    case .array(let items) where !items.isEmpty:
      if items.allSatisfy({ !$0.isContainer }) { return text }
      return "[\n" + items.map { inner + $0.pretty(level: level + 1) }.joined(separator: ",\n")
        + "\n" + outer + "]"
    case .object(let pairs) where !pairs.isEmpty:
      return "{\n"
        + pairs.map { inner + JSONValue.quoted($0.0) + ": " + $0.1.pretty(level: level + 1) }
        .joined(separator: ",\n") + "\n" + outer + "}"
    default:
      return text
    }
  }

  private var isContainer: Bool {
    switch self {
    case .array, .object: return true
    default: return false
    }
  }

  static func quoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  /// Parses UTF-8 JSON text; `source` names it in errors.
  public static func parse(_ bytes: [UInt8], source: String, maximumDepth: Int = 64) throws
    -> JSONValue
  {
    var parser = JSONParser(bytes: bytes, source: source, maximumDepth: maximumDepth)
    parser.skipWhitespace()
    let value = try parser.value(depth: 0)
    parser.skipWhitespace()
    guard parser.position == bytes.count else {
      throw parser.error("unexpected text after the JSON value")
    }
    return value
  }
}

/// Recursive-descent parser over bytes.
struct JSONParser {
  let bytes: [UInt8]
  let source: String
  let maximumDepth: Int
  var position = 0

  init(bytes: [UInt8], source: String, maximumDepth: Int) {
    self.bytes = bytes
    self.source = source
    self.maximumDepth = maximumDepth
  }

  func error(_ reason: String) -> RepriseError {
    .malformedFile(path: source, offset: position, reason: "JSON: " + reason)
  }

  mutating func skipWhitespace() {
    while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) {
      position += 1
    }
  }

  mutating func expect(_ literal: String, _ value: JSONValue) throws -> JSONValue {
    let expected = Array(literal.utf8)
    guard position + expected.count <= bytes.count,
      Array(bytes[position..<(position + expected.count)]) == expected
    else {
      throw error("invalid literal")
    }
    position += expected.count
    return value
  }

  mutating func value(depth: Int) throws -> JSONValue {
    guard depth <= maximumDepth else { throw error("nesting deeper than \(maximumDepth)") }
    guard position < bytes.count else { throw error("unexpected end of input") }
    switch bytes[position] {
    case UInt8(ascii: "{"): return try object(depth: depth)
    case UInt8(ascii: "["): return try array(depth: depth)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try expect("true", .bool(true))
    case UInt8(ascii: "f"): return try expect("false", .bool(false))
    case UInt8(ascii: "n"): return try expect("null", .null)
    default: return try number()
    }
  }

  mutating func object(depth: Int) throws -> JSONValue {
    position += 1
    var pairs: [(String, JSONValue)] = []
    var keys = Set<String>()
    skipWhitespace()
    if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
      position += 1
      return .object(pairs)
    }
    while true {
      skipWhitespace()
      guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
        throw error("expected a string key")
      }
      let key = try string()
      guard keys.insert(key).inserted else { throw error("duplicate key '\(key)'") }
      skipWhitespace()
      guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
        throw error("expected ':'")
      }
      position += 1
      skipWhitespace()
      pairs.append((key, try value(depth: depth + 1)))
      skipWhitespace()
      guard position < bytes.count else { throw error("unterminated object") }
      if bytes[position] == UInt8(ascii: ",") {
        position += 1
        continue
      }
      guard bytes[position] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
      position += 1
      return .object(pairs)
    }
  }

  mutating func array(depth: Int) throws -> JSONValue {
    position += 1
    var items: [JSONValue] = []
    skipWhitespace()
    if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
      position += 1
      return .array(items)
    }
    while true {
      skipWhitespace()
      items.append(try value(depth: depth + 1))
      skipWhitespace()
      guard position < bytes.count else { throw error("unterminated array") }
      if bytes[position] == UInt8(ascii: ",") {
        position += 1
        continue
      }
      guard bytes[position] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
      position += 1
      return .array(items)
    }
  }

  mutating func string() throws -> String {
    position += 1
    var scalars = String.UnicodeScalarView()
    var run: [UInt8] = []
    func flush() throws {
      guard !run.isEmpty else { return }
      guard let text = String(validating: run, as: UTF8.self) else {
        throw error("invalid UTF-8 in string")
      }
      scalars.append(contentsOf: text.unicodeScalars)
      run.removeAll(keepingCapacity: true)
    }
    while position < bytes.count {
      let byte = bytes[position]
      position += 1
      switch byte {
      case UInt8(ascii: "\""):
        try flush()
        return String(scalars)
      case UInt8(ascii: "\\"):
        try flush()
        guard position < bytes.count else { break }
        let escape = bytes[position]
        position += 1
        switch escape {
        case UInt8(ascii: "\""): scalars.append("\"")
        case UInt8(ascii: "\\"): scalars.append("\\")
        case UInt8(ascii: "/"): scalars.append("/")
        case UInt8(ascii: "b"): scalars.append("\u{08}")
        case UInt8(ascii: "f"): scalars.append("\u{0C}")
        case UInt8(ascii: "n"): scalars.append("\n")
        case UInt8(ascii: "r"): scalars.append("\r")
        case UInt8(ascii: "t"): scalars.append("\t")
        case UInt8(ascii: "u"):
          var code = try hex4()
          if (0xD800..<0xDC00).contains(code) {
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
              bytes[position + 1] == UInt8(ascii: "u")
            else { throw error("unpaired surrogate") }
            position += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw error("invalid low surrogate") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          }
          guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
          scalars.append(scalar)
        default: throw error("invalid escape")
        }
      case 0..<0x20: throw error("control character in string")
      default: run.append(byte)
      }
    }
    throw error("unterminated string")
  }

  mutating func hex4() throws -> UInt32 {
    guard position + 4 <= bytes.count else { throw error("truncated \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let digit = Int(String(UnicodeScalar(bytes[position])), radix: 16) else {
        throw error("invalid hex digit")
      }
      value = value * 16 + UInt32(digit)
      position += 1
    }
    return value
  }

  mutating func number() throws -> JSONValue {
    let start = position
    if position < bytes.count && bytes[position] == UInt8(ascii: "-") { position += 1 }
    var isInteger = true
    func digits() -> Int {
      let begin = position
      while position < bytes.count,
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position])
      { position += 1 }
      return position - begin
    }
    guard digits() > 0 else { throw error("invalid value") }
    if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
      isInteger = false
      position += 1
      guard digits() > 0 else { throw error("digit expected after '.'") }
    }
    if position < bytes.count
      && (bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E"))
    {
      isInteger = false
      position += 1
      if position < bytes.count
        && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-"))
      {
        position += 1
      }
      guard digits() > 0 else { throw error("digit expected in exponent") }
    }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    if isInteger, let integer = Int(text) { return .integer(integer) }
    guard let double = Double(text) else { throw error("number out of range") }
    return .number(double)
  }
}
