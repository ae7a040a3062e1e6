// Several charts side by side in one SVG: a grid of panels, filled row by
// row. Each panel is drawn at its own size inside a cell as large as the
// largest panel; clip-path identifiers are prefixed per panel so the panels
// do not interfere.

/// A grid of charts in one SVG document.
public struct ChartGrid: Sendable {
  public var charts: [Chart]
  public var columns: Int
  public var title: String

  public init(_ charts: [Chart], columns: Int, title: String = "") {
    self.charts = charts
    self.columns = columns
    self.title = title
  }

  public var svg: String {
    get throws {
      guard columns >= 1 else {
        throw RepriseError.invalidArgument(
          operation: "ChartGrid.svg", name: "columns", reason: "needs at least 1, got \(columns)")
      }
      let cellWidth = charts.map(\.width).max() ?? 0
      let cellHeight = charts.map(\.height).max() ?? 0
      let rows = (charts.count + columns - 1) / columns
      let header: Double = title.isEmpty ? 0 : 34
      var writer = SVGWriter()
      let width = cellWidth * Double(min(columns, max(charts.count, 1)))
      let height = header + cellHeight * Double(rows)
      writer.element("rect", ["width": width, "height": height], text: ["fill": "#ffffff"])
      if !title.isEmpty {
        writer.text(
          title, x: width / 2, y: 24, anchor: "middle",
          extra: " font-size=\"16\" font-weight=\"bold\"")
      }
      for (k, chart) in charts.enumerated() {
        let x = cellWidth * Double(k % columns)
        let y = header + cellHeight * Double(k / columns)
        writer.line("<g transform=\"translate(\(SVGText.number(x)) \(SVGText.number(y)))\">")
        writer.output += try ChartRenderer(chart: chart, idPrefix: "panel\(k)").render()
        writer.line("</g>")
      }
      return SVGDocument.wrap(writer.output, width: width, height: height)
    }
  }

  /// Writes the SVG document to `path` atomically.
  public func write(to path: String) throws {
    try BinaryFile.writeAtomically(Array(try svg.utf8), to: path)
  }
}
