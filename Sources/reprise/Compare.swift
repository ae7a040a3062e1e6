// `reprise compare`: similarity of two representations, or of every pair of
// layers of two networks, from files written by any framework.

import Reprise

enum CompareCommand {
  static let usage = """
    usage: reprise compare A B [--metrics LIST] [--permutations N] [--seed S] [--json]
           reprise compare --layers A1,A2,... B1,B2,... [--metrics LIST] [--svg FILE] [--json]
           reprise compare --stream A.npy B.npy [--metrics cka,cca,procrustes] [--chunk ROWS] [--json]

    Compares two representations of the same samples (rows) by every similarity
    measure, or by the comma-separated --metrics (default: all). Files:
    NAME.npy, NAME.csv, NAME.npz[:ARRAY], NAME.safetensors[:TENSOR]; arrays of
    rank > 2 are flattened to samples × features.

      --metrics LIST      e.g. cka,pwcca,procrustes; names: \(SimilarityMeasure.allCases.map(\.rawValue).joined(separator: ","))
      --permutations N    permutation-test p-values with N row shuffles of B
      --seed S            seed for the permutations (default 0)
      --layers            A and B are comma-separated lists of layer files; prints the
                          layer × layer table of the first metric (default cka)
      --svg FILE          with --layers: write the table as a heatmap
      --stream            read .npy files in row chunks (larger than memory);
                          metrics cka, cca, procrustes
      --chunk ROWS        rows per chunk with --stream (default: 64 MB per file)
      --json              machine-readable output
    Exit status: 0 success, 1 bad input (one line on stderr), 2 usage error.
    """

  static func run(_ arguments: Arguments) throws {
    guard arguments.positionals.count == 2 else {
      throw UsageError(description: "compare needs two inputs, A and B")
    }
    let json = arguments.flag("json")
    if arguments.flag("stream") {
      try stream(arguments, json: json)
    } else if arguments.flag("layers") {
      try layers(arguments, json: json)
    } else {
      try pair(arguments, json: json)
    }
  }

  static func measures(_ arguments: Arguments, default all: [SimilarityMeasure]) throws
    -> [SimilarityMeasure]
  {
    guard let list = arguments.option("metrics") else { return all }
    return try list.split(separator: ",").map { name in
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
      object.append(
        (
          "metrics",
          .object(
            rows.map { row in
              var entry: [(String, JSONValue)] = [
                ("value", .number(row.1)), ("distance", .bool(row.0.isDistance)),
              ]
              if let p = row.2 { entry.append(("p_value", .number(p))) }
              return (row.0.rawValue, .object(entry))
            })
        ))
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
    let measure = try measures(arguments, default: [.linearCKA])[0]
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
    if let svg = arguments.option("svg") { print("wrote \(svg)") }
  }

  /// Chunked pass over two .npy files.
  static func stream(_ arguments: Arguments, json: Bool) throws {
    let streamable: [SimilarityMeasure] = [.linearCKA, .cca, .procrustes]
    let chosen = try measures(arguments, default: streamable)
    for measure in chosen where !streamable.contains(measure) {
      throw UsageError(
        description: "--stream supports cka, cca and procrustes, not \(measure.rawValue)")
    }
    let paths = arguments.positionals
    for path in paths where !path.hasSuffix(".npy") {
      throw UsageError(description: "--stream reads .npy files; got '\(path)'")
    }
    let x = try NpyRowReader(path: paths[0])
    let y = try NpyRowReader(path: paths[1])
    guard x.rowCount == y.rowCount else {
      throw RepriseError.shapeMismatch(
        operation: "reprise compare --stream (\(paths[1]))", expected: [x.rowCount, y.rowLength],
        got: [y.rowCount, y.rowLength])
    }
    let budget = 64 << 20
    let defaultChunk = max(1, budget / (8 * max(x.rowLength, y.rowLength, 1)))
    let chunk = try arguments.integer("chunk", default: defaultChunk, in: 1...Int(Int32.max))
    var accumulator = try CrossProductAccumulator(xFeatures: x.rowLength, yFeatures: y.rowLength)
    let floats = x.header.dataType == .float32 && y.header.dataType == .float32
    var start = 0
    while start < x.rowCount {
      let count = min(chunk, x.rowCount - start)
      if floats {
        try accumulator.append(
          try x.readRows(start: start, count: count, as: Float.self).reshaped([count, x.rowLength]),
          try y.readRows(start: start, count: count, as: Float.self).reshaped([count, y.rowLength]))
      } else {
        try accumulator.append(
          try x.readRows(start: start, count: count, as: Double.self).reshaped([count, x.rowLength]
          ),
          try y.readRows(start: start, count: count, as: Double.self).reshaped([count, y.rowLength])
        )
      }
      start += count
    }
    var rows: [(SimilarityMeasure, Double)] = []
    for measure in chosen {
      switch measure {
      case .linearCKA: rows.append((measure, try accumulator.linearCKA()))
      case .procrustes: rows.append((measure, try accumulator.procrustesSquared()))
      default: rows.append((measure, try accumulator.canonicalCorrelations().meanCorrelation))
      }
    }
    if json {
      print(
        JSONValue.object([
          ("a", .string(paths[0])), ("b", .string(paths[1])), ("samples", .integer(x.rowCount)),
          ("chunk_rows", .integer(chunk)),
          ("metrics", .object(rows.map { ($0.0.rawValue, .number($0.1)) })),
        ]).prettyText)
      return
    }
    print("streamed \(x.rowCount) rows in chunks of \(chunk)")
    for (measure, value) in rows {
      print("\(measure.rawValue.padding(toLength: 10))  \(fixed(value))  \(measure.summary)")
    }
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
