import Foundation
import RepriseNN
import RepriseTestSupport
import Testing

@Suite struct DigitsTests {
  @Test func embeddedTextIsTheFixtureFile() throws {
    let fixture = try FixtureFiles.data("data/digits.csv")
    var hasher = SHA256()
    hasher.update(Array(fixture))
    let fixtureDigest = hasher.finalizeHex()
    // The provenance digest recorded in Fixtures/data/README.md.
    #expect(fixtureDigest == "6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8")
    let fromFixture: LabeledDataset<Double> = try Digits.parse(
      String(decoding: fixture, as: UTF8.self), source: "fixture")
    #expect(try Digits.load(Double.self) == fromFixture)
  }

  @Test func shapeRangeAndClassCounts() throws {
    let digits = try Digits.load(Float.self)
    #expect(digits.features.shape == [1797, 64])
    #expect(try digits.features.minimum() == 0 && digits.features.maximum() == 1)
    let counts = (0..<10).map { c in digits.labels.filter { $0 == c }.count }
    #expect(counts.reduce(0, +) == 1797 && counts.allSatisfy { (174...183).contains($0) })
  }

  @Test func malformedTextNamesLineAndColumn() {
    let bad =
      String(repeating: "0,", count: 64) + "3\n" + String(repeating: "0,", count: 63) + "17,3\n"
    let error = #expect(throws: RepriseError.self) {
      let _: LabeledDataset<Double> = try Digits.parse(bad, source: "x.csv")
    }
    #expect(error?.description.contains("line 2, column 64") == true)
    #expect(throws: RepriseError.self) {
      let _: LabeledDataset<Double> = try Digits.parse("1,2,3\n", source: "x.csv")
    }
  }
}

@Suite struct LabeledDatasetTests {
  @Test func splitsSubsetsAndNoiseAreSeededAndConsistent() throws {
    let digits = try Digits.load(Double.self)
    var r1 = RandomStream(seed: 5)
    var r2 = RandomStream(seed: 5)
    let (train, test) = try digits.split(trainCount: 1347, using: &r1)
    #expect(train.count == 1347 && test.count == 450)
    #expect(try digits.split(trainCount: 1347, using: &r2).train == train)
    // Every example lands in exactly one part: the multiset of rows is kept.
    #expect(abs(train.features.sum() + test.features.sum() - digits.features.sum()) < 1e-9)
    let upper = try digits.restricted(toClasses: [5, 6, 7, 8, 9])
    #expect(upper.classCount == 5 && Set(upper.labels) == Set(0..<5))
    var r3 = RandomStream(seed: 6)
    let (noisy, flipped) = try train.withLabelNoise(fraction: 0.15, using: &r3)
    #expect(flipped.count == 202)
    for index in 0..<train.count {
      #expect((noisy.labels[index] != train.labels[index]) == flipped.contains(index))
    }
    let shuffled = try train.withShuffledLabels(using: &r3)
    #expect(shuffled.labels.sorted() == train.labels.sorted() && shuffled.labels != train.labels)
    #expect(try train.oneHotLabels().sum(alongAxis: 1).scalars.allSatisfy { $0 == 1 })
    #expect(throws: RepriseError.self) {
      try LabeledDataset(features: train.features, labels: [1], classCount: 10)
    }
    #expect(throws: RepriseError.self) { try train.split(trainCount: 5000, using: &r3) }
  }
}
