// Norms: vector and matrix norms that neither overflow nor underflow.
//
// What: the 2-norm ‖x‖₂, 1-norm Σ|xᵢ|, ∞-norm max|xᵢ| of vectors; the
// Frobenius, 1- (max column sum) and ∞- (max row sum) norms of row-major
// matrices.
// Method (2-norm, Frobenius): Blue's algorithm as in LAPACK 3.10's dnrm2
// (Anderson 2017). Squares are accumulated in three bins: entries above
// `tbig` are scaled down by `sbig` before squaring, entries below `tsml`
// scaled up by `ssml`, the rest squared as they are, so no square overflows
// or underflows to zero for any finite input; the bins are combined at the
// end. All sums are sequential fused chains (`addingProduct`) in index order,
// so the bits are fixed. ‖x‖ is correct to a few ulps for entries from the
// subnormal range up to greatestFiniteMagnitude (a result that itself
// exceeds the range is +∞). NaN in → NaN out; ±∞ in (without NaN) → +∞.
// The 1- and ∞-norms are plain sequential sums and maxima of magnitudes
// (a NaN entry makes them NaN).
// Cost: one pass, n comparisons and ≤ 2n flops.
// Source: J. L. Blue 1978, "A portable Fortran program to find the Euclidean
// norm of a vector" (ACM TOMS 4(1)); E. Anderson 2017, "Algorithm 978: Safe
// scaling in the Level 1 BLAS" (ACM TOMS 44(1)).

import RepriseCore

/// Blue's three-bin sum of squares; `add` entries in order, then `norm`.
struct BlueAccumulator<T: RealScalar> {
  // Fortran model numbers: minexponent, maxexponent, digits.
  static var emin: Int { Int(T.leastNormalMagnitude.exponent) + 1 }
  static var emax: Int { Int(T.greatestFiniteMagnitude.exponent) + 1 }
  static var digits: Int { T.significandBitCount + 1 }
  static func power(_ e: Int) -> T { T(sign: .plus, exponent: T.Exponent(e), significand: 1) }
  static func halfUp(_ x: Int) -> Int { Int((Double(x) / 2).rounded(.up)) }
  static func halfDown(_ x: Int) -> Int { Int((Double(x) / 2).rounded(.down)) }
  /// Below this, entries are scaled up before squaring.
  static var tsml: T { power(halfUp(emin - 1)) }
  /// Above this, entries are scaled down before squaring.
  static var tbig: T { power(halfDown(emax - digits + 1)) }
  static var ssml: T { power(-halfDown(emin - digits)) }
  static var sbig: T { power(-halfUp(emax + digits - 1)) }

  let tsml = BlueAccumulator.tsml
  let tbig = BlueAccumulator.tbig
  let ssml = BlueAccumulator.ssml
  let sbig = BlueAccumulator.sbig
  var small: T = 0
  var medium: T = 0
  var big: T = 0
  var sawBig = false

  @inline(__always)
  mutating func add(_ x: T) {
    let ax = x.magnitude
    if ax > tbig {
      let s = ax * sbig
      big = big.addingProduct(s, s)
      sawBig = true
    } else if ax < tsml {
      if !sawBig {
        let s = ax * ssml
        small = small.addingProduct(s, s)
      }
    } else {
      medium = medium.addingProduct(ax, ax)  // NaN lands here and propagates
    }
  }

  var norm: T {
    if big > 0 || big.isNaN {
      var sum = big
      if medium > 0 || medium.isNaN { sum = sum + (medium * sbig) * sbig }
      return (sum.squareRoot()) / sbig
    }
    if small > 0 {
      if medium > 0 || medium.isNaN {
        let m = medium.squareRoot()
        let s = small.squareRoot() / ssml
        let (lo, hi) = s > m ? (m, s) : (s, m)
        let r = lo / hi
        return hi * (1 + r * r).squareRoot()
      }
      return small.squareRoot() / ssml
    }
    return medium.squareRoot()
  }
}

public enum Norms {
  /// ‖x‖₂ of `count` elements read with stride `stride` (≥ 1).
  /// - Throws: `RepriseError.invalidArgument` for a negative count or stride < 1.
  public static func two<T: RealScalar>(count: Int, _ x: UnsafePointer<T>, stride: Int = 1) throws
    -> T
  {
    try BLASChecks.vector("Norms.two", count: count, strides: [("stride", stride)])
    if T.self == Double.self {
      return unsafeBitCast(
        blue(count, GEMM.rebound(x) as UnsafePointer<Double>, stride), to: T.self)
    }
    if T.self == Float.self {
      return unsafeBitCast(blue(count, GEMM.rebound(x) as UnsafePointer<Float>, stride), to: T.self)
    }
    return blue(count, x, stride)
  }

  /// ‖x‖₂ of an array.
  public static func two<T: RealScalar>(_ x: [T]) -> T {
    x.withUnsafeBufferPointer { p in
      p.isEmpty ? 0 : try! two(count: p.count, p.baseAddress!)
    }
  }

  /// Σ|xᵢ| (sequential sum in index order).
  public static func one<T: RealScalar>(_ x: [T]) -> T {
    var s: T = 0
    for v in x { s += v.magnitude }
    return s
  }

  /// max|xᵢ| (0 for an empty vector, NaN if any entry is NaN).
  public static func infinity<T: RealScalar>(_ x: [T]) -> T {
    var m: T = 0
    for v in x {
      if v.isNaN { return v }
      m = max(m, v.magnitude)
    }
    return m
  }

  /// Frobenius norm of a rows×cols row-major matrix with row stride `ld`
  /// (entries visited in row-major order, Blue's scaling).
  /// - Throws: `RepriseError.invalidShape` for negative sizes,
  ///   `RepriseError.invalidArgument` for ld < max(1, cols).
  public static func frobenius<T: RealScalar>(
    rows: Int, cols: Int, _ a: UnsafePointer<T>, ld: Int
  ) throws -> T {
    try checkMatrix("Norms.frobenius", rows, cols, ld)
    var acc = BlueAccumulator<T>()
    for i in 0..<rows {
      for j in 0..<cols { acc.add(a[i * ld + j]) }
    }
    return acc.norm
  }

  /// Frobenius norm of a dense rows×cols row-major array.
  /// - Throws: `RepriseError.shapeMismatch` if `a.count != rows·cols`.
  public static func frobenius<T: RealScalar>(_ a: [T], rows: Int, cols: Int) throws -> T {
    try checkDense("Norms.frobenius", a.count, rows, cols)
    return two(a)
  }

  /// Matrix 1-norm: the largest column sum of magnitudes (dense row-major).
  public static func matrixOne<T: RealScalar>(_ a: [T], rows: Int, cols: Int) throws -> T {
    try checkDense("Norms.matrixOne", a.count, rows, cols)
    var sums = [T](repeating: 0, count: cols)
    for i in 0..<rows {
      for j in 0..<cols { sums[j] += a[i * cols + j].magnitude }
    }
    return infinity(sums)
  }

  /// Matrix ∞-norm: the largest row sum of magnitudes (dense row-major).
  public static func matrixInfinity<T: RealScalar>(_ a: [T], rows: Int, cols: Int) throws -> T {
    try checkDense("Norms.matrixInfinity", a.count, rows, cols)
    var best: T = 0
    for i in 0..<rows {
      let s = one(Array(a[(i * cols)..<((i + 1) * cols)]))
      if s.isNaN { return s }
      best = max(best, s)
    }
    return best
  }

  @inline(__always)
  static func blue<T: RealScalar>(_ n: Int, _ x: UnsafePointer<T>, _ stride: Int) -> T {
    var acc = BlueAccumulator<T>()
    for i in 0..<n { acc.add(x[i * stride]) }
    return acc.norm
  }

  static func checkMatrix(_ op: String, _ rows: Int, _ cols: Int, _ ld: Int) throws {
    guard rows >= 0, cols >= 0 else {
      throw RepriseError.invalidShape(operation: op, shape: [rows, cols], reason: "negative size")
    }
    guard ld >= max(1, cols) else {
      throw RepriseError.invalidArgument(
        operation: op, name: "ld", reason: "must be at least max(1, \(cols)), got \(ld)")
    }
  }

  static func checkDense(_ op: String, _ count: Int, _ rows: Int, _ cols: Int) throws {
    guard rows >= 0, cols >= 0 else {
      throw RepriseError.invalidShape(operation: op, shape: [rows, cols], reason: "negative size")
    }
    let (n, overflow) = rows.multipliedReportingOverflow(by: cols)
    guard !overflow, n == count else {
      throw RepriseError.shapeMismatch(operation: op, expected: [rows, cols], got: [count])
    }
  }
}
