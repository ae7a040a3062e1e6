import RepriseLab
import RepriseTestSupport
import Testing

@Suite struct RankCorrelationTests {
  @Test func matchesScipyWithTies() throws {
    let a = try NumpyArray.fixture("lab/spearman_a.npy").doubles
    let b = try NumpyArray.fixture("lab/spearman_b.npy").doubles
    let reference = try NumpyArray.fixture("lab/spearman_value.npy").doubles[0]
    #expect(abs(try RankCorrelation.spearman(a, b) - reference) <= 1e-14)
  }

  @Test func monotoneMapsGiveOne() throws {
    let a: [Double] = [0.3, -2, 5, 1, 7.5]
    #expect(try RankCorrelation.spearman(a, a.map { $0 * $0 * $0 + 1 }) == 1)
    #expect(try RankCorrelation.spearman(a, a.map { -$0 }) == -1)
  }

  @Test func averageRanksOfTies() {
    #expect(RankCorrelation.averageRanks([10, 20, 10, 30, 20, 20]) == [1.5, 4, 1.5, 6, 4, 4])
  }

  @Test func undefinedCasesThrow() {
    #expect(throws: RepriseError.self) { try RankCorrelation.spearman([1, 2], [1]) }
    #expect(throws: RepriseError.self) { try RankCorrelation.spearman([1], [1]) }
    #expect(throws: RepriseError.self) { try RankCorrelation.spearman([1, 1, 1], [1, 2, 3]) }
    #expect(throws: RepriseError.self) { try RankCorrelation.spearman([1, .nan], [1, 2]) }
  }
}
