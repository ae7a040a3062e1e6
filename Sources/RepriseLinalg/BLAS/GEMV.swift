// GEMV: matrix–vector product y ← α·op(A)·x + β·y.
//
// What: the GEMM contract with n = 1. op(A) is m×k (A stored m×k row-major,
// or k×m when transposed, row stride lda), x has k elements, y has m. For
// every i:
//     t = (β == 0) ? 0 : (β == 1 ? y[i] : β * y[i])     // β == 0 ignores y
//     for p in 0..<k { t = t.addingProduct(α == 1 ? a(i,p) : α * a(i,p), x[p]) }
//     y[i] = t
// so GEMV gives exactly the bits of `GEMM.compute` with n = 1 (tested).
// α == 0 or k == 0: y ← β·y (A and x not read).
// Method: untransposed A: eight rows at a time, eight independent scalar
// chains walking their rows (A read with unit stride). Transposed A: sixteen
// outputs at a time held in 4-lane accumulators, walking down the stored
// rows (contiguous in i). Each output still has its own sequential chain.
// Single-threaded: GEMV is memory-bound.
// Cost: 2·m·k flops, one pass over A.
// Source: BLAS xGEMV (Dongarra et al. 1988), with fused accumulation.

import RepriseCore

public enum GEMV {
  /// y ← α·op(A)·x + β·y; see the file header.
  /// - Throws: `RepriseError.invalidShape` for negative sizes,
  ///   `RepriseError.invalidArgument` for a too-small lda.
  public static func compute<T: RealScalar>(
    _ trans: Transpose, m: Int, k: Int, alpha: T, a: UnsafePointer<T>, lda: Int,
    x: UnsafePointer<T>, beta: T, y: UnsafeMutablePointer<T>
  ) throws {
    guard m >= 0, k >= 0 else {
      throw RepriseError.invalidShape(
        operation: "GEMV.compute", shape: [m, k], reason: "m and k must be non-negative")
    }
    let row = trans == .none ? k : m
    guard lda >= max(1, row) else {
      throw RepriseError.invalidArgument(
        operation: "GEMV.compute", name: "lda",
        reason: "must be at least max(1, \(row)), got \(lda)")
    }
    if m == 0 { return }
    if T.self == Double.self {
      run(
        trans, m, k, unsafeBitCast(alpha, to: Double.self), GEMM.rebound(a), lda, GEMM.rebound(x),
        unsafeBitCast(beta, to: Double.self), GEMM.rebound(y))
    } else if T.self == Float.self {
      run(
        trans, m, k, unsafeBitCast(alpha, to: Float.self), GEMM.rebound(a), lda, GEMM.rebound(x),
        unsafeBitCast(beta, to: Float.self), GEMM.rebound(y))
    } else {
      run(trans, m, k, alpha, a, lda, x, beta, y)
    }
  }

  /// y ← α·op(A)·x + β·y on dense arrays (lda = stored row length).
  /// - Throws: `RepriseError.shapeMismatch` for wrong element counts.
  public static func compute<T: RealScalar>(
    _ trans: Transpose, m: Int, k: Int, alpha: T = 1, a: [T], x: [T], beta: T = 0, y: inout [T]
  ) throws {
    guard m >= 0, k >= 0 else {
      throw RepriseError.invalidShape(
        operation: "GEMV.compute", shape: [m, k], reason: "m and k must be non-negative")
    }
    let shape = trans == .none ? [m, k] : [k, m]
    let (count, overflow) = m.multipliedReportingOverflow(by: k)
    guard !overflow, a.count == count else {
      throw RepriseError.shapeMismatch(
        operation: "GEMV.compute (A)", expected: shape, got: [a.count])
    }
    guard x.count == k else {
      throw RepriseError.shapeMismatch(operation: "GEMV.compute (x)", expected: [k], got: [x.count])
    }
    guard y.count == m else {
      throw RepriseError.shapeMismatch(operation: "GEMV.compute (y)", expected: [m], got: [y.count])
    }
    if m == 0 { return }
    var dummy = T.zero
    try withUnsafeMutablePointer(to: &dummy) { d in
      try a.withUnsafeBufferPointer { pa in
        try x.withUnsafeBufferPointer { px in
          try y.withUnsafeMutableBufferPointer { py in
            try compute(
              trans, m: m, k: k, alpha: alpha, a: pa.baseAddress ?? UnsafePointer(d),
              lda: max(1, shape[1]), x: px.baseAddress ?? UnsafePointer(d), beta: beta,
              y: py.baseAddress!)
          }
        }
      }
    }
  }

  static func run<T: RealScalar>(
    _ trans: Transpose, _ m: Int, _ k: Int, _ alpha: T, _ a: UnsafePointer<T>, _ lda: Int,
    _ x: UnsafePointer<T>, _ beta: T, _ y: UnsafeMutablePointer<T>
  ) {
    GEMM.scale(y, rows: 1, cols: m, ldc: m, by: beta)
    if k == 0 || alpha == 0 { return }
    if trans == .none {
      var i = 0
      while i + 8 <= m {
        var t0 = y[i]
        var t1 = y[i + 1]
        var t2 = y[i + 2]
        var t3 = y[i + 3]
        var t4 = y[i + 4]
        var t5 = y[i + 5]
        var t6 = y[i + 6]
        var t7 = y[i + 7]
        let r = a + i * lda
        for p in 0..<k {
          let xp = x[p]
          if alpha == 1 {
            t0 = t0.addingProduct(r[p], xp)
            t1 = t1.addingProduct(r[lda + p], xp)
            t2 = t2.addingProduct(r[2 * lda + p], xp)
            t3 = t3.addingProduct(r[3 * lda + p], xp)
            t4 = t4.addingProduct(r[4 * lda + p], xp)
            t5 = t5.addingProduct(r[5 * lda + p], xp)
            t6 = t6.addingProduct(r[6 * lda + p], xp)
            t7 = t7.addingProduct(r[7 * lda + p], xp)
          } else {
            t0 = t0.addingProduct(alpha * r[p], xp)
            t1 = t1.addingProduct(alpha * r[lda + p], xp)
            t2 = t2.addingProduct(alpha * r[2 * lda + p], xp)
            t3 = t3.addingProduct(alpha * r[3 * lda + p], xp)
            t4 = t4.addingProduct(alpha * r[4 * lda + p], xp)
            t5 = t5.addingProduct(alpha * r[5 * lda + p], xp)
            t6 = t6.addingProduct(alpha * r[6 * lda + p], xp)
            t7 = t7.addingProduct(alpha * r[7 * lda + p], xp)
          }
        }
        y[i] = t0
        y[i + 1] = t1
        y[i + 2] = t2
        y[i + 3] = t3
        y[i + 4] = t4
        y[i + 5] = t5
        y[i + 6] = t6
        y[i + 7] = t7
        i += 8
      }
      while i < m {
        var t = y[i]
        let r = a + i * lda
        for p in 0..<k { t = t.addingProduct(alpha == 1 ? r[p] : alpha * r[p], x[p]) }
        y[i] = t
        i += 1
      }
    } else {
      typealias V = SIMD4<T>
      var i = 0
      while i + 16 <= m {
        var t0 = V(y[i], y[i + 1], y[i + 2], y[i + 3])
        var t1 = V(y[i + 4], y[i + 5], y[i + 6], y[i + 7])
        var t2 = V(y[i + 8], y[i + 9], y[i + 10], y[i + 11])
        var t3 = V(y[i + 12], y[i + 13], y[i + 14], y[i + 15])
        for p in 0..<k {
          let r = a + p * lda + i
          var v0 = V(r[0], r[1], r[2], r[3])
          var v1 = V(r[4], r[5], r[6], r[7])
          var v2 = V(r[8], r[9], r[10], r[11])
          var v3 = V(r[12], r[13], r[14], r[15])
          if alpha != 1 {
            v0 = alpha * v0
            v1 = alpha * v1
            v2 = alpha * v2
            v3 = alpha * v3
          }
          let xp = V(repeating: x[p])
          t0 = t0.addingProduct(v0, xp)
          t1 = t1.addingProduct(v1, xp)
          t2 = t2.addingProduct(v2, xp)
          t3 = t3.addingProduct(v3, xp)
        }
        for l in 0..<4 {
          y[i + l] = t0[l]
          y[i + 4 + l] = t1[l]
          y[i + 8 + l] = t2[l]
          y[i + 12 + l] = t3[l]
        }
        i += 16
      }
      while i < m {
        var t = y[i]
        for p in 0..<k {
          let aip = a[p * lda + i]
          t = t.addingProduct(alpha == 1 ? aip : alpha * aip, x[p])
        }
        y[i] = t
        i += 1
      }
    }
  }
}
