// Exact widening of narrow binary floating-point formats (binary16,
// bfloat16, the OCP 8-bit floats) to Float or Double, on bit patterns.
//
// A format with e exponent bits, f fraction bits and bias b = 2^(e−1) − 1
// stores sign s, exponent field E and fraction F. Normal numbers (0 < E <
// all ones) are (−1)^s · (2^f + F) · 2^(E − b − f); subnormals (E = 0) are
// (−1)^s · F · 2^(1 − b − f) (IEEE 754-2019 §3.4). Widening writes the same
// value in the target format: with m the integer significand and p the index
// of its top bit, the value is 2^(exponent + p) · 1.(rest), so the target
// field is exponent + p + target bias and the fraction is the bits below p
// shifted up. A source subnormal becomes a target normal (binary16 → Float),
// or stays subnormal when the target has no more exponent range (bfloat16 →
// Float: the significand only moves up by the difference in fraction bits).
// Every source value has an exact target value, so nothing is rounded.
//
// Specials: in IEEE-style formats (F16, BF16, F32, F8_E5M2) an all-ones
// exponent is ±∞ (F = 0) or NaN; a NaN keeps its sign and its fraction,
// shifted to the top of the target fraction, and comes out quiet (top
// fraction bit set), as IEEE 754 §6.2 asks of a conversion and as x86's
// conversions and PyTorch's do. F8_E4M3
// (the "FN" format) has no infinities: only S.1111.111 is NaN and the rest
// of the top binade holds finite values up to 448 (OCP 8-bit floating point
// specification, 2023). F8_E8M0 is an unsigned power of two 2^(E − 127)
// with 0xFF as NaN. Cost: a few integer operations per element; a large
// tensor widens each of the 2^8 or 2^16 patterns once and looks elements up.

/// The bit layout of a narrow binary floating-point format.
struct SmallFloatFormat: Sendable {
  let exponentBits: Int
  let fractionBits: Int
  /// Whether an all-ones exponent means ±∞/NaN (IEEE) or, as in E4M3FN,
  /// only the all-ones pattern is NaN and the rest are finite.
  let ieeeSpecials: Bool

  static let binary16 = SmallFloatFormat(exponentBits: 5, fractionBits: 10, ieeeSpecials: true)
  static let bfloat16 = SmallFloatFormat(exponentBits: 8, fractionBits: 7, ieeeSpecials: true)
  static let float8E5M2 = SmallFloatFormat(exponentBits: 5, fractionBits: 2, ieeeSpecials: true)
  static let float8E4M3 = SmallFloatFormat(exponentBits: 4, fractionBits: 3, ieeeSpecials: false)

  let bias: Int

  init(exponentBits: Int, fractionBits: Int, ieeeSpecials: Bool) {
    (self.exponentBits, self.fractionBits, self.ieeeSpecials) =
      (exponentBits, fractionBits, ieeeSpecials)
    bias = (1 << (exponentBits - 1)) - 1
  }
}

enum SmallFloatWidening {
  /// The bits of `bits` (in `source`) written exactly in the binary format
  /// with `exponentBits` and `fractionBits` (8/23 for Float, 11/52 for Double).
  @inline(__always)
  static func widen(
    _ bits: UInt64, from source: SmallFloatFormat, exponentBits: Int, fractionBits: Int
  ) -> UInt64 {
    let f = source.fractionBits
    let sign = (bits >> UInt64(source.exponentBits + f)) & 1
    let exponentField = Int((bits >> UInt64(f)) & ((1 << UInt64(source.exponentBits)) - 1))
    let fraction = bits & ((1 << UInt64(f)) - 1)
    let allOnes = (1 << source.exponentBits) - 1
    let targetAllOnes = UInt64((1 << exponentBits) - 1)
    let signBit = sign << UInt64(exponentBits + fractionBits)
    let isSpecial =
      exponentField == allOnes
      && (source.ieeeSpecials || fraction == (1 << UInt64(f)) - 1)
    if isSpecial {
      // ±∞ (IEEE, zero fraction) or a quiet NaN with its fraction moved up.
      let quiet: UInt64 = fraction == 0 ? 0 : 1 << UInt64(fractionBits - 1)
      return signBit | targetAllOnes << UInt64(fractionBits) | quiet
        | fraction << UInt64(fractionBits - f)
    }
    let significand = exponentField == 0 ? fraction : fraction | (1 << UInt64(f))
    if significand == 0 { return signBit }
    // value = significand · 2^(scale), scale = unbiased exponent − f.
    let scale = (exponentField == 0 ? 1 : exponentField) - source.bias - f
    let top = 63 - significand.leadingZeroBitCount
    let targetBias = (1 << (exponentBits - 1)) - 1
    let targetExponent = scale + top + targetBias
    if targetExponent >= 1 {
      let rest = significand ^ (1 << UInt64(top))
      return signBit | UInt64(targetExponent) << UInt64(fractionBits)
        | rest << UInt64(fractionBits - top)
    }
    // Target subnormal: field = significand · 2^(scale − (1 − targetBias − fractionBits)).
    let shift = scale - 1 + targetBias + fractionBits
    precondition(shift >= 0, "widening must not lose bits")
    return signBit | significand << UInt64(shift)
  }

  /// F8_E8M0: 2^(E − 127), and NaN for E = 0xFF.
  @inline(__always)
  static func double(e8m0 byte: UInt8) -> Double {
    if byte == 0xFF { return Double(bitPattern: 0x7FF8_0000_0000_0000) }
    return Double(bitPattern: UInt64(Int(byte) - 127 + 1023) << 52)
  }
}
