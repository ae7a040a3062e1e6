// exp and expm1 for Double, and the Float exp path.
//
// Method (table-driven, after P. T. P. Tang, "Table-driven implementation of
// the exponential function in IEEE floating-point arithmetic", ACM TOMS 1989,
// and J.-M. Muller, "Elementary Functions", ch. 6):
//   x = (128 k + j) ln2/128 + r,  |r| <= ln2/256,
//   e^x = 2^k * 2^(j/128) * e^r.
// The integer n = 128 k + j comes from rounding x*128/ln2 with the
// "add 1.5*2^52" trick (one fused multiply-add), r = x - n*ln2/128 is computed
// with a two-part ln2/128 whose first product is exact under FMA.
// 2^(j/128) is stored as a double t_j plus a relative tail; the bits of t_j
// are pre-biased so that adding n << 45 to them forms 2^k * t_j directly.
// e^r - 1 - r is a degree-5 polynomial in r times r^2 (near-minimax,
// Chebyshev-interpolated, error < 2^-80 relative). The result is
// scale + scale*tmp with tmp = tail + r + r^2 P(r), a single FMA, so the error
// is about 0.5 ulp plus 2^-60 relative.
// Outside |x| <= 708 the same reduction is used with the exponent shifted by a
// constant and a final exact (or once-rounded, for subnormal results) scaling.
//
// expm1: for |x| <= 0.35, expm1(x) = x + x^2 h(x) with a degree-11 polynomial
// h (relative error < 2^-59); otherwise e^x - 1 = (scale - 1) + scale*tmp,
// where scale - 1 is split exactly with a TwoSum so no cancellation is lost.
//
// Float exp has a shorter path of its own (Float.exp below): the widened
// input goes through the same reduction with a one-part ln2/128, no table
// tail, and e^r - 1 ~ r + r^2 (1/2 + r/6); its relative error before the
// final rounding to Float is below 2^-38 (truncation r^4/24 <= 2^-38.6), so
// the Float result is within 0.5 + 2^-14 ulp, subnormal results included
// (the double intermediate is normal and is rounded once).
//
// Cost: exp about 12 flops + 1 table lookup; expm1 about 16 flops; Float exp
// about 7 flops + 1 table lookup.
// Coefficients and tables: Fixtures/scripts/make_elementary_coefficients.py.

@inlinable var expShift: Double { 0x1.8p52 }

extension Double {
  /// Range reduction shared by exp, expm1 and the hi/lo variant:
  /// returns the raw bits `ki` of the rounded 128x/ln2 (low bits = n) and tmp,
  /// with e^x = 2^(n/128) * (1 + tmp) up to 2^-60 relative.
  @inlinable @inline(__always)
  static func _expReduce(_ x: Double, _ tail: UnsafePointer<Double>) -> (ki: UInt64, tmp: Double) {
    let kd0 = expShift.addingProduct(x, expInvLn2N)
    let ki = kd0.bitPattern
    let kd = kd0 - expShift
    var r = x.addingProduct(kd, -expLn2NHi)
    r = r.addingProduct(kd, -expLn2NLo)
    let idx = Int(truncatingIfNeeded: ki & 127)
    var p = expPoly5
    p = expPoly4.addingProduct(p, r)
    p = expPoly3.addingProduct(p, r)
    p = expPoly2.addingProduct(p, r)
    p = expPoly1.addingProduct(p, r)
    p = expPoly0.addingProduct(p, r)
    let r2 = r * r
    let tmp = (tail[idx] + r).addingProduct(r2, p)
    return (ki, tmp)
  }

  /// 2^(n/128) from the reduction bits (valid when the exponent stays normal).
  @inlinable @inline(__always)
  static func _expScale(_ ki: UInt64, _ bits: UnsafePointer<UInt64>) -> Double {
    let idx = Int(truncatingIfNeeded: ki & 127)
    return Double(bitPattern: bits[idx] &+ (ki << 45))
  }

  /// e^x on the main range |x| <= 708 (no overflow, no subnormal result).
  @inlinable @inline(__always)
  static func _expMain(_ x: Double, _ tail: UnsafePointer<Double>, _ bits: UnsafePointer<UInt64>)
    -> Double
  {
    let (ki, tmp) = _expReduce(x, tail)
    let scale = _expScale(ki, bits)
    return scale.addingProduct(scale, tmp)
  }

  /// e^x as an unevaluated sum hi + lo (relative error ~2^-60), for |x| <= 700.
  @inlinable @inline(__always)
  static func _expHiLo(_ x: Double) -> (hi: Double, lo: Double) {
    expTail.withUnsafeBufferPointer { tail in
      expScaleBits.withUnsafeBufferPointer { bits in
        let (ki, tmp) = _expReduce(x, tail.baseAddress!)
        let scale = _expScale(ki, bits.baseAddress!)
        let hi = scale.addingProduct(scale, tmp)
        let lo = (scale - hi).addingProduct(scale, tmp)
        return (hi, lo)
      }
    }
  }

  /// exp outside the main range: NaN, infinities, overflow and subnormal results.
  @usableFromInline
  static func _expSpecial(_ x: Double) -> Double {
    if x.isNaN { return x + x }
    if x > 709.8 { return .infinity }
    if x < -746 { return 0 }
    // 2^(n/128) would leave the normal range: build it with the exponent
    // shifted by `a`, then undo the shift with one multiplication.
    let a: Int64 = x > 0 ? -1 : 1000
    return expTail.withUnsafeBufferPointer { tail in
      expScaleBits.withUnsafeBufferPointer { bits in
        let (ki, tmp) = _expReduce(x, tail.baseAddress!)
        let idx = Int(truncatingIfNeeded: ki & 127)
        let sbits = bits[idx] &+ (ki << 45) &+ (UInt64(bitPattern: a) << 52)
        let scale = Double(bitPattern: sbits)
        let y = scale.addingProduct(scale, tmp)
        return y * Double(sign: .plus, exponent: Int(-a), significand: 1)
      }
    }
  }

  /// e^x, within 1 ulp (about 0.51 ulp).
  @inlinable
  public static func exp(_ x: Double) -> Double {
    if x.magnitude <= 708 {
      return expTail.withUnsafeBufferPointer { tail in
        expScaleBits.withUnsafeBufferPointer { bits in
          _expMain(x, tail.baseAddress!, bits.baseAddress!)
        }
      }
    }
    return _expSpecial(x)
  }

  /// e^x - 1, accurate near 0; within 1 ulp.
  @inlinable
  public static func expm1(_ x: Double) -> Double {
    let ax = x.magnitude
    if ax <= 0.35 {
      if ax < 0x1p-60 { return x }
      var h = expm1Poly11
      h = expm1Poly10.addingProduct(h, x)
      h = expm1Poly9.addingProduct(h, x)
      h = expm1Poly8.addingProduct(h, x)
      h = expm1Poly7.addingProduct(h, x)
      h = expm1Poly6.addingProduct(h, x)
      h = expm1Poly5.addingProduct(h, x)
      h = expm1Poly4.addingProduct(h, x)
      h = expm1Poly3.addingProduct(h, x)
      h = expm1Poly2.addingProduct(h, x)
      h = expm1Poly1.addingProduct(h, x)
      h = expm1Poly0.addingProduct(h, x)
      return x.addingProduct(x * x, h)
    }
    if !(ax <= 708) {
      if x.isNaN { return x + x }
      return x > 0 ? Double.exp(x) : -1
    }
    return expTail.withUnsafeBufferPointer { tail in
      expScaleBits.withUnsafeBufferPointer { bits in
        let (ki, tmp) = _expReduce(x, tail.baseAddress!)
        let scale = _expScale(ki, bits.baseAddress!)
        // TwoSum: scale - 1 = s + err exactly.
        let s = scale - 1
        let bb = s - scale
        let err = (scale - (s - bb)) + (-1 - bb)
        return s + err.addingProduct(scale, tmp)
      }
    }
  }
}

extension Double {
  /// The Float exp core for |x| <= 708: e^x with relative error < 2^-38
  /// (enough for a Float result, see the header).
  @inlinable @inline(__always)
  static func _expFloatCore(_ x: Double, _ bits: UnsafePointer<UInt64>) -> Double {
    let kd0 = expShift.addingProduct(x, expInvLn2N)
    let ki = kd0.bitPattern
    let kd = kd0 - expShift
    let r = x.addingProduct(kd, -expLn2NHi)
    let p = (0.5).addingProduct(0x1.5555555555555p-3, r)
    let tmp = r.addingProduct(r * r, p)
    let scale = _expScale(ki, bits)
    return scale.addingProduct(scale, tmp)
  }
}

extension Float {
  /// e^x for Float, within 1 ulp (its own double-evaluated path, see the
  /// header; not the rounded Double.exp).
  @inlinable
  public static func exp(_ x: Float) -> Float {
    let d = Double(x)
    if d.magnitude <= 708 {
      return expScaleBits.withUnsafeBufferPointer {
        Float(Double._expFloatCore(d, $0.baseAddress!))
      }
    }
    return Float(Double._expSpecial(d))  // overflow, underflow, NaN
  }
}
