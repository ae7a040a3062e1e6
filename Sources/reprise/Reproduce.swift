// `reprise list` and `reprise reproduce NAME|all`: the Lab from the command line.

import Reprise

enum LabCommands {
  static let reproduceUsage = """
    usage: reprise reproduce NAME|all [--quick] [--seed S] [--out DIR] [--json]

    Runs one experiment (see `reprise list`) or all of them, prints every claim
    with its measured value and PASS/FAIL, and writes DIR/NAME/result.json and
    SVG figures (DIR defaults to reprise-results). `all` also writes
    DIR/index.html, a self-contained report. Exit status: 0 when every claim
    holds, 1 when one fails or an experiment cannot run, 2 on a usage error.

      --quick    small sizes (seconds per experiment)
      --seed S   master seed (default 0)
      --out DIR  output folder (created if needed; checked before any work)
      --json     print one JSON document on stdout instead of the summaries:
                 for NAME its result object (as in result.json), for `all` an
                 array of them in registry order. An experiment that could not
                 run appears as {experiment, paper, passed: false, error}.
                 Progress and the report's path still go to stderr.
    """

  static let listUsage = """
    usage: reprise list [--json]

    Lists every experiment: its name, then (indented) its paper as
    "Authors (year). Title. Venue. identifier", then the claim it checks in
    one line. --json prints an array of {name, paper, summary} instead.
    """

  static func list(json: Bool) {
    if json {
      let entries = Registry.experiments.map { experiment -> JSONValue in
        .object([
          ("name", .string(experiment.name)), ("paper", .string(experiment.paper.citation)),
          ("summary", .string(experiment.summary)),
        ])
      }
      print(JSONValue.array(entries).prettyText)
      return
    }
    for experiment in Registry.experiments {
      print("\(experiment.name)")
      print("    \(experiment.paper.citation)")
      print("    \(experiment.summary)")
    }
  }

  /// What `reproduce --json` prints: one document, the lone entry's object
  /// for a single experiment, an array of every entry's object for `all`.
  static func jsonDocument(_ entries: [ReportEntry], all: Bool) -> JSONValue {
    let objects = entries.map { entry -> JSONValue in
      switch entry {
      case .finished(let result): return result.json
      case .failed(let name, let paper, let error):
        return .object([
          ("experiment", .string(name)),
          ("paper", paper.json),
          ("passed", .bool(false)), ("error", .string(error)),
        ])
      }
    }
    if !all, objects.count == 1 { return objects[0] }
    return .array(objects)
  }

  /// The experiments the command's NAME|all argument names; `command` is
  /// for the usage error when it is missing.
  static func experiments(_ arguments: Arguments, command: String) throws -> (
    target: String, experiments: [any Experiment]
  ) {
    guard let target = arguments.positionals.first else {
      throw UsageError(
        description: "\(command) needs an experiment name or 'all' (see reprise list)")
    }
    if target == "all" { return (target, Registry.experiments) }
    if let experiment = Registry.experiment(named: target) { return (target, [experiment]) }
    let names = Registry.experiments.map(\.name).joined(separator: ", ")
    throw UsageError(description: "unknown experiment '\(target)'; known: \(names), all")
  }

  /// Runs the command; returns the exit status.
  static func reproduce(_ arguments: Arguments) throws -> Int32 {
    let (target, experiments) = try Self.experiments(arguments, command: "reproduce")
    let folder = arguments.option("out") ?? "reprise-results"
    let json = arguments.flag("json")
    let runner = LabRunner(
      seed: try arguments.unsigned("seed", default: 0), quick: arguments.flag("quick"),
      outputFolder: folder, progress: { StandardError.write($0 + "\n") })
    try runner.prepareOutputFolder()
    let clock = ContinuousClock()
    let start = clock.now
    var entries: [ReportEntry] = []
    var allHeld = true
    for experiment in experiments {
      do {
        let result = try runner.run(experiment)
        entries.append(.finished(result))
        allHeld = allHeld && result.passed
        if !json {
          print(result.summaryText)
          print("  wrote \(folder)/\(result.experiment)/result.json")
          print()
        }
      } catch {
        allHeld = false
        StandardError.write("reprise: \(experiment.name): \(error)\n")
        entries.append(.failed(name: experiment.name, paper: experiment.paper, error: "\(error)"))
      }
    }
    if json { print(jsonDocument(entries, all: target == "all").prettyText) }
    if target == "all" {
      let elapsed = clock.now - start
      let seconds =
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
      let page = ReportPage.html(
        entries: entries, seed: runner.seed, quick: runner.quick, totalSeconds: seconds)
      try BinaryFile.writeAtomically(Array(page.utf8), to: folder + "/index.html")
      let held = entries.filter {
        if case .finished(let r) = $0 { return r.passed }
        return false
      }.count
      StandardError.write(
        "\(held)/\(entries.count) experiments hold every claim; report: \(folder)/index.html\n")
    }
    return allHeld ? 0 : 1
  }
}
