// The safetensors format: named tensors in one file, safe to load.
//
// Layout (huggingface/safetensors, format documentation): an 8-byte
// little-endian unsigned header length N; N bytes of UTF-8 JSON mapping each
// tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets
// relative to the end of the header) plus an optional "__metadata__" object
// of string values; then the raw little-endian, row-major tensor bytes.
//
// The reader trusts nothing: the header length must fit the file and a
// 100 MB bound, the JSON is parsed with depth and duplicate-key checks,
// every shape's element count is computed with overflow checks and must
// equal the byte range divided by the dtype size, ranges must lie inside the
// data section and must not overlap. Every violation is a
// `RepriseError.malformedFile` naming the file, the byte offset and the
// tensor. Reprise stores F32 and F64; other dtypes are reported by name.

/// One tensor of a safetensors file.
public enum SafetensorsTensor: Sendable, Equatable {
  case float32(Tensor<Float>)
  case float64(Tensor<Double>)
}

public enum Safetensors {
  static let maximumHeaderBytes = 100 << 20

  /// Serialises named tensors (in the given order) with optional metadata.
  public static func encode(
    _ tensors: [(String, SafetensorsTensor)], metadata: [String: String] = [:]
  ) throws -> [UInt8] {
    var entries: [(String, JSONValue)] = []
    if !metadata.isEmpty {
      entries.append(
        (
          "__metadata__",
          .object(metadata.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
        ))
    }
    var data: [UInt8] = []
    var names = Set<String>()
    for (name, tensor) in tensors {
      guard name != "__metadata__", names.insert(name).inserted else {
        throw RepriseError.invalidArgument(
          operation: "Safetensors.encode", name: name, reason: "duplicate or reserved tensor name")
      }
      let begin = data.count
      let (dtype, shape): (String, [Int])
      switch tensor {
      case .float32(let t):
        (dtype, shape) = ("F32", t.shape)
        for v in t.scalars { append(v.bitPattern.littleEndian, to: &data) }
      case .float64(let t):
        (dtype, shape) = ("F64", t.shape)
        for v in t.scalars { append(v.bitPattern.littleEndian, to: &data) }
      }
      entries.append(
        (
          name,
          .object([
            ("dtype", .string(dtype)), ("shape", .array(shape.map { .integer($0) })),
            ("data_offsets", .array([.integer(begin), .integer(data.count)])),
          ])
        ))
    }
    var header = Array(JSONValue.object(entries).text.utf8)
    while header.count % 8 != 0 { header.append(0x20) }  // pad with spaces to align the data
    var bytes: [UInt8] = []
    append(UInt64(header.count).littleEndian, to: &bytes)
    return bytes + header + data
  }

  /// Writes named tensors to `path` atomically.
  public static func write(
    _ tensors: [(String, SafetensorsTensor)], metadata: [String: String] = [:], to path: String
  ) throws {
    try BinaryFile.writeAtomically(try encode(tensors, metadata: metadata), to: path)
  }

  /// Parses a whole file's bytes; `source` names it in errors.
  public static func decode(_ bytes: [UInt8], source: String) throws
    -> (tensors: [(String, SafetensorsTensor)], metadata: [String: String])
  {
    func fail(_ offset: Int, _ reason: String) -> RepriseError {
      .malformedFile(path: source, offset: offset, reason: reason)
    }
    guard bytes.count >= 8 else {
      throw fail(0, "file of \(bytes.count) bytes is shorter than the 8-byte header length")
    }
    let declared = bytes[0..<8].enumerated().reduce(UInt64(0)) {
      $0 | UInt64($1.element) << (8 * UInt64($1.offset))
    }
    guard declared <= UInt64(maximumHeaderBytes), Int(declared) <= bytes.count - 8 else {
      throw fail(
        0,
        "header length \(declared) exceeds the file (\(bytes.count) bytes) or the \(maximumHeaderBytes)-byte limit"
      )
    }
    let headerEnd = 8 + Int(declared)
    let header = try JSONValue.parse(Array(bytes[8..<headerEnd]), source: source)
    guard case .object(let entries) = header else { throw fail(8, "header is not a JSON object") }
    let dataCount = bytes.count - headerEnd
    var tensors: [(String, SafetensorsTensor)] = []
    var metadata: [String: String] = [:]
    var ranges: [(Int, Int, String)] = []
    for (name, entry) in entries {
      if name == "__metadata__" {
        guard case .object(let pairs) = entry else {
          throw fail(8, "__metadata__ is not an object")
        }
        for (key, value) in pairs {
          guard case .string(let text) = value else {
            throw fail(8, "__metadata__ value '\(key)' is not a string")
          }
          metadata[key] = text
        }
        continue
      }
      guard case .string(let dtype)? = entry["dtype"],
        case .array(let shapeValues)? = entry["shape"],
        case .array(let offsetValues)? = entry["data_offsets"], offsetValues.count == 2,
        case .integer(let begin) = offsetValues[0], case .integer(let end) = offsetValues[1]
      else { throw fail(8, "tensor '\(name)': needs dtype, shape and two integer data_offsets") }
      var shape: [Int] = []
      for value in shapeValues {
        guard case .integer(let extent) = value, extent >= 0 else {
          throw fail(8, "tensor '\(name)': shape entries must be non-negative integers")
        }
        shape.append(extent)
      }
      guard begin >= 0, begin <= end, end <= dataCount else {
        throw fail(
          headerEnd,
          "tensor '\(name)': data_offsets [\(begin), \(end)] outside the \(dataCount)-byte data section"
        )
      }
      let width: Int
      switch dtype {
      case "F32": width = 4
      case "F64": width = 8
      default:
        throw fail(
          8, "tensor '\(name)': dtype \(dtype) is not supported (Reprise reads F32 and F64)")
      }
      let count: Int
      do { count = try Shape.elementCount(shape, operation: "safetensors") } catch {
        throw fail(8, "tensor '\(name)': element count of shape \(shape) overflows")
      }
      let (bytesNeeded, overflow) = count.multipliedReportingOverflow(by: width)
      guard !overflow, bytesNeeded == end - begin else {
        throw fail(
          headerEnd + begin,
          "tensor '\(name)': shape \(shape) of \(dtype) needs \(count) × \(width) bytes, range holds \(end - begin)"
        )
      }
      ranges.append((begin, end, name))
      let base = headerEnd + begin
      if width == 4 {
        let values = (0..<count).map { i in
          Float(bitPattern: load(UInt32.self, bytes, base + 4 * i))
        }
        tensors.append((name, .float32(try Tensor(shape: shape, scalars: values))))
      } else {
        let values = (0..<count).map { i in
          Double(bitPattern: load(UInt64.self, bytes, base + 8 * i))
        }
        tensors.append((name, .float64(try Tensor(shape: shape, scalars: values))))
      }
    }
    ranges.sort { $0.0 < $1.0 }
    for (previous, next) in zip(ranges, ranges.dropFirst()) where next.0 < previous.1 {
      throw fail(headerEnd + next.0, "tensors '\(previous.2)' and '\(next.2)' overlap")
    }
    return (tensors, metadata)
  }

  /// Reads a safetensors file.
  public static func read(_ path: String) throws -> (
    tensors: [(String, SafetensorsTensor)], metadata: [String: String]
  ) {
    try decode(try BinaryFile.read(path), source: path)
  }

  static func append<I: FixedWidthInteger>(_ value: I, to bytes: inout [UInt8]) {
    withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
  }

  static func load<I: FixedWidthInteger>(_: I.Type, _ bytes: [UInt8], _ offset: Int) -> I {
    var value = I.zero
    for k in 0..<MemoryLayout<I>.size { value |= I(bytes[offset + k]) << (8 * k) }
    return value
  }
}
