// SIMD4<Double> kernels for exp, log and tanh.
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
  public static func _exp4Kernel(_ x: SIMD4<Double>) -> SIMD4<Double> {
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
  public static func _log4Kernel(_ x: SIMD4<Double>) -> SIMD4<Double> {
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
  public static func _tanh4Kernel(_ x: SIMD4<Double>) -> SIMD4<Double> {
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
}
