import Foundation
import RepriseTestSupport
import Testing

@testable import RepriseIO

@Suite struct NpzTests {
  func check(_ file: NpzFile, against expected: [ExpectedArray]) throws {
    #expect(file.names == expected.map(\.name))
    for item in expected {
      let array = try #require(file[item.name])
      #expect(
        array.shape == item.shape && array.dataType.descriptor == item.descriptor, "\(item.name)")
      if item.isFloat {
        #expect(
          try array.tensor(as: Double.self).scalars.map(\.bitPattern)
            == item.doubles.map(\.bitPattern))
      } else {
        #expect(try array.integers().map(String.init) == item.decimals)
      }
    }
  }

  @Test func readsSavezAndSavezCompressed() throws {
    let expected = try ExpectedArray.load("io/npz/expected.txt")
    for name in ["stored", "compressed"] {
      let path = FixtureFiles.url("io/npz/\(name).npz").path
      try check(try NpzFile(contentsOf: path), against: expected)
      let archive = try ZipArchive(bytes: try BinaryFile.read(path), source: path)
      #expect(archive.entries.allSatisfy { $0.method == (name == "stored" ? 0 : 8) })
    }
  }

  @Test func roundTripsThroughOurWriter() throws {
    let expected = try ExpectedArray.load("io/npz/expected.txt")
    let original = try NpzFile(contentsOf: FixtureFiles.url("io/npz/compressed.npz").path)
    let bytes = try original.encoded()
    #expect(try NpzFile(decoding: bytes, source: "memory") == original)
    try check(try NpzFile(decoding: bytes, source: "memory"), against: expected)
    #expect(try original.encoded() == bytes)  // deterministic
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "reprise-\(getpid()).npz"
    ).path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try original.write(to: path)
    #expect(try NpzFile(contentsOf: path) == original)
    let duplicate = NpzFile([("a", original.arrays[0].array), ("a", original.arrays[1].array)])
    #expect(throws: RepriseError.self) { try duplicate.encoded() }
  }

  /// The reason of the malformedFile error from parsing `bytes`.
  func reason(_ bytes: [UInt8], maximumBytes: Int = 1 << 30) -> String? {
    do {
      _ = try NpzFile(decoding: bytes, source: "hostile.npz", maximumBytes: maximumBytes)
      return nil
    } catch RepriseError.malformedFile(_, _, let reason) { return reason } catch {
      return "\(error)"
    }
  }

  @Test func everyTruncationIsATypedError() throws {
    for name in ["compressed", "stored"] {
      let bytes = [UInt8](try FixtureFiles.data("io/npz/\(name).npz"))
      for length in stride(from: 0, to: bytes.count, by: name == "compressed" ? 1 : 11) {
        #expect(reason(Array(bytes.prefix(length))) != nil, "\(name) cut at \(length)")
      }
    }
  }

  @Test func corruptMembersAreCaught() throws {
    let stored = [UInt8](try FixtureFiles.data("io/npz/stored.npz"))
    let archive = try ZipArchive(bytes: stored, source: "stored")
    var flipped = stored
    flipped[archive.entries[0].dataOffset + 130] ^= 0x40  // inside the array data
    #expect(reason(flipped)?.contains("CRC-32 mismatch") == true)

    let compressed = [UInt8](try FixtureFiles.data("io/npz/compressed.npz"))
    let deflated = try ZipArchive(bytes: compressed, source: "compressed")
    for entry in deflated.entries {
      for offset in stride(from: 0, to: entry.compressedSize, by: 5) {
        var corrupt = compressed
        corrupt[entry.dataOffset + offset] ^= 0x24
        #expect(reason(corrupt) != nil, "\(entry.name) byte \(offset)")
      }
    }
    // A directory that understates a member's size: inflation stops at the bound.
    var understated = compressed
    let directory = try #require(
      (0..<compressed.count - 4).first {
        compressed[$0..<$0 + 4].elementsEqual([0x50, 0x4B, 0x01, 0x02])
      })
    understated[directory + 24] = 100
    understated[directory + 25] = 0
    #expect(reason(understated)?.contains("exceeds the limit of 100") == true)
    #expect(reason(compressed, maximumBytes: 1000)?.contains("over the limit") == true)
  }

  @Test func hostileArchivesAreRejectedWithTheReason() throws {
    let member = NpyArray(Tensor<Double>([1, 2])).encoded()
    let twice = try ZipWriter.storedArchive(
      [("a.npy", member), ("a.npy", member)], operation: "test")
    #expect(reason(twice)?.contains("appears twice") == true)
    #expect(
      reason(Array("not a zip file at all, but long enough".utf8))?.contains("no end-of-central")
        == true)
    #expect(reason([0x50, 0x4B])?.contains("too short") == true)
    var encrypted = try ZipWriter.storedArchive([("a.npy", member)], operation: "test")
    let directory = encrypted.count - 22 - 46 - 5
    encrypted[directory + 8] = 1
    #expect(reason(encrypted)?.contains("encrypted") == true)
    var bzip = try ZipWriter.storedArchive([("a.npy", member)], operation: "test")
    bzip[directory + 10] = 12
    #expect(reason(bzip)?.contains("method 12") == true)
    var badOffset = try ZipWriter.storedArchive([("a.npy", member)], operation: "test")
    badOffset[directory + 42] = 7
    #expect(reason(badOffset)?.contains("no local header") == true)
    let notNpy = try ZipWriter.storedArchive([("a.npy", Array("hello".utf8))], operation: "test")
    #expect(reason(notNpy) != nil)
  }

  /// A ZIP64 archive as writers produce for members of 4 GiB or more: sizes
  /// and offset saturated in the central record and given in its extra field,
  /// and the end record pointing to a ZIP64 end record through a locator.
  @Test func readsZip64Records() throws {
    let contents = NpyArray(Tensor<Float>([1.5, -2])).encoded()
    let name = Array("x.npy".utf8)
    let crc = Int(CRC32.checksum(contents))
    var bytes: [UInt8] = []
    func put(_ value: Int, _ width: Int) { ZipWriter.append(value, width: width, to: &bytes) }
    put(0x0403_4B50, 4)
    for (v, w) in [
      (45, 2), (0, 2), (0, 2), (0, 2), (0, 2), (crc, 4), (0xFFFF_FFFF, 4), (0xFFFF_FFFF, 4),
    ] { put(v, w) }
    put(name.count, 2)
    put(20, 2)
    bytes += name
    for (v, w) in [(1, 2), (16, 2), (contents.count, 8), (contents.count, 8)] { put(v, w) }
    bytes += contents
    let directoryOffset = bytes.count
    put(0x0201_4B50, 4)
    for (v, w) in [
      (45, 2), (45, 2), (0, 2), (0, 2), (0, 2), (0, 2), (crc, 4), (0xFFFF_FFFF, 4),
      (0xFFFF_FFFF, 4),
    ] {
      put(v, w)
    }
    for (v, w) in [(name.count, 2), (28, 2), (0, 2), (0, 2), (0, 2), (0, 4), (0xFFFF_FFFF, 4)] {
      put(v, w)
    }
    bytes += name
    for (v, w) in [(1, 2), (24, 2), (contents.count, 8), (contents.count, 8), (0, 8)] { put(v, w) }
    let directorySize = bytes.count - directoryOffset
    let record = bytes.count
    put(0x0606_4B50, 4)
    for (v, w) in [
      (44, 8), (45, 2), (45, 2), (0, 4), (0, 4), (1, 8), (1, 8), (directorySize, 8),
      (directoryOffset, 8),
    ] {
      put(v, w)
    }
    put(0x0706_4B50, 4)
    for (v, w) in [(0, 4), (record, 8), (1, 4)] { put(v, w) }
    put(0x0605_4B50, 4)
    for (v, w) in [
      (0, 2), (0, 2), (0xFFFF, 2), (0xFFFF, 2), (0xFFFF_FFFF, 4), (0xFFFF_FFFF, 4), (0, 2),
    ] { put(v, w) }
    let file = try NpzFile(decoding: bytes, source: "zip64")
    #expect(file.names == ["x"])
    #expect(try file["x"]?.tensor(as: Float.self) == Tensor<Float>([1.5, -2]))
  }
}
