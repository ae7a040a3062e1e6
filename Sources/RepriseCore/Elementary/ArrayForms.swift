// Array and SIMD forms of the elementary functions.
//
// Contract: every array and SIMD form returns, lane by lane, exactly the bits
// of the scalar function (Double.exp, Float.exp, ...) for every input,
// including NaN (as NaN), infinities, zeros and subnormals.
// exp, log, tanh, sigmoid, sin and cos have SIMD4<Double> kernels
// (SIMDKernels.swift) that run the scalar algorithm's operation sequence
// lane-wise: lane-wise FMA is the same IEEE operation as the scalar one and
// table lookups are per-lane loads. Lanes that need another branch (NaN,
// infinities, overflow/underflow ranges, near-1 log, small-|x| tanh, huge
// sin/cos arguments) are blended from a vector evaluation of that branch or
// recomputed with the scalar function, so the result stays identical.
// expm1, log1p, softplus and erf loop over the scalar code.
// Float forms widen to Double, run the same kernels as the scalar Float
// functions (the Double ones, or the Float exp and log cores) and round once.
//
// Output buffers must be at least as long as the input (a precondition: this
// is a programming error, like an out-of-range index). The loops are
// @inlinable so they are compiled with the client's flags: build with
// `-Xcc -march=native` on x86-64 to get hardware FMA; without it a SIMD
// `addingProduct` becomes a libm fma call per lane (slow, still bit-identical).

/// Array and SIMD forms of Reprise's elementary functions.
public enum Elementary {}

extension Elementary {
  @inlinable @inline(__always)
  static func _check(_ n: Int, _ m: Int) {
    precondition(m >= n, "Elementary: output buffer shorter than input")
  }

  @inlinable @inline(__always)
  static func _map<T>(
    _ x: UnsafeBufferPointer<T>, _ y: UnsafeMutableBufferPointer<T>, _ f: (T) -> T
  ) {
    _check(x.count, y.count)
    guard let xp = x.baseAddress, let yp = y.baseAddress else { return }
    for i in 0..<x.count { yp[i] = f(xp[i]) }
  }

  @inlinable @inline(__always)
  static func _array<T>(
    _ x: [T], _ body: (UnsafeBufferPointer<T>, UnsafeMutableBufferPointer<T>) -> Void
  ) -> [T] {
    [T](unsafeUninitializedCapacity: x.count) { buf, count in
      x.withUnsafeBufferPointer { body($0, buf) }
      count = x.count
    }
  }

  @inlinable @inline(__always)
  static func _lanes4(_ v: SIMD4<Double>, _ f: (Double) -> Double) -> SIMD4<Double> {
    SIMD4(f(v[0]), f(v[1]), f(v[2]), f(v[3]))
  }

  @inlinable @inline(__always)
  static func _lanes8(_ v: SIMD8<Float>, _ f: (Float) -> Float) -> SIMD8<Float> {
    var r = SIMD8<Float>()
    for i in 0..<8 { r[i] = f(v[i]) }
    return r
  }

  /// Runs a SIMD4<Double> kernel over Float data (widen, kernel, round once).
  @inlinable @inline(__always)
  static func _floatVia4(
    _ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>,
    _ k4: (SIMD4<Double>) -> SIMD4<Double>, _ f: (Float) -> Float
  ) {
    _check(x.count, y.count)
    guard let xp = x.baseAddress, let yp = y.baseAddress else { return }
    let n = x.count
    var i = 0
    while i + 4 <= n {
      let v = UnsafeRawPointer(xp + i).loadUnaligned(as: SIMD4<Float>.self)
      let r = SIMD4<Float>(k4(SIMD4<Double>(v)))
      UnsafeMutableRawPointer(yp + i).storeBytes(of: r, as: SIMD4<Float>.self)
      i += 4
    }
    while i < n {
      yp[i] = f(xp[i])
      i += 1
    }
  }

  /// Runs a SIMD4<Double> kernel over Double data.
  @inlinable @inline(__always)
  static func _doubleVia4(
    _ x: UnsafeBufferPointer<Double>, _ y: UnsafeMutableBufferPointer<Double>,
    _ k4: (SIMD4<Double>) -> SIMD4<Double>, _ f: (Double) -> Double
  ) {
    _check(x.count, y.count)
    guard let xp = x.baseAddress, let yp = y.baseAddress else { return }
    let n = x.count
    var i = 0
    while i + 4 <= n {
      let v = UnsafeRawPointer(xp + i).loadUnaligned(as: SIMD4<Double>.self)
      UnsafeMutableRawPointer(yp + i).storeBytes(of: k4(v), as: SIMD4<Double>.self)
      i += 4
    }
    while i < n {
      yp[i] = f(xp[i])
      i += 1
    }
  }
}

// MARK: exp

extension Elementary {
  /// `Double.exp` of each element of `x`, into `y` (bitwise equal to the scalar).
  @inlinable
  public static func exp(
    _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>
  ) {
    _doubleVia4(x, y, _exp4Kernel, Double.exp)
  }

  /// `Float.exp` of each element of `x`, into `y` (bitwise equal to the scalar).
  @inlinable
  public static func exp(_ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>)
  {
    _floatVia4(x, y, _expFloat4Kernel, Float.exp)
  }

  /// `Double.exp` lane-wise (bit-identical to the scalar function).
  @inlinable
  public static func exp(_ v: SIMD4<Double>) -> SIMD4<Double> { _exp4Kernel(v) }

  /// `Float.exp` lane-wise (bit-identical to the scalar function).
  @inlinable
  public static func exp(_ v: SIMD8<Float>) -> SIMD8<Float> {
    let lo = SIMD4<Float>(_expFloat4Kernel(SIMD4<Double>(v.lowHalf)))
    let hi = SIMD4<Float>(_expFloat4Kernel(SIMD4<Double>(v.highHalf)))
    return SIMD8(lowHalf: lo, highHalf: hi)
  }

  /// `Double.exp` of every element.
  @inlinable
  public static func exp(_ x: [Double]) -> [Double] { _array(x) { exp($0, into: $1) } }

  /// `Float.exp` of every element.
  @inlinable
  public static func exp(_ x: [Float]) -> [Float] { _array(x) { exp($0, into: $1) } }
}

// MARK: expm1

extension Elementary {
  /// `Double.expm1` of each element of `x`, into `y` (bitwise equal to the scalar).
  @inlinable
  public static func expm1(
    _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>
  ) {
    _map(x, y, Double.expm1)
  }

  /// `Float.expm1` of each element of `x`, into `y` (bitwise equal to the scalar).
  @inlinable
  public static func expm1(
    _ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>
  ) {
    _map(x, y, Float.expm1)
  }

  /// `Double.expm1` lane-wise (bit-identical to the scalar function).
  @inlinable
  public static func expm1(_ v: SIMD4<Double>) -> SIMD4<Double> { _lanes4(v, Double.expm1) }

  /// `Float.expm1` lane-wise (bit-identical to the scalar function).
  @inlinable
  public static func expm1(_ v: SIMD8<Float>) -> SIMD8<Float> { _lanes8(v, Float.expm1) }

  /// `Double.expm1` of every element.
  @inlinable
  public static func expm1(_ x: [Double]) -> [Double] { _array(x) { expm1($0, into: $1) } }

  /// `Float.expm1` of every element.
  @inlinable
  public static func expm1(_ x: [Float]) -> [Float] { _array(x) { expm1($0, into: $1) } }
}

// MARK: log

extension Elementary {
  /// `Double.log` of each element of `x`, into `y` (bitwise equal to the scalar).
  @inlinable
  public static func log(
    _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>
  ) {
    _doubleVia4(x, y, _log4Kernel, Double.log)
  }

  /// `Float.log` of each element of `x`, into `y` (bitwise equal to the scalar).
  @inlinable
  public static func log(_ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>)
  {
    _floatVia4(x, y, _logFloat4Kernel, Float.log)
  }

  /// `Double.log` lane-wise (bit-identical to the scalar function).
  @inlinable
  public static func log(_ v: SIMD4<Double>) -> SIMD4<Double> { _log4Kernel(v) }

  /// `Float.log` lane-wise (bit-identical to the scalar function).
  @inlinable
  public static func log(_ v: SIMD8<Float>) -> SIMD8<Float> {
    let lo = SIMD4<Float>(_logFloat4Kernel(SIMD4<Double>(v.lowHalf)))
    let hi = SIMD4<Float>(_logFloat4Kernel(SIMD4<Double>(v.highHalf)))
    return SIMD8(lowHalf: lo, highHalf: hi)
  }

  /// `Double.log` of every element.
  @inlinable
  public static func log(_ x: [Double]) -> [Double] { _array(x) { log($0, into: $1) } }

  /// `Float.log` of every element.
  @inlinable
  public static func log(_ x: [Float]) -> [Float] { _array(x) { log($0, into: $1) } }
}

// MARK: log1p

extension Elementary {
  /// `Double.log1p` of each element of `x`, into `y` (bitwise equal to the scalar).
  @inlinable
  public static func log1p(
    _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>
  ) {
    _map(x, y, Double.log1p)
  }

  /// `Float.log1p` of each element of `x`, into `y` (bitwise equal to the scalar).
  @inlinable
  public static func log1p(
    _ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>
  ) {
    _map(x, y, Float.log1p)
  }

  /// `Double.log1p` lane-wise (bit-identical to the scalar function).
  @inlinable
  public static func log1p(_ v: SIMD4<Double>) -> SIMD4<Double> { _lanes4(v, Double.log1p) }

  /// `Float.log1p` lane-wise (bit-identical to the scalar function).
  @inlinable
  public static func log1p(_ v: SIMD8<Float>) -> SIMD8<Float> { _lanes8(v, Float.log1p) }

  /// `Double.log1p` of every element.
  @inlinable
  public static func log1p(_ x: [Double]) -> [Double] { _array(x) { log1p($0, into: $1) } }

  /// `Float.log1p` of every element.
  @inlinable
  public static func log1p(_ x: [Float]) -> [Float] { _array(x) { log1p($0, into: $1) } }
}

// MARK: tanh

extension Elementary {
  /// `Double.tanh` of each element of `x`, into `y` (bitwise equal to the scalar).
  @inlinable
  public static func tanh(
    _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>
  ) {
    _doubleVia4(x, y, _tanh4Kernel, Double.tanh)
  }

  /// `Float.tanh` of each element of `x`, into `y` (bitwise equal to the scalar).
  @inlinable
  public static func tanh(
    _ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>
  ) {
    _floatVia4(x, y, _tanh4Kernel, Float.tanh)
  }

  /// `Double.tanh` lane-wise (bit-identical to the scalar function).
  @inlinable
  public static func tanh(_ v: SIMD4<Double>) -> SIMD4<Double> { _tanh4Kernel(v) }

  /// `Float.tanh` lane-wise (bit-identical to the scalar function).
  @inlinable
  public static func tanh(_ v: SIMD8<Float>) -> SIMD8<Float> {
    let lo = SIMD4<Float>(_tanh4Kernel(SIMD4<Double>(v.lowHalf)))
    let hi = SIMD4<Float>(_tanh4Kernel(SIMD4<Double>(v.highHalf)))
    return SIMD8(lowHalf: lo, highHalf: hi)
  }

  /// `Double.tanh` of every element.
  @inlinable
  public static func tanh(_ x: [Double]) -> [Double] { _array(x) { tanh($0, into: $1) } }

  /// `Float.tanh` of every element.
  @inlinable
  public static func tanh(_ x: [Float]) -> [Float] { _array(x) { tanh($0, into: $1) } }
}

// MARK: sigmoid

extension Elementary {
  /// `Double.sigmoid` of each element of `x`, into `y` (bitwise equal to the scalar).
  @inlinable
  public static func sigmoid(
    _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>
  ) {
    _doubleVia4(x, y, _sigmoid4Kernel, Double.sigmoid)
  }

  /// `Float.sigmoid` of each element of `x`, into `y` (bitwise equal to the scalar).
  @inlinable
  public static func sigmoid(
    _ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>
  ) {
    _floatVia4(x, y, _sigmoid4Kernel, Float.sigmoid)
  }

  /// `Double.sigmoid` lane-wise (bit-identical to the scalar function).
  @inlinable
  public static func sigmoid(_ v: SIMD4<Double>) -> SIMD4<Double> { _sigmoid4Kernel(v) }

  /// `Float.sigmoid` lane-wise (bit-identical to the scalar function).
  @inlinable
  public static func sigmoid(_ v: SIMD8<Float>) -> SIMD8<Float> {
    let lo = SIMD4<Float>(_sigmoid4Kernel(SIMD4<Double>(v.lowHalf)))
    let hi = SIMD4<Float>(_sigmoid4Kernel(SIMD4<Double>(v.highHalf)))
    return SIMD8(lowHalf: lo, highHalf: hi)
  }

  /// `Double.sigmoid` of every element.
  @inlinable
  public static func sigmoid(_ x: [Double]) -> [Double] { _array(x) { sigmoid($0, into: $1) } }

  /// `Float.sigmoid` of every element.
  @inlinable
  public static func sigmoid(_ x: [Float]) -> [Float] { _array(x) { sigmoid($0, into: $1) } }
}

// MARK: softplus

extension Elementary {
  /// `Double.softplus` of each element of `x`, into `y` (bitwise equal to the scalar).
  @inlinable
  public static func softplus(
    _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>
  ) {
    _map(x, y, Double.softplus)
  }

  /// `Float.softplus` of each element of `x`, into `y` (bitwise equal to the scalar).
  @inlinable
  public static func softplus(
    _ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>
  ) {
    _map(x, y, Float.softplus)
  }

  /// `Double.softplus` lane-wise (bit-identical to the scalar function).
  @inlinable
  public static func softplus(_ v: SIMD4<Double>) -> SIMD4<Double> { _lanes4(v, Double.softplus) }

  /// `Float.softplus` lane-wise (bit-identical to the scalar function).
  @inlinable
  public static func softplus(_ v: SIMD8<Float>) -> SIMD8<Float> { _lanes8(v, Float.softplus) }

  /// `Double.softplus` of every element.
  @inlinable
  public static func softplus(_ x: [Double]) -> [Double] { _array(x) { softplus($0, into: $1) } }

  /// `Float.softplus` of every element.
  @inlinable
  public static func softplus(_ x: [Float]) -> [Float] { _array(x) { softplus($0, into: $1) } }
}

// MARK: sin

extension Elementary {
  /// `Double.sin` of each element of `x`, into `y` (bitwise equal to the scalar).
  @inlinable
  public static func sin(
    _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>
  ) {
    _doubleVia4(x, y, _sin4Kernel, Double.sin)
  }

  /// `Float.sin` of each element of `x`, into `y` (bitwise equal to the scalar).
  @inlinable
  public static func sin(_ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>)
  {
    _floatVia4(x, y, _sin4Kernel, Float.sin)
  }

  /// `Double.sin` lane-wise (bit-identical to the scalar function).
  @inlinable
  public static func sin(_ v: SIMD4<Double>) -> SIMD4<Double> { _sin4Kernel(v) }

  /// `Float.sin` lane-wise (bit-identical to the scalar function).
  @inlinable
  public static func sin(_ v: SIMD8<Float>) -> SIMD8<Float> {
    let lo = SIMD4<Float>(_sin4Kernel(SIMD4<Double>(v.lowHalf)))
    let hi = SIMD4<Float>(_sin4Kernel(SIMD4<Double>(v.highHalf)))
    return SIMD8(lowHalf: lo, highHalf: hi)
  }

  /// `Double.sin` of every element.
  @inlinable
  public static func sin(_ x: [Double]) -> [Double] { _array(x) { sin($0, into: $1) } }

  /// `Float.sin` of every element.
  @inlinable
  public static func sin(_ x: [Float]) -> [Float] { _array(x) { sin($0, into: $1) } }
}

// MARK: cos

extension Elementary {
  /// `Double.cos` of each element of `x`, into `y` (bitwise equal to the scalar).
  @inlinable
  public static func cos(
    _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>
  ) {
    _doubleVia4(x, y, _cos4Kernel, Double.cos)
  }

  /// `Float.cos` of each element of `x`, into `y` (bitwise equal to the scalar).
  @inlinable
  public static func cos(_ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>)
  {
    _floatVia4(x, y, _cos4Kernel, Float.cos)
  }

  /// `Double.cos` lane-wise (bit-identical to the scalar function).
  @inlinable
  public static func cos(_ v: SIMD4<Double>) -> SIMD4<Double> { _cos4Kernel(v) }

  /// `Float.cos` lane-wise (bit-identical to the scalar function).
  @inlinable
  public static func cos(_ v: SIMD8<Float>) -> SIMD8<Float> {
    let lo = SIMD4<Float>(_cos4Kernel(SIMD4<Double>(v.lowHalf)))
    let hi = SIMD4<Float>(_cos4Kernel(SIMD4<Double>(v.highHalf)))
    return SIMD8(lowHalf: lo, highHalf: hi)
  }

  /// `Double.cos` of every element.
  @inlinable
  public static func cos(_ x: [Double]) -> [Double] { _array(x) { cos($0, into: $1) } }

  /// `Float.cos` of every element.
  @inlinable
  public static func cos(_ x: [Float]) -> [Float] { _array(x) { cos($0, into: $1) } }
}

// MARK: erf

extension Elementary {
  /// `Double.erf` of each element of `x`, into `y` (bitwise equal to the scalar).
  @inlinable
  public static func erf(
    _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>
  ) {
    _map(x, y, Double.erf)
  }

  /// `Float.erf` of each element of `x`, into `y` (bitwise equal to the scalar).
  @inlinable
  public static func erf(_ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>)
  {
    _map(x, y, Float.erf)
  }

  /// `Double.erf` lane-wise (bit-identical to the scalar function).
  @inlinable
  public static func erf(_ v: SIMD4<Double>) -> SIMD4<Double> { _lanes4(v, Double.erf) }

  /// `Float.erf` lane-wise (bit-identical to the scalar function).
  @inlinable
  public static func erf(_ v: SIMD8<Float>) -> SIMD8<Float> { _lanes8(v, Float.erf) }

  /// `Double.erf` of every element.
  @inlinable
  public static func erf(_ x: [Double]) -> [Double] { _array(x) { erf($0, into: $1) } }

  /// `Float.erf` of every element.
  @inlinable
  public static func erf(_ x: [Float]) -> [Float] { _array(x) { erf($0, into: $1) } }
}
