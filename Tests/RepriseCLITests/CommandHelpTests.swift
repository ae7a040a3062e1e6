import Foundation
import RepriseLab
import Testing

@testable import reprise

/// `--help` on every command, `reprise list`'s text, and the one JSON
/// document `reprise reproduce --json` prints (assembled from fake results:
/// running real experiments takes minutes in a debug build).
@Suite struct CommandHelpTests {
  @Test(arguments: [
    ("reproduce", "usage: reprise reproduce NAME|all"),
    ("robustness", "usage: reprise robustness NAME|all"),
    ("compare", "usage: reprise compare A B"),
    ("list", "usage: reprise list"),
    ("demo", "usage: reprise demo"),
  ])
  func helpOnEveryCommandPrintsItsUsage(command: String, usage: String) throws {
    let run = try CommandLineRun([command, "--help"])
    #expect(run.status == 0, "stderr: \(run.standardError)")
    #expect(run.standardOutput.hasPrefix(usage), "stdout: \(run.standardOutput)")
    #expect(run.standardOutput.split(separator: "\n").count > 3, "more than a usage line")
    #expect(run.standardError.isEmpty, "stderr: \(run.standardError)")
  }

  @Test func compareHelpDocumentsEveryOptionAndTheStreamingMemory() throws {
    let run = try CommandLineRun(["compare", "--help"])
    for option in ["--metrics", "--permutations", "--seed", "--layers", "--svg", "--stream"]
      + ["--chunk", "--json"]
    {
      #expect(run.standardOutput.contains(option), "\(option) undocumented")
    }
    #expect(run.standardOutput.contains("64 MiB"))
    #expect(run.standardOutput.contains("usage error, not ignored"))
  }

  /// The default chunk keeps the accumulator's Double copy of a chunk,
  /// 8·(p + q) bytes a row, within the 64 MiB that --help promises, and
  /// uses most of it (at p = q = 512: 8,192 rows of 8 KiB).
  @Test(arguments: [(512, 512), (1, 1), (1000, 24), (3, 5_000_000), (20_000_000, 1)])
  func defaultChunkHonoursTheStatedBound(p: Int, q: Int) {
    let rows = CompareStream.defaultChunkRows(xFeatures: p, yFeatures: q)
    let bytes = rows * 8 * (p + q)
    #expect(rows >= 1)
    #expect(rows == 1 || bytes <= 64 << 20, "\(rows) rows × \(p + q) features = \(bytes) bytes")
    #expect(rows == 1 || bytes > 32 << 20, "wastes the budget: \(bytes) bytes")
    if p == 512 && q == 512 { #expect(rows == 8192) }
  }

  /// Each experiment: its name flush left, then its citation (authors, year,
  /// title, venue) and a one-line claim, indented.
  @Test func listPrintsEachExperimentWithItsPaperAndClaim() throws {
    let run = try CommandLineRun(["list"])
    #expect(run.status == 0)
    let lines = run.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
      .dropLast()
    #expect(lines.count == 3 * Registry.experiments.count, "output:\n\(run.standardOutput)")
    for (k, experiment) in Registry.experiments.enumerated() where 3 * k + 2 < lines.count {
      let (name, paper, claim) = (lines[3 * k], lines[3 * k + 1], lines[3 * k + 2])
      #expect(name == experiment.name)
      #expect(paper.hasPrefix("    \(experiment.paper.authors) (\(experiment.paper.year))."))
      #expect(paper.contains(experiment.paper.venue) && paper.contains(experiment.paper.title))
      #expect(claim.hasPrefix("    ") && claim.count > 20, "claim line: \(claim)")
      #expect(!experiment.summary.contains("\n"), "\(experiment.name): summary is one line")
      #expect(claim.dropFirst(4) == experiment.summary)
    }
  }

  // MARK: reproduce --json is one document

  static let paper = PaperReference(
    authors: "Doe, Roe", title: "A test paper", venue: "Nowhere 2020", year: 2020,
    identifier: "arXiv:0000.00000")

  static func fakeResult(_ name: String, value: Double) -> ExperimentResult {
    var metrics = MetricTable()
    metrics["accuracy"] = value
    let claim = Claim(
      id: "accuracy-high", statement: "accuracy is high", value: value, .atLeast, 0.5,
      provenance: "[test]")
    return ExperimentResult(
      experiment: name, paper: paper, seed: 3, quick: true, seconds: 0.25, threads: 2,
      outcome: ExperimentOutcome(claims: [claim], metrics: metrics))
  }

  @Test func reproduceAllJSONIsOneArrayWithEveryExperiment() throws {
    let entries: [ReportEntry] = [
      .finished(Self.fakeResult("first", value: 0.9)),
      .failed(name: "second", paper: Self.paper, error: "out of luck"),
      .finished(Self.fakeResult("third", value: 0.1)),
    ]
    let text = LabCommands.jsonDocument(entries, all: true).prettyText
    let array = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]],
      "not one JSON array:\n\(text)")
    #expect(array.compactMap { $0["experiment"] as? String } == ["first", "second", "third"])
    #expect(array.map { $0["passed"] as? Bool } == [true, false, false])
    #expect(array[1]["error"] as? String == "out of luck")
    let paper = try #require(array[1]["paper"] as? [String: Any])
    #expect(paper["authors"] as? String == "Doe, Roe" && paper["year"] as? Int == 2020)
    let claims = try #require(array[0]["claims"] as? [[String: Any]])
    #expect(claims.first?["value"] as? Double == 0.9)
    #expect(array[2]["digest"] as? String == Self.fakeResult("third", value: 0.1).digest)
  }

  @Test func reproduceOneJSONIsItsResultObject() throws {
    let result = Self.fakeResult("only", value: 0.75)
    let text = LabCommands.jsonDocument([.finished(result)], all: false).prettyText
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(object["experiment"] as? String == "only")
    #expect(object["seed"] as? String == "3" && object["quick"] as? Bool == true)
    #expect(text == result.json.prettyText, "the same document as result.json")
    let all = LabCommands.jsonDocument([.finished(result)], all: true).prettyText
    #expect(
      try JSONSerialization.jsonObject(with: Data(all.utf8)) is [Any],
      "`all` stays an array even with one experiment")
  }

  // MARK: robustness --seeds

  @Test func seedListsAcceptListsAndRanges() throws {
    #expect(try RobustnessCommand.seeds("0-4") == [0, 1, 2, 3, 4])
    #expect(try RobustnessCommand.seeds("3") == [3])
    #expect(try RobustnessCommand.seeds("0-2,7,9-10") == [0, 1, 2, 7, 9, 10])
    #expect(try RobustnessCommand.seeds("0-999").count == 1000)
  }

  @Test(arguments: ["", "a", "4-2", "1,,2", "-3", "1-2-3", "0-2,1", "0-1000", "0-600,601-1200"])
  func badSeedListsAreUsageErrors(text: String) {
    #expect(throws: UsageError.self) { try RobustnessCommand.seeds(text) }
  }
}
