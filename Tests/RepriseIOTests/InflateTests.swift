import Foundation
import RepriseIO
import RepriseTestSupport
import Testing

/// Packs DEFLATE bits: values least significant bit first, Huffman codewords
/// most significant bit first (RFC 1951 §3.1.1).
struct DeflateBitWriter {
  var bytes: [UInt8] = []
  var bitCount = 0

  mutating func value(_ v: Int, bits: Int) {
    for k in 0..<bits { bit((v >> k) & 1) }
  }

  mutating func code(_ c: Int, bits: Int) {
    for k in stride(from: bits - 1, through: 0, by: -1) { bit((c >> k) & 1) }
  }

  mutating func bit(_ b: Int) {
    if bitCount % 8 == 0 { bytes.append(0) }
    bytes[bytes.count - 1] |= UInt8(b) << UInt8(bitCount % 8)
    bitCount += 1
  }

  /// Fixed-Huffman literal/length symbol (RFC 1951 §3.2.6).
  mutating func fixedSymbol(_ s: Int) {
    switch s {
    case 0...143: code(0x30 + s, bits: 8)
    case 144...255: code(0x190 + s - 144, bits: 9)
    case 256...279: code(s - 256, bits: 7)
    default: code(0xC0 + s - 280, bits: 8)
    }
  }
}

@Suite struct InflateTests {
  func streams() throws -> (original: [UInt8], crc: UInt32, streams: [(String, [UInt8])]) {
    let lines = try FixtureFiles.text("io/deflate/streams.txt").split(separator: "\n")
    let header = lines[0].split(separator: " ")
    let original = [UInt8](try FixtureFiles.data("io/deflate/original.bin"))
    #expect(Int(header[3]) == original.count)
    let streams = lines.dropFirst().map { line -> (String, [UInt8]) in
      let parts = line.split(separator: " ")
      let hex = Array(parts[1].utf8)
      let bytes = stride(from: 0, to: hex.count, by: 2).map {
        UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16)!
      }
      return (String(parts[0]), bytes)
    }
    return (original, UInt32(header[1], radix: 16)!, streams)
  }

  @Test func crc32MatchesTheCheckValueAndZlib() throws {
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    #expect(CRC32.checksum([]) == 0)
    let (original, crc, _) = try streams()
    #expect(CRC32.checksum(original) == crc)
  }

  @Test func inflatesEveryBlockTypeWrittenByZlib() throws {
    let (original, _, streams) = try streams()
    #expect(streams.map(\.0) == ["stored", "fixed", "dynamic", "best", "blocks"])
    for (name, stream) in streams {
      let output = try Inflate.decompress(stream, maximumOutputBytes: 1 << 20, source: name)
      #expect(output == original, "\(name)")
      #expect(throws: RepriseError.self, "\(name) under a tight limit") {
        try Inflate.decompress(stream, maximumOutputBytes: original.count - 1, source: name)
      }
    }
  }

  @Test func everyTruncationIsATypedError() throws {
    for (name, stream) in try streams().streams where name != "stored" {
      for length in stride(
        from: 0, to: stream.count, by: name == "fixed" || name == "dynamic" ? 1 : 5)
      {
        #expect(throws: RepriseError.self, "\(name) cut at \(length)") {
          try Inflate.decompress(
            Array(stream.prefix(length)), maximumOutputBytes: 1 << 20, source: name)
        }
      }
    }
  }

  @Test func corruptedStreamsNeverCrash() throws {
    // Flipping any single bit gives either an error or some output; never a trap.
    let (_, _, streams) = try streams()
    for (name, stream) in streams where name == "dynamic" || name == "fixed" {
      var errors = 0
      for index in stride(from: 0, to: stream.count, by: 3) {
        var corrupted = stream
        corrupted[index] ^= 1 << UInt8(index % 8)
        do {
          _ = try Inflate.decompress(corrupted, maximumOutputBytes: 1 << 16, source: name)
        } catch is RepriseError {
          errors += 1
        }
      }
      #expect(errors > 0)
    }
  }

  func reason(_ bytes: [UInt8], limit: Int = 1 << 20) -> String? {
    do {
      _ = try Inflate.decompress(bytes, maximumOutputBytes: limit, source: "crafted")
      return nil
    } catch RepriseError.malformedFile(_, _, let reason) { return reason } catch {
      return "\(error)"
    }
  }

  @Test func malformedStreamsAreRejectedWithTheReason() throws {
    #expect(reason([0x07])?.contains("reserved block type") == true)
    #expect(reason([0x01, 0x05, 0x00, 0x00, 0x00])?.contains("complement") == true)
    #expect(reason([0x01, 0x05, 0x00, 0xFA, 0xFF, 1, 2])?.contains("ends early") == true)
    #expect(
      try Inflate.decompress(
        [0x01, 0x02, 0x00, 0xFD, 0xFF, 7, 9], maximumOutputBytes: 9, source: "s") == [7, 9])
    #expect(reason([])?.contains("ends early") == true)

    var far = DeflateBitWriter()  // a match before any output
    far.value(1, bits: 1)
    far.value(1, bits: 2)
    far.fixedSymbol(257)
    far.code(0, bits: 5)
    #expect(reason(far.bytes)?.contains("reaches before the start") == true)

    var badDistance = DeflateBitWriter()
    badDistance.value(1, bits: 1)
    badDistance.value(1, bits: 2)
    badDistance.fixedSymbol(65)
    badDistance.fixedSymbol(257)
    badDistance.code(30, bits: 5)
    #expect(reason(badDistance.bytes)?.contains("invalid distance symbol 30") == true)

    var badLength = DeflateBitWriter()
    badLength.value(1, bits: 1)
    badLength.value(1, bits: 2)
    badLength.fixedSymbol(286)
    #expect(reason(badLength.bytes)?.contains("invalid length symbol 286") == true)

    var oversubscribed = DeflateBitWriter()  // 19 code-length codes, all of length 1
    oversubscribed.value(1, bits: 1)
    oversubscribed.value(2, bits: 2)
    oversubscribed.value(0, bits: 5)
    oversubscribed.value(0, bits: 5)
    oversubscribed.value(15, bits: 4)
    for _ in 0..<19 { oversubscribed.value(1, bits: 3) }
    #expect(reason(oversubscribed.bytes)?.contains("over-subscribed") == true)

    // Code-length code with symbols 16 and 0 of length 1, and 16 first.
    var repeatFirst = DeflateBitWriter()
    repeatFirst.value(1, bits: 1)
    repeatFirst.value(2, bits: 2)
    repeatFirst.value(0, bits: 5)
    repeatFirst.value(0, bits: 5)
    repeatFirst.value(0, bits: 4)  // 4 lengths: for 16, 17, 18, 0
    for length in [1, 0, 0, 1] { repeatFirst.value(length, bits: 3) }
    repeatFirst.code(1, bits: 1)  // symbol 16 has codeword 1 (0 is symbol 0)
    repeatFirst.value(0, bits: 2)
    #expect(reason(repeatFirst.bytes)?.contains("none before") == true)

    var tooMany = DeflateBitWriter()  // HLIT = 287 is outside the alphabet
    tooMany.value(1, bits: 1)
    tooMany.value(2, bits: 2)
    tooMany.value(30, bits: 5)
    tooMany.value(0, bits: 5)
    tooMany.value(0, bits: 4)
    #expect(reason(tooMany.bytes)?.contains("at most 286") == true)
  }

  @Test func outputIsBoundedAgainstBombs() throws {
    // One literal then 1000 copies of 258 bytes at distance 1: 258 001 bytes
    // from about 1.6 KB of input.
    var bomb = DeflateBitWriter()
    bomb.value(1, bits: 1)
    bomb.value(1, bits: 2)
    bomb.fixedSymbol(0)
    for _ in 0..<1000 {
      bomb.fixedSymbol(285)
      bomb.code(0, bits: 5)
    }
    bomb.fixedSymbol(256)
    let output = try Inflate.decompress(bomb.bytes, maximumOutputBytes: 1 << 20, source: "bomb")
    #expect(output.count == 1 + 258 * 1000 && output.allSatisfy { $0 == 0 })
    #expect(reason(bomb.bytes, limit: 100_000)?.contains("exceeds the limit of 100000") == true)
  }
}
