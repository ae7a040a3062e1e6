// tanh, sigmoid (logistic) and softplus for Double.
//
// All three are built on an extra-precise e^y = E_hi + E_lo (the exp
// reduction of Exp.swift keeping the rounding error of the last FMA, relative
// error ~2^-60), so the usual cancellations do not cost accuracy:
//
// tanh: |x| < 2^-30: x. |x| < 1/16: tanh x = x + x^3 T(x^2), T a degree-4 near-minimax
//   polynomial (relative error < 2^-63). Otherwise, with E = e^(2|x|) and
//   D = 1 + E as a double-double, tanh|x| = 1 - q with q = 2/D; q is a
//   correctly rounded division plus a Newton-style correction
//   (2 - q D_hi - q D_lo)/D, and 1 - q is split exactly (Fast2Sum). For
//   |x| >= 20, tanh = ±1 exactly after rounding. tanh(-x) = -tanh(x).
// sigmoid: with E = e^(-|x|) in (0, 1], 1/(1+E) (x >= 0) or E/(1+E) (x < 0),
//   each a division plus a residual correction computed with one FMA. For
//   x >= 40 the result rounds to 1; for x < -40 it equals e^x to within
//   2^-57 relative, so exp(x) is returned (which also gives correct
//   subnormal results and underflow).
// softplus: log(1 + e^x) is log1p(E_hi + E_lo) evaluated by the log1p core of
//   Log.swift with E_lo folded into the low part. x > 36 returns x (the
//   correction is below half an ulp of x); x < -40 returns e^x.
//
// Cost: tanh ~ exp + 1 division + 15 flops; sigmoid ~ exp + 2 divisions;
// softplus ~ exp + log1p. Sources: Muller, "Elementary Functions"; the
// double-double building blocks (TwoSum, Fast2Sum, exact FMA residuals) are
// from Muller et al., "Handbook of Floating-Point Arithmetic".

extension Double {
  /// Hyperbolic tangent, within 1 ulp.
  @inlinable
  public static func tanh(_ x: Double) -> Double {
    let ax = x.magnitude
    if ax < 0.0625 {
      // Below 2^-30, x^2/3 < 2^-60: tanh rounds to x (keeps the sign of 0).
      if ax < 0x1p-30 { return x }
      let z = x * x
      var p = tanhSmallPoly4
      p = tanhSmallPoly3.addingProduct(p, z)
      p = tanhSmallPoly2.addingProduct(p, z)
      p = tanhSmallPoly1.addingProduct(p, z)
      p = tanhSmallPoly0.addingProduct(p, z)
      return x.addingProduct(x * z, p)
    }
    if !(ax < 20) {
      if x.isNaN { return x + x }
      return x > 0 ? 1 : -1
    }
    let (eh, el) = _expHiLo(2 * ax)
    let res = _tanhTail(eh, el)
    return x < 0 ? -res : res
  }

  /// 1 - 2/(1 + eh + el) for eh >= 1, to about 0.5 ulp.
  @inlinable @inline(__always)
  static func _tanhTail(_ eh: Double, _ el: Double) -> Double {
    let dh = eh + 1
    let dl = (1 - (dh - eh)) + el
    let q = 2 / dh
    let rem = (2.0).addingProduct(-q, dh)
    let qc = (rem - q * dl) * (0.5 * q)
    let s = 1 - q
    let e = (1 - s) - q
    return s + (e - qc)
  }

  /// The logistic function 1/(1 + e^-x), within 1 ulp; tiny (not 0) for
  /// very negative x until e^x itself underflows.
  @inlinable
  public static func sigmoid(_ x: Double) -> Double {
    if !(x.magnitude <= 40) {
      if x.isNaN { return x + x }
      return x > 0 ? 1 : Double.exp(x)
    }
    let (eh, el) = _expHiLo(-x.magnitude)
    let dh = 1 + eh
    let dl = (eh - (dh - 1)) + el
    let n = x >= 0 ? 1 : eh
    let nl = x >= 0 ? 0 : el
    let q = n / dh
    let rem = n.addingProduct(-q, dh) + nl.addingProduct(-q, dl)
    return q + rem / dh
  }

  /// log(1 + e^x), within 1 ulp: x for large x, e^x for very negative x.
  @inlinable
  public static func softplus(_ x: Double) -> Double {
    if !(x.magnitude <= 36) {
      if x.isNaN { return x + x }
      if x > 0 { return x }
      if x < -40 { return Double.exp(x) }
    }
    let (eh, el) = _expHiLo(x)
    return _log1p(eh, el)
  }
}
