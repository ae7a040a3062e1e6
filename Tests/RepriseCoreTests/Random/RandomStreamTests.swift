import RepriseCore
import RepriseTestSupport
import Testing

@Suite struct RandomStreamTests {
  /// One (seed, stream) case of the NumPy reference file.
  struct NumpyCase {
    var seed: UInt64
    var stream: UInt64
    var words: [UInt64] = []
    var uniforms: [UInt64] = []
  }

  static func numpyCases() throws -> [NumpyCase] {
    var cases: [NumpyCase] = []
    for line in try FixtureFiles.text("random/philox_numpy.txt").split(separator: "\n") {
      let fields = line.split(separator: " ")
      switch fields.first {
      case "case": cases.append(NumpyCase(seed: UInt64(fields[1])!, stream: UInt64(fields[2])!))
      case "words": cases[cases.count - 1].words = fields.dropFirst().map { UInt64($0, radix: 16)! }
      case "uniforms":
        cases[cases.count - 1].uniforms = fields.dropFirst().map { UInt64($0, radix: 16)! }
      default: continue
      }
    }
    return cases
  }

  @Test func rawWordsMatchNumpyPhilox() throws {
    let cases = try Self.numpyCases()
    #expect(cases.count == 5)
    for reference in cases {
      var stream = RandomStream(seed: reference.seed, stream: reference.stream)
      let words = (0..<reference.words.count).map { _ in stream.next() }
      #expect(words == reference.words, "seed \(reference.seed) stream \(reference.stream)")
    }
  }

  @Test func uniformDoublesMatchNumpyGenerator() throws {
    for reference in try Self.numpyCases() {
      var stream = RandomStream(seed: reference.seed, stream: reference.stream)
      let bits = (0..<reference.uniforms.count).map { _ in stream.uniformDouble().bitPattern }
      #expect(bits == reference.uniforms, "seed \(reference.seed) stream \(reference.stream)")
    }
  }

  @Test func uniformMomentsAndRange() {
    var stream = RandomStream(seed: 7)
    let n = 200_000
    var sum = 0.0
    var sumSquares = 0.0
    for _ in 0..<n {
      let u = stream.uniformDouble()
      #expect(u >= 0 && u < 1)
      sum += u
      sumSquares += u * u
    }
    let mean = sum / Double(n)
    let variance = sumSquares / Double(n) - mean * mean
    // Standard error of the mean is sqrt(1/12/n) ≈ 6.5e-4; allow 5 of them.
    #expect(abs(mean - 0.5) < 3.3e-3)
    #expect(abs(variance - 1.0 / 12.0) < 2e-3)
    for _ in 0..<10_000 {
      let f = stream.uniformFloat()
      #expect(f >= 0 && f < 1)
    }
  }

  @Test func integersAreUniformByChiSquare() throws {
    var stream = RandomStream(seed: 11, stream: 3)
    let bins = 10
    let draws = 100_000
    var counts = [Int](repeating: 0, count: bins)
    for _ in 0..<draws { counts[Int(try stream.integer(below: UInt64(bins)))] += 1 }
    let expected = Double(draws) / Double(bins)
    let chiSquare = counts.reduce(0.0) {
      $0 + (Double($1) - expected) * (Double($1) - expected) / expected
    }
    // 9 degrees of freedom: P(χ² > 27.88) = 0.001.
    #expect(chiSquare < 27.88, "chi-square \(chiSquare), counts \(counts)")
    for _ in 0..<1000 {
      let v = try stream.integer(in: -3...4)
      #expect((-3...4).contains(v))
    }
    #expect(try stream.integer(in: 5...5) == 5)
  }

  @Test func bernoulliFrequency() throws {
    var stream = RandomStream(seed: 5)
    let hits = try (0..<100_000).filter { _ in try stream.bernoulli(0.3) }.count
    #expect(abs(Double(hits) / 100_000 - 0.3) < 0.007)
    #expect(try !stream.bernoulli(0))
    #expect(try stream.bernoulli(1))
    #expect(throws: RepriseError.self) { try stream.bernoulli(.nan) }
  }

  @Test func permutationsAndSamples() throws {
    var stream = RandomStream(seed: 99)
    for n in [0, 1, 2, 17, 100] {
      let p = try stream.permutation(n)
      #expect(p.sorted() == Array(0..<n))
    }
    let s = try stream.sample(10, from: 50)
    #expect(Set(s).count == 10 && s.allSatisfy { (0..<50).contains($0) })
    #expect(try stream.sample(0, from: 0).isEmpty)
    #expect(try stream.choices(5, from: 3).allSatisfy { (0..<3).contains($0) })
    // Every position of a 3-permutation is uniform over 6 outcomes.
    var outcomes: [[Int]: Int] = [:]
    for _ in 0..<6000 { outcomes[try stream.permutation(3), default: 0] += 1 }
    #expect(outcomes.count == 6 && outcomes.values.allSatisfy { abs($0 - 1000) < 150 })
  }

  @Test func badArgumentsThrowTypedErrors() {
    var stream = RandomStream(seed: 1)
    #expect(throws: RepriseError.self) { try stream.integer(below: 0) }
    #expect(throws: RepriseError.self) { try stream.permutation(-1) }
    #expect(throws: RepriseError.self) { try stream.sample(5, from: 3) }
    #expect(throws: RepriseError.self) { try stream.choices(1, from: 0) }
    #expect(throws: RepriseError.self) { try stream.choice(from: [Int]()) }
  }

  @Test func streamsAreReproducibleAndDistinct() {
    var a = RandomStream(seed: 3, stream: 0)
    var b = RandomStream(seed: 3, stream: 0)
    var c = a.withStream(1)
    let wa = (0..<9).map { _ in a.next() }
    #expect(wa == (0..<9).map { _ in b.next() })
    #expect(wa != (0..<9).map { _ in c.next() })
  }
}
