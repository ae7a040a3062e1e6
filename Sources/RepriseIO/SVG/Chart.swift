// A small composable chart, drawn as SVG: the figures of the Lab and the CLI.
//
// A `Chart` holds axes (title, labels, linear or log scales, optional fixed
// ranges) and a list of marks: line series, scatter groups, grouped bars on
// categorical x, one heatmap with a colour bar (labelled cells, or a grid over
// numeric extents drawn under the other marks, as in decision-boundary
// figures), and horizontal or vertical reference lines. Marks are recorded as
// given; all checking happens when the chart is drawn (`svg`, `write`), which
// throws a `RepriseError` naming the mark and the point:
//
// - a NaN or infinity anywhere: `.nonFinite` (row = point index, column 0
//   for x and 1 for y; for heatmaps the cell's row and column);
// - a non-positive value on a log axis: `.invalidArgument` (log axes reject
//   such data rather than silently dropping it);
// - x and y of different lengths, bar values that do not match the
//   categories, a ragged heatmap: `.shapeMismatch`.
//
// Categorical axes: with bars, x is categorical (category i sits at index i);
// with a labelled heatmap both axes are (column j at x = j, row i at y = i,
// row 0 on top, as a matrix is printed). Lines, scatter points and reference
// lines on a categorical axis use those indices as coordinates. A heatmap
// over numeric extents puts row 0 at the bottom (the lower y), as a grid
// from a mesh over increasing y is usually stored.
//
// Output is deterministic: the same chart gives the same string, byte for
// byte (see SVGText for the number formatting).

/// How an axis maps values to positions.
public enum AxisScale: Sendable, Equatable {
  case linear
  /// Base-10 logarithmic; every value on this axis must be positive.
  case log
}

/// Where the legend box goes inside the plot area.
public enum LegendPosition: Sendable, Equatable {
  case topRight, topLeft, bottomRight, bottomLeft, hidden
}

/// One series of a bar chart: a value per category.
public struct BarSeries: Sendable, Equatable {
  public var name: String
  public var values: [Double]
  public var color: Color?

  public init(_ name: String, values: [Double], color: Color? = nil) {
    self.name = name
    self.values = values
    self.color = color
  }
}

/// A figure: axes plus marks, rendered to SVG.
public struct Chart: Sendable {
  public var title: String
  public var xLabel: String
  public var yLabel: String
  public var xScale: AxisScale
  public var yScale: AxisScale
  /// Size of the whole figure in pixels.
  public var width: Double = 640
  public var height: Double = 420
  /// Fixed axis ranges; nil means "enclose the data with nice ticks".
  public var xRange: ClosedRange<Double>?
  public var yRange: ClosedRange<Double>?
  public var legendPosition: LegendPosition = .topRight

  var marks: [ChartMark] = []
  var nextPaletteIndex = 0

  public init(
    title: String = "", xLabel: String = "", yLabel: String = "", xScale: AxisScale = .linear,
    yScale: AxisScale = .linear
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.xScale = xScale
    self.yScale = yScale
  }

  mutating func take(_ color: Color?) -> Color {
    if let color { return color }
    defer { nextPaletteIndex += 1 }
    return Color.series(nextPaletteIndex)
  }

  /// A line through the points (x[i], y[i]) in order. `name` (if any) goes in
  /// the legend; `markers` draws a dot at each point.
  public mutating func line(
    _ name: String? = nil, x: [Double], y: [Double], color: Color? = nil, dashed: Bool = false,
    markers: Bool = false, lineWidth: Double = 1.5
  ) {
    marks.append(
      .line(
        LineMark(
          name: name, x: x, y: y, color: take(color), dashed: dashed, markers: markers,
          lineWidth: lineWidth)))
  }

  /// A line through (1, y[0]), (2, y[1]), … (e.g. a loss per epoch).
  public mutating func line(
    _ name: String? = nil, y: [Double], color: Color? = nil, dashed: Bool = false,
    markers: Bool = false
  ) {
    line(
      name, x: y.indices.map { Double($0 + 1) }, y: y, color: color, dashed: dashed,
      markers: markers)
  }

  /// A group of points drawn as dots of the given radius.
  public mutating func scatter(
    _ name: String? = nil, x: [Double], y: [Double], color: Color? = nil, radius: Double = 3
  ) {
    marks.append(
      .scatter(ScatterMark(name: name, x: x, y: y, color: take(color), radius: radius)))
  }

  /// Grouped bars: for each category, one bar per series, side by side.
  /// Makes the x axis categorical.
  public mutating func bars(categories: [String], series: [BarSeries]) {
    var coloured = series
    for k in coloured.indices { coloured[k].color = take(coloured[k].color) }
    marks.append(.bars(BarMark(categories: categories, series: coloured)))
  }

  /// A heatmap of `values` (rows of equal length) with labelled cells: column
  /// j at x = j, row i at y = i with row 0 on top; makes both axes
  /// categorical. `valueRange` nil means the data's range (symmetric about
  /// zero for a diverging map).
  public mutating func heatmap(
    _ values: [[Double]], rowLabels: [String], columnLabels: [String],
    colorMap: ColorMap = .viridis, valueRange: ClosedRange<Double>? = nil,
    colorBarLabel: String = ""
  ) {
    marks.append(
      .heatmap(
        HeatmapMark(
          values: values, placement: .labelled(rows: rowLabels, columns: columnLabels),
          colorMap: colorMap, valueRange: valueRange, colorBarLabel: colorBarLabel)))
  }

  /// A heatmap covering the rectangle x × y: `values[i][j]` fills the cell in
  /// column j (from x.lowerBound) and row i (row 0 at y.lowerBound). Drawn
  /// under every other mark, so scatter points can sit on top of it.
  public mutating func heatmap(
    _ values: [[Double]], x: ClosedRange<Double>, y: ClosedRange<Double>,
    colorMap: ColorMap = .viridis, valueRange: ClosedRange<Double>? = nil,
    colorBarLabel: String = ""
  ) {
    marks.append(
      .heatmap(
        HeatmapMark(
          values: values, placement: .extent(x: x, y: y), colorMap: colorMap,
          valueRange: valueRange, colorBarLabel: colorBarLabel)))
  }

  /// A horizontal line across the plot at `y`.
  public mutating func horizontalLine(
    at y: Double, label: String? = nil, color: Color = .gray, dashed: Bool = true
  ) {
    marks.append(
      .reference(
        ReferenceMark(isHorizontal: true, value: y, label: label, color: color, dashed: dashed)))
  }

  /// A vertical line across the plot at `x`.
  public mutating func verticalLine(
    at x: Double, label: String? = nil, color: Color = .gray, dashed: Bool = true
  ) {
    marks.append(
      .reference(
        ReferenceMark(isHorizontal: false, value: x, label: label, color: color, dashed: dashed)))
  }

  /// The chart as a standalone SVG document.
  public var svg: String {
    get throws {
      let body = try ChartRenderer(chart: self, idPrefix: "chart").render()
      return SVGDocument.wrap(body, width: width, height: height)
    }
  }

  /// Writes the SVG document to `path` atomically.
  public func write(to path: String) throws {
    try BinaryFile.writeAtomically(Array(try svg.utf8), to: path)
  }
}

/// What a chart draws.
enum ChartMark: Sendable {
  case line(LineMark)
  case scatter(ScatterMark)
  case bars(BarMark)
  case heatmap(HeatmapMark)
  case reference(ReferenceMark)
}

struct LineMark: Sendable {
  var name: String?
  var x: [Double]
  var y: [Double]
  var color: Color
  var dashed: Bool
  var markers: Bool
  var lineWidth: Double
}

struct ScatterMark: Sendable {
  var name: String?
  var x: [Double]
  var y: [Double]
  var color: Color
  var radius: Double
}

struct BarMark: Sendable {
  var categories: [String]
  var series: [BarSeries]
}

struct HeatmapMark: Sendable {
  enum Placement: Sendable {
    case labelled(rows: [String], columns: [String])
    case extent(x: ClosedRange<Double>, y: ClosedRange<Double>)
  }
  var values: [[Double]]
  var placement: Placement
  var colorMap: ColorMap
  var valueRange: ClosedRange<Double>?
  var colorBarLabel: String
}

struct ReferenceMark: Sendable {
  var isHorizontal: Bool
  var value: Double
  var label: String?
  var color: Color
  var dashed: Bool
}

extension Chart {
  /// A labelled heatmap of a rank-2 tensor (row i of the matrix is row i of
  /// the picture, on top for i = 0).
  public mutating func heatmap<Scalar: RealScalar>(
    _ matrix: Tensor<Scalar>, rowLabels: [String], columnLabels: [String],
    colorMap: ColorMap = .viridis, valueRange: ClosedRange<Double>? = nil,
    colorBarLabel: String = ""
  ) throws {
    guard matrix.rank == 2 else {
      throw RepriseError.invalidShape(
        operation: "Chart.heatmap", shape: matrix.shape, reason: "needs a rank-2 tensor")
    }
    let rows = try matrix.rowArrays().map { $0.map(Double.init) }
    heatmap(
      rows, rowLabels: rowLabels, columnLabels: columnLabels, colorMap: colorMap,
      valueRange: valueRange, colorBarLabel: colorBarLabel)
  }
}
