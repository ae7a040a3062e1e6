import RepriseCore
import Testing

@Suite struct SHA256Tests {
  // FIPS 180-4 example vectors.
  @Test func knownAnswers() {
    var empty = SHA256()
    empty.update([])
    #expect(
      empty.finalizeHex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    var abc = SHA256()
    abc.update(Array("abc".utf8))
    #expect(abc.finalizeHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    var twoBlocks = SHA256()
    twoBlocks.update(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
    #expect(
      twoBlocks.finalizeHex() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  @Test func incrementalEqualsOneShot() {
    let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    var oneShot = SHA256()
    oneShot.update(message)
    var pieces = SHA256()
    var i = 0
    for size in [1, 63, 64, 65, 100, 3, 200] where i < message.count {
      pieces.update(Array(message[i..<min(i + size, message.count)]))
      i += size
    }
    pieces.update(Array(message[min(i, message.count)...]))
    #expect(pieces.finalizeHex() == oneShot.finalizeHex())
  }

  @Test func bitDigestHashesLittleEndianBits() {
    // 1.0 as Double is 0x3FF0000000000000: bytes 00 00 00 00 00 00 F0 3F.
    var reference = SHA256()
    reference.update([0, 0, 0, 0, 0, 0, 0xF0, 0x3F])
    #expect(bitDigest([1.0]) == reference.finalizeHex())
  }
}
