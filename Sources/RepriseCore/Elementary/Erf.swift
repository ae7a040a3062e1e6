// erf for Double.
//
// Method: erf is odd, so work with a = |x| and restore the sign.
//  * a < 0.75: erf(a) = a (c0 + a^2 Q(a^2)) with c0 = 2/sqrt(pi) stored as a
//    double-double and Q a degree-9 near-minimax polynomial in a^2 (relative
//    error < 2^-56); evaluated as fma(a, c0_hi, a*(c0_lo + a^2 Q)).
//  * 0.75 <= a < 6: 21 pieces [i/4, (i+1)/4), i = 3...23; on each,
//    erf(c_i + u) = e_hi + (e_lo + u P_i(u)) with c_i the piece centre,
//    |u| <= 1/8, e_hi + e_lo = erf(c_i) as a double-double and P_i of degree
//    10 in u, so u P_i has degree 11 (near-minimax, absolute error < 2^-56;
//    erf >= 0.7 there, so this is below 1/8 ulp).
//  * a >= 6: erf rounds to 1 (1 - erf(6) < 2^-54).
// Piecewise polynomials replace the rational erfc approximations of the
// classic fdlibm design (which needs an accurate exp(-x^2)); they cost no
// division and no exp. Coefficients: Chebyshev interpolation with mpmath,
// Fixtures/scripts/make_elementary_coefficients.py.
// Cost: ~15 flops (small) or ~13 flops + table (pieces).

extension Double {
  /// Error function, within 1 ulp.
  @inlinable
  public static func erf(_ x: Double) -> Double {
    let a = x.magnitude
    if a < 0.75 {
      if a < 0x1p-60 { return x.addingProduct(x, 0x1.06eba8214db69p-3) }
      let z = x * x
      var q = erfSmallPoly9
      q = erfSmallPoly8.addingProduct(q, z)
      q = erfSmallPoly7.addingProduct(q, z)
      q = erfSmallPoly6.addingProduct(q, z)
      q = erfSmallPoly5.addingProduct(q, z)
      q = erfSmallPoly4.addingProduct(q, z)
      q = erfSmallPoly3.addingProduct(q, z)
      q = erfSmallPoly2.addingProduct(q, z)
      q = erfSmallPoly1.addingProduct(q, z)
      q = erfSmallPoly0.addingProduct(q, z)
      return (x * erfC0Lo.addingProduct(z, q)).addingProduct(x, erfC0Hi)
    }
    if !(a < 6) {
      if x.isNaN { return x + x }
      return x > 0 ? 1 : -1
    }
    let v = _erfPiece(a)
    return x < 0 ? -v : v
  }

  @usableFromInline
  static func _erfPiece(_ a: Double) -> Double {
    let i = Int(a * 4)  // 3...23, exact truncation of an exact product
    let u = a - (Double(i) + 0.5) * 0.25
    return erfPieceCoeffs.withUnsafeBufferPointer { c in
      let base = (i - 3) * erfPieceDegree
      var p = c[base + erfPieceDegree - 1]
      var j = erfPieceDegree - 2
      while j >= 0 {
        p = c[base + j].addingProduct(p, u)
        j -= 1
      }
      return erfPieceHi[i - 3] + erfPieceLo[i - 3].addingProduct(u, p)
    }
  }
}
