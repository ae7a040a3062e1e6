// The safetensors format: named tensors in one file, safe to load.
//
// Layout (huggingface/safetensors, format documentation): an 8-byte
// little-endian unsigned header length N; N bytes of UTF-8 JSON mapping each
// tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets
// relative to the end of the header) plus an optional "__metadata__" object
// of string values; then the raw little-endian, row-major tensor bytes.
//
// This file holds the writer (F32 and F64, and Float rounded to F16 or BF16
// by `HalfPrecisionRounding`, in the given order, header padded
// with spaces so the data starts 8-byte aligned, ranges tiling the data
// section) and the whole-file reader used by checkpoints. Reading is done by
// `SafetensorsFile` (header validation in `SafetensorsHeader`, exact
// conversion in `SafetensorsElements`); to read one tensor of a large file,
// use `SafetensorsFile(contentsOf:)` and `tensor(named:as:)` instead.

/// One tensor of a safetensors file.
public enum SafetensorsTensor: Sendable, Equatable {
  case float32(Tensor<Float>)
  case float64(Tensor<Double>)
  /// Written as F16, each value rounded to nearest-even (±∞ past 65504).
  /// Only the writer takes it: reading widens F16 to `.float32`.
  case float16(Tensor<Float>)
  /// Written as BF16, each value rounded to nearest-even. Only the writer
  /// takes it: reading widens BF16 to `.float32`.
  case bfloat16(Tensor<Float>)
}

public enum Safetensors {
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
      case .float16(let t):
        (dtype, shape) = ("F16", t.shape)
        for v in t.scalars { append(HalfPrecisionRounding.binary16(v).littleEndian, to: &data) }
      case .bfloat16(let t):
        (dtype, shape) = ("BF16", t.shape)
        for v in t.scalars { append(HalfPrecisionRounding.bfloat16(v).littleEndian, to: &data) }
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

  /// Parses a whole file's bytes and converts every tensor; `source` names
  /// it in errors. F32, F16, BF16 and the 8-bit floats become `.float32`,
  /// F64, integers and BOOL `.float64`, all exactly (an integer without an
  /// exact Double, or a dtype Reprise does not read, is an error naming the
  /// tensor).
  public static func decode(_ bytes: [UInt8], source: String) throws
    -> (tensors: [(String, SafetensorsTensor)], metadata: [String: String])
  {
    try everyTensor(of: try SafetensorsFile(bytes: bytes, source: source))
  }

  /// Reads a safetensors file and every tensor in it (see `decode`).
  public static func read(_ path: String) throws -> (
    tensors: [(String, SafetensorsTensor)], metadata: [String: String]
  ) {
    try everyTensor(of: try SafetensorsFile(contentsOf: path))
  }

  static func everyTensor(of file: SafetensorsFile) throws -> (
    tensors: [(String, SafetensorsTensor)], metadata: [String: String]
  ) {
    let tensors = try file.entries.map { entry -> (String, SafetensorsTensor) in
      switch entry.dataType {
      case .float32, .float16, .bfloat16, .float8E4M3, .float8E5M2, .float8E8M0:
        return (entry.name, .float32(try file.tensor(entry, as: Float.self)))
      default:
        return (entry.name, .float64(try file.tensor(entry, as: Double.self)))
      }
    }
    return (tensors, file.metadata)
  }

  static func append<I: FixedWidthInteger>(_ value: I, to bytes: inout [UInt8]) {
    withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
  }
}
