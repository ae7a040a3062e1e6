// Colour maps: numbers in [0, 1] to colours, for heatmaps and colour bars.
//
// A map is a list of equally spaced control colours; a value between two
// control points is the channel-wise linear interpolation of its neighbours
// in sRGB, rounded to 8 bits. With nine control points the result is close
// enough to the maps it imitates for reading a figure.
//
// - `viridis`: sequential, perceptually uniform, dark purple → blue → green →
//   yellow; control points sampled from the published viridis map (van der
//   Walt & Smith, matplotlib 2.0, 2015) at eighths (nine points).
// - `diverging`: blue → near-white → red for signed data centred on zero
//   (control colours after Brewer's RdBu scheme, reversed so negative is blue).
// - `grays`: white → black.

/// A colour map over [0, 1], interpolated between equally spaced colours.
public struct ColorMap: Sendable, Equatable {
  /// The control colours at 0, 1/(n−1), …, 1.
  public let controlPoints: [Color]
  /// Whether the map is meant for data centred on zero (its default value
  /// range is then symmetric about zero).
  public let isDiverging: Bool

  /// A map through `controlPoints` (at least two).
  public init(controlPoints: [Color], isDiverging: Bool = false) throws {
    guard controlPoints.count >= 2 else {
      throw RepriseError.invalidArgument(
        operation: "ColorMap.init", name: "controlPoints",
        reason: "needs at least two colours, got \(controlPoints.count)")
    }
    self.controlPoints = controlPoints
    self.isDiverging = isDiverging
  }

  private init(unchecked hexes: [UInt32], isDiverging: Bool) {
    controlPoints = hexes.map(Color.init(hex:))
    self.isDiverging = isDiverging
  }

  public static let viridis = ColorMap(
    unchecked: [
      0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C, 0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725,
    ], isDiverging: false)

  public static let diverging = ColorMap(
    unchecked: [
      0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B,
    ],
    isDiverging: true)

  public static let grays = ColorMap(unchecked: [0xFFFFFF, 0x000000], isDiverging: false)

  /// The colour at `t`, clamped to [0, 1] (NaN gives the first colour).
  public func color(at t: Double) -> Color {
    let clamped = t.isNaN ? 0 : min(max(t, 0), 1)
    let position = clamped * Double(controlPoints.count - 1)
    let index = min(Int(position), controlPoints.count - 2)
    let fraction = position - Double(index)
    let a = controlPoints[index]
    let b = controlPoints[index + 1]
    func mix(_ x: UInt8, _ y: UInt8) -> UInt8 {
      let value = Double(x) + (Double(y) - Double(x)) * fraction
      return UInt8(min(max(value.rounded(.toNearestOrEven), 0), 255))
    }
    return Color(red: mix(a.red, b.red), green: mix(a.green, b.green), blue: mix(a.blue, b.blue))
  }
}
