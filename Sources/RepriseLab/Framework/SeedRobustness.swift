// Seed robustness: at how many master seeds does each claim hold?
//
// A claim is checked on one run, and one run is one draw of data splits,
// initialisations and batch orders. With small experiments an effect can be
// about as large as the spread between draws, so a claim may pass at the
// tested seed and fail at the next (issue 6 found seven such claims). Running
// the same experiment at several master seeds and counting, claim by claim,
// the seeds at which it holds separates the claims that reproduce from the
// ones that pass by luck. The runs are independent and each is
// bit-reproducible, so the tally is too. Cost: one full run per seed.

/// One claim's verdicts over several seeds.
public struct ClaimRobustness: Sendable, Equatable {
  public var experiment: String
  /// The claim's identifier and statement (from the first seed's run).
  public var claim: String
  public var statement: String
  /// The seeds, in the order they ran, with the value and verdict at each.
  public var seeds: [UInt64]
  public var values: [Double]
  public var held: [Bool]

  /// The number of seeds at which the claim holds.
  public var holdCount: Int { held.filter { $0 }.count }

  /// "holds", "fails" or "depends on the seed".
  public var verdict: String {
    holdCount == held.count ? "holds" : holdCount == 0 ? "fails" : "depends on the seed"
  }
}

public enum SeedRobustness {
  /// Tallies the runs of one experiment at several seeds. Every run must be
  /// of the same experiment and size and check the same claims in the same
  /// order (they do: an experiment's claims do not depend on the seed); a
  /// seed given twice is refused, since it would count one draw twice.
  public static func tally(_ runs: [ExperimentResult]) throws -> [ClaimRobustness] {
    let operation = "SeedRobustness.tally"
    guard let first = runs.first else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "runs", reason: "needs at least one run")
    }
    var seen: Set<UInt64> = []
    for run in runs {
      guard run.experiment == first.experiment, run.quick == first.quick else {
        throw RepriseError.invalidArgument(
          operation: operation, name: "runs",
          reason:
            "mixes \(first.experiment) (\(first.quick ? "quick" : "full")) with \(run.experiment) (\(run.quick ? "quick" : "full"))"
        )
      }
      guard run.claims.map(\.id) == first.claims.map(\.id) else {
        throw RepriseError.invalidArgument(
          operation: operation, name: "runs",
          reason: "\(run.experiment) checked different claims at seed \(run.seed)")
      }
      guard seen.insert(run.seed).inserted else {
        throw RepriseError.invalidArgument(
          operation: operation, name: "runs", reason: "seed \(run.seed) appears twice")
      }
    }
    return first.claims.indices.map { index in
      ClaimRobustness(
        experiment: first.experiment, claim: first.claims[index].id,
        statement: first.claims[index].statement, seeds: runs.map(\.seed),
        values: runs.map { $0.claims[index].value }, held: runs.map { $0.claims[index].passed })
    }
  }

  /// A plain-text table: one line per claim with its hold count, its
  /// verdict and the value at every seed (P or F before each value).
  public static func table(_ rows: [ClaimRobustness]) -> String {
    guard let seeds = rows.first?.seeds else { return "" }
    var lines = ["claim  holds at  " + seeds.map { "seed \($0)" }.joined(separator: "  ")]
    for row in rows {
      let cells = zip(row.held, row.values).map { held, value in
        (held ? "P " : "F ") + Format.number(value)
      }
      lines.append(
        "\(row.experiment)/\(row.claim)  \(row.holdCount)/\(row.held.count) (\(row.verdict))  "
          + cells.joined(separator: "  "))
    }
    return lines.joined(separator: "\n")
  }

  /// The JSON form: an array of {experiment, claim, statement, holds,
  /// seeds, verdict, runs: [{seed, value, passed}]}.
  public static func json(_ rows: [ClaimRobustness]) -> JSONValue {
    .array(
      rows.map { row in
        .object([
          ("experiment", .string(row.experiment)), ("claim", .string(row.claim)),
          ("statement", .string(row.statement)), ("holds", .integer(row.holdCount)),
          ("seeds", .integer(row.held.count)), ("verdict", .string(row.verdict)),
          (
            "runs",
            .array(
              row.seeds.indices.map { index in
                .object([
                  ("seed", .string(String(row.seeds[index]))),
                  ("value", .number(row.values[index])), ("passed", .bool(row.held[index])),
                ])
              })
          ),
        ])
      })
  }
}
