// Writing a ZIP archive of stored (uncompressed) members, as `.npz` needs.
//
// Each member is a local header, its bytes, and later a central directory
// record; an end-of-central-directory record closes the archive (PKWARE
// APPNOTE 6.3, §4.3). Timestamps are fixed at 1980-01-01 00:00 so the same
// arrays always give the same bytes. Archives this writer cannot express
// without ZIP64 (a member or offset of 4 GiB or more, over 65 535 members) are
// refused with a typed error: save such arrays as separate `.npy` files.

enum ZipWriter {
  static func append(_ value: Int, width: Int, to bytes: inout [UInt8]) {
    for k in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * k))) }
  }

  /// The archive holding `members` (name, contents) in order, all stored.
  static func storedArchive(_ members: [(String, [UInt8])], operation: String) throws -> [UInt8] {
    guard members.count < 0xFFFF else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "members", reason: "\(members.count) members need ZIP64")
    }
    var archive: [UInt8] = []
    var directory: [UInt8] = []
    for (name, contents) in members {
      let nameBytes = Array(name.utf8)
      guard nameBytes.count <= 0xFFFF, contents.count < 0xFFFF_FFFF, archive.count < 0xFFFF_FFFF
      else {
        throw RepriseError.invalidArgument(
          operation: operation, name: name,
          reason:
            "member of \(contents.count) bytes at offset \(archive.count) needs ZIP64; write a .npy instead"
        )
      }
      let crc = Int(CRC32.checksum(contents))
      let offset = archive.count
      // Local file header.
      append(0x0403_4B50, width: 4, to: &archive)
      for (value, width) in [(20, 2), (0, 2), (0, 2), (0, 2), (0x21, 2), (crc, 4)] {
        append(value, width: width, to: &archive)
      }
      for (value, width) in [
        (contents.count, 4), (contents.count, 4), (nameBytes.count, 2), (0, 2),
      ] {
        append(value, width: width, to: &archive)
      }
      archive += nameBytes
      archive += contents
      // Central directory record.
      append(0x0201_4B50, width: 4, to: &directory)
      for (value, width) in [(20, 2), (20, 2), (0, 2), (0, 2), (0, 2), (0x21, 2), (crc, 4)] {
        append(value, width: width, to: &directory)
      }
      for (value, width) in [
        (contents.count, 4), (contents.count, 4), (nameBytes.count, 2), (0, 2), (0, 2), (0, 2),
        (0, 2),
        (0, 4), (offset, 4),
      ] {
        append(value, width: width, to: &directory)
      }
      directory += nameBytes
    }
    guard archive.count < 0xFFFF_FFFF else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "archive", reason: "\(archive.count) bytes need ZIP64")
    }
    let directoryOffset = archive.count
    archive += directory
    append(0x0605_4B50, width: 4, to: &archive)
    for (value, width) in [
      (0, 2), (0, 2), (members.count, 2), (members.count, 2), (directory.count, 4),
      (directoryOffset, 4), (0, 2),
    ] {
      append(value, width: width, to: &archive)
    }
    return archive
  }
}
