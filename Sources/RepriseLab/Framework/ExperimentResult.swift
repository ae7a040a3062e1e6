// A finished run: the outcome plus what the runner knows (time, seed, digest),
// and its JSON form (`result.json`).
//
// The digest is a SHA-256 over the experiment name, the seed, the size and
// the exact bits of every metric and claim value, in recorded order. It
// leaves out the run time, so two runs agree on it exactly when they computed
// the same numbers; the tests compare it against `Fixtures/golden/lab.txt`.

/// One experiment's result as written to `result.json`.
public struct ExperimentResult: Sendable {
  public var experiment: String
  public var paper: PaperReference
  public var seed: UInt64
  public var quick: Bool
  public var seconds: Double
  public var threads: Int
  public var claims: [Claim]
  public var metrics: MetricTable
  public var figures: [LabFigure]

  public init(
    experiment: String, paper: PaperReference, seed: UInt64, quick: Bool, seconds: Double,
    threads: Int, outcome: ExperimentOutcome
  ) {
    self.experiment = experiment
    self.paper = paper
    self.seed = seed
    self.quick = quick
    self.seconds = seconds
    self.threads = threads
    self.claims = outcome.claims
    self.metrics = outcome.metrics
    self.figures = outcome.figures
  }

  /// True when every claim holds (and there is at least one).
  public var passed: Bool { !claims.isEmpty && claims.allSatisfy(\.passed) }

  /// SHA-256 of the numbers (not the timing): see the file header.
  public var digest: String {
    var hash = SHA256()
    hash.update(Array(experiment.utf8) + [0])
    hash.update(integer: Int(truncatingIfNeeded: seed))
    hash.update(integer: quick ? 1 : 0)
    for entry in metrics.entries {
      hash.update(Array(entry.name.utf8) + [0])
      hash.update(scalars: [entry.value])
    }
    for claim in claims {
      hash.update(Array(claim.id.utf8) + [0])
      hash.update(scalars: [claim.value, claim.threshold])
    }
    return hash.finalizeHex()
  }

  /// The JSON document written to `result.json`.
  public var json: JSONValue {
    .object([
      ("experiment", .string(experiment)),
      ("paper", paper.json),
      ("seed", .string(String(seed))),
      ("quick", .bool(quick)),
      ("seconds", .number(seconds)),
      ("threads", .integer(threads)),
      ("passed", .bool(passed)),
      (
        "claims",
        .array(
          claims.map { claim in
            .object([
              ("id", .string(claim.id)), ("statement", .string(claim.statement)),
              ("value", ExperimentResult.number(claim.value)),
              ("comparison", .string(claim.comparison.rawValue)),
              ("threshold", ExperimentResult.number(claim.threshold)),
              ("passed", .bool(claim.passed)), ("provenance", .string(claim.provenance)),
            ])
          })
      ),
      ("metrics", .object(metrics.entries.map { ($0.name, ExperimentResult.number($0.value)) })),
      ("figures", .array(figures.map { .string($0.name + ".svg") })),
      ("digest", .string(digest)),
    ])
  }

  /// JSON has no NaN or infinity: those become strings so nothing is lost silently.
  static func number(_ value: Double) -> JSONValue {
    value.isFinite ? .number(value) : .string(String(describing: value))
  }

  /// The human-readable summary the CLI prints.
  public var summaryText: String {
    var lines = [
      "\(experiment) — \(paper.shortCitation), \(paper.venue)",
      "seed \(seed), \(quick ? "quick" : "full") size, \(Format.fixed(seconds, digits: 1)) s, \(threads) thread\(threads == 1 ? "" : "s")",
    ]
    for claim in claims {
      let mark = claim.passed ? "PASS" : "FAIL"
      lines.append(
        "  \(mark)  \(claim.statement): \(Format.number(claim.value)) \(claim.comparison.rawValue) \(Format.number(claim.threshold))  \(claim.provenance)"
      )
    }
    let passedCount = claims.filter(\.passed).count
    lines.append("  \(passedCount)/\(claims.count) claims hold · digest \(digest.prefix(16))")
    return lines.joined(separator: "\n")
  }
}

/// Locale-independent number formatting for summaries and reports.
enum Format {
  /// `value` with `digits` decimals (no libm, no locale).
  static func fixed(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return String(describing: value) }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9e15 else { return String(describing: value) }
    let integer = Int(scaled)
    let whole = integer / Int(scale)
    let fraction = integer % Int(scale)
    var fractionText = String(fraction)
    while fractionText.count < digits { fractionText = "0" + fractionText }
    let sign = value < 0 && integer != 0 ? "-" : ""
    return digits == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fractionText)"
  }

  /// A compact number: 4 significant digits in fixed form when reasonable.
  static func number(_ value: Double) -> String {
    guard value.isFinite else { return String(describing: value) }
    let magnitude = abs(value)
    if magnitude == 0 { return "0" }
    if magnitude >= 1e5 || magnitude < 1e-3 { return String(describing: value) }
    let digits = magnitude >= 100 ? 1 : magnitude >= 10 ? 2 : magnitude >= 1 ? 3 : 4
    return fixed(value, digits: digits)
  }
}
