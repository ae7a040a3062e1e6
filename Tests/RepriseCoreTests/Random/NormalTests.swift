import RepriseCore
import RepriseTestSupport
import Testing

@Suite struct NormalVariateTests {
  @Test func boxMullerMatchesNumpyFromTheSameWords() throws {
    var checked = 0
    for line in try FixtureFiles.text("random/philox_numpy.txt").split(separator: "\n") {
      let fields = line.split(separator: " ")
      if fields.first == "case" {
        var stream = RandomStream(seed: UInt64(fields[1])!, stream: UInt64(fields[2])!)
        let ours: [Double] = stream.normals(12)
        let reference = try FixtureFiles.text("random/philox_numpy.txt").split(separator: "\n")
          .drop { $0 != line }.first { $0.hasPrefix("normals") }!
          .split(separator: " ").dropFirst().map { Double(bitPattern: UInt64($0, radix: 16)!) }
        for (a, b) in zip(ours, reference) {
          // numpy's libm and Reprise's functions may differ in the last bits.
          #expect(abs(a - b) <= 4 * b.ulp + 1e-300, "\(a) vs \(b)")
        }
        checked += 1
      }
    }
    #expect(checked == 5)
  }

  @Test func momentsOfManyNormals() {
    var stream = RandomStream(seed: 77, stream: 4)
    let n = 200_000
    let z: [Double] = stream.normals(n)
    let mean = z.reduce(0, +) / Double(n)
    let variance = z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
    let kurtosis = z.reduce(0) { $0 + pow4($1 - mean) } / Double(n) / (variance * variance)
    #expect(abs(mean) < 0.012)  // 5 standard errors
    #expect(abs(variance - 1) < 0.016)
    #expect(abs(kurtosis - 3) < 0.06)
    // Tail frequency: P(|Z| > 2) = 0.0455.
    let tail = Double(z.filter { abs($0) > 2 }.count) / Double(n)
    #expect(abs(tail - 0.0455) < 0.0025)
    let shifted: [Float] = stream.normals(1000, mean: 5, standardDeviation: 0.1)
    #expect(shifted.allSatisfy { $0 > 4 && $0 < 6 })
  }

  @Test func streamPositionIsTwoWordsPerPair() {
    var a = RandomStream(seed: 3)
    var b = RandomStream(seed: 3)
    let pair: [Double] = a.normals(2)
    _ = b.normal()
    #expect(a.next() == b.next())  // both used exactly two words
    #expect(pair[0] != pair[1])
  }

  func pow4(_ x: Double) -> Double { x * x * x * x }
}
