import Foundation
import Testing

@testable import RepriseIO

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Parses an SVG string as XML and records element names and text.
final class SVGInspector: NSObject, XMLParserDelegate {
  var elements: [String] = []
  var attributes: [[String: String]] = []
  var text = ""

  static func parse(_ svg: String) throws -> SVGInspector {
    let inspector = SVGInspector()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = inspector
    guard parser.parse() else {
      throw RepriseError.malformedFile(
        path: "svg", offset: parser.lineNumber,
        reason: "XML parse error: \(String(describing: parser.parserError))")
    }
    return inspector
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    elements.append(elementName)
    attributes.append(attributeDict)
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

  func all(_ name: String) -> [[String: String]] {
    zip(elements, attributes).filter { $0.0 == name }.map(\.1)
  }
}

@Suite struct SVGChartTests {
  /// A chart using every kind of mark, on the given scales.
  func fullChart(title: String = "Loss & accuracy <test>", log: Bool = false) -> Chart {
    var chart = Chart(
      title: title, xLabel: "epoch", yLabel: "loss", xScale: .linear,
      yScale: log ? .log : .linear)
    chart.line("train", x: [1, 2, 3, 4], y: [1.0, 0.5, 0.2, 0.11], markers: true)
    chart.line("test \"held out\"", x: [1, 2, 3, 4], y: [1.2, 0.7, 0.4, 0.35], dashed: true)
    chart.scatter("points", x: [1.5, 2.5], y: [0.9, 0.3])
    chart.horizontalLine(at: 0.25, label: "target")
    chart.verticalLine(at: 2, label: "warm-up ends")
    return chart
  }

  @Test func chartsAreWellFormedXML() throws {
    let line = try SVGInspector.parse(try fullChart().svg)
    #expect(line.all("polyline").count == 2)
    #expect(line.text.contains("Loss & accuracy <test>"))
    #expect(line.text.contains("test \"held out\""))
    _ = try SVGInspector.parse(try fullChart(log: true).svg)

    var bars = Chart(title: "accuracy", yLabel: "%")
    bars.bars(
      categories: ["MLP", "CNN", "a <very> long category name"],
      series: [
        BarSeries("seed 0", values: [50, 60, 70]), BarSeries("seed 1", values: [55, -5, 72]),
      ])
    let barSVG = try SVGInspector.parse(try bars.svg)
    // background + clip + 6 bars + frame + legend box + 2 swatches
    #expect(barSVG.all("rect").count == 1 + 1 + 6 + 1 + 1 + 2)

    var map = Chart(title: "CKA")
    map.heatmap(
      [[1, 0.5, 0.2], [0.5, 1, 0.4]], rowLabels: ["a1", "a2"], columnLabels: ["b1", "b2", "b3"],
      colorBarLabel: "CKA")
    _ = try SVGInspector.parse(try map.svg)

    var boundary = Chart(title: "decision boundary", xLabel: "x₁", yLabel: "x₂")
    boundary.heatmap(
      (0..<10).map { i in (0..<12).map { j in Double(i - j) / 10 } }, x: -1...1, y: -2...2,
      colorMap: .diverging, colorBarLabel: "logit")
    boundary.scatter("class 0", x: [-0.5, 0.1], y: [1, -1])
    boundary.scatter("class 1", x: [0.5], y: [0])
    _ = try SVGInspector.parse(try boundary.svg)

    let grid = try SVGInspector.parse(
      try ChartGrid([fullChart(), bars, map, boundary], columns: 2, title: "four panels").svg)
    let clips = grid.all("clipPath").compactMap { $0["id"] }
    #expect(clips.count == 4 && Set(clips).count == 4)
  }

  @Test func outputIsDeterministic() throws {
    let first = try fullChart().svg
    for _ in 0..<3 { #expect(try fullChart().svg == first) }
    #expect(try fullChart(log: true).svg == (try fullChart(log: true).svg))
  }

  @Test func linearTicksAreNiceAndCoverTheData() throws {
    let ranges: [(Double, Double)] = [
      (0, 1), (0.3, 0.7), (-3.7, 12.2), (1e-9, 3e-9), (-1e12, 5e11), (0.1, 0.1), (0, 0),
      (-2, -2), (1234.5, 1234.6), (0.3, 0.30000000000000004), (-0.05, 17), (7, 9),
    ]
    for (low, high) in ranges {
      let (lower, upper, ticks) = try AxisTicks.linear(
        minimum: low, maximum: high, intervals: 5, operation: "test")
      #expect(lower <= low && upper >= high, "range \(low)...\(high) → \(lower)...\(upper)")
      #expect(ticks.first?.value == lower && ticks.last?.value == upper)
      #expect(ticks.count >= 3 && ticks.count <= 13, "\(low)...\(high): \(ticks.count) ticks")
      // Each label is the decimal its value is the nearest double to, and the
      // steps between labels are equal (1, 2 or 5 times a power of ten).
      let decimals = ticks.map { Decimal(string: $0.label)! }
      for (tick, decimal) in zip(ticks, decimals) {
        #expect(Double(tick.label) == tick.value)
        #expect(Double("\(decimal)") == tick.value)
      }
      let steps = zip(decimals.dropFirst(), decimals).map { $0 - $1 }
      #expect(Set(steps).count == 1, "\(low)...\(high): steps \(steps)")
      var significand = steps[0]
      while significand >= 10 { significand /= 10 }
      while significand < 1 { significand *= 10 }
      #expect([1, 2, 5].contains(significand), "step \(steps[0])")
    }
    #expect(throws: RepriseError.self) {
      try AxisTicks.linear(minimum: -1e308, maximum: 1e308, intervals: 5, operation: "test")
    }
  }

  @Test func logTicksArePowersOfTen() {
    let ranges: [(Double, Double)] = [
      (1, 1000), (0.003, 0.2), (5e-324, 1), (2, 2), (10, 10), (1e-30, 1e30), (7e5, 1.5e6),
    ]
    for (low, high) in ranges {
      let (lower, upper, ticks) = AxisTicks.logarithmic(minimum: low, maximum: high)
      // Compare with numpy-free truth: the decimal strings "1e<k>".
      #expect(Double("1e\(lower)")! <= low && Double("1e\(upper)")! >= high)
      #expect(upper > lower)
      for tick in ticks where tick.decadeExponent != nil {
        #expect(tick.value == Double("1e\(tick.decadeExponent!)"))
      }
      for tick in ticks where tick.isMajor {
        #expect(tick.label.isEmpty || tick.label.hasPrefix("10^"))
      }
      let labelled = ticks.filter { $0.decadeExponent != nil }.count
      #expect(labelled >= 2 && labelled <= 9)
    }
    #expect(AxisTicks.decade(of: 1000) == 3 && AxisTicks.decade(of: 999.9999) == 2)
    #expect(AxisTicks.decade(of: 0.1) == -1 && AxisTicks.decade(of: 0.09999999) == -2)
  }

  @Test func numbersArePrintedExactly() {
    #expect(SVGText.decimal(significand: 3, exponent: -1) == "0.3")
    #expect(SVGText.decimal(significand: -5, exponent: -1) == "-0.5")
    #expect(SVGText.decimal(significand: 25, exponent: -8) == "2.5e-7")
    #expect(SVGText.decimal(significand: 15, exponent: 2) == "1500")
    #expect(SVGText.decimal(significand: 1, exponent: 12) == "1e12")
    #expect(SVGText.decimal(significand: 120, exponent: -3) == "0.12")
    #expect(SVGText.decimal(significand: 1, exponent: -4) == "0.0001")
    #expect(SVGText.decimal(significand: 0, exponent: 7) == "0")
    #expect(SVGText.number(3.14159) == "3.14")
    #expect(SVGText.number(-0.001) == "0")
    #expect(SVGText.number(2.5) == "2.5")
    #expect(SVGText.number(100) == "100")
    #expect(SVGText.number(0.07) == "0.07")
    #expect(SVGText.number(-12.3) == "-12.3")
    #expect(SVGText.number(1e300) == "10000000")
  }

  @Test func textIsEscaped() throws {
    #expect(
      SVGText.escaped("a<b & \"c\" 'd' >\u{1}é")
        == "a&lt;b &amp; &quot;c&quot; &apos;d&apos; &gt;\u{FFFD}é")
    let title = "R² < 0.5 & \"x\" \u{7}"
    let parsed = try SVGInspector.parse(try fullChart(title: title).svg)
    #expect(parsed.text.contains("R² < 0.5 & \"x\" \u{FFFD}"))
  }

  /// Pixel positions are affine in the data on linear axes and in log10 on log axes.
  @Test func positionsFollowTheScale() throws {
    var chart = Chart(xScale: .linear, yScale: .log)
    chart.line(x: [0, 1, 3], y: [1, 10, 1000])
    let svg = try SVGInspector.parse(try chart.svg)
    let points = svg.all("polyline")[0]["points"]!.split(separator: " ").map {
      $0.split(separator: ",").map { Double($0)! }
    }
    let dx1 = points[1][0] - points[0][0]
    let dx3 = points[2][0] - points[0][0]
    #expect(abs(dx3 - 3 * dx1) <= 0.02)
    let dy1 = points[1][1] - points[0][1]
    let dy3 = points[2][1] - points[0][1]
    #expect(dy1 < 0 && abs(dy3 - 3 * dy1) <= 0.02)  // up the page, three decades = 3 × one
  }

  @Test func heatmapCellsUseTheColorMapWithRowZeroOnTop() throws {
    var chart = Chart()
    chart.heatmap(
      [[0, 1], [0.5, 0.25]], rowLabels: ["r0", "r1"], columnLabels: ["c0", "c1"],
      colorBarLabel: "value")
    let svg = try SVGInspector.parse(try chart.svg)
    let viridis = ColorMap.viridis
    let cells = svg.all("rect").filter { rect in
      [0, 1, 0.5, 0.25].map { viridis.color(at: $0).hexString }.contains(rect["fill"] ?? "")
        && Double(rect["width"]!)! > 20
    }
    #expect(cells.count == 4)
    let y0 = cells.filter { $0["fill"] == viridis.color(at: 0).hexString }.map { Double($0["y"]!)! }
    let y1 = cells.filter { $0["fill"] == viridis.color(at: 0.5).hexString }.map {
      Double($0["y"]!)!
    }
    #expect(y0.count == 1 && y1.count == 1 && y0[0] < y1[0])
  }

  @Test func heatmapCellsTileWithoutSeams() throws {
    // 37 columns over an extent whose pixel edges fall between the 0.01 px
    // grid of the SVG text; alternating values make every cell its own rect.
    // Each cell must end exactly where the next one starts, as written (a
    // 0.01 px gap shows as a white line when the figure is scaled).
    let columns = 37
    var chart = Chart()
    chart.heatmap(
      [(0..<columns).map { Double($0 % 2) }], x: -1.3...2.9, y: 0...1, colorBarLabel: "v")
    let svg = try SVGInspector.parse(try chart.svg)
    let fills = Set([0.0, 1.0].map { ColorMap.viridis.color(at: $0).hexString })
    let cells = svg.all("rect").filter { fills.contains($0["fill"] ?? "") && $0["y"] != nil }
      .map { (x: Decimal(string: $0["x"]!)!, width: Decimal(string: $0["width"]!)!) }
      .sorted { $0.x < $1.x }
    #expect(cells.count >= columns)
    let row = Array(cells.prefix(columns))
    for (left, right) in zip(row, row.dropFirst()) {
      #expect(
        left.x + left.width == right.x,
        "cell at \(left.x) ends at \(left.x + left.width), next starts at \(right.x)")
    }
  }

  @Test func colorMapsInterpolateTheirControlPoints() throws {
    #expect(ColorMap.viridis.color(at: 0).hexString == "#440154")
    #expect(ColorMap.viridis.color(at: 1).hexString == "#fde725")
    #expect(ColorMap.viridis.color(at: 0.5).hexString == "#21918c")
    #expect(ColorMap.viridis.color(at: 2) == ColorMap.viridis.color(at: 1))
    #expect(ColorMap.diverging.color(at: 0.5).hexString == "#f7f7f7")
    let twoPoint = try ColorMap(controlPoints: [Color(hex: 0x000000), Color(hex: 0xC86432)])
    #expect(twoPoint.color(at: 0.5) == Color(red: 100, green: 50, blue: 25))
    #expect(throws: RepriseError.self) { try ColorMap(controlPoints: [.black]) }
    #expect(Color.palette.count == 8 && Set(Color.palette).count == 8)
  }

  @Test func badDataIsATypedError() {
    var nan = Chart()
    nan.line("loss", x: [1, 2, 3], y: [1, .nan, 3])
    let error = #expect(throws: RepriseError.self) { _ = try nan.svg }
    guard case .nonFinite("Chart.svg line 'loss'", 1, 1, let value)? = error, value.isNaN else {
      Issue.record("expected a non-finite error at point 1, y; got \(String(describing: error))")
      return
    }
    var infinite = Chart()
    infinite.heatmap([[1, 2], [3, .infinity]], rowLabels: ["a", "b"], columnLabels: ["c", "d"])
    #expect(
      throws: RepriseError.nonFinite(
        operation: "Chart.svg heatmap", row: 1, column: 1, value: .infinity)
    ) {
      _ = try infinite.svg
    }
    var logZero = Chart(yScale: .log)
    logZero.line(x: [1, 2], y: [1, 0])
    #expect(throws: RepriseError.self) { _ = try logZero.svg }
    var ragged = Chart()
    ragged.scatter(x: [1, 2], y: [1])
    #expect(
      throws: RepriseError.shapeMismatch(
        operation: "Chart.svg scatter: x and y", expected: [2], got: [1])
    ) {
      _ = try ragged.svg
    }
    var wrongBars = Chart()
    wrongBars.bars(categories: ["a", "b"], series: [BarSeries("s", values: [1])])
    #expect(throws: RepriseError.self) { _ = try wrongBars.svg }
    var tiny = Chart()
    tiny.width = 10
    #expect(throws: RepriseError.self) { _ = try tiny.svg }
  }

  @Test func writesTheDocumentToAFile() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "reprise-chart-\(getpid()).svg"
    ).path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let chart = fullChart()
    try chart.write(to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == (try chart.svg))
  }
}
