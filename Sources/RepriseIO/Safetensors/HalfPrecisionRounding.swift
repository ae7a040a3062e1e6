// Rounding Float to binary16 (F16) and bfloat16 (BF16) bit patterns, for
// writing half-precision safetensors files.
//
// Both round to nearest, ties to even (IEEE 754 §4.3.1), on bit patterns.
// bfloat16 is the top half of a binary32 with the same exponent range, so
// adding 0x7FFF plus the lowest kept bit to the pattern and keeping the top
// 16 bits rounds every finite value correctly, subnormals included, and
// carries into the exponent (up to ±∞) on its own. binary16 has 5 exponent
// bits (bias 15): a Float 1.m · 2^E with E ≥ −14 keeps the top 10 of its 23
// fraction bits; with E < −14 the 24-bit significand is shifted right by
// −(E + 1) into a subnormal (unit 2^−24). In both cases the dropped bits
// decide the rounding, and a carry out of the fraction moves into the
// exponent field, which is what IEEE rounding does (so 65520 becomes ∞).
// NaN stays NaN with its sign and the top of its payload, quiet. Cost: a
// few integer operations per element.

enum HalfPrecisionRounding {
  /// `value` rounded to the nearest bfloat16, ties to even.
  static func bfloat16(_ value: Float) -> UInt16 {
    let bits = value.bitPattern
    if value.isNaN { return UInt16(bits >> 16) | 0x0040 }
    return UInt16((bits &+ 0x7FFF &+ ((bits >> 16) & 1)) >> 16)
  }

  /// `value` rounded to the nearest binary16, ties to even.
  static func binary16(_ value: Float) -> UInt16 {
    let bits = value.bitPattern
    let sign = UInt16(bits >> 16) & 0x8000
    let exponentField = Int((bits >> 23) & 0xFF)
    let fraction = bits & 0x7F_FFFF
    if exponentField == 0xFF {
      // ±∞, or a quiet NaN keeping the top 10 payload bits.
      return fraction == 0 ? sign | 0x7C00 : sign | 0x7E00 | UInt16(fraction >> 13)
    }
    if exponentField == 0 { return sign }  // |value| < 2^−126 rounds to ±0
    let exponent = exponentField - 127
    if exponent > 15 { return sign | 0x7C00 }
    let significand = fraction | 0x80_0000  // 24 bits, value = significand · 2^(exponent − 23)
    let shift = exponent >= -14 ? 13 : 13 + (-14 - exponent)
    if shift > 24 { return sign }  // below half the smallest subnormal
    let kept = significand >> UInt32(shift)
    let dropped = significand & ((1 << UInt32(shift)) - 1)
    let half = UInt32(1) << UInt32(shift - 1)
    // Normal: exponent field and fraction side by side; subnormal: the field is 0.
    var result = exponent >= -14 ? UInt32(exponent + 15) << 10 | (kept & 0x3FF) : kept
    if dropped > half || (dropped == half && result & 1 == 1) { result += 1 }
    return sign | UInt16(result)
  }
}
