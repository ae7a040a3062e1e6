// Axis ranges and tick marks: "nice" linear ticks and decade ticks for logs.
//
// Linear axes (after Heckbert, "Nice numbers for graph labels", Graphics
// Gems, 1990): divide the data span by the wanted number of intervals, round
// that raw step to 1, 2 or 5 times a power of ten, and extend the range
// outwards to the enclosing multiples of the step, so the ticks always cover
// the data. A tick value is the integer `i·m` times `10^e`; its label is
// printed from those integers (never from the binary double, so 0.3 reads
// "0.3"), and its position uses the double nearest to that decimal, parsed
// from text (correctly rounded), which also decides the coverage checks
// exactly. A span that is zero or negligible against the values is widened
// around the centre first.
//
// Logarithmic axes: the range extends to the enclosing powers of ten, found
// by exact comparison with the correctly rounded doubles 10^k; every decade
// gets a tick (or every s-th when there are more than eight), with unlabelled
// minor ticks at 2…9 × 10^k when the axis spans at most six decades.
// Cost: O(number of ticks) parses of short decimal strings.

/// A tick on an axis: its value, its label, and whether it is a major tick.
struct AxisTick: Equatable {
  var value: Double
  var label: String
  /// For decade ticks of a log axis: the power of ten (label reads 10^k).
  var decadeExponent: Int?
  var isMajor: Bool
}

enum AxisTicks {
  /// The double nearest to `significand × 10^exponent`.
  static func decimalValue(_ significand: Int, _ exponent: Int) -> Double {
    Double("\(significand)e\(exponent)") ?? .nan
  }

  /// The double nearest to 10^k (0 below the subnormal range, ∞ above).
  static func powerOfTen(_ k: Int) -> Double { decimalValue(1, k) }

  /// The largest k with 10^k ≤ x, for positive finite x.
  static func decade(of x: Double) -> Int {
    var k = Int((Double(x.exponent) * 0.30103).rounded(.down))
    while powerOfTen(k) > x { k -= 1 }
    while powerOfTen(k + 1) <= x { k += 1 }
    return k
  }

  /// Nice ticks covering [minimum, maximum] with about `intervals` steps;
  /// returns the axis range (first and last tick) and the ticks.
  static func linear(minimum: Double, maximum: Double, intervals: Int, operation: String) throws
    -> (lower: Double, upper: Double, ticks: [AxisTick])
  {
    var low = minimum
    var high = maximum
    let scale = max(abs(low), abs(high))
    if !(high - low > scale * 1e-9) {
      let centre = low / 2 + high / 2
      let half = centre == 0 ? 1 : abs(centre) * 0.1
      low = centre - half
      high = centre + half
    }
    let span = high - low
    guard span.isFinite else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "axis range",
        reason: "data span from \(minimum) to \(maximum) overflows a Double")
    }
    let raw = span / Double(max(intervals, 1))
    var exponent = decade(of: raw)
    let fraction = raw / powerOfTen(exponent)
    let multiple: Int
    if fraction < 1.5 {
      multiple = 1
    } else if fraction < 3 {
      multiple = 2
    } else if fraction < 7 {
      multiple = 5
    } else {
      multiple = 1
      exponent += 1
    }
    let step = Double(multiple) * powerOfTen(exponent)
    func value(_ i: Int) -> Double { decimalValue(i * multiple, exponent) }
    var first = Int((low / step).rounded(.down))
    var last = Int((high / step).rounded(.up))
    while value(first) > low { first -= 1 }
    while value(first + 1) <= low { first += 1 }
    while value(last) < high { last += 1 }
    while value(last - 1) >= high { last -= 1 }
    let ticks = (first...last).map {
      AxisTick(
        value: value($0), label: SVGText.decimal(significand: $0 * multiple, exponent: exponent),
        decadeExponent: nil, isMajor: true)
    }
    return (value(first), value(last), ticks)
  }

  /// Nice ticks of a fixed range [lower, upper] (only those inside it).
  static func linearInside(lower: Double, upper: Double, intervals: Int, operation: String) throws
    -> [AxisTick]
  {
    try linear(minimum: lower, maximum: upper, intervals: intervals, operation: operation).ticks
      .filter { $0.value >= lower && $0.value <= upper }
  }

  /// Decade ticks covering [minimum, maximum] (both positive); returns the
  /// enclosing decades and the ticks.
  static func logarithmic(minimum: Double, maximum: Double) -> (
    lowerDecade: Int, upperDecade: Int, ticks: [AxisTick]
  ) {
    let lower = decade(of: minimum)
    var upper = decade(of: maximum)
    if powerOfTen(upper) < maximum { upper += 1 }
    if upper == lower { upper += 1 }
    return (lower, upper, decadeTicks(lower: lower, upper: upper))
  }

  /// The ticks between two decades, labelled every s-th decade.
  static func decadeTicks(lower: Int, upper: Int) -> [AxisTick] {
    let decades = upper - lower
    let stride = max(1, (decades + 7) / 8)
    var ticks: [AxisTick] = []
    for k in lower...upper {
      let labelled = (k - lower) % stride == 0
      ticks.append(
        AxisTick(
          value: powerOfTen(k), label: labelled ? "10^\(k)" : "",
          decadeExponent: labelled ? k : nil, isMajor: true))
      if decades <= 6 && k < upper {
        for m in 2...9 {
          ticks.append(
            AxisTick(value: decimalValue(m, k), label: "", decadeExponent: nil, isMajor: false))
        }
      }
    }
    return ticks
  }
}
