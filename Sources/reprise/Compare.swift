// `reprise compare`: similarity of two representations, or of every pair of
// layers of two networks, from files written by any framework.
//
// Three modes — two inputs, --layers, --stream (CompareStream.swift) — each
// reading its own options. An option given to a mode that would not read it
// is refused as a usage error before any file is opened, so a typo'd mode
// never silently drops a user's --svg, --chunk or --seed.

import Reprise

enum CompareCommand {
  static let usage = """
    usage: reprise compare A B [--metrics LIST] [--permutations N [--seed S]] [--json]
           reprise compare --layers A1,A2,... B1,B2,... [--metrics NAME] [--svg FILE] [--json]
           reprise compare --stream A.npy B.npy [--metrics cka,cca,procrustes] [--chunk ROWS] [--json]

    Compares two representations of the same samples (rows) by every similarity
    measure, or by the comma-separated --metrics (default: all). Files:
    NAME.npy, NAME.csv, NAME.npz[:ARRAY], NAME.safetensors[:TENSOR]; arrays of
    rank > 2 are flattened to samples × features.

      --metrics LIST      e.g. cka,pwcca,procrustes; names: \(SimilarityMeasure.allCases.map(\.rawValue).joined(separator: ","))
      --permutations N    permutation-test p-values with N row shuffles of B
                          (p = (1 + #shuffles at least as extreme) / (N + 1))
      --seed S            seed of the shuffles (default 0); needs --permutations
      --layers            A and B are comma-separated lists of layer files; prints the
                          layer × layer table of one metric (default cka)
      --svg FILE          with --layers: also write the table as an SVG heatmap
      --stream            read two .npy files in row chunks (larger than memory);
                          metrics cka, cca, procrustes (default: those three)
      --chunk ROWS        with --stream: rows per chunk. Default: the rows whose
                          Double copy (8·(p+q) bytes a row) fills 64 MiB; the rows
                          as read take at most twice that again, and the
                          accumulator keeps (p+q)² Doubles whatever the chunk
      --json              one JSON document on stdout instead of the table
    An option that does nothing in the chosen mode (--svg without --layers,
    --chunk without --stream, --permutations or --seed with --layers or
    --stream, several metrics with --layers) is a usage error, not ignored.
    Exit status: 0 success, 1 bad input (one line on stderr), 2 usage error.
    """

  /// The three modes, each with the options it uses.
  enum Mode: String {
    case pair = "two inputs"
    case layers = "--layers"
    case stream = "--stream"

    /// Options (and flags) this mode reads; anything else given is refused.
    var accepted: Set<String> {
      switch self {
      case .pair: return ["metrics", "permutations", "seed", "json"]
      case .layers: return ["layers", "metrics", "svg", "json"]
      case .stream: return ["stream", "metrics", "chunk", "json"]
      }
    }
  }

  /// Why an option does nothing outside its mode, for the usage error.
  static let purpose: [String: String] = [
    "svg": "it draws the --layers table",
    "chunk": "it sizes the chunks of --stream",
    "permutations": "permutation tests run in two-input mode only",
    "seed": "it seeds --permutations (two-input mode)",
    "layers": "--layers and --stream are different modes",
    "stream": "--layers and --stream are different modes",
  ]

  static func run(_ arguments: Arguments) throws {
    guard arguments.positionals.count == 2 else {
      throw UsageError(description: "compare needs two inputs, A and B")
    }
    let mode = try checkedMode(arguments)
    let json = arguments.flag("json")
    switch mode {
    case .stream: try CompareStream.run(arguments, json: json)
    case .layers: try layers(arguments, json: json)
    case .pair: try pair(arguments, json: json)
    }
  }

  /// The mode the arguments choose; a usage error for an option that would
  /// be silently ignored in it.
  static func checkedMode(_ arguments: Arguments) throws -> Mode {
    let mode: Mode =
      arguments.flag("stream") ? .stream : arguments.flag("layers") ? .layers : .pair
    for name in arguments.givenNames.sorted() where !mode.accepted.contains(name) {
      let why = purpose[name].map { ": \($0)" } ?? ""
      throw UsageError(description: "--\(name) does not apply with \(mode.rawValue)\(why)")
    }
    if mode == .pair, arguments.option("seed") != nil, arguments.option("permutations") == nil {
      throw UsageError(description: "--seed does nothing without --permutations")
    }
    return mode
  }

  static func measures(_ arguments: Arguments, default all: [SimilarityMeasure]) throws
    -> [SimilarityMeasure]
  {
    guard let list = arguments.option("metrics") else { return all }
    let names = list.split(separator: ",")
    guard !names.isEmpty else {
      throw UsageError(description: "--metrics needs at least one metric name")
    }
    return try names.map { name in
      guard let measure = SimilarityMeasure(rawValue: String(name)) else {
        throw UsageError(
          description:
            "unknown metric '\(name)'; known: \(SimilarityMeasure.allCases.map(\.rawValue).joined(separator: ","))"
        )
      }
      return measure
    }
  }

  /// A against B by every requested measure.
  static func pair(_ arguments: Arguments, json: Bool) throws {
    let chosen = try measures(arguments, default: SimilarityMeasure.allCases)
    let permutations = try arguments.integer("permutations", default: 0, in: 0...1_000_000)
    let seed = try arguments.unsigned("seed", default: 0)
    let a = try MatrixFile.load(arguments.positionals[0])
    let b = try MatrixFile.load(arguments.positionals[1])
    var rows: [(SimilarityMeasure, Double, Double?)] = []
    for measure in chosen {
      if permutations > 0 {
        let test = try PermutationTest.run(measure, a, b, permutations: permutations, seed: seed)
        rows.append((measure, test.observed, test.pValue))
      } else {
        rows.append((measure, try measure.evaluate(a, b), nil))
      }
    }
    if json {
      var object: [(String, JSONValue)] = [
        ("a", .string(arguments.positionals[0])), ("b", .string(arguments.positionals[1])),
        ("samples", .integer(a.shape[0])), ("a_features", .integer(a.shape[1])),
        ("b_features", .integer(b.shape[1])),
      ]
      if permutations > 0 {
        object.append(("permutations", .integer(permutations)))
        object.append(("seed", .string(String(seed))))
      }
      object.append(("metrics", metricsJSON(rows)))
      print(JSONValue.object(object).prettyText)
      return
    }
    print("A: \(arguments.positionals[0])  (\(a.shape[0]) × \(a.shape[1]))")
    print("B: \(arguments.positionals[1])  (\(b.shape[0]) × \(b.shape[1]))")
    print()
    let nameWidth = rows.map(\.0.rawValue.count).max() ?? 6
    for (measure, value, p) in rows {
      let name = measure.rawValue.padding(toLength: nameWidth)
      let pText = p.map { "  p = \(String(describing: $0))" } ?? ""
      print("\(name)  \(fixed(value))\(pText)  \(measure.summary)")
    }
  }

  /// Every layer of A against every layer of B by one measure.
  static func layers(_ arguments: Arguments, json: Bool) throws {
    let chosen = try measures(arguments, default: [.linearCKA])
    guard chosen.count == 1 else {
      throw UsageError(
        description: "--layers tables one metric; --metrics names \(chosen.count)")
    }
    let measure = chosen[0]
    let aFiles = arguments.positionals[0].split(separator: ",").map(String.init)
    let bFiles = arguments.positionals[1].split(separator: ",").map(String.init)
    let a = try aFiles.map(MatrixFile.load)
    let b = try bFiles.map(MatrixFile.load)
    let table = try a.map { x in try b.map { y in try measure.evaluate(x, y) } }
    if let svg = arguments.option("svg") {
      var chart = Chart(
        title: "\(measure.summary) between layers", xLabel: "B layers", yLabel: "A layers")
      chart.heatmap(
        table, rowLabels: aFiles.map(shortName), columnLabels: bFiles.map(shortName),
        colorBarLabel: measure.rawValue)
      try chart.write(to: svg)
    }
    if json {
      print(
        JSONValue.object([
          ("metric", .string(measure.rawValue)),
          ("a", .array(aFiles.map { .string($0) })), ("b", .array(bFiles.map { .string($0) })),
          ("values", .array(table.map { .array($0.map { .number($0) }) })),
        ]).prettyText)
      return
    }
    print("\(measure.summary); rows: A layers, columns: B layers")
    let labels = aFiles.map(shortName)
    let width = max(labels.map(\.count).max() ?? 0, 4)
    print(
      "".padding(toLength: width) + "  "
        + bFiles.indices.map { "B\($0)".padding(toLength: 10) }.joined())
    for (i, row) in table.enumerated() {
      print(
        labels[i].padding(toLength: width) + "  "
          + row.map { fixed($0).padding(toLength: 10) }.joined())
    }
    print(
      "columns: " + bFiles.enumerated().map { "B\($0) = \(shortName($1))" }.joined(separator: ", "))
    if let svg = arguments.option("svg") { print("wrote \(svg)") }
  }

  /// `{"NAME": {"value": v, "distance": bool[, "p_value": p]}, ...}`, shared
  /// by the two-input and streaming modes.
  static func metricsJSON(_ rows: [(SimilarityMeasure, Double, Double?)]) -> JSONValue {
    .object(
      rows.map { row in
        var entry: [(String, JSONValue)] = [
          ("value", .number(row.1)), ("distance", .bool(row.0.isDistance)),
        ]
        if let p = row.2 { entry.append(("p_value", .number(p))) }
        return (row.0.rawValue, .object(entry))
      })
  }

  static func shortName(_ spec: String) -> String {
    String(spec.split(separator: "/").last ?? Substring(spec))
  }

  static func fixed(_ value: Double) -> String {
    guard value.isFinite, abs(value) < 1e9 else { return String(describing: value) }
    let scaled = (abs(value) * 1e6).rounded()
    let whole = Int(scaled / 1e6)
    var fraction = String(Int(scaled) % 1_000_000)
    while fraction.count < 6 { fraction = "0" + fraction }
    return (value < 0 && scaled != 0 ? "-" : "") + "\(whole).\(fraction)"
  }
}

extension String {
  func padding(toLength length: Int) -> String {
    count >= length ? self : self + String(repeating: " ", count: length - count)
  }
}
