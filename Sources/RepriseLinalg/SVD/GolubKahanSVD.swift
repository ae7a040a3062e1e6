// The Golub–Kahan SVD path: bidiagonalise, diagonalise the bidiagonal,
// transform the vectors back.
//
// What: the raw (unsorted) SVD of a tall M×N matrix (M ≥ N) for
// `SingularValueDecomposition`'s `.golubKahan` algorithm.
// Method: A = U_B·B·V_Bᵀ by Householder reflectors (Bidiagonalization.swift),
// then B = U₂·Σ·V₂ᵀ by one of two solvers:
//   • implicit zero-/shifted QR (BidiagonalQR.swift): U_B and V_B are formed
//     explicitly and the rotations are applied to them. Always used for values
//     only, and for vectors of small matrices;
//   • divide and conquer (BidiagonalDivideConquer.swift), the default with
//     vectors when N > `BidiagonalSVDMethod.crossover`: U₂ and V₂ come out as
//     dense N×N matrices and the reflectors are applied to them in compact WY
//     blocks, U = U_B·[U₂; 0], V = V_B·V₂ (LAPACK xGESDD's order), so U_B and V_B
//     are never formed. Most flops then run in GEMM instead of in rotations.
//     A tall matrix (M ≥ 2N) is first reduced by Householder QR, A = Q·R
//     (compact WY, GEMM), the square R goes through the path above and
//     U = Q·[U_R; 0] (as xGESDD does for M much larger than N): the
//     bidiagonalisation, half BLAS-2, then runs on N×N instead of M×N.
// Cost: bidiagonalisation 4MN² − 4N³/3; QR: ≈ 6N²·(M + N) per sweep set for
// vectors (BLAS-1 rotations); divide and conquer ≤ 8N³/3 (GEMM) plus the
// back-transformation 4MN² − 2N³ (thin U) and 2N³ (V), all GEMM; tall:
// + 2MN² − 2N³/3 (QR) and 4MN² − 2N³ (Q·U_R), bidiagonalisation 8N³/3.
// Sources: Golub & Van Loan, "Matrix Computations" 4th ed., §8.6; Gu &
// Eisenstat, SIAM J. Matrix Anal. Appl. 16 (1995); LAPACK xGESDD, xBDSDC.

/// How the Golub–Kahan SVD diagonalises its bidiagonal matrix.
public enum BidiagonalSVDMethod: Sendable {
  /// Divide and conquer when vectors are wanted and min(m, n) > `crossover`,
  /// implicit QR otherwise.
  case automatic
  /// Divide and conquer (Gu–Eisenstat) whenever vectors are wanted; values
  /// only always use QR.
  case divideAndConquer
  /// Implicit zero-shift / shifted QR (xBDSQR-style).
  case qr

  /// Above this min(m, n), `.automatic` picks divide and conquer. Measured
  /// (reprise-bench svd, 1 thread, thin vectors): the two solvers take about
  /// the same time from n = 32 to 96, D&C is ~1.4× faster at 256 and ~1.7× at
  /// 512; D&C's leaves (≤ 25) are QR anyway.
  public static let crossover = 96

  func usesDivideAndConquer(vectors: Bool, size: Int) -> Bool {
    guard vectors else { return false }
    switch self {
    case .automatic: return size > Self.crossover
    case .divideAndConquer: return true
    case .qr: return false
    }
  }
}

enum GolubKahanSVD {
  /// Raw SVD of the row-major M×N `work` (M ≥ N; destroyed).
  static func decompose<T: RealScalar>(
    _ work: inout [T], m: Int, n: Int, vectors: SVDVectors, method: BidiagonalSVDMethod,
    iterationCap: Int?, operation: String
  ) throws -> RawSVD<T> {
    let wantVectors = vectors != .none
    let full = vectors == .full
    if method.usesDivideAndConquer(vectors: wantVectors, size: n) {
      return try divideAndConquer(
        &work, m: m, n: n, full: full, iterationCap: iterationCap, operation: operation)
    }
    var b = Bidiagonalization.reduce(
      &work, m: m, n: n, wantU: wantVectors, fullU: full, wantV: wantVectors)
    var uRows = b.uRows
    var vRows = b.vRows
    try withOptionalPointer(&uRows) { up in
      try withOptionalPointer(&vRows) { vp in
        try BidiagonalQR.diagonalize(
          d: &b.d, e: &b.e, u: up, uLength: m, v: vp, vLength: n, operation: operation,
          iterationCap: iterationCap)
      }
    }
    return RawSVD(
      s: b.d, uRows: uRows, uRowCount: b.uRowCount,
      uValid: [Bool](repeating: true, count: b.uRowCount), vRows: vRows)
  }

  /// Bidiagonal divide and conquer, then U = U_B·[U₂ 0; 0 I], V = V_B·V₂.
  static func divideAndConquer<T: RealScalar>(
    _ work: inout [T], m: Int, n: Int, full: Bool, iterationCap: Int?, operation: String
  ) throws -> RawSVD<T> {
    if m >= 2 * n && n > 0 {
      return try divideAndConquerAfterQR(
        work, m: m, n: n, full: full, iterationCap: iterationCap, operation: operation)
    }
    let b = Bidiagonalization.reduce(
      &work, m: m, n: n, wantU: true, fullU: full, wantV: true, explicit: false)
    let solved = try BidiagonalDivideConquer.solve(
      d: b.d, e: b.e, leafIterationCap: iterationCap, operation: operation)
    let columns = full ? m : n
    var u = [T](repeating: 0, count: m * columns)
    for r in 0..<n {
      for c in 0..<n { u[r * columns + c] = solved.u[r * n + c] }
    }
    for i in n..<columns { u[i * columns + i] = 1 }
    var v = solved.v
    u.withUnsafeMutableBufferPointer { ub in
      b.left!.applyQ(c: ub.baseAddress!, ldc: columns, columns: columns)
    }
    if n > 1 {
      v.withUnsafeMutableBufferPointer { vb in
        b.right!.applyQ(c: vb.baseAddress! + n, ldc: n, columns: n)
      }
    }
    return RawSVD(
      s: solved.values, uRows: Bidiagonalization.transpose(u, rows: m, cols: columns),
      uRowCount: columns, uValid: [Bool](repeating: true, count: columns),
      vRows: Bidiagonalization.transpose(v, rows: n, cols: n))
  }

  /// Tall A (m ≥ 2n): A = Q·R, R = U_R·Σ·Vᵀ by the square path, U = Q·[U_R 0; 0 I].
  static func divideAndConquerAfterQR<T: RealScalar>(
    _ work: [T], m: Int, n: Int, full: Bool, iterationCap: Int?, operation: String
  ) throws -> RawSVD<T> {
    let qr = try QRFactorization(try Tensor(shape: [m, n], scalars: work))
    var r = qr.r(thin: true).scalars
    let inner = try divideAndConquer(
      &r, m: n, n: n, full: false, iterationCap: iterationCap, operation: operation)
    let columns = full ? m : n
    var c = [T](repeating: 0, count: m * columns)
    let uRRows = inner.uRows!  // rows of U_Rᵀ: entry (i, r) is U_R[r, i]
    for i in 0..<n {
      for row in 0..<n { c[row * columns + i] = uRRows[i * n + row] }
    }
    for i in n..<columns { c[i * columns + i] = 1 }
    let u = try qr.applyQ(to: try Tensor(shape: [m, columns], scalars: c))
    return RawSVD(
      s: inner.s, uRows: Bidiagonalization.transpose(u.scalars, rows: m, cols: columns),
      uRowCount: columns, uValid: [Bool](repeating: true, count: columns), vRows: inner.vRows)
  }
}
