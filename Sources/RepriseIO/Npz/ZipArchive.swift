// Reading a ZIP archive held in memory (the container of `.npz` files).
//
// Layout (PKWARE APPNOTE 6.3): each member is a local header (signature
// PK\3\4, 30 bytes plus name and extra field) followed by its data; after the
// members comes the central directory (one 46-byte record plus name, extra
// and comment per member) and the end-of-central-directory record (22 bytes
// plus a comment) at the very end. Archives with more than 65 535 members or
// offsets and sizes of 4 GiB or more use ZIP64: a ZIP64 end record found
// through a locator just before the classic one, and in each central record an
// extra field (tag 0x0001) holding the 64-bit values whose 32-bit fields read
// 0xFFFFFFFF. NumPy's `savez` always writes that extra field.
//
// Nothing is trusted: the end record is searched only in the last 64 KiB +
// 22 bytes, every count, offset and length is checked against the file before
// use, member names must be unique, local headers must carry the central
// directory's name, member data may not run into the central directory, and
// encrypted members, multi-disk archives and methods other than stored (0)
// and deflate (8) are reported by name. Extraction bounds the output by the
// declared size and by the caller's limit, and compares the CRC-32.

/// A ZIP archive's directory, with access to member contents.
public struct ZipArchive {
  public struct Entry: Sendable, Equatable {
    public let name: String
    /// 0 = stored, 8 = deflate.
    public let method: Int
    public let crc32: UInt32
    public let compressedSize: Int
    public let uncompressedSize: Int
    /// Offset of the member's data (after its local header).
    public let dataOffset: Int
  }

  public let source: String
  public let entries: [Entry]
  let bytes: [UInt8]

  /// Parses the archive's directory; `source` names it in errors.
  public init(bytes: [UInt8], source: String) throws {
    self.bytes = bytes
    self.source = source
    let reader = ZipFieldReader(bytes: bytes, source: source)
    let end = try reader.findEndRecord()
    var entryCount = try reader.integer(at: end + 10, width: 2)
    var directorySize = try reader.integer(at: end + 12, width: 4)
    var directoryOffset = try reader.integer(at: end + 16, width: 4)
    guard try reader.integer(at: end + 4, width: 2) == 0,
      try reader.integer(at: end + 6, width: 2) == 0
    else { throw reader.fail(end, "multi-disk archives are not supported") }
    if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
      let locator = end - 20
      guard locator >= 0, try reader.integer(at: locator, width: 4) == 0x0706_4B50 else {
        throw reader.fail(end, "ZIP64 values without a ZIP64 end-of-directory locator")
      }
      let record = try reader.integer(at: locator + 8, width: 8)
      guard record <= locator - 56, try reader.integer(at: record, width: 4) == 0x0606_4B50 else {
        throw reader.fail(locator, "ZIP64 locator points outside the file or at no ZIP64 record")
      }
      entryCount = try reader.integer(at: record + 32, width: 8)
      directorySize = try reader.integer(at: record + 40, width: 8)
      directoryOffset = try reader.integer(at: record + 48, width: 8)
    }
    guard directoryOffset <= end, directorySize <= end - directoryOffset,
      entryCount <= directorySize / 46
    else {
      throw reader.fail(
        end,
        "central directory (\(entryCount) entries, \(directorySize) bytes at \(directoryOffset)) does not fit"
      )
    }
    var entries: [Entry] = []
    var names = Set<String>()
    var position = directoryOffset
    for _ in 0..<entryCount {
      let entry = try reader.centralEntry(
        at: &position, directoryEnd: directoryOffset + directorySize)
      guard names.insert(entry.name).inserted else {
        throw reader.fail(position, "member name '\(entry.name)' appears twice")
      }
      guard entry.dataOffset <= directoryOffset,
        entry.compressedSize <= directoryOffset - entry.dataOffset
      else {
        throw reader.fail(
          entry.dataOffset,
          "member '\(entry.name)' data (\(entry.compressedSize) bytes) runs past the members")
      }
      entries.append(entry)
    }
    self.entries = entries
  }

  /// The uncompressed contents of `entry`, at most `maximumBytes` long.
  public func contents(of entry: Entry, maximumBytes: Int) throws -> [UInt8] {
    let reader = ZipFieldReader(bytes: bytes, source: source)
    guard entry.uncompressedSize <= maximumBytes else {
      throw reader.fail(
        entry.dataOffset,
        "member '\(entry.name)' declares \(entry.uncompressedSize) bytes, over the limit of \(maximumBytes)"
      )
    }
    let range = entry.dataOffset..<entry.dataOffset + entry.compressedSize
    var data: [UInt8]
    switch entry.method {
    case 0:
      guard entry.compressedSize == entry.uncompressedSize else {
        throw reader.fail(entry.dataOffset, "stored member '\(entry.name)' has two different sizes")
      }
      data = Array(bytes[range])
    default:
      data = try bytes.withUnsafeBytes {
        try Inflate.decompress(
          UnsafeRawBufferPointer(rebasing: $0[range]), maximumOutputBytes: entry.uncompressedSize,
          source: "\(source) member \(entry.name)")
      }
      guard data.count == entry.uncompressedSize else {
        throw reader.fail(
          entry.dataOffset,
          "member '\(entry.name)' inflates to \(data.count) bytes, the directory says \(entry.uncompressedSize)"
        )
      }
    }
    let crc = CRC32.checksum(data)
    guard crc == entry.crc32 else {
      throw reader.fail(
        entry.dataOffset,
        "member '\(entry.name)' CRC-32 mismatch: computed \(String(crc, radix: 16)), stored \(String(entry.crc32, radix: 16))"
      )
    }
    return data
  }
}

/// Bounds-checked little-endian field access for ZipArchive.
struct ZipFieldReader {
  let bytes: [UInt8]
  let source: String

  func fail(_ offset: Int, _ reason: String) -> RepriseError {
    .malformedFile(path: source, offset: offset, reason: "zip: \(reason)")
  }

  func integer(at offset: Int, width: Int) throws -> Int {
    guard offset >= 0, offset <= bytes.count - width else {
      throw fail(offset, "record at byte \(offset) runs past the end of the file")
    }
    var value: UInt64 = 0
    for k in 0..<width { value |= UInt64(bytes[offset + k]) << (8 * UInt64(k)) }
    guard value <= UInt64(Int.max) else { throw fail(offset, "64-bit field \(value) is too large") }
    return Int(value)
  }

  /// The offset of the end-of-central-directory record.
  func findEndRecord() throws -> Int {
    guard bytes.count >= 22 else {
      throw fail(0, "file of \(bytes.count) bytes is too short for a ZIP archive")
    }
    let earliest = max(0, bytes.count - 22 - 0xFFFF)
    var offset = bytes.count - 22
    while offset >= earliest {
      if bytes[offset] == 0x50, bytes[offset + 1] == 0x4B, bytes[offset + 2] == 5,
        bytes[offset + 3] == 6,
        try integer(at: offset + 20, width: 2) == bytes.count - offset - 22
      {
        return offset
      }
      offset -= 1
    }
    throw fail(bytes.count, "no end-of-central-directory record (not a ZIP archive, or truncated)")
  }

  /// One central directory record at `position` (advanced past it), with its
  /// local header checked.
  func centralEntry(at position: inout Int, directoryEnd: Int) throws -> ZipArchive.Entry {
    let start = position
    guard try integer(at: start, width: 4) == 0x0201_4B50 else {
      throw fail(start, "missing central directory signature")
    }
    let flags = try integer(at: start + 8, width: 2)
    let method = try integer(at: start + 10, width: 2)
    let crc = UInt32(try integer(at: start + 16, width: 4))
    var compressed = try integer(at: start + 20, width: 4)
    var uncompressed = try integer(at: start + 24, width: 4)
    let nameLength = try integer(at: start + 28, width: 2)
    let extraLength = try integer(at: start + 30, width: 2)
    let commentLength = try integer(at: start + 32, width: 2)
    var localOffset = try integer(at: start + 42, width: 4)
    let nameStart = start + 46
    let recordEnd = nameStart + nameLength + extraLength + commentLength
    guard recordEnd <= directoryEnd else {
      throw fail(start, "central record runs past the directory")
    }
    let name = String(decoding: bytes[nameStart..<nameStart + nameLength], as: UTF8.self)
    guard flags & 1 == 0 else { throw fail(start, "member '\(name)' is encrypted") }
    guard method == 0 || method == 8 else {
      throw fail(
        start, "member '\(name)' uses compression method \(method) (only stored and deflate)")
    }
    // ZIP64 extended information: the 64-bit values of the saturated fields, in order.
    var extra = nameStart + nameLength
    let extraEnd = extra + extraLength
    while extra + 4 <= extraEnd {
      let tag = try integer(at: extra, width: 2)
      let size = try integer(at: extra + 2, width: 2)
      guard extra + 4 + size <= extraEnd else {
        throw fail(extra, "extra field runs past its record")
      }
      if tag == 1 {
        var field = extra + 4
        func next() throws -> Int {
          guard field + 8 <= extra + 4 + size else {
            throw fail(field, "ZIP64 extra field too short")
          }
          defer { field += 8 }
          return try integer(at: field, width: 8)
        }
        if uncompressed == 0xFFFF_FFFF { uncompressed = try next() }
        if compressed == 0xFFFF_FFFF { compressed = try next() }
        if localOffset == 0xFFFF_FFFF { localOffset = try next() }
      }
      extra += 4 + size
    }
    guard try integer(at: localOffset, width: 4) == 0x0403_4B50 else {
      throw fail(localOffset, "member '\(name)' has no local header at \(localOffset)")
    }
    let localNameLength = try integer(at: localOffset + 26, width: 2)
    let localExtraLength = try integer(at: localOffset + 28, width: 2)
    let dataOffset = localOffset + 30 + localNameLength + localExtraLength
    guard localNameLength == nameLength, dataOffset <= bytes.count,
      bytes[localOffset + 30..<localOffset + 30 + localNameLength].elementsEqual(
        bytes[nameStart..<nameStart + nameLength])
    else { throw fail(localOffset, "local header of '\(name)' does not match the directory") }
    position = recordEnd
    return ZipArchive.Entry(
      name: name, method: method, crc32: crc, compressedSize: compressed,
      uncompressedSize: uncompressed, dataOffset: dataOffset)
  }
}
