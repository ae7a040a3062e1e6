// sin and cos for Double.
//
// Argument reduction: x = n*pi/2 + r with |r| <= pi/4 (a little more at the
// Payne-Hanek boundary), r kept as a double-double rh + rl.
//  * |x| < 2^30 (Cody-Waite): n = round(x*2/pi) by the 1.5*2^52 shift trick;
//    pi/2 = C1 + C2 + C3 (three doubles, ~160 bits). x - n*C1 is exact under
//    FMA (both terms are multiples of ulp(C1)/2 and the difference is below
//    2), n*C2 is split exactly with an FMA, the subtraction is a TwoSum, and
//    n*C3 joins the low part. The worst cancellation for doubles leaves
//    |r| >~ 2^-61 (Muller, "Elementary Functions", ch. 11), far above the
//    ~2^-130 reduction error.
//  * |x| >= 2^30 (Payne-Hanek): write x = m*2^E with m a 53-bit integer; only
//    a 192-bit window of the binary expansion of 2/pi matters (earlier bits
//    give multiples of 4, later ones < 2^-137). m times the window, modulo
//    2^192, is computed with 64x64->128-bit integer products; its top two
//    bits are n mod 4 and the rest the fraction, which is converted (after
//    rounding to the nearest quadrant) to a double-double and multiplied by
//    pi/2. 2/pi is stored to 1280 bits.
// Kernels on |r| <= pi/4:
//   sin r = rh + (rh^3 S(rh^2) + rl (1 - rh^2/2)),
//   cos r = (1 - rh^2/2) + (exact rounding errors of that subtraction and of
//           rh^2, - rh*rl, + rh^4 C(rh^2)),
// S (degree 6) and C (degree 5) are near-minimax polynomials in r^2 with
// relative error < 2^-57 resp. 2^-59 (Chebyshev interpolation).
// Cost: ~30 flops for |x| < 2^30; Payne-Hanek adds ~3 integer 64x64 products.
// Sources: Cody & Waite, "Software Manual for the Elementary Functions";
// Payne & Hanek, "Radian reduction for trigonometric functions" (1983);
// Muller, "Elementary Functions", chs. 11 and 14.

extension Double {
  /// Reduces ax (finite, >= 0) to n mod 4 and r = rh + rl.
  @inlinable @inline(__always)
  static func _trigReduce(_ ax: Double) -> (n: Int, rh: Double, rl: Double) {
    if ax < 0x1p30 {
      let kd0 = expShift.addingProduct(ax, invPio2)
      let n = Int(truncatingIfNeeded: kd0.bitPattern & 3)
      let kd = kd0 - expShift
      let r1 = ax.addingProduct(-kd, pio2C1)
      let wh = kd * pio2C2
      let wl = (-wh).addingProduct(kd, pio2C2)
      let s = r1 - wh
      let bb = s - r1
      let e = (r1 - (s - bb)) + (-wh - bb)
      let t = (e - wl).addingProduct(-kd, pio2C3)
      let rh = s + t
      let rl = t - (rh - s)
      return (n, rh, rl)
    }
    return _payneHanek(ax)
  }

  @usableFromInline
  static func _payneHanek(_ ax: Double) -> (n: Int, rh: Double, rl: Double) {
    let b = ax.bitPattern
    let m = (b & 0x000F_FFFF_FFFF_FFFF) | 0x0010_0000_0000_0000
    let bigE = Int((b >> 52) & 0x7FF) - 1075  // ax = m * 2^bigE, bigE >= -22
    // Global bit index (0 = most significant bit of the leading zero word) of
    // bit position bigE - 1 after the binary point of 2/pi.
    let g = bigE - 1 + 63
    let wi = g >> 6
    let sh = UInt64(g & 63)
    return twoOverPiWords.withUnsafeBufferPointer { t -> (Int, Double, Double) in
      func word(_ j: Int) -> UInt64 {
        sh == 0 ? t[wi + j] : (t[wi + j] << sh) | (t[wi + j + 1] >> (64 - sh))
      }
      let w2 = word(0)
      let w1 = word(1)
      let w0 = word(2)
      let p0 = m.multipliedFullWidth(by: w0)
      let p1 = m.multipliedFullWidth(by: w1)
      let l2 = m &* w2
      let r0 = p0.low
      let (r1, c1) = p0.high.addingReportingOverflow(p1.low)
      let r2 = p1.high &+ l2 &+ (c1 ? 1 : 0)
      // P = r2:r1:r0 = (m * window) mod 2^192; value / 2^190 = x*2/pi mod 4.
      var n = Int(truncatingIfNeeded: r2 >> 62)
      var f2 = (r2 << 2) | (r1 >> 62)
      var f1 = (r1 << 2) | (r0 >> 62)
      var f0 = r0 << 2
      var negative = false
      if f2 >> 63 != 0 {
        // Fraction >= 1/2: round to the next quadrant, keep 1 - fraction.
        n &+= 1
        negative = true
        f0 = ~f0
        f1 = ~f1
        f2 = ~f2
        var c: Bool
        (f0, c) = f0.addingReportingOverflow(1)
        if c {
          (f1, c) = f1.addingReportingOverflow(1)
          if c { f2 &+= 1 }
        }
      }
      // Normalise the 192-bit fraction so its leading bit is set.
      var lz = 0
      if f2 == 0 {
        f2 = f1
        f1 = f0
        f0 = 0
        lz += 64
        if f2 == 0 {
          f2 = f1
          f1 = 0
          lz += 64
          if f2 == 0 { return (n & 3, 0, 0) }
        }
      }
      let z = f2.leadingZeroBitCount
      if z > 0 {
        f2 = (f2 << UInt64(z)) | (f1 >> UInt64(64 - z))
        f1 = (f1 << UInt64(z)) | (f0 >> UInt64(64 - z))
      }
      lz += z
      // fraction = (f2 * 2^-64 + f1 * 2^-128) * 2^-lz
      let hi = Double(f2 >> 11) * Double(sign: .plus, exponent: -53 - lz, significand: 1)
      let loBits = ((f2 & 0x7FF) << 53) | (f1 >> 11)
      let lo = Double(loBits) * Double(sign: .plus, exponent: -117 - lz, significand: 1)
      let ph = hi * pio2C1
      let pl = (-ph).addingProduct(hi, pio2C1) + (hi * pio2C2).addingProduct(lo, pio2C1)
      var rh = ph + pl
      var rl = pl - (rh - ph)
      if negative {
        rh = -rh
        rl = -rl
      }
      return (n & 3, rh, rl)
    }
  }

  /// sin(rh + rl) for |rh| <= ~pi/4.
  @inlinable @inline(__always)
  static func _sinKernel(_ rh: Double, _ rl: Double) -> Double {
    let z = rh * rh
    var p = sinPoly6
    p = sinPoly5.addingProduct(p, z)
    p = sinPoly4.addingProduct(p, z)
    p = sinPoly3.addingProduct(p, z)
    p = sinPoly2.addingProduct(p, z)
    p = sinPoly1.addingProduct(p, z)
    p = sinPoly0.addingProduct(p, z)
    let c = (1.0).addingProduct(-0.5, z)
    let lo = (rl * c).addingProduct(rh * z, p)
    return rh + lo
  }

  /// cos(rh + rl) for |rh| <= ~pi/4.
  @inlinable @inline(__always)
  static func _cosKernel(_ rh: Double, _ rl: Double) -> Double {
    let z = rh * rh
    let zl = (-z).addingProduct(rh, rh)
    let hz = 0.5 * z
    let w = 1 - hz
    let we = (1 - w) - hz
    var p = cosPoly5
    p = cosPoly4.addingProduct(p, z)
    p = cosPoly3.addingProduct(p, z)
    p = cosPoly2.addingProduct(p, z)
    p = cosPoly1.addingProduct(p, z)
    p = cosPoly0.addingProduct(p, z)
    let lo = (we.addingProduct(-0.5, zl).addingProduct(-rh, rl)).addingProduct(z * z, p)
    return w + lo
  }

  /// Sine, within 1 ulp for every finite input.
  @inlinable
  public static func sin(_ x: Double) -> Double {
    let ax = x.magnitude
    if ax < 0x1p-27 { return x }
    if !x.isFinite { return x.isNaN ? x + x : .nan }
    let (n, rh, rl) = _trigReduce(ax)
    let v = (n & 1) == 0 ? _sinKernel(rh, rl) : _cosKernel(rh, rl)
    let neg = ((n & 2) != 0) != (x < 0)
    return neg ? -v : v
  }

  /// Cosine, within 1 ulp for every finite input.
  @inlinable
  public static func cos(_ x: Double) -> Double {
    let ax = x.magnitude
    if ax < 0x1p-27 { return 1 }
    if !x.isFinite { return x.isNaN ? x + x : .nan }
    let (n, rh, rl) = _trigReduce(ax)
    let v = (n & 1) == 0 ? _cosKernel(rh, rl) : _sinKernel(rh, rl)
    let neg = ((n &+ 1) & 2) != 0
    return neg ? -v : v
  }
}
