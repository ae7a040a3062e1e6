// SIMD4<Double> kernels for exp, log, tanh, sigmoid, sin and cos (and the
// Float exp and log cores).
//
// Each kernel performs, lane by lane, exactly the operation sequence of the
// scalar algorithm in Exp.swift / Log.swift / Hyperbolic.swift (same
// reduction, same polynomial, same FMA placement), so every lane's result is
// bit-identical to the scalar function. Lanes outside the main range are
// either blended from a vector evaluation of the scalar branch (near-1 log,
// small-|x| tanh) or recomputed with the scalar function (NaN, infinities,
// overflow, underflow, subnormal inputs/results). Integer-to-double
// conversions of small exact integers use the 1.5*2^52 bias trick; they are
// exact, so the value equals the scalar conversion.

extension Elementary {
  @inlinable @inline(__always)
  static func _splat(_ v: Double) -> SIMD4<Double> { SIMD4(repeating: v) }

  @inlinable @inline(__always)
  static func _bits(_ v: SIMD4<Double>) -> SIMD4<UInt64> {
    unsafeBitCast(v, to: SIMD4<UInt64>.self)
  }

  @inlinable @inline(__always)
  static func _double(_ v: SIMD4<UInt64>) -> SIMD4<Double> {
    unsafeBitCast(v, to: SIMD4<Double>.self)
  }

  @inlinable @inline(__always)
  static func _gather(_ t: UnsafePointer<Double>, _ i: SIMD4<UInt64>) -> SIMD4<Double> {
    SIMD4(
      t[Int(truncatingIfNeeded: i[0])], t[Int(truncatingIfNeeded: i[1])],
      t[Int(truncatingIfNeeded: i[2])], t[Int(truncatingIfNeeded: i[3])])
  }

  @inlinable @inline(__always)
  static func _gather(_ t: UnsafePointer<UInt64>, _ i: SIMD4<UInt64>) -> SIMD4<UInt64> {
    SIMD4(
      t[Int(truncatingIfNeeded: i[0])], t[Int(truncatingIfNeeded: i[1])],
      t[Int(truncatingIfNeeded: i[2])], t[Int(truncatingIfNeeded: i[3])])
  }

  /// Vector twin of `Double._expReduce`.
  @inlinable @inline(__always)
  static func _expReduce4(
    _ x: SIMD4<Double>, _ tail: UnsafePointer<Double>
  ) -> (ki: SIMD4<UInt64>, tmp: SIMD4<Double>) {
    let kd0 = _splat(expShift).addingProduct(x, _splat(expInvLn2N))
    let ki = _bits(kd0)
    let kd = kd0 - _splat(expShift)
    var r = x.addingProduct(kd, _splat(-expLn2NHi))
    r = r.addingProduct(kd, _splat(-expLn2NLo))
    var p = _splat(expPoly5)
    p = _splat(expPoly4).addingProduct(p, r)
    p = _splat(expPoly3).addingProduct(p, r)
    p = _splat(expPoly2).addingProduct(p, r)
    p = _splat(expPoly1).addingProduct(p, r)
    p = _splat(expPoly0).addingProduct(p, r)
    let r2 = r * r
    let tmp = (_gather(tail, ki & 127) + r).addingProduct(r2, p)
    return (ki, tmp)
  }

  @inlinable @inline(__always)
  static func _expScale4(_ ki: SIMD4<UInt64>, _ bits: UnsafePointer<UInt64>) -> SIMD4<Double> {
    _double(_gather(bits, ki & 127) &+ (ki &<< 45))
  }

  /// exp on four lanes, bit-identical to `Double.exp`.
  @inlinable
  static func _exp4Kernel(_ x: SIMD4<Double>) -> SIMD4<Double> {
    expTail.withUnsafeBufferPointer { tailB in
      expScaleBits.withUnsafeBufferPointer { bitsB in
        let (ki, tmp) = _expReduce4(x, tailB.baseAddress!)
        let scale = _expScale4(ki, bitsB.baseAddress!)
        var y = scale.addingProduct(scale, tmp)
        // Main range: |x| <= 708 (NaN has larger magnitude bits than 708).
        let special = (_bits(x) & 0x7FFF_FFFF_FFFF_FFFF) .> (708.0).bitPattern
        if any(special) {
          for l in 0..<4 where special[l] { y[l] = Double._expSpecial(x[l]) }
        }
        return y
      }
    }
  }

  /// log on four lanes, bit-identical to `Double.log`.
  @inlinable
  static func _log4Kernel(_ x: SIMD4<Double>) -> SIMD4<Double> {
    let ix = _bits(x)
    let tmp = ix &- 0x3FE6_9000_0000_0000
    let idx = (tmp &>> 45) & 127
    // k = tmp >> 52 (arithmetic), converted exactly with the bias trick.
    let k = unsafeBitCast(tmp, to: SIMD4<Int64>.self) &>> 52
    let kd =
      _double(unsafeBitCast(k &+ Int64(bitPattern: expShift.bitPattern), to: SIMD4<UInt64>.self))
      - _splat(expShift)
    let z = _double(ix &- (tmp & (0xFFF << 52)))
    var y = logLogCHi.withUnsafeBufferPointer { hiB in
      logLogCLo.withUnsafeBufferPointer { loB in
        logInvC.withUnsafeBufferPointer { invB -> SIMD4<Double> in
          let r = _splat(-1).addingProduct(z, _gather(invB.baseAddress!, idx))
          let t1 = kd * _splat(logLn2Hi)
          let logcHi = _gather(hiB.baseAddress!, idx)
          let s1 = t1 + logcHi
          let e1 = logcHi - (s1 - t1)
          let hi = s1 + r
          let bb = hi - s1
          let e2 = (s1 - (hi - bb)) + (r - bb)
          var p = _splat(logPoly5)
          p = _splat(logPoly4).addingProduct(p, r)
          p = _splat(logPoly3).addingProduct(p, r)
          p = _splat(logPoly2).addingProduct(p, r)
          p = _splat(logPoly1).addingProduct(p, r)
          p = _splat(logPoly0).addingProduct(p, r)
          let lo0 =
            _gather(loB.baseAddress!, idx).addingProduct(kd, _splat(logLn2Lo))
            + ((e1 + e2) + _splat(0))
          let lo = lo0.addingProduct(r * r, p)
          return hi + lo
        }
      }
    }
    let near1 = (ix &- 0x3FEE_0000_0000_0000) .< (0x3FF1_0000_0000_0000 - 0x3FEE_0000_0000_0000)
    if any(near1) {
      let f = x - _splat(1)
      var m = _splat(log1pNearZeroPoly11)
      m = _splat(log1pNearZeroPoly10).addingProduct(m, f)
      m = _splat(log1pNearZeroPoly9).addingProduct(m, f)
      m = _splat(log1pNearZeroPoly8).addingProduct(m, f)
      m = _splat(log1pNearZeroPoly7).addingProduct(m, f)
      m = _splat(log1pNearZeroPoly6).addingProduct(m, f)
      m = _splat(log1pNearZeroPoly5).addingProduct(m, f)
      m = _splat(log1pNearZeroPoly4).addingProduct(m, f)
      m = _splat(log1pNearZeroPoly3).addingProduct(m, f)
      m = _splat(log1pNearZeroPoly2).addingProduct(m, f)
      m = _splat(log1pNearZeroPoly1).addingProduct(m, f)
      m = _splat(log1pNearZeroPoly0).addingProduct(m, f)
      y.replace(with: f.addingProduct(f * f, m), where: near1)
    }
    let special =
      (ix &- 0x0010_0000_0000_0000) .>= (0x7FF0_0000_0000_0000 - 0x0010_0000_0000_0000)
    if any(special) {
      for l in 0..<4 where special[l] { y[l] = Double._logSpecial(x[l]) }
    }
    return y
  }

  /// tanh on four lanes, bit-identical to `Double.tanh`.
  @inlinable
  static func _tanh4Kernel(_ x: SIMD4<Double>) -> SIMD4<Double> {
    let sign = _bits(x) & 0x8000_0000_0000_0000
    let abits = _bits(x) & 0x7FFF_FFFF_FFFF_FFFF
    let ax = _double(abits)
    var y = expTail.withUnsafeBufferPointer { tailB in
      expScaleBits.withUnsafeBufferPointer { bitsB -> SIMD4<Double> in
        // Vector twin of Double._expHiLo(2 * ax) followed by Double._tanhTail.
        let (ki, tmp) = _expReduce4(2 * ax, tailB.baseAddress!)
        let scale = _expScale4(ki, bitsB.baseAddress!)
        let eh = scale.addingProduct(scale, tmp)
        let el = (scale - eh).addingProduct(scale, tmp)
        let one = _splat(1)
        let dh = eh + one
        let dl = (one - (dh - eh)) + el
        let q = _splat(2) / dh
        let rem = _splat(2).addingProduct(-q, dh)
        let qc = (rem - q * dl) * (_splat(0.5) * q)
        let s = one - q
        let e = (one - s) - q
        let res = s + (e - qc)
        return _double(_bits(res) | sign)
      }
    }
    let small = abits .< (0.0625).bitPattern
    if any(small) {
      let z = x * x
      var p = _splat(tanhSmallPoly4)
      p = _splat(tanhSmallPoly3).addingProduct(p, z)
      p = _splat(tanhSmallPoly2).addingProduct(p, z)
      p = _splat(tanhSmallPoly1).addingProduct(p, z)
      p = _splat(tanhSmallPoly0).addingProduct(p, z)
      y.replace(with: x.addingProduct(x * z, p), where: small)
      y.replace(with: x, where: abits .< (0x1p-30).bitPattern)
    }
    let big = abits .>= (20.0).bitPattern
    if any(big) {
      for l in 0..<4 where big[l] { y[l] = Double.tanh(x[l]) }
    }
    return y
  }

  /// sigmoid on four lanes, bit-identical to `Double.sigmoid`.
  @inlinable
  static func _sigmoid4Kernel(_ x: SIMD4<Double>) -> SIMD4<Double> {
    let abits = _bits(x) & 0x7FFF_FFFF_FFFF_FFFF
    let negAx = _double(abits | 0x8000_0000_0000_0000)
    var y = expTail.withUnsafeBufferPointer { tailB in
      expScaleBits.withUnsafeBufferPointer { bitsB -> SIMD4<Double> in
        // Vector twin of Double._expHiLo(-|x|) and the division steps.
        let (ki, tmp) = _expReduce4(negAx, tailB.baseAddress!)
        let scale = _expScale4(ki, bitsB.baseAddress!)
        let eh = scale.addingProduct(scale, tmp)
        let el = (scale - eh).addingProduct(scale, tmp)
        let one = _splat(1)
        let dh = one + eh
        let dl = (eh - (dh - one)) + el
        let nonNegative = x .>= 0
        var n = eh
        n.replace(with: 1, where: nonNegative)
        var nl = el
        nl.replace(with: 0, where: nonNegative)
        let q = n / dh
        let rem = n.addingProduct(-q, dh) + nl.addingProduct(-q, dl)
        return q + rem / dh
      }
    }
    let special = abits .> (40.0).bitPattern
    if any(special) {
      for l in 0..<4 where special[l] { y[l] = Double.sigmoid(x[l]) }
    }
    return y
  }

  /// Vector twin of `Double._sinKernel`.
  @inlinable @inline(__always)
  static func _sinKernel4(_ rh: SIMD4<Double>, _ rl: SIMD4<Double>) -> SIMD4<Double> {
    let z = rh * rh
    var p = _splat(sinPoly6)
    p = _splat(sinPoly5).addingProduct(p, z)
    p = _splat(sinPoly4).addingProduct(p, z)
    p = _splat(sinPoly3).addingProduct(p, z)
    p = _splat(sinPoly2).addingProduct(p, z)
    p = _splat(sinPoly1).addingProduct(p, z)
    p = _splat(sinPoly0).addingProduct(p, z)
    let c = _splat(1).addingProduct(_splat(-0.5), z)
    let lo = (rl * c).addingProduct(rh * z, p)
    return rh + lo
  }

  /// Vector twin of `Double._cosKernel`.
  @inlinable @inline(__always)
  static func _cosKernel4(_ rh: SIMD4<Double>, _ rl: SIMD4<Double>) -> SIMD4<Double> {
    let z = rh * rh
    let zl = (-z).addingProduct(rh, rh)
    let hz = _splat(0.5) * z
    let one = _splat(1)
    let w = one - hz
    let we = (one - w) - hz
    var p = _splat(cosPoly5)
    p = _splat(cosPoly4).addingProduct(p, z)
    p = _splat(cosPoly3).addingProduct(p, z)
    p = _splat(cosPoly2).addingProduct(p, z)
    p = _splat(cosPoly1).addingProduct(p, z)
    p = _splat(cosPoly0).addingProduct(p, z)
    let lo = (we.addingProduct(_splat(-0.5), zl).addingProduct(-rh, rl)).addingProduct(z * z, p)
    return w + lo
  }

  /// Shared body of the sin and cos kernels: Cody-Waite reduction on every
  /// lane (vector twin of the first branch of `Double._trigReduce`), both
  /// polynomials, per-lane quadrant selection and sign.
  @inlinable @inline(__always)
  static func _sinCos4(_ x: SIMD4<Double>, cosine: Bool) -> SIMD4<Double> {
    let sign = _bits(x) & 0x8000_0000_0000_0000
    let abits = _bits(x) & 0x7FFF_FFFF_FFFF_FFFF
    let ax = _double(abits)
    let kd0 = _splat(expShift).addingProduct(ax, _splat(invPio2))
    let n = _bits(kd0) & 3
    let kd = kd0 - _splat(expShift)
    let r1 = ax.addingProduct(-kd, _splat(pio2C1))
    let wh = kd * _splat(pio2C2)
    let wl = (-wh).addingProduct(kd, _splat(pio2C2))
    let s = r1 - wh
    let bb = s - r1
    let e = (r1 - (s - bb)) + (-wh - bb)
    let t = (e - wl).addingProduct(-kd, _splat(pio2C3))
    let rh = s + t
    let rl = t - (rh - s)
    let sv = _sinKernel4(rh, rl)
    let cv = _cosKernel4(rh, rl)
    let odd = (n & 1) .== 1
    var v = cosine ? cv : sv
    v.replace(with: cosine ? sv : cv, where: odd)
    // Sign: sin is negated in quadrants 2, 3 (and for x < 0), cos in 1, 2.
    let flip = cosine ? ((n &+ 1) & 2) &<< 62 : ((n & 2) &<< 62) ^ sign
    var y = _double(_bits(v) ^ flip)
    let tiny = abits .< (0x1p-27).bitPattern
    if any(tiny) { y.replace(with: cosine ? _splat(1) : x, where: tiny) }
    // |x| >= 2^30 (Payne-Hanek), infinities and NaN: scalar path.
    let special = abits .>= (0x1p30).bitPattern
    if any(special) {
      for l in 0..<4 where special[l] { y[l] = cosine ? Double.cos(x[l]) : Double.sin(x[l]) }
    }
    return y
  }

  /// sin on four lanes, bit-identical to `Double.sin`.
  @inlinable
  static func _sin4Kernel(_ x: SIMD4<Double>) -> SIMD4<Double> { _sinCos4(x, cosine: false) }

  /// cos on four lanes, bit-identical to `Double.cos`.
  @inlinable
  static func _cos4Kernel(_ x: SIMD4<Double>) -> SIMD4<Double> { _sinCos4(x, cosine: true) }

  /// Float log on four widened lanes, bit-identical to `Float.log` after
  /// rounding to Float (vector twin of `Double._logFloatCore`).
  @inlinable
  static func _logFloat4Kernel(_ x: SIMD4<Double>) -> SIMD4<Double> {
    let ix = _bits(x)
    let tmp = ix &- 0x3FE6_9000_0000_0000
    let idx = (tmp &>> 45) & 127
    let k = unsafeBitCast(tmp, to: SIMD4<Int64>.self) &>> 52
    let kd =
      _double(unsafeBitCast(k &+ Int64(bitPattern: expShift.bitPattern), to: SIMD4<UInt64>.self))
      - _splat(expShift)
    let z = _double(ix &- (tmp & (0xFFF << 52)))
    var y = logLogCHi.withUnsafeBufferPointer { hiB in
      logInvC.withUnsafeBufferPointer { invB -> SIMD4<Double> in
        let r = _splat(-1).addingProduct(z, _gather(invB.baseAddress!, idx))
        let hi = _gather(hiB.baseAddress!, idx).addingProduct(kd, _splat(0x1.62e42fefa39efp-1))
        var p = _splat(-0.25)
        p = _splat(0x1.5555555555555p-2).addingProduct(p, r)
        p = _splat(-0.5).addingProduct(p, r)
        return hi + r.addingProduct(r * r, p)
      }
    }
    let special =
      (ix &- 0x0010_0000_0000_0000) .>= (0x7FF0_0000_0000_0000 - 0x0010_0000_0000_0000)
    if any(special) {
      for l in 0..<4 where special[l] { y[l] = Double._logSpecial(x[l]) }
    }
    return y
  }

  /// Float exp on four widened lanes, bit-identical to `Float.exp` after
  /// rounding to Float (vector twin of `Double._expFloatCore`).
  @inlinable
  static func _expFloat4Kernel(_ x: SIMD4<Double>) -> SIMD4<Double> {
    expScaleBits.withUnsafeBufferPointer { bitsB in
      let kd0 = _splat(expShift).addingProduct(x, _splat(expInvLn2N))
      let ki = _bits(kd0)
      let kd = kd0 - _splat(expShift)
      let r = x.addingProduct(kd, _splat(-expLn2NHi))
      let p = _splat(0.5).addingProduct(_splat(0x1.5555555555555p-3), r)
      let tmp = r.addingProduct(r * r, p)
      let scale = _expScale4(ki, bitsB.baseAddress!)
      var y = scale.addingProduct(scale, tmp)
      let special = (_bits(x) & 0x7FFF_FFFF_FFFF_FFFF) .> (708.0).bitPattern
      if any(special) {
        for l in 0..<4 where special[l] { y[l] = Double._expSpecial(x[l]) }
      }
      return y
    }
  }
}
