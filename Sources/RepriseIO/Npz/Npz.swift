// `.npz` files: several named `.npy` arrays in one ZIP archive.
//
// `numpy.savez` stores each array as member "<name>.npy" (uncompressed);
// `numpy.savez_compressed` deflates them. Reading parses the archive
// (ZipArchive: stored and deflated members, ZIP64 fields, CRC-32 checked),
// then each member as a `.npy` file (NpyArray, with all its checks); member
// names lose their ".npy" suffix. The caller's byte limit bounds the total
// decompressed size, so a small hostile archive cannot claim unbounded memory.
// Writing stores members uncompressed, as `savez` does.

/// The arrays of an `.npz` file, in archive order.
public struct NpzFile: Sendable, Equatable {
  public var arrays: [(name: String, array: NpyArray)]

  public init(_ arrays: [(name: String, array: NpyArray)]) {
    self.arrays = arrays
  }

  public var names: [String] { arrays.map(\.name) }

  /// The array called `name`, or nil.
  public subscript(name: String) -> NpyArray? {
    arrays.first { $0.name == name }?.array
  }

  public static func == (a: NpzFile, b: NpzFile) -> Bool {
    a.arrays.count == b.arrays.count
      && zip(a.arrays, b.arrays).allSatisfy { $0.name == $1.name && $0.array == $1.array }
  }

  /// Parses `.npz` bytes; `source` names them in errors. The arrays may
  /// decompress to at most `maximumBytes` in total.
  public init(decoding bytes: [UInt8], source: String, maximumBytes: Int = 1 << 34) throws {
    let archive = try ZipArchive(bytes: bytes, source: source)
    var remaining = maximumBytes
    var arrays: [(name: String, array: NpyArray)] = []
    for entry in archive.entries {
      let contents = try archive.contents(of: entry, maximumBytes: remaining)
      remaining -= contents.count
      let name = entry.name.hasSuffix(".npy") ? String(entry.name.dropLast(4)) : entry.name
      arrays.append(
        (name, try NpyArray(decoding: contents, source: "\(source) member \(entry.name)")))
    }
    self.arrays = arrays
  }

  /// Reads an `.npz` file.
  public init(contentsOf path: String, maximumBytes: Int = 1 << 34) throws {
    try self.init(
      decoding: try BinaryFile.read(path, maximumBytes: maximumBytes), source: path,
      maximumBytes: maximumBytes)
  }

  /// The bytes of an `.npz` file holding these arrays (stored members).
  public func encoded() throws -> [UInt8] {
    var seen = Set<String>()
    for (name, _) in arrays where !seen.insert(name).inserted || name.isEmpty {
      throw RepriseError.invalidArgument(
        operation: "NpzFile.encoded", name: name, reason: "array names must be unique and non-empty"
      )
    }
    return try ZipWriter.storedArchive(
      arrays.map { ($0.name + ".npy", $0.array.encoded()) }, operation: "NpzFile.encoded")
  }

  /// Writes the arrays to `path` atomically.
  public func write(to path: String) throws {
    try BinaryFile.writeAtomically(try encoded(), to: path)
  }
}
