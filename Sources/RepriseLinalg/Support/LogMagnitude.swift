// Natural logarithms for log-determinants, without libm.
//
// What: ln x for finite x > 0, and the pair (sign, ln|Π dᵢ|) of a product of
// pivots, accumulated without overflow or underflow.
// Method: x = m·2ᵉ with m ∈ [√½, √2); ln m = 2·atanh(s) with s = (m−1)/(m+1),
// |s| ≤ 0.172, summed as the odd series 2(s + s³/3 + s⁵/5 + …) to 12 terms
// (error below 2⁻⁵⁸ relative) by Horner's rule with fused multiply-adds, in
// Double for both scalar types; ln 2 is split in two parts so e·ln 2 is exact
// enough. Products are accumulated as significand·2^exponent, renormalised
// after every factor, and one logarithm is taken at the end.
// Cost: a few dozen flops per logarithm.
// Note: a stop-gap until RepriseCore's own elementary functions land; swap
// `FactorLog.log` for them then (results may change in the last bit).
// Source: the classical atanh expansion of the logarithm (e.g. Muller,
// "Elementary Functions", 3rd ed., §11.3 on argument reduction).

enum FactorLog {
  /// ln x for finite x > 0.
  static func log<T: RealScalar>(_ x: T) -> T {
    precondition(x > 0 && x.isFinite, "FactorLog.log needs a finite positive argument")
    let d = Double(x)
    var e = Int(d.exponent)
    var m = d.significand  // in [1, 2)
    if m > 1.4142135623730951 {
      m *= 0.5
      e += 1
    }
    return T(Double(exponent: e, logOfSignificand: m))
  }

  /// Sign and ln|product| of the given factors; sign 0 if a factor is 0.
  static func signAndLogOfProduct<T: RealScalar>(_ factors: [T]) -> (sign: T, logAbs: T) {
    var sign: T = 1
    var significand: Double = 1
    var exponent = 0
    for f in factors {
      if f == 0 { return (0, -T.infinity) }
      if f < 0 { sign = -sign }
      let g = Double(f.magnitude)
      significand *= g.significand
      exponent += Int(g.exponent)
      // Renormalise to [1, 2) so the product never overflows.
      exponent += Int(significand.exponent)
      significand = significand.significand
    }
    var e = exponent
    var m = significand
    if m > 1.4142135623730951 {
      m *= 0.5
      e += 1
    }
    return (sign, T(Double(exponent: e, logOfSignificand: m)))
  }
}

extension Double {
  /// e·ln 2 + ln m for m ∈ [√½, √2).
  fileprivate init(exponent e: Int, logOfSignificand m: Double) {
    let s = (m - 1) / (m + 1)
    let s2 = s * s
    // 2·(1 + s²/3 + s⁴/5 + … + s²²/23), Horner from the highest term.
    var p: Double = 2.0 / 23.0
    var k = 21.0
    while k >= 1 {
      p = (2.0 / k).addingProduct(p, s2)
      k -= 2
    }
    let logM = s * p
    let ln2Hi = 0.693_147_180_369_123_816_49  // 0x1.62e42feep-1: exact times any |e| < 2²⁰
    let ln2Lo = 1.908_214_929_270_587_7e-10  // ln 2 − ln2Hi
    let ed = Double(e)
    self = ed * ln2Hi + logM.addingProduct(ed, ln2Lo)
  }
}
