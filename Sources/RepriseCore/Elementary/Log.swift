// log and log1p for Double, and the Float log path.
//
// Method (table-driven, after Tang, "Table-driven implementation of the
// logarithm function", ACM TOMS 1990, and Muller, "Elementary Functions"):
//   x = 2^k z with z in [0.705, 1.41) (the split point is chosen from the bit
//   pattern so k and z come from integer operations), then
//   log x = k ln2 + log(1/c) + log1p(r),  r = z/c - 1 = fma(z, 1/c, -1),
// where 1/c is a double close to the reciprocal of the centre of one of 128
// subintervals, so |r| <= 1/256. log1p(r) = r + r^2 L(r), L a degree-5
// near-minimax polynomial (error < 2^-70). The sum k*ln2_hi + log(1/c)_hi + r
// is formed with exact Fast2Sum/TwoSum steps and all low parts (ln2_lo,
// log(1/c)_lo, the sum errors, r^2 L) are added once at the end, so the
// result is within about 0.5 ulp + 2^-60 relative.
// Near 1 (0.9375 <= x < 1.0625) f = x - 1 is exact and
// log x = f + f^2 M(f) with a degree-11 polynomial M (relative error < 2^-63).
//
// log1p(x): |x| < 1/16 uses the near-zero polynomial directly; otherwise
// u = 1 + x is split exactly (TwoSum, u + c = 1 + x) and
// log1p(x) = log(u) + c/u, the correction entering the low part.
//
// Float log has its own shorter path (Float.log below): the input is widened
// to Double (Float subnormals become normal doubles), and with the same
// reduction log x = fma(k, ln2, log(1/c)) + (r + r^2 (-1/2 + r/3 - r^2/4))
// is evaluated in plain double arithmetic. Its error before the final rounding
// to Float is below 2^-30 relative (the truncated series gives r^4/5 <= 2^-34
// relative; inputs near 1 fall in the subinterval with 1/c = 1, log(1/c) = 0,
// and every other result is >= 0.0039 in magnitude), so the Float result is
// within 0.5 + 2^-6 ulp.
//
// Cost: about 25 flops + 3 table loads (log), one division more for log1p,
// about 10 flops + 2 table loads for Float log.
// Coefficients and tables: Fixtures/scripts/make_elementary_coefficients.py.

extension Double {
  /// M(f), the minimax polynomial with log1p(f) ≈ f + f²·M(f) for |f| < 1/16
  /// (Horner with fused multiply-adds, highest coefficient first).
  @inlinable @inline(__always)
  static func _log1pNearZeroPolynomial(_ f: Double) -> Double {
    var m = log1pNearZeroPoly11
    m = log1pNearZeroPoly10.addingProduct(m, f)
    m = log1pNearZeroPoly9.addingProduct(m, f)
    m = log1pNearZeroPoly8.addingProduct(m, f)
    m = log1pNearZeroPoly7.addingProduct(m, f)
    m = log1pNearZeroPoly6.addingProduct(m, f)
    m = log1pNearZeroPoly5.addingProduct(m, f)
    m = log1pNearZeroPoly4.addingProduct(m, f)
    m = log1pNearZeroPoly3.addingProduct(m, f)
    m = log1pNearZeroPoly2.addingProduct(m, f)
    m = log1pNearZeroPoly1.addingProduct(m, f)
    m = log1pNearZeroPoly0.addingProduct(m, f)
    return m
  }

  /// log1p(f) for |f| < 1/16 as f + (f^2 M(f) + extra).
  @inlinable @inline(__always)
  static func _log1pSmall(_ f: Double, _ extra: Double) -> Double {
    f + extra.addingProduct(f * f, _log1pNearZeroPolynomial(f))
  }

  /// log(x) + extra for x given by the bit pattern `ix` of a positive normal
  /// double (possibly with a pre-adjusted exponent field for subnormals).
  @inlinable @inline(__always)
  static func _logTable(
    _ ix: UInt64, _ extra: Double,
    _ invcT: UnsafePointer<Double>, _ hiT: UnsafePointer<Double>, _ loT: UnsafePointer<Double>
  ) -> Double {
    let tmp = ix &- 0x3FE6_9000_0000_0000
    let i = Int(truncatingIfNeeded: (tmp >> 45) & 127)
    let k = Int64(bitPattern: tmp) >> 52
    let z = Double(bitPattern: ix &- (tmp & (0xFFF << 52)))
    let kd = Double(k)
    let r = (-1.0).addingProduct(z, invcT[i])
    let t1 = kd * logLn2Hi  // exact: ln2_hi has 42 significant bits
    let logcHi = hiT[i]
    // Fast2Sum (|t1| >= |log c| whenever k != 0; exact when t1 == 0).
    let s1 = t1 + logcHi
    let e1 = logcHi - (s1 - t1)
    // TwoSum s1 + r.
    let hi = s1 + r
    let bb = hi - s1
    let e2 = (s1 - (hi - bb)) + (r - bb)
    var p = logPoly5
    p = logPoly4.addingProduct(p, r)
    p = logPoly3.addingProduct(p, r)
    p = logPoly2.addingProduct(p, r)
    p = logPoly1.addingProduct(p, r)
    p = logPoly0.addingProduct(p, r)
    let lo0 = loT[i].addingProduct(kd, logLn2Lo) + ((e1 + e2) + extra)
    let lo = lo0.addingProduct(r * r, p)
    return hi + lo
  }

  @usableFromInline
  static func _logSpecial(_ x: Double) -> Double {
    if x.isNaN { return x + x }
    if x == 0 { return -.infinity }
    if x < 0 { return .nan }
    if x == .infinity { return x }
    // Subnormal: scale by 2^52 and fix the exponent field.
    let ix = (x * 0x1p52).bitPattern &- (52 << 52)
    return logLogCHi.withUnsafeBufferPointer { hiT in
      logLogCLo.withUnsafeBufferPointer { loT in
        logInvC.withUnsafeBufferPointer { invcT in
          _logTable(ix, 0, invcT.baseAddress!, hiT.baseAddress!, loT.baseAddress!)
        }
      }
    }
  }

  /// Natural logarithm, within 1 ulp.
  @inlinable
  public static func log(_ x: Double) -> Double {
    let ix = x.bitPattern
    if ix &- 0x3FEE_0000_0000_0000 < 0x3FF1_0000_0000_0000 - 0x3FEE_0000_0000_0000 {
      let f = x - 1
      if f == 0 { return 0 }
      return f.addingProduct(f * f, _log1pNearZeroPolynomial(f))
    }
    if ix &- 0x0010_0000_0000_0000 >= 0x7FF0_0000_0000_0000 - 0x0010_0000_0000_0000 {
      return _logSpecial(x)
    }
    return logLogCHi.withUnsafeBufferPointer { hiT in
      logLogCLo.withUnsafeBufferPointer { loT in
        logInvC.withUnsafeBufferPointer { invcT in
          _logTable(ix, 0, invcT.baseAddress!, hiT.baseAddress!, loT.baseAddress!)
        }
      }
    }
  }

  /// log(1 + x + xlo) for |xlo| tiny relative to 1 + x; x must not be NaN.
  @usableFromInline
  static func _log1p(_ x: Double, _ xlo: Double) -> Double {
    if x.magnitude < 0.0625 {
      // log1p(x + xlo) = log1p(x) + xlo/(1+x) ~ log1p(x) + xlo*(1-x).
      return _log1pSmall(x, xlo.addingProduct(-xlo, x))
    }
    if x <= -1 { return x == -1 ? -.infinity : .nan }
    if x == .infinity { return x }
    // TwoSum: u + c = 1 + x exactly.
    let u = 1 + x
    let bb = u - x
    let c = (1 - bb) + (x - (u - bb))
    let extra = (c + xlo) / u
    return logLogCHi.withUnsafeBufferPointer { hiT in
      logLogCLo.withUnsafeBufferPointer { loT in
        logInvC.withUnsafeBufferPointer { invcT in
          _logTable(u.bitPattern, extra, invcT.baseAddress!, hiT.baseAddress!, loT.baseAddress!)
        }
      }
    }
  }

  /// log(1 + x), accurate near 0; within 1 ulp.
  @inlinable
  public static func log1p(_ x: Double) -> Double {
    if x.isNaN { return x + x }
    if x.magnitude < 0x1p-60 { return x }
    return _log1p(x, 0)
  }
}

extension Double {
  /// The Float log core: log of the positive normal double with bits `ix`,
  /// relative error < 2^-30 (enough for a Float result, see the header).
  @inlinable @inline(__always)
  static func _logFloatCore(
    _ ix: UInt64, _ invcT: UnsafePointer<Double>, _ hiT: UnsafePointer<Double>
  ) -> Double {
    let tmp = ix &- 0x3FE6_9000_0000_0000
    let i = Int(truncatingIfNeeded: (tmp >> 45) & 127)
    let k = Int64(bitPattern: tmp) >> 52
    let z = Double(bitPattern: ix &- (tmp & (0xFFF << 52)))
    let kd = Double(k)
    let r = (-1.0).addingProduct(z, invcT[i])
    let hi = hiT[i].addingProduct(kd, 0x1.62e42fefa39efp-1)
    var p = -0.25
    p = (0x1.5555555555555p-2).addingProduct(p, r)
    p = (-0.5).addingProduct(p, r)
    return hi + r.addingProduct(r * r, p)
  }
}

extension Float {
  /// Natural logarithm of a Float, within 1 ulp (its own double-evaluated
  /// path, see the header; not the rounded Double.log).
  @inlinable
  public static func log(_ x: Float) -> Float {
    let d = Double(x)
    let ix = d.bitPattern
    if ix &- 0x0010_0000_0000_0000 >= 0x7FF0_0000_0000_0000 - 0x0010_0000_0000_0000 {
      return Float(Double._logSpecial(d))  // zero, negative, infinity, NaN
    }
    return logInvC.withUnsafeBufferPointer { invB in
      logLogCHi.withUnsafeBufferPointer { hiB in
        Float(Double._logFloatCore(ix, invB.baseAddress!, hiB.baseAddress!))
      }
    }
  }
}
