// One axis of a chart: how values map to positions, and where the ticks go.
//
// A numeric axis either encloses the data (nice linear ticks, or whole
// decades on a log axis) or uses the caller's fixed range with the ticks that
// fall inside it. A categorical axis puts category i at the centre of the
// i-th of n equal slots (top-down for the rows of a labelled heatmap).
// Positions are fractions in [0, 1] from the low end; log positions use
// Reprise's own `Double.log` so they are identical on every machine.

struct ChartAxis {
  enum Mapping {
    case linear(lower: Double, upper: Double)
    /// Bounds are base-10 logarithms of the range ends.
    case log(lower: Double, upper: Double)
    case categorical(count: Int, topDown: Bool)
  }

  var mapping: Mapping
  var ticks: [AxisTick]

  static let lnTen = Double.log(10)

  static func log10(_ value: Double) -> Double { Double.log(value) / lnTen }

  /// The position of `value` as a fraction of the axis length.
  func fraction(_ value: Double) -> Double {
    switch mapping {
    case .linear(let lower, let upper):
      return (value - lower) / (upper - lower)
    case .log(let lower, let upper):
      return (ChartAxis.log10(value) - lower) / (upper - lower)
    case .categorical(let count, let topDown):
      let f = (value + 0.5) / Double(count)
      return topDown ? 1 - f : f
    }
  }

  /// Where a categorical slot's edges are: the fraction of index `edge`
  /// (0 … count) measured from the start of the axis.
  func slotEdge(_ edge: Double) -> Double {
    guard case .categorical(let count, let topDown) = mapping else { return 0 }
    let f = edge / Double(count)
    return topDown ? 1 - f : f
  }

  static func categorical(_ labels: [String], topDown: Bool) -> ChartAxis {
    ChartAxis(
      mapping: .categorical(count: max(labels.count, 1), topDown: topDown),
      ticks: labels.enumerated().map {
        AxisTick(value: Double($0.offset), label: $0.element, decadeExponent: nil, isMajor: true)
      })
  }

  /// A numeric axis enclosing `values` (all finite, positive on a log axis)
  /// or spanning `fixed`.
  static func numeric(
    scale: AxisScale, values: [Double], fixed: ClosedRange<Double>?, intervals: Int,
    name: String, operation: String
  ) throws -> ChartAxis {
    if let fixed {
      guard fixed.lowerBound.isFinite, fixed.upperBound.isFinite,
        fixed.lowerBound < fixed.upperBound
      else {
        throw RepriseError.invalidArgument(
          operation: operation, name: name,
          reason: "fixed range \(fixed) must be finite with lower < upper")
      }
      switch scale {
      case .linear:
        let ticks = try AxisTicks.linearInside(
          lower: fixed.lowerBound, upper: fixed.upperBound, intervals: intervals,
          operation: operation)
        return ChartAxis(
          mapping: .linear(lower: fixed.lowerBound, upper: fixed.upperBound), ticks: ticks)
      case .log:
        guard fixed.lowerBound > 0 else {
          throw RepriseError.invalidArgument(
            operation: operation, name: name,
            reason: "fixed range \(fixed) of a log axis must be positive")
        }
        let ticks = AxisTicks.decadeTicks(
          lower: AxisTicks.decade(of: fixed.lowerBound),
          upper: AxisTicks.decade(of: fixed.upperBound) + 1
        ).filter { $0.value >= fixed.lowerBound && $0.value <= fixed.upperBound }
        return ChartAxis(
          mapping: .log(lower: log10(fixed.lowerBound), upper: log10(fixed.upperBound)),
          ticks: ticks)
      }
    }
    switch scale {
    case .linear:
      let low = values.min() ?? 0
      let high = values.max() ?? 1
      let (lower, upper, ticks) = try AxisTicks.linear(
        minimum: low, maximum: high, intervals: intervals, operation: operation)
      return ChartAxis(mapping: .linear(lower: lower, upper: upper), ticks: ticks)
    case .log:
      let (lower, upper, ticks) = AxisTicks.logarithmic(
        minimum: values.min() ?? 1, maximum: values.max() ?? 10)
      return ChartAxis(mapping: .log(lower: Double(lower), upper: Double(upper)), ticks: ticks)
    }
  }
}
