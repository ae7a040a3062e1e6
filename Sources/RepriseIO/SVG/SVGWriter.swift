// Appending SVG elements to a string, one per line, attributes in the order
// written (KeyValuePairs keep it; a Dictionary would not, and the output must
// be the same bytes on every run).

struct SVGWriter {
  var output = ""

  mutating func line(_ text: String) {
    output += text
    output += "\n"
  }

  /// `<name a="1.5" … b="text" …/>`: numeric attributes, then text ones.
  mutating func element(
    _ name: String, _ numbers: KeyValuePairs<String, Double>,
    text: KeyValuePairs<String, String> = [:]
  ) {
    var tag = "<" + name
    for (key, value) in numbers { tag += " \(key)=\"\(SVGText.number(value))\"" }
    for (key, value) in text { tag += " \(key)=\"\(SVGText.escaped(value))\"" }
    line(tag + "/>")
  }

  /// A text element; `extra` is raw attribute text (already safe).
  mutating func text(
    _ content: String, x: Double, y: Double, anchor: String, extra: String = "",
    fill: Color? = nil
  ) {
    let colour = fill.map { " fill=\"\($0.hexString)\"" } ?? ""
    line(
      "<text x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y))\" text-anchor=\"\(anchor)\"\(colour)\(extra)>"
        + SVGText.escaped(content) + "</text>")
  }

  /// A tick label: plain text, or 10 with a raised exponent for decades.
  mutating func tickLabel(_ tick: AxisTick, x: Double, y: Double, anchor: String) {
    guard let k = tick.decadeExponent else {
      if !tick.label.isEmpty { text(tick.label, x: x, y: y, anchor: anchor) }
      return
    }
    line(
      "<text x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y))\" text-anchor=\"\(anchor)\">10<tspan dy=\"-5\" font-size=\"9\">\(k)</tspan></text>"
    )
  }
}

/// The outer `<svg>` element around drawn content.
enum SVGDocument {
  static func wrap(_ body: String, width: Double, height: Double) -> String {
    let w = SVGText.number(width)
    let h = SVGText.number(height)
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" font-family=\"sans-serif\" font-size=\"12\">\n"
      + body + "</svg>\n"
  }
}
