// `reprise compare --stream`: linear CKA, mean canonical correlation and the
// Procrustes distance of two .npy files too large for memory.
//
// Method: one pass over both files in row chunks feeding a
// CrossProductAccumulator (shifted sums and cross-products, mergeable,
// bit-identical whatever the chunk size); the measures come from its
// (p+q)×(p+q) centred cross-product matrix. Cost: (p+q)²/2 fused
// multiply-adds per row.
// Memory: the accumulator's (p+q)² Doubles, plus per chunk its Double copy
// (8·(p+q) bytes a row; the default chunk keeps it within 64 MiB) and the
// rows as read (4 or 8 bytes a value, and a byte buffer for integer or
// Fortran-order files: at most twice the Double copy).

import Reprise

enum CompareStream {
  static let streamable: [SimilarityMeasure] = [.linearCKA, .cca, .procrustes]
  /// The default chunk's Double copy stays within this many bytes.
  static let chunkBudgetBytes = 64 << 20

  /// Rows per chunk whose Double copy (8·(p+q) bytes a row) fits the budget.
  static func defaultChunkRows(xFeatures p: Int, yFeatures q: Int) -> Int {
    max(1, chunkBudgetBytes / (8 * max(p + q, 1)))
  }

  static func run(_ arguments: Arguments, json: Bool) throws {
    let chosen = try CompareCommand.measures(arguments, default: streamable)
    for measure in chosen where !streamable.contains(measure) {
      throw UsageError(
        description: "--stream supports cka, cca and procrustes, not \(measure.rawValue)")
    }
    // A bad --chunk is a usage error found before any file is opened.
    let requestedChunk =
      arguments.option("chunk") == nil
      ? nil : try arguments.integer("chunk", default: 1, in: 1...Int(Int32.max))
    let paths = arguments.positionals
    for path in paths where !path.hasSuffix(".npy") {
      throw UsageError(description: "--stream reads .npy files only; got '\(path)'")
    }
    let x = try NpyRowReader(path: paths[0])
    let y = try NpyRowReader(path: paths[1])
    guard x.rowCount == y.rowCount else {
      throw RepriseError.invalidArgument(
        operation: "reprise compare --stream", name: "\(paths[0]), \(paths[1])",
        reason:
          "the files must hold the same samples (rows): \(paths[0]) has \(x.rowCount) rows, \(paths[1]) has \(y.rowCount)"
      )
    }
    let chunk =
      requestedChunk ?? defaultChunkRows(xFeatures: x.rowLength, yFeatures: y.rowLength)
    var accumulator = try CrossProductAccumulator(xFeatures: x.rowLength, yFeatures: y.rowLength)
    do {
      try accumulate(x, y, chunk: chunk, into: &accumulator)
    } catch RepriseError.nonFinite(let operation, let row, let column, let value) {
      // The accumulator says x or y; the user needs the file.
      let file = operation.hasSuffix("(y)") ? paths[1] : paths[0]
      throw RepriseError.nonFinite(
        operation: "reprise compare --stream: \(file)", row: row, column: column, value: value)
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
          ("a_features", .integer(x.rowLength)), ("b_features", .integer(y.rowLength)),
          ("chunk_rows", .integer(chunk)),
          ("metrics", CompareCommand.metricsJSON(rows.map { ($0.0, $0.1, nil) })),
        ]).prettyText)
      return
    }
    let chunks = (x.rowCount + chunk - 1) / chunk
    print(
      "streamed \(x.rowCount) rows in \(chunks) chunk\(chunks == 1 ? "" : "s") of at most \(chunk) rows"
    )
    for (measure, value) in rows {
      print(
        "\(measure.rawValue.padding(toLength: 10))  \(CompareCommand.fixed(value))  \(measure.summary)"
      )
    }
  }

  /// Feeds both files to the accumulator, `chunk` rows at a time; Float
  /// files stay Float until the accumulator widens them.
  static func accumulate(
    _ x: NpyRowReader, _ y: NpyRowReader, chunk: Int,
    into accumulator: inout CrossProductAccumulator
  ) throws {
    // Rows start..<start+count of a file as a samples × features matrix.
    func block<Scalar: RealScalar>(
      _ reader: NpyRowReader, _ start: Int, _ count: Int, as type: Scalar.Type
    ) throws -> Tensor<Scalar> {
      try reader.readRows(start: start, count: count, as: type).reshaped([count, reader.rowLength])
    }
    let floats = x.header.dataType == .float32 && y.header.dataType == .float32
    var start = 0
    while start < x.rowCount {
      let count = min(chunk, x.rowCount - start)
      if floats {
        try accumulator.append(
          try block(x, start, count, as: Float.self), try block(y, start, count, as: Float.self))
      } else {
        try accumulator.append(
          try block(x, start, count, as: Double.self), try block(y, start, count, as: Double.self))
      }
      start += count
    }
  }
}
