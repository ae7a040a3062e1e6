// Golden digests of the elementary functions: a 64-bit FNV-1a hash of the
// output bits over every fixture input (plus the special values), per
// function and type, compared with Fixtures/elementary/golden_digests.txt.
// NaN outputs are hashed as one canonical NaN (payloads are not part of the
// contract). Any build (debug, release, -march=native, another OS or CPU) must produce
// the same bits. The digests were recorded from this code; they are backed by
// the independent accuracy tests against mpmath (ElementaryAccuracyTests).
// After an intentional change, update the file with the values printed in the
// failure messages and say why in the commit message.
import RepriseCore
import RepriseTestSupport
import Testing

@Suite("Elementary Golden digests")
struct ElementaryGoldenTests {
  static func fnv1a(_ words: [UInt64]) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for w in words {
      for b in 0..<8 {
        h ^= (w >> UInt64(8 * b)) & 0xFF
        h = h &* 0x0000_0100_0000_01B3
      }
    }
    return h
  }

  static func expected() throws -> [String: String] {
    var d: [String: String] = [:]
    for line in try FixtureFiles.text("elementary/golden_digests.txt").split(separator: "\n") {
      let f = line.split(separator: " ")
      if f.count == 3 && !line.hasPrefix("#") { d["\(f[0]) \(f[1])"] = String(f[2]) }
    }
    return d
  }

  @Test("output bits match the recorded digests", arguments: elementaryNames)
  func digests(_ name: String) throws {
    let golden = try Self.expected()
    let xd = try loadDoubleFixture(name).x + specialDoubles
    let fd = scalarDouble(name)
    let hd = String(
      Self.fnv1a(xd.map { fd($0).isNaN ? Double.nan.bitPattern : fd($0).bitPattern }), radix: 16)
    #expect(golden["\(name) double"] == hd, "\(name) double digest is \(hd)")
    let xf = try loadFloatFixture(name).x + specialFloats
    let ff = scalarFloat(name)
    let hf = String(
      Self.fnv1a(xf.map { UInt64(ff($0).isNaN ? Float.nan.bitPattern : ff($0).bitPattern) }),
      radix: 16)
    #expect(golden["\(name) float"] == hf, "\(name) float digest is \(hf)")
  }
}
