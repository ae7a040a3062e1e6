// Colours for figures, and the default palette for series.
//
// The palette is Okabe and Ito's set of eight colours chosen to stay
// distinguishable under the common forms of colour blindness ("Color
// Universal Design", Okabe & Ito 2008), ordered so that the first colours
// have good contrast on white (yellow and black come last).

/// An sRGB colour with 8-bit channels.
public struct Color: Sendable, Equatable, Hashable {
  public var red: UInt8
  public var green: UInt8
  public var blue: UInt8

  public init(red: UInt8, green: UInt8, blue: UInt8) {
    self.red = red
    self.green = green
    self.blue = blue
  }

  /// A colour from a 24-bit value such as `0xE69F00`.
  public init(hex: UInt32) {
    self.init(
      red: UInt8(truncatingIfNeeded: hex >> 16), green: UInt8(truncatingIfNeeded: hex >> 8),
      blue: UInt8(truncatingIfNeeded: hex))
  }

  /// `#rrggbb`, lower case.
  public var hexString: String {
    let digits = Array("0123456789abcdef")
    var text = "#"
    for channel in [red, green, blue] {
      text.append(digits[Int(channel >> 4)])
      text.append(digits[Int(channel & 15)])
    }
    return text
  }

  public static let black = Color(hex: 0x000000)
  public static let white = Color(hex: 0xFFFFFF)
  public static let gray = Color(hex: 0x7F7F7F)
  public static let lightGray = Color(hex: 0xE5E5E5)

  /// Okabe–Ito colours: orange, sky blue, bluish green, vermillion, blue,
  /// reddish purple, yellow, black. Series without an explicit colour take
  /// them in this order, cycling after eight.
  public static let palette: [Color] = [
    Color(hex: 0xE69F00), Color(hex: 0x56B4E9), Color(hex: 0x009E73), Color(hex: 0xD55E00),
    Color(hex: 0x0072B2), Color(hex: 0xCC79A7), Color(hex: 0xF0E442), Color(hex: 0x000000),
  ]

  /// The palette colour for series number `index` (cycling).
  public static func series(_ index: Int) -> Color {
    palette[((index % palette.count) + palette.count) % palette.count]
  }
}
