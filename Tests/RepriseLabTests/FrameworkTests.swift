import Foundation
import RepriseLab
import RepriseTestSupport
import Testing

/// A tiny experiment with known numbers, to test the framework without training.
struct ArithmeticExperiment: Experiment {
  let name = "arithmetic"
  let paper = PaperReference(
    authors: "Doe, Roe", title: "On Sums", venue: "Journal of Tests", year: 2020,
    identifier: "arXiv:0000.00000")
  let summary = "two plus two is four"
  var failing = false

  func run(_ context: ExperimentContext) throws -> ExperimentOutcome {
    var metrics = MetricTable()
    var stream = context.stream(1)
    metrics["sum"] = 2 + 2
    metrics["draw"] = stream.uniform()
    context.progress("added")
    let claims = [
      Claim(
        id: "sum", statement: "2 + 2", value: metrics["sum"]!, .atLeast, failing ? 5 : 4,
        provenance: "[derived]")
    ]
    let figure = LabFigure(
      name: "empty", caption: "an empty figure",
      svg:
        "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><defs><clipPath id=\"plot\"/></defs><g clip-path=\"url(#plot)\"/></svg>"
    )
    return ExperimentOutcome(claims: claims, metrics: metrics, figures: [figure])
  }
}

@Suite struct LabFrameworkTests {
  @Test func claimsCompareAndNaNNeverPasses() {
    #expect(Claim(id: "a", statement: "", value: 1, .atLeast, 1, provenance: "").passed)
    #expect(!Claim(id: "a", statement: "", value: 1, .greaterThan, 1, provenance: "").passed)
    #expect(Claim(id: "a", statement: "", value: -1, .lessThan, 0, provenance: "").passed)
    #expect(!Claim(id: "a", statement: "", value: 2, .atMost, 1, provenance: "").passed)
    for comparison in [Claim.Comparison.atLeast, .atMost, .greaterThan, .lessThan] {
      #expect(!Claim(id: "n", statement: "", value: .nan, comparison, 0, provenance: "").passed)
    }
  }

  @Test func metricTableKeepsOrderAndReplaces() {
    var table = MetricTable()
    table["b"] = 1
    table["a"] = 2
    table["b"] = 3
    #expect(table.entries.map(\.name) == ["b", "a"])
    #expect(table["b"] == 3)
    table["b"] = nil
    #expect(table.entries.map(\.name) == ["a"])
  }

  @Test func runnerWritesResultAndFiguresAndDigestIgnoresTime() throws {
    let folder =
      NSTemporaryDirectory() + "reprise-lab-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let runner = LabRunner(seed: 7, quick: true, outputFolder: folder + "/nested/out")
    try runner.prepareOutputFolder()
    let result = try runner.run(ArithmeticExperiment())
    #expect(result.passed)
    let again = try LabRunner(seed: 7, quick: true, outputFolder: nil).run(ArithmeticExperiment())
    #expect(again.digest == result.digest)
    let otherSeed = try LabRunner(seed: 8, quick: true, outputFolder: nil).run(
      ArithmeticExperiment())
    #expect(otherSeed.digest != result.digest)

    let base = folder + "/nested/out/arithmetic/"
    let json = try JSONValue.parse(
      Array(try Data(contentsOf: URL(fileURLWithPath: base + "result.json"))), source: "result.json"
    )
    for key in ["experiment", "paper", "seed", "quick", "seconds", "claims", "metrics", "digest"] {
      #expect(json[key] != nil, "result.json lacks \(key)")
    }
    #expect(json["experiment"] == .string("arithmetic"))
    #expect(json["digest"] == .string(result.digest))
    guard case .array(let claims)? = json["claims"], let first = claims.first else {
      Issue.record("claims is not a non-empty array")
      return
    }
    for key in ["id", "statement", "value", "threshold", "passed"] {
      #expect(first[key] != nil, "claim lacks \(key)")
    }
    #expect(FileManager.default.fileExists(atPath: base + "empty.svg"))
    // No temporary files are left behind by the atomic writes.
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: base).filter {
      $0.contains(".tmp")
    }
    #expect(leftovers.isEmpty)
  }

  @Test func failingClaimMeansFailedResult() throws {
    let result = try LabRunner(seed: 0, quick: true, outputFolder: nil).run(
      ArithmeticExperiment(failing: true))
    #expect(!result.passed)
    #expect(result.summaryText.contains("FAIL"))
  }

  @Test func unwritableOutputIsReportedBeforeWork() throws {
    // A folder path that runs through a regular file cannot be created.
    let file = NSTemporaryDirectory() + "reprise-lab-file-\(getpid())"
    #expect(FileManager.default.createFile(atPath: file, contents: Data([1])))
    defer { try? FileManager.default.removeItem(atPath: file) }
    let runner = LabRunner(seed: 0, quick: true, outputFolder: file + "/results")
    #expect(throws: RepriseError.self) { try runner.prepareOutputFolder() }
  }

  @Test func reportPageListsClaimsFiguresAndErrors() throws {
    let result = try LabRunner(seed: 0, quick: true, outputFolder: nil).run(ArithmeticExperiment())
    let page = ReportPage.html(
      entries: [
        .finished(result),
        .failed(name: "broken", paper: result.paper, error: "matrix <singular> & co"),
      ], seed: 0, quick: true, totalSeconds: 1.5)
    #expect(page.hasPrefix("<!DOCTYPE html>"))
    #expect(page.contains("2 + 2") && page.contains("PASS"))
    #expect(page.contains("<svg xmlns"))
    // Ids are made unique per figure so inlined figures do not share clip paths.
    #expect(page.contains("id=\"arithmetic-0-plot\"") && page.contains("url(#arithmetic-0-plot)"))
    #expect(!page.contains("<?xml"))
    #expect(page.contains("matrix &lt;singular&gt; &amp; co"))
    #expect(page.contains("1 of 2 experiments"))
  }

  @Test func registryNamesAreUniqueAndCommandLineFriendly() {
    let names = Registry.experiments.map(\.name)
    #expect(Set(names).count == names.count)
    for name in names {
      #expect(name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(name)")
    }
  }
}
