// `reprise robustness NAME|all`: run experiments at several seeds and count,
// per claim, the seeds at which it holds (see RepriseLab's SeedRobustness).

import Reprise

enum RobustnessCommand {
  static let usage = """
    usage: reprise robustness NAME|all [--quick] [--seeds LIST] [--json]

    Runs one experiment (see `reprise list`) or all of them once per seed,
    writing no files, and prints every claim with the number of seeds at which
    it holds, "holds", "fails" or "depends on the seed", and its value at each
    seed. A claim that holds only at some seeds passed its test by the luck of
    the draw. Exit status: 0 when every claim holds at every seed, 1 otherwise
    (or when an experiment cannot run), 2 on a usage error.

      --quick       small sizes (seconds per experiment and seed)
      --seeds LIST  seeds as a comma-separated list and/or ranges, e.g.
                    0,1,2 or 0-4 or 0-2,7 (default 0-4; at most 1000 seeds)
      --json        print one JSON array of {experiment, claim, statement,
                    holds, seeds, verdict, runs: [{seed, value, passed}]}
    """

  /// Parses "0-4", "0,1,2", "0-2,7"; refuses empty items, reversed ranges,
  /// repeated seeds and more than 1000 seeds.
  static func seeds(_ text: String) throws -> [UInt64] {
    var seeds: [UInt64] = []
    for item in text.split(separator: ",", omittingEmptySubsequences: false) {
      let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
      guard (1...2).contains(bounds.count), let low = UInt64(bounds[0]),
        let high = UInt64(bounds[bounds.count - 1]), low <= high
      else {
        throw UsageError(
          description: "--seeds: '\(item)' is not a seed or a range like 0-4 (in '\(text)')")
      }
      guard high - low < 1000, seeds.count + Int(high - low) < 1000 else {
        throw UsageError(description: "--seeds: at most 1000 seeds, got more in '\(text)'")
      }
      for seed in low...high {
        guard !seeds.contains(seed) else {
          throw UsageError(description: "--seeds: seed \(seed) appears twice in '\(text)'")
        }
        seeds.append(seed)
      }
    }
    return seeds
  }

  /// Runs the command; returns the exit status.
  static func run(_ arguments: Arguments) throws -> Int32 {
    let experiments = try LabCommands.experiments(arguments, command: "robustness").experiments
    let seeds = try Self.seeds(arguments.option("seeds") ?? "0-4")
    let quick = arguments.flag("quick")
    var rows: [ClaimRobustness] = []
    var ranAll = true
    for experiment in experiments {
      do {
        let runs = try seeds.map { seed in
          try LabRunner(
            seed: seed, quick: quick, outputFolder: nil,
            progress: { StandardError.write("seed \(seed) " + $0 + "\n") }
          ).run(experiment)
        }
        rows += try SeedRobustness.tally(runs)
      } catch {
        ranAll = false
        StandardError.write("reprise: \(experiment.name): \(error)\n")
      }
    }
    print(
      arguments.flag("json") ? SeedRobustness.json(rows).prettyText : SeedRobustness.table(rows))
    let everyClaimHolds = rows.allSatisfy { $0.holdCount == $0.held.count }
    return ranAll && everyClaimHolds ? 0 : 1
  }
}
