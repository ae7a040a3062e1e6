import Foundation
import RepriseLab
import Testing

/// An experiment whose one claim holds exactly at even seeds, with the seed as
/// its value, and a second claim that always holds: the tally's truth is known.
struct SeedParityExperiment: Experiment {
  let name = "seed-parity"
  let paper = PaperReference(
    authors: "Doe, Roe", title: "On Parity", venue: "Journal of Tests", year: 2021,
    identifier: "arXiv:0000.00001")
  let summary = "even seeds are even"

  func run(_ context: ExperimentContext) throws -> ExperimentOutcome {
    let parity = Double(context.seed % 2)
    let claims = [
      Claim(
        id: "even", statement: "seed mod 2", value: parity, .atMost, 0, provenance: "[test]"),
      Claim(
        id: "finite", statement: "seed", value: Double(context.seed), .atLeast, 0,
        provenance: "[test]"),
    ]
    return ExperimentOutcome(claims: claims, metrics: MetricTable())
  }
}

@Suite struct SeedRobustnessTests {
  static func runs(_ seeds: [UInt64], quick: Bool = true) throws -> [ExperimentResult] {
    try seeds.map { seed in
      try LabRunner(seed: seed, quick: quick, outputFolder: nil).run(SeedParityExperiment())
    }
  }

  @Test func countsTheSeedsAtWhichEachClaimHolds() throws {
    let rows = try SeedRobustness.tally(try Self.runs([0, 1, 2, 3, 4]))
    #expect(rows.map(\.claim) == ["even", "finite"])
    #expect(rows[0].held == [true, false, true, false, true])
    #expect(rows[0].holdCount == 3 && rows[0].verdict == "depends on the seed")
    #expect(rows[0].values == [0, 1, 0, 1, 0])
    #expect(rows[1].holdCount == 5 && rows[1].verdict == "holds")
    #expect(rows[1].values == [0, 1, 2, 3, 4] && rows[1].seeds == [0, 1, 2, 3, 4])
    let odd = try SeedRobustness.tally(try Self.runs([1, 3]))
    #expect(odd[0].holdCount == 0 && odd[0].verdict == "fails")
  }

  @Test func tableAndJSONCarryEveryVerdict() throws {
    let rows = try SeedRobustness.tally(try Self.runs([2, 5]))
    let table = SeedRobustness.table(rows)
    #expect(table.hasPrefix("claim  holds at  seed 2  seed 5"))
    #expect(table.contains("seed-parity/even  1/2 (depends on the seed)  P 0  F 1.000\n"))
    #expect(table.hasSuffix("seed-parity/finite  2/2 (holds)  P 2.000  P 5.000"))
    let text = SeedRobustness.json(rows).prettyText
    let array = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    #expect(array.map { $0["holds"] as? Int } == [1, 2])
    #expect(array.map { $0["verdict"] as? String } == ["depends on the seed", "holds"])
    let runs = try #require(array[0]["runs"] as? [[String: Any]])
    #expect(runs.map { $0["seed"] as? String } == ["2", "5"])
    #expect(runs.map { $0["passed"] as? Bool } == [true, false])
  }

  @Test func refusesMixedOrRepeatedRuns() throws {
    #expect(throws: RepriseError.self) { try SeedRobustness.tally([]) }
    let repeated = try Self.runs([1, 1])
    #expect(throws: RepriseError.self) { try SeedRobustness.tally(repeated) }
    let mixedSize = try Self.runs([1]) + Self.runs([2], quick: false)
    #expect(throws: RepriseError.self) { try SeedRobustness.tally(mixedSize) }
    let other = try LabRunner(seed: 3, quick: true, outputFolder: nil).run(ArithmeticExperiment())
    #expect(throws: RepriseError.self) { try SeedRobustness.tally(try Self.runs([1]) + [other]) }
  }
}
