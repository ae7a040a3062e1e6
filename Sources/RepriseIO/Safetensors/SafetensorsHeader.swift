// Parsing and validating a safetensors header, trusting nothing.
//
// Layout (huggingface/safetensors, "Format"): an 8-byte little-endian
// unsigned header length N, then N bytes of UTF-8 JSON that must begin with
// `{` and may be padded with spaces, then the data section. The JSON maps
// each tensor name to {"dtype", "shape", "data_offsets": [begin, end]}, the
// offsets relative to the start of the data section, plus an optional
// "__metadata__" object of string values. Tensors are little-endian and
// row-major.
//
// Checks, each a `RepriseError.malformedFile` carrying the file, the byte
// offset in the file of what is wrong (the field's JSON value for header
// errors) and the tensor's name: N within the file and a 100 MB bound; the
// JSON well-formed (the shared parser bounds nesting and rejects invalid
// UTF-8, bad escapes and trailing text; its offsets are moved past the
// length field); tensor names unique; every dtype one of the format's;
// extents non-negative integers whose product, times the element width,
// does not overflow and is whole bytes; that byte count equal to end −
// begin; and, as the format requires, the ranges sorted by offset tiling the
// data section exactly: no overlap, no hole, nothing after the last tensor
// (so a file cannot hide a second file in its data). Cost: one pass over the
// header plus a sort of the entries; no tensor data is touched.

/// One tensor's entry in a safetensors header.
public struct SafetensorsEntry: Sendable, Equatable {
  public let name: String
  public let dataType: SafetensorsDataType
  public let shape: [Int]
  /// The number of elements (product of the extents).
  public let count: Int
  /// The byte range in the file (absolute offsets).
  public let fileRange: Range<Int>
  /// Where the tensor's entry (its JSON object) starts in the file.
  public let headerOffset: Int
  /// Where its "dtype" value starts in the file.
  let dataTypeOffset: Int
}

struct SafetensorsHeader {
  static let maximumHeaderBytes = 100 << 20

  let entries: [SafetensorsEntry]
  let metadata: [String: String]

  /// The header length N from the file's first 8 bytes, checked against
  /// the file size and the bound.
  static func length(_ first: [UInt8], fileSize: Int, source: String) throws -> Int {
    guard fileSize >= 8, first.count >= 8 else {
      throw RepriseError.malformedFile(
        path: source, offset: min(fileSize, first.count),
        reason: "file of \(fileSize) bytes ends inside the 8-byte header length")
    }
    let declared = (0..<8).reduce(UInt64(0)) { $0 | UInt64(first[$1]) << (8 * UInt64($1)) }
    guard declared <= UInt64(maximumHeaderBytes), Int(declared) <= fileSize - 8 else {
      throw RepriseError.malformedFile(
        path: source, offset: 0,
        reason:
          "header length \(declared) exceeds the file (\(fileSize) bytes) or the \(maximumHeaderBytes)-byte limit"
      )
    }
    return Int(declared)
  }

  /// Parses the header text (the N bytes after the length field) of a file
  /// of `fileSize` bytes.
  static func parse(_ text: [UInt8], fileSize: Int, source: String) throws -> SafetensorsHeader {
    func fail(_ offset: Int, _ reason: String) -> RepriseError {
      .malformedFile(path: source, offset: offset, reason: reason)
    }
    guard text.first == UInt8(ascii: "{") else {
      throw fail(8, "header must begin with '{' (a JSON object)")
    }
    let dataStart = 8 + text.count
    let dataCount = fileSize - dataStart
    var parser = JSONParser(bytes: text, source: source, maximumDepth: 64)
    let members = try inFile { try objectMembers(&parser, depth: 0) }
    parser.skipWhitespace()
    guard parser.position == text.count else {
      throw fail(8 + parser.position, "JSON: unexpected text after the header object")
    }
    var entries: [SafetensorsEntry] = []
    var metadata: [String: String] = [:]
    var ranges: [(range: Range<Int>, name: String, offset: Int)] = []
    for member in members {
      let name = member.key
      if name == "__metadata__" {
        guard case .object(let pairs) = member.value else {
          throw fail(member.offset, "__metadata__ is not an object")
        }
        for (key, value) in pairs {
          guard case .string(let string) = value else {
            throw fail(member.offset, "__metadata__ value of '\(key)' is not a string")
          }
          metadata[key] = string
        }
        continue
      }
      guard case .object = member.value else {
        throw fail(member.offset, "tensor '\(name)': entry is not a JSON object")
      }
      var entryParser = JSONParser(bytes: text, source: source, maximumDepth: 64)
      entryParser.position = member.offset - 8
      let fields = try inFile { try objectMembers(&entryParser, depth: 1) }
      func field(_ key: String) -> (value: JSONValue, offset: Int)? {
        fields.first { $0.key == key }.map { ($0.value, $0.offset) }
      }
      guard let dtypeField = field("dtype"), let shapeField = field("shape"),
        let offsetsField = field("data_offsets")
      else {
        throw fail(member.offset, "tensor '\(name)': needs dtype, shape and data_offsets")
      }
      guard case .string(let dtypeName) = dtypeField.value,
        let dataType = SafetensorsDataType(rawValue: dtypeName)
      else {
        throw fail(
          dtypeField.offset,
          "tensor '\(name)': dtype \(dtypeField.value.text) is not a safetensors type")
      }
      guard case .array(let extents) = shapeField.value else {
        throw fail(shapeField.offset, "tensor '\(name)': shape is not an array")
      }
      var shape: [Int] = []
      for extent in extents {
        guard case .integer(let n) = extent, n >= 0 else {
          throw fail(
            shapeField.offset,
            "tensor '\(name)': shape entries must be non-negative integers, got \(extent.text)")
        }
        shape.append(n)
      }
      guard let count = elementCount(shape), let byteCount = dataType.byteCount(elements: count)
      else {
        throw fail(
          shapeField.offset,
          "tensor '\(name)': element count of shape \(shape) × \(dataType.bitWidth) bits overflows or is not whole bytes"
        )
      }
      guard case .array(let offsets) = offsetsField.value, offsets.count == 2,
        case .integer(let begin) = offsets[0], case .integer(let end) = offsets[1], begin >= 0,
        begin <= end
      else {
        throw fail(
          offsetsField.offset,
          "tensor '\(name)': data_offsets must be two integers 0 ≤ begin ≤ end, got \(offsetsField.value.text)"
        )
      }
      guard end <= dataCount else {
        throw fail(
          offsetsField.offset,
          "tensor '\(name)': data_offsets [\(begin), \(end)] outside the \(dataCount)-byte data section"
        )
      }
      guard byteCount == end - begin else {
        throw fail(
          offsetsField.offset,
          "tensor '\(name)': shape \(shape) of \(dtypeName) needs \(byteCount) bytes, data_offsets [\(begin), \(end)] hold \(end - begin)"
        )
      }
      entries.append(
        SafetensorsEntry(
          name: name, dataType: dataType, shape: shape, count: count,
          fileRange: (dataStart + begin)..<(dataStart + end), headerOffset: member.offset,
          dataTypeOffset: dtypeField.offset))
      ranges.append((begin..<end, name, offsetsField.offset))
    }
    // The ranges must tile the data section: sorted, each starting where the
    // previous one ended.
    ranges.sort {
      ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound)
    }
    var covered = 0
    var previous = ""
    for (range, name, offset) in ranges {
      if range.lowerBound < covered {
        throw fail(offset, "tensors '\(previous)' and '\(name)' overlap in the data section")
      }
      if range.lowerBound > covered {
        throw fail(
          offset,
          "bytes [\(covered), \(range.lowerBound)) of the data section before tensor '\(name)' belong to no tensor"
        )
      }
      covered = range.upperBound
      previous = name
    }
    guard covered == dataCount else {
      throw fail(
        dataStart + covered,
        "\(dataCount - covered) bytes after the last tensor's data belong to no tensor")
    }
    return SafetensorsHeader(entries: entries, metadata: metadata)
  }

  /// The members of the JSON object at the parser's position, each with the
  /// offset of its value in the file (header offset + 8). Duplicate keys are
  /// errors at the second key.
  static func objectMembers(_ parser: inout JSONParser, depth: Int) throws -> [(
    key: String, value: JSONValue, offset: Int
  )] {
    guard parser.position < parser.bytes.count, parser.bytes[parser.position] == UInt8(ascii: "{")
    else { throw parser.error("expected an object") }
    parser.position += 1
    var members: [(key: String, value: JSONValue, offset: Int)] = []
    var keys = Set<String>()
    parser.skipWhitespace()
    if parser.position < parser.bytes.count && parser.bytes[parser.position] == UInt8(ascii: "}") {
      parser.position += 1
      return members
    }
    while true {
      parser.skipWhitespace()
      guard parser.position < parser.bytes.count,
        parser.bytes[parser.position] == UInt8(ascii: "\"")
      else { throw parser.error("expected a string key") }
      let keyStart = parser.position
      let key = try parser.string()
      guard keys.insert(key).inserted else {
        parser.position = keyStart
        throw parser.error(depth == 0 ? "duplicate tensor name '\(key)'" : "duplicate key '\(key)'")
      }
      parser.skipWhitespace()
      guard parser.position < parser.bytes.count, parser.bytes[parser.position] == UInt8(ascii: ":")
      else { throw parser.error("expected ':'") }
      parser.position += 1
      parser.skipWhitespace()
      let valueStart = parser.position
      members.append((key, try parser.value(depth: depth + 1), 8 + valueStart))
      parser.skipWhitespace()
      guard parser.position < parser.bytes.count else { throw parser.error("unterminated object") }
      if parser.bytes[parser.position] == UInt8(ascii: ",") {
        parser.position += 1
        continue
      }
      guard parser.bytes[parser.position] == UInt8(ascii: "}") else {
        throw parser.error("expected ',' or '}'")
      }
      parser.position += 1
      return members
    }
  }

  /// The product of the extents, or nil when it overflows `Int` (a zero
  /// extent makes it 0 whatever the others are).
  static func elementCount(_ shape: [Int]) -> Int? {
    if shape.contains(0) { return 0 }
    var count = 1
    for extent in shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: extent)
      if overflow { return nil }
      count = product
    }
    return count
  }

  /// Runs `body`, moving the offsets of JSON errors (relative to the header
  /// text) past the 8-byte length field, so they are offsets in the file.
  static func inFile<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch RepriseError.malformedFile(let path, let offset, let reason) {
      throw RepriseError.malformedFile(path: path, offset: offset + 8, reason: reason)
    }
  }
}
