// A safetensors file opened lazily: the header now, one tensor on request.
//
// Opening reads the 8-byte length and the header only, and validates every
// entry (`SafetensorsHeader`), so a bad file fails at once with the offset
// of what is wrong. `tensor(named:as:)` then reads just that tensor's byte
// range (seek + read) and converts it (`SafetensorsElements`), so a 10 GB
// checkpoint costs one header and one tensor's bytes, and a tensor of a type
// Reprise cannot convert only fails when it is the one asked for. A file
// that shrank since it was opened gives a short read, reported at the byte
// where the data stopped. The same API works on bytes already in memory.

/// A safetensors file whose tensors are read one at a time.
public struct SafetensorsFile: Sendable {
  /// The file's path (or the name given to in-memory bytes), used in errors.
  public let source: String
  /// The tensors' entries, in header order.
  public let entries: [SafetensorsEntry]
  /// The `__metadata__` strings.
  public let metadata: [String: String]

  enum Storage: Sendable {
    case file
    case memory([UInt8])
  }
  let storage: Storage

  /// The tensor names, in header order.
  public var names: [String] { entries.map(\.name) }

  /// Opens `path`, reading and validating its header only.
  public init(contentsOf path: String) throws {
    let file = try RandomAccessFile(path)
    let first = try file.read(at: 0, count: min(8, file.size))
    let length = try SafetensorsHeader.length(first, fileSize: file.size, source: path)
    let header = try SafetensorsHeader.parse(
      try file.read(at: 8, count: length), fileSize: file.size, source: path)
    (source, entries, metadata, storage) = (path, header.entries, header.metadata, .file)
  }

  /// Parses a whole file already in memory; `source` names it in errors.
  public init(bytes: [UInt8], source: String) throws {
    let length = try SafetensorsHeader.length(
      Array(bytes.prefix(8)), fileSize: bytes.count, source: source)
    let header = try SafetensorsHeader.parse(
      Array(bytes[8..<(8 + length)]), fileSize: bytes.count, source: source)
    (self.source, entries, metadata, storage) =
      (source, header.entries, header.metadata, .memory(bytes))
  }

  /// The entry of the tensor called `name`.
  public func entry(named name: String) throws -> SafetensorsEntry {
    guard let entry = entries.first(where: { $0.name == name }) else {
      let listed = names.prefix(20).joined(separator: ", ") + (names.count > 20 ? ", …" : "")
      throw RepriseError.invalidArgument(
        operation: "SafetensorsFile(\(source))", name: name,
        reason: "no tensor of that name; the file holds \(names.count): \(listed)")
    }
    return entry
  }

  /// The tensor called `name`, converted exactly to `Scalar` (see
  /// `SafetensorsElements` for what converts and what is an error).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func tensor<Scalar: RealScalar>(named name: String, as type: Scalar.Type = Double.self)
    throws -> Tensor<Scalar>
  {
    try tensor(try entry(named: name), as: type)
  }

  /// The tensor of `entry` (one of `entries`), converted exactly to `Scalar`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func tensor<Scalar: RealScalar>(_ entry: SafetensorsEntry, as type: Scalar.Type)
    throws -> Tensor<Scalar>
  {
    guard entry.dataType.isReadable else {
      throw SafetensorsElements.unsupported(entry, source: source)
    }
    let values: [Scalar]
    switch storage {
    case .memory(let bytes):
      values = try bytes[entry.fileRange].withUnsafeBytes {
        try SafetensorsElements.scalars($0, entry: entry, source: source, as: type)
      }
    case .file:
      let file = try RandomAccessFile(source)
      let stored =
        (entry.dataType == .float32 && Scalar.self == Float.self)
        || (entry.dataType == .float64 && Scalar.self == Double.self)
      let littleEndianHost = UInt16(littleEndian: 1) == 1
      if stored && littleEndianHost {
        // The stored type on a little-endian host: read straight into the result.
        values = try file.read(at: entry.fileRange.lowerBound, count: entry.count, as: Scalar.self)
      } else if entry.dataType == .float32 && littleEndianHost {
        // F32 → Double: Double(Float) is the exact widening (see SafetensorsElements).
        values = try file.read(at: entry.fileRange.lowerBound, count: entry.count, as: Float.self)
          .map { Scalar($0) }
      } else {
        let bytes = try file.read(at: entry.fileRange.lowerBound, count: entry.fileRange.count)
        values = try bytes.withUnsafeBytes {
          try SafetensorsElements.scalars($0, entry: entry, source: source, as: type)
        }
      }
    }
    return try Tensor(shape: entry.shape, scalars: values)
  }
}
