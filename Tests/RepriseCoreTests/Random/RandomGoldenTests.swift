import RepriseCore
import RepriseTestSupport
import Testing

/// Golden digests of the random streams: any change to the bits of a variate
/// (uniform, integer, permutation, normal) on any platform, build or release
/// is caught here. The raw words are checked independently against NumPy
/// (RandomStreamTests); these digests pin the variates built on them.
@Suite struct RandomGoldenTests {
  static func digests() throws -> [(String, String)] {
    var result: [(String, String)] = []
    var s1 = RandomStream(seed: 2026, stream: 0)
    result.append(
      ("uniform-double-seed2026-x4096", bitDigest((0..<4096).map { _ in s1.uniformDouble() })))
    var s2 = RandomStream(seed: 2026, stream: 1)
    result.append(
      ("uniform-float-seed2026s1-x4096", bitDigest((0..<4096).map { _ in s2.uniformFloat() })))
    var s3 = RandomStream(seed: 7, stream: 2)
    let integers = try (0..<4096).map { _ in Double(try s3.integer(below: 1000)) }
    result.append(("integer-below1000-seed7s2-x4096", bitDigest(integers)))
    var s4 = RandomStream(seed: 7, stream: 3)
    result.append(
      ("permutation-1000-seed7s3", bitDigest(try s4.permutation(1000).map(Double.init))))
    var s5 = RandomStream(seed: 11, stream: 0)
    let normals: [Double] = s5.normals(4096)
    result.append(("normal-double-seed11-x4096", bitDigest(normals)))
    var s6 = RandomStream(seed: 11, stream: 1)
    let floatNormals: [Float] = s6.normals(4095)
    result.append(("normal-float-seed11s1-x4095", bitDigest(floatNormals)))
    return result
  }

  @Test func streamsMatchGoldenDigests() throws {
    var golden: [String: String] = [:]
    for line in try FixtureFiles.text("golden/random.txt").split(separator: "\n")
    where !line.hasPrefix("#") {
      let fields = line.split(separator: " ")
      if fields.count == 2 { golden[String(fields[0])] = String(fields[1]) }
    }
    let computed = try Self.digests()
    #expect(golden.count == computed.count)
    for (name, digest) in computed {
      #expect(golden[name] == digest, "\(name): computed \(digest)")
    }
  }
}
