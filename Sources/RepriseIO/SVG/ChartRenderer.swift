// Drawing a validated chart as SVG elements.
//
// Layout: the margins are sized from the text they hold (title, axis labels,
// the widest tick label at an estimated 6.6 px per character of 12 px
// sans-serif, rotated category labels, the colour bar); the plot area is what
// remains. Drawing order, bottom to top: background, grid lines, heatmap,
// the other marks in the order they were added (clipped to the plot area),
// the frame, ticks and labels, legend and colour bar. Heatmap cells of equal
// colour next to each other in a row are merged into one rectangle, which
// keeps large smooth grids small. Cost: linear in the number of points and
// cells.

struct ChartRenderer {
  let chart: Chart
  let idPrefix: String

  static let characterWidth = 6.6

  func render() throws -> String {
    try chart.validate()
    let operation = chart.operationName
    let (xCategories, yCategories) = chart.categoricalAxes
    var xs: [Double] = []
    var ys: [Double] = []
    var heatmap: HeatmapMark?
    for mark in chart.marks {
      switch mark {
      case .line(let line):
        xs += line.x
        ys += line.y
      case .scatter(let group):
        xs += group.x
        ys += group.y
      case .bars(let bars):
        for series in bars.series { ys += series.values }
        if chart.yScale == .linear { ys.append(0) }
      case .heatmap(let map):
        heatmap = map
        if case .extent(let x, let y) = map.placement {
          xs += [x.lowerBound, x.upperBound]
          ys += [y.lowerBound, y.upperBound]
        }
      case .reference(let reference):
        if reference.isHorizontal { ys.append(reference.value) } else { xs.append(reference.value) }
      }
    }
    let xAxis: ChartAxis
    if let xCategories {
      xAxis = .categorical(xCategories, topDown: false)
    } else {
      xAxis = try .numeric(
        scale: chart.xScale, values: xs, fixed: chart.xRange,
        intervals: max(2, Int((chart.width - 120) / 90)), name: "xRange", operation: operation)
    }
    let yAxis: ChartAxis
    if let yCategories {
      yAxis = .categorical(yCategories, topDown: true)
    } else {
      yAxis = try .numeric(
        scale: chart.yScale, values: ys, fixed: chart.yRange,
        intervals: max(2, Int((chart.height - 100) / 60)), name: "yRange", operation: operation)
    }
    let colorScale = heatmap.map(HeatmapColors.init)
    var colorBarTicks: [AxisTick] = []
    if let colorScale {
      colorBarTicks = try AxisTicks.linearInside(
        lower: colorScale.lower, upper: colorScale.upper, intervals: 5, operation: operation)
    }

    // Margins from the text they hold.
    let yTickWidth = yAxis.ticks.map(labelWidth).max() ?? 0
    let left = 10 + (chart.yLabel.isEmpty ? 0 : 22) + yTickWidth + 10
    let top: Double = chart.title.isEmpty ? 14 : 38
    var bottom = 34 + (chart.xLabel.isEmpty ? 0 : 20.0)
    var right: Double = 18
    if colorScale != nil {
      let barTickWidth = colorBarTicks.map(labelWidth).max() ?? 0
      right = 16 + 14 + 6 + barTickWidth + (heatmap!.colorBarLabel.isEmpty ? 0 : 22) + 8
    }
    let xTickWidth = xAxis.ticks.map(labelWidth).max() ?? 0
    var rotateXLabels = false
    if case .categorical(let count, _) = xAxis.mapping,
      xTickWidth > 0.9 * (chart.width - left - right) / Double(count)
    {
      rotateXLabels = true
      bottom += xTickWidth * 0.65
    }
    let plot = PlotArea(
      left: left, top: top, width: chart.width - left - right, height: chart.height - top - bottom,
      xAxis: xAxis, yAxis: yAxis)
    guard plot.width >= 20, plot.height >= 20 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "size",
        reason:
          "\(chart.width) × \(chart.height) pixels leave no room for the plot after its labels")
    }

    var svg = SVGWriter()
    svg.element(
      "rect", ["width": chart.width, "height": chart.height], text: ["fill": "#ffffff"])
    svg.line("<defs><clipPath id=\"\(idPrefix)-plot\">")
    svg.element(
      "rect", ["x": plot.left, "y": plot.top, "width": plot.width, "height": plot.height])
    svg.line("</clipPath></defs>")
    if !chart.title.isEmpty {
      svg.text(
        chart.title, x: chart.width / 2, y: 24, anchor: "middle",
        extra: " font-size=\"14\" font-weight=\"bold\"")
    }
    drawGrid(&svg, plot)
    svg.line("<g clip-path=\"url(#\(idPrefix)-plot)\">")
    if let heatmap, let colorScale { drawHeatmap(&svg, heatmap, colorScale, plot) }
    for mark in chart.marks { drawMark(&svg, mark, plot) }
    svg.line("</g>")
    svg.element(
      "rect", ["x": plot.left, "y": plot.top, "width": plot.width, "height": plot.height],
      text: ["fill": "none", "stroke": "#000000"])
    drawTicks(&svg, plot, rotateXLabels: rotateXLabels)
    if !chart.xLabel.isEmpty {
      svg.text(chart.xLabel, x: plot.left + plot.width / 2, y: chart.height - 10, anchor: "middle")
    }
    if !chart.yLabel.isEmpty {
      let centre = plot.top + plot.height / 2
      svg.text(
        chart.yLabel, x: 16, y: centre, anchor: "middle",
        extra: " transform=\"rotate(-90 16 \(SVGText.number(centre)))\"")
    }
    drawLegend(&svg, plot)
    if let heatmap, let colorScale {
      drawColorBar(&svg, colorScale, ticks: colorBarTicks, label: heatmap.colorBarLabel, plot)
    }
    return svg.output
  }

  func labelWidth(_ tick: AxisTick) -> Double {
    if let k = tick.decadeExponent {
      return (2 + 0.75 * Double(String(k).count)) * ChartRenderer.characterWidth
    }
    return Double(tick.label.count) * ChartRenderer.characterWidth
  }

  func drawGrid(_ svg: inout SVGWriter, _ plot: PlotArea) {
    if case .categorical = plot.xAxis.mapping {
    } else {
      for tick in plot.xAxis.ticks where tick.isMajor {
        let x = plot.x(tick.value)
        svg.element(
          "line", ["x1": x, "y1": plot.top, "x2": x, "y2": plot.top + plot.height],
          text: ["stroke": "#e5e5e5"])
      }
    }
    if case .categorical = plot.yAxis.mapping {
    } else {
      for tick in plot.yAxis.ticks where tick.isMajor {
        let y = plot.y(tick.value)
        svg.element(
          "line", ["x1": plot.left, "y1": y, "x2": plot.left + plot.width, "y2": y],
          text: ["stroke": "#e5e5e5"])
      }
    }
  }

  func drawTicks(_ svg: inout SVGWriter, _ plot: PlotArea, rotateXLabels: Bool) {
    let bottom = plot.top + plot.height
    for tick in plot.xAxis.ticks {
      let x = plot.x(tick.value)
      svg.element(
        "line", ["x1": x, "y1": bottom, "x2": x, "y2": bottom + (tick.isMajor ? 5 : 3)],
        text: ["stroke": "#000000"])
      if rotateXLabels {
        svg.text(
          tick.label, x: x, y: bottom + 14, anchor: "end",
          extra: " transform=\"rotate(-40 \(SVGText.number(x)) \(SVGText.number(bottom + 14)))\"")
      } else {
        svg.tickLabel(tick, x: x, y: bottom + 18, anchor: "middle")
      }
    }
    for tick in plot.yAxis.ticks {
      let y = plot.y(tick.value)
      svg.element(
        "line", ["x1": plot.left - (tick.isMajor ? 5 : 3), "y1": y, "x2": plot.left, "y2": y],
        text: ["stroke": "#000000"])
      svg.tickLabel(tick, x: plot.left - 8, y: y + 4, anchor: "end")
    }
  }
}

/// The plot rectangle and the maps from data to pixels.
struct PlotArea {
  var left: Double
  var top: Double
  var width: Double
  var height: Double
  var xAxis: ChartAxis
  var yAxis: ChartAxis

  func x(_ value: Double) -> Double { left + xAxis.fraction(value) * width }
  func y(_ value: Double) -> Double { top + (1 - yAxis.fraction(value)) * height }
}
