// The sign and logarithm of a product of pivots, for log-determinants.
//
// What: (sign, ln|Π dᵢ|) of a list of factors, without the overflow or
// underflow that forming the product would risk (a 500×500 determinant
// easily passes 1e±308).
// Method: accumulate the product as significand·2^exponent, renormalising
// the significand to [1, 2) after every factor, and take one logarithm at the
// end: ln|Π| = ln m + e·ln 2, with Reprise's own `Double.log` (pure Swift,
// ≤ 1 ulp) and ln 2 split in a high part exact for |e| < 2²⁰ and a low part.
// Cost: one multiply per factor and one logarithm.

enum FactorLog {
  /// Sign and ln|product| of the given factors; sign 0 and −∞ if a factor is 0.
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
    let ln2High = 0.693_147_180_369_123_816_49  // 0x1.62e42feep-1: exact times any |e| < 2²⁰
    let ln2Low = 1.908_214_929_270_587_7e-10  // ln 2 − ln2High
    let e = Double(exponent)
    return (sign, T(e * ln2High + Double.log(significand).addingProduct(e, ln2Low)))
  }
}
