// Drawing the marks of a chart: lines, scatter groups, bars, reference
// lines, the heatmap with its colour bar, and the legend.

/// The value range a heatmap's colours span.
struct HeatmapColors {
  var lower: Double
  var upper: Double
  var map: ColorMap

  /// From the caller's range, else the data's (symmetric about zero for a
  /// diverging map); a zero-width range is widened by ½ on each side.
  init(_ heatmap: HeatmapMark) {
    map = heatmap.colorMap
    let values = heatmap.values.joined()
    if let range = heatmap.valueRange {
      (lower, upper) = (range.lowerBound, range.upperBound)
    } else if map.isDiverging {
      let largest = values.map { abs($0) }.max() ?? 1
      (lower, upper) = largest > 0 ? (-largest, largest) : (-1, 1)
    } else {
      (lower, upper) = (values.min() ?? 0, values.max() ?? 1)
    }
    if !(upper > lower) {
      let centre = lower / 2 + upper / 2
      (lower, upper) = (centre - 0.5, centre + 0.5)
    }
  }

  func color(_ value: Double) -> Color { map.color(at: (value - lower) / (upper - lower)) }
}

extension ChartRenderer {
  func drawMark(_ svg: inout SVGWriter, _ mark: ChartMark, _ plot: PlotArea) {
    switch mark {
    case .heatmap: return  // drawn first, under everything
    case .line(let line):
      guard !line.x.isEmpty else { return }
      let points = zip(line.x, line.y).map {
        SVGText.number(plot.x($0)) + "," + SVGText.number(plot.y($1))
      }.joined(separator: " ")
      var attributes =
        "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(line.color.hexString)\" stroke-width=\"\(SVGText.number(line.lineWidth))\" stroke-linejoin=\"round\""
      if line.dashed { attributes += " stroke-dasharray=\"6 4\"" }
      svg.line(attributes + "/>")
      if line.markers {
        for (x, y) in zip(line.x, line.y) {
          svg.element(
            "circle", ["cx": plot.x(x), "cy": plot.y(y), "r": 2.5],
            text: ["fill": line.color.hexString])
        }
      }
    case .scatter(let group):
      for (x, y) in zip(group.x, group.y) {
        svg.element(
          "circle", ["cx": plot.x(x), "cy": plot.y(y), "r": group.radius, "stroke-width": 0.6],
          text: ["fill": group.color.hexString, "stroke": "#ffffff"])
      }
    case .bars(let bars):
      let count = Double(max(bars.categories.count, 1))
      let slot = plot.width / count
      let barWidth = 0.8 * slot / Double(max(bars.series.count, 1))
      var baseline = plot.top + plot.height
      if case .linear(let lower, let upper) = plot.yAxis.mapping {
        baseline = plot.y(min(max(0, lower), upper))
      }
      for (k, series) in bars.series.enumerated() {
        for (i, value) in series.values.enumerated() {
          let top = plot.y(value)
          svg.element(
            "rect",
            [
              "x": plot.left + Double(i) * slot + 0.1 * slot + Double(k) * barWidth,
              "y": min(top, baseline), "width": barWidth, "height": abs(top - baseline),
            ], text: ["fill": (series.color ?? .gray).hexString])
        }
      }
    case .reference(let reference):
      let colour = reference.color.hexString
      let dash: KeyValuePairs<String, String> =
        reference.dashed
        ? ["stroke": colour, "stroke-dasharray": "4 3"]
        : ["stroke": colour, "stroke-dasharray": "none"]
      if reference.isHorizontal {
        let y = plot.y(reference.value)
        svg.element(
          "line", ["x1": plot.left, "y1": y, "x2": plot.left + plot.width, "y2": y], text: dash)
        if let label = reference.label {
          svg.text(
            label, x: plot.left + plot.width - 4, y: y - 4, anchor: "end", fill: reference.color)
        }
      } else {
        let x = plot.x(reference.value)
        svg.element(
          "line", ["x1": x, "y1": plot.top, "x2": x, "y2": plot.top + plot.height], text: dash)
        if let label = reference.label {
          svg.text(label, x: x + 4, y: plot.top + 14, anchor: "start", fill: reference.color)
        }
      }
    }
  }

  func drawHeatmap(
    _ svg: inout SVGWriter, _ heatmap: HeatmapMark, _ colors: HeatmapColors, _ plot: PlotArea
  ) {
    let rows = heatmap.values.count
    let columns = heatmap.values.first?.count ?? 0
    guard rows > 0, columns > 0 else { return }
    // Pixel edges of the columns (left to right) and rows (row i's two edges).
    var columnEdges: [Double]
    var rowEdges: [Double]
    switch heatmap.placement {
    case .labelled:
      columnEdges = (0...columns).map { plot.left + plot.width * Double($0) / Double(columns) }
      rowEdges = (0...rows).map { plot.top + plot.height * Double($0) / Double(rows) }
    case .extent(let x, let y):
      let dx = (x.upperBound - x.lowerBound) / Double(columns)
      let dy = (y.upperBound - y.lowerBound) / Double(rows)
      columnEdges = (0...columns).map {
        plot.x($0 == columns ? x.upperBound : x.lowerBound + dx * Double($0))
      }
      rowEdges = (0...rows).map {
        plot.y($0 == rows ? y.upperBound : y.lowerBound + dy * Double($0))
      }
    }
    // Snap the edges to the 0.01 px grid the SVG text is written on, so that
    // x + width of a cell is exactly the next cell's x (rounded separately,
    // they can leave a 0.01 px seam that shows as a white line when the
    // figure is scaled).
    columnEdges = columnEdges.map { ($0 * 100).rounded() / 100 }
    rowEdges = rowEdges.map { ($0 * 100).rounded() / 100 }
    svg.line("<g shape-rendering=\"crispEdges\">")
    for (i, row) in heatmap.values.enumerated() {
      let y0 = min(rowEdges[i], rowEdges[i + 1])
      let height = abs(rowEdges[i + 1] - rowEdges[i])
      var j = 0
      while j < columns {
        let colour = colors.color(row[j])
        var end = j + 1
        while end < columns && colors.color(row[end]) == colour { end += 1 }
        svg.element(
          "rect",
          [
            "x": columnEdges[j], "y": y0, "width": columnEdges[end] - columnEdges[j],
            "height": height,
          ],
          text: ["fill": colour.hexString])
        j = end
      }
    }
    svg.line("</g>")
  }

  func drawColorBar(
    _ svg: inout SVGWriter, _ colors: HeatmapColors, ticks: [AxisTick], label: String,
    _ plot: PlotArea
  ) {
    let left = plot.left + plot.width + 16
    let strips = 64
    svg.line("<g shape-rendering=\"crispEdges\">")
    for s in 0..<strips {
      let t = (Double(s) + 0.5) / Double(strips)
      let top = plot.top + plot.height * (1 - Double(s + 1) / Double(strips))
      svg.element(
        "rect", ["x": left, "y": top, "width": 14, "height": plot.height / Double(strips) + 0.3],
        text: ["fill": colors.map.color(at: t).hexString])
    }
    svg.line("</g>")
    svg.element(
      "rect", ["x": left, "y": plot.top, "width": 14, "height": plot.height],
      text: ["fill": "none", "stroke": "#000000"])
    for tick in ticks {
      let y =
        plot.top + plot.height * (1 - (tick.value - colors.lower) / (colors.upper - colors.lower))
      svg.element(
        "line", ["x1": left + 14, "y1": y, "x2": left + 18, "y2": y], text: ["stroke": "#000000"])
      svg.text(tick.label, x: left + 20, y: y + 4, anchor: "start")
    }
    if !label.isEmpty {
      let width = ticks.map(labelWidth).max() ?? 0
      let x = left + 20 + width + 14
      let centre = plot.top + plot.height / 2
      svg.text(
        label, x: x, y: centre, anchor: "middle",
        extra: " transform=\"rotate(90 \(SVGText.number(x)) \(SVGText.number(centre)))\"")
    }
  }

  func drawLegend(_ svg: inout SVGWriter, _ plot: PlotArea) {
    enum Sample {
      case line(dashed: Bool, markers: Bool)
      case dot, swatch
    }
    var entries: [(String, Color, Sample)] = []
    for mark in chart.marks {
      switch mark {
      case .line(let line):
        if let name = line.name, !name.isEmpty {
          entries.append((name, line.color, .line(dashed: line.dashed, markers: line.markers)))
        }
      case .scatter(let group):
        if let name = group.name, !name.isEmpty { entries.append((name, group.color, .dot)) }
      case .bars(let bars):
        for series in bars.series where !series.name.isEmpty {
          entries.append((series.name, series.color ?? .gray, .swatch))
        }
      default: continue
      }
    }
    guard !entries.isEmpty, chart.legendPosition != .hidden else { return }
    let widest = entries.map { Double($0.0.count) }.max() ?? 0
    let boxWidth = 40 + widest * ChartRenderer.characterWidth
    let boxHeight = 8 + 18 * Double(entries.count)
    let onLeft = chart.legendPosition == .topLeft || chart.legendPosition == .bottomLeft
    let onTop = chart.legendPosition == .topLeft || chart.legendPosition == .topRight
    let x = onLeft ? plot.left + 8 : plot.left + plot.width - 8 - boxWidth
    let y = onTop ? plot.top + 8 : plot.top + plot.height - 8 - boxHeight
    svg.element(
      "rect", ["x": x, "y": y, "width": boxWidth, "height": boxHeight, "fill-opacity": 0.85],
      text: ["fill": "#ffffff", "stroke": "#999999"])
    for (r, (name, colour, sample)) in entries.enumerated() {
      let centre = y + 4 + 18 * Double(r) + 9
      switch sample {
      case .line(let dashed, let markers):
        svg.element(
          "line", ["x1": x + 8, "y1": centre, "x2": x + 28, "y2": centre, "stroke-width": 1.5],
          text: ["stroke": colour.hexString, "stroke-dasharray": dashed ? "6 4" : "none"])
        if markers {
          svg.element(
            "circle", ["cx": x + 18, "cy": centre, "r": 2.5], text: ["fill": colour.hexString])
        }
      case .dot:
        svg.element(
          "circle", ["cx": x + 18, "cy": centre, "r": 3.5], text: ["fill": colour.hexString])
      case .swatch:
        svg.element(
          "rect", ["x": x + 12, "y": centre - 5, "width": 12, "height": 10],
          text: ["fill": colour.hexString])
      }
      svg.text(name, x: x + 34, y: centre + 4, anchor: "start")
    }
  }
}
