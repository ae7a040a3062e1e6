// Text and numbers as they appear in an SVG document.
//
// Escaping: the five XML special characters become entities, and the control
// characters XML 1.0 forbids (everything below U+0020 except tab, newline and
// carriage return) become U+FFFD, so any label a caller passes yields a
// well-formed document.
//
// Numbers: coordinates are printed with at most two decimals by rounding
// value × 100 to an integer and printing its digits; tick labels are printed
// exactly from an integer significand and a decimal exponent. Neither path
// goes through printf or a locale, so the same chart gives the same bytes on
// every machine.

enum SVGText {
  /// `text` with XML special characters replaced by entities.
  static func escaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
      default:
        if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
          result += "\u{FFFD}"
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result
  }

  /// A coordinate with at most two decimals ("12.5", "-3", "0.07").
  /// Magnitudes are clamped to 10⁷ (far outside any drawing), so the
  /// integer conversion cannot overflow.
  static func number(_ value: Double) -> String {
    let clamped = value.isNaN ? 0 : min(max(value, -1e7), 1e7)
    let hundredths = Int((clamped * 100).rounded(.toNearestOrEven))
    if hundredths == 0 { return "0" }
    let magnitude = hundredths.magnitude
    let whole = magnitude / 100
    let fraction = magnitude % 100
    var text = hundredths < 0 ? "-" : ""
    text += String(whole)
    if fraction != 0 {
      text +=
        fraction % 10 == 0
        ? ".\(fraction / 10)" : (fraction < 10 ? ".0\(fraction)" : ".\(fraction)")
    }
    return text
  }

  /// The decimal `significand × 10^exponent`, written plainly when it has at
  /// most four leading zeros after the point and at most seven integer digits
  /// ("0.25", "1500"), otherwise in scientific form ("2.5e-7", "1e12").
  static func decimal(significand: Int, exponent: Int) -> String {
    if significand == 0 { return "0" }
    var digits = significand.magnitude
    var exponent = exponent
    while digits % 10 == 0 {
      digits /= 10
      exponent += 1
    }
    let sign = significand < 0 ? "-" : ""
    let text = String(digits)
    let integerDigits = text.count + exponent
    if exponent >= 0 && integerDigits <= 7 {
      return sign + text + String(repeating: "0", count: exponent)
    }
    if exponent < 0 && integerDigits > 0 {
      let cut = text.index(text.startIndex, offsetBy: integerDigits)
      return sign + text[..<cut] + "." + text[cut...]
    }
    if exponent < 0 && integerDigits > -4 {
      return sign + "0." + String(repeating: "0", count: -integerDigits) + text
    }
    let mantissa = text.count == 1 ? text : String(text.prefix(1)) + "." + text.dropFirst()
    return sign + mantissa + "e" + String(integerDigits - 1)
  }
}
