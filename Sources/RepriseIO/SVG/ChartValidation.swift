// Checking a chart's marks before drawing: every number finite, every value
// on a log axis positive, lengths that agree. Each failure is a RepriseError
// naming the chart, the mark and the point (see Chart.swift for the cases).

extension Chart {
  var operationName: String { title.isEmpty ? "Chart.svg" : "Chart.svg '\(title)'" }

  /// Whether bars or a labelled heatmap make the x (and maybe y) axis categorical.
  var categoricalAxes: (x: [String]?, y: [String]?) {
    for mark in marks {
      switch mark {
      case .bars(let bars): return (bars.categories, nil)
      case .heatmap(let map):
        if case .labelled(let rows, let columns) = map.placement { return (columns, rows) }
      default: continue
      }
    }
    return (nil, nil)
  }

  func validate() throws {
    let operation = operationName
    let categorical = categoricalAxes
    let xLog = xScale == .log && categorical.x == nil
    let yLog = yScale == .log && categorical.y == nil
    var categoricalMarks = 0
    var heatmaps = 0

    func check(_ value: Double, mark: String, row: Int, column: Int, onLogAxis: Bool) throws {
      guard value.isFinite else {
        throw RepriseError.nonFinite(
          operation: "\(operation) \(mark)", row: row, column: column, value: value)
      }
      guard !onLogAxis || value > 0 else {
        throw RepriseError.invalidArgument(
          operation: operation, name: "\(mark) point \(row) \(column == 0 ? "x" : "y")",
          reason: "a log axis needs positive values, got \(value)")
      }
    }
    func checkPoints(_ x: [Double], _ y: [Double], mark: String) throws {
      guard x.count == y.count else {
        throw RepriseError.shapeMismatch(
          operation: "\(operation) \(mark): x and y", expected: [x.count], got: [y.count])
      }
      for i in x.indices {
        try check(x[i], mark: mark, row: i, column: 0, onLogAxis: xLog)
        try check(y[i], mark: mark, row: i, column: 1, onLogAxis: yLog)
      }
    }
    func named(_ kind: String, _ name: String?) -> String {
      name.map { "\(kind) '\($0)'" } ?? kind
    }

    for mark in marks {
      switch mark {
      case .line(let line): try checkPoints(line.x, line.y, mark: named("line", line.name))
      case .scatter(let group):
        try checkPoints(group.x, group.y, mark: named("scatter", group.name))
      case .reference(let reference):
        try check(
          reference.value, mark: "reference line", row: 0, column: reference.isHorizontal ? 1 : 0,
          onLogAxis: reference.isHorizontal ? yLog : xLog)
      case .bars(let bars):
        categoricalMarks += 1
        for series in bars.series {
          guard series.values.count == bars.categories.count else {
            throw RepriseError.shapeMismatch(
              operation: "\(operation) bars '\(series.name)': one value per category",
              expected: [bars.categories.count], got: [series.values.count])
          }
          for (i, value) in series.values.enumerated() {
            try check(value, mark: "bars '\(series.name)'", row: i, column: 1, onLogAxis: yLog)
          }
        }
      case .heatmap(let map):
        heatmaps += 1
        let columns = map.values.first?.count ?? 0
        for (i, row) in map.values.enumerated() {
          guard row.count == columns else {
            throw RepriseError.shapeMismatch(
              operation: "\(operation) heatmap row \(i)", expected: [columns], got: [row.count])
          }
          for (j, value) in row.enumerated() where !value.isFinite {
            throw RepriseError.nonFinite(
              operation: "\(operation) heatmap", row: i, column: j, value: value)
          }
        }
        if let range = map.valueRange,
          !(range.lowerBound.isFinite && range.upperBound.isFinite)
        {
          throw RepriseError.invalidArgument(
            operation: operation, name: "heatmap valueRange", reason: "\(range) is not finite")
        }
        switch map.placement {
        case .labelled(let rows, let columnLabels):
          categoricalMarks += 1
          guard rows.count == map.values.count, columnLabels.count == columns else {
            throw RepriseError.shapeMismatch(
              operation: "\(operation) heatmap labels (rows, columns)",
              expected: [map.values.count, columns], got: [rows.count, columnLabels.count])
          }
        case .extent(let x, let y):
          for (value, column) in [
            (x.lowerBound, 0), (x.upperBound, 0), (y.lowerBound, 1), (y.upperBound, 1),
          ] {
            try check(
              value, mark: "heatmap extent", row: 0, column: column,
              onLogAxis: column == 0 ? xLog : yLog)
          }
        }
      }
    }
    guard heatmaps <= 1, categoricalMarks <= 1 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "marks",
        reason:
          "a chart holds at most one heatmap and one categorical mark (bars or labelled heatmap)")
    }
    guard width >= 120, height >= 100, width.isFinite, height.isFinite else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "size",
        reason: "\(width) × \(height) pixels; needs at least 120 × 100")
    }
  }
}
