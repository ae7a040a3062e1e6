// Linear least squares, min ‖A·x − b‖₂, by QR factorizations.
//
// What: `LeastSquares.solveQR` — full rank A: for m ≥ n the unique
// minimiser, for m < n (full row rank) the minimum-norm solution of A·x = b;
// `LeastSquares.solvePivotedQR` — any A: the basic solution of a
// rank-deficient problem (at most r non-zero entries, r the numerical rank).
// The SVD-based minimum-norm solver and the pseudo-inverse live with the SVD.
// Method: m ≥ n: A = Q·R, x = R⁻¹·(Qᵀb)[0..<n]; the residual norm is
// ‖(Qᵀb)[n..<m]‖. m < n: Aᵀ = Q·R, so A = Rᵀ·Qᵀ; solve Rᵀ·y = b and take
// x = Q·y, which lies in the row space of A, hence has minimum norm.
// Pivoted: A·P = Q·R, r = numerical rank of R, y = R₁₁⁻¹·(Qᵀb)[0..<r],
// x = P·(y, 0). Triangular systems by substitution (TriangularSolve.swift).
// Errors: shape and finiteness checks before any work; `solveQR` throws
// `singular(pivot: k)` when R's diagonal fails the relative pivot test
// |R_kk| ≤ max(m, n)·ε·max_j |R_jj| — A is rank-deficient to working
// precision (an exactly rank-deficient A gives a pivot of rounding size,
// ~ε·‖A‖, not 0). Above the cutoff the solve proceeds, however large κ(A);
// use `solvePivotedQR` or `solveMinimumNorm` (SVD) for rank-deficient A.
// Cost: QR 2n²(m − n/3) flops plus 4mnp for p right-hand sides.
// Source: Golub & Van Loan, "Matrix Computations" 4th ed., §5.3.3 (QR
// least squares), §5.4.2 (basic solutions via column pivoting), §5.6.2
// (underdetermined systems); LAPACK xGELS, xGELSY.

/// The result of a least-squares solve.
public struct LeastSquaresSolution<T: RealScalar>: Sendable {
  /// x: a vector of length n for a vector b, an n×p matrix for an m×p b.
  public let solution: Tensor<T>
  /// The rank used: min(m, n) for full-rank solvers, the numerical rank
  /// for rank-revealing ones.
  public let rank: Int
  /// ‖A·xⱼ − bⱼ‖₂ for each right-hand side j, computed from the part of
  /// Qᵀ·b the solution cannot fit (0 when the system is consistent by shape).
  public let residualNorms: [T]
}

/// Least-squares solvers built on QR factorizations.
///
/// ```swift
/// let fit = try LeastSquares.solveQR(a, b)               // full rank, any shape
/// let basic = try LeastSquares.solvePivotedQR(a, b)      // rank-deficient allowed
/// print(basic.rank, basic.solution, basic.residualNorms)
/// ```
public enum LeastSquares {
  /// Full-rank least squares (m ≥ n) or minimum-norm solution (m < n).
  /// - Throws: `invalidShape`, `shapeMismatch`, `nonFinite`; `singular(pivot: k)`
  ///   when |R_kk| ≤ max(m, n)·ε·max_j |R_jj| (A rank-deficient to working
  ///   precision: use `solvePivotedQR` or `solveMinimumNorm` instead).
  public static func solveQR<T: RealScalar>(_ a: Tensor<T>, _ b: Tensor<T>) throws
    -> LeastSquaresSolution<T>
  {
    let operation = "LeastSquares.solveQR"
    let (m, n) = try MatrixChecks.finiteMatrix(a, operation: operation)
    let rhs = try MatrixChecks.rightHandSide(b, rows: m, operation: operation)
    let p = rhs.columns
    if m >= n {
      let qr = try QRFactorization(a)
      let c = try qr.applyQTranspose(to: b).scalars
      try requireFullRank(qr.storage, order: n, rows: m)
      let x = try solveUpper(
        qr.storage, order: n, rhs: Array(c[0..<(n * p)]), columns: p,
        transpose: false, operation: operation)
      return LeastSquaresSolution(
        solution: try rhs.result(rows: n, scalars: x), rank: n,
        residualNorms: tailNorms(c, from: n, rows: m, columns: p))
    }
    // Underdetermined: Aᵀ = Q·R, Rᵀ·y = b, x = Q·(y, 0).
    let qr = try QRFactorization(try a.transposed())
    try requireFullRank(qr.storage, order: m, rows: n)
    let y = try solveUpper(
      qr.storage, order: m, rhs: b.scalars, columns: p,
      transpose: true, operation: operation)
    let padded = y + [T](repeating: 0, count: (n - m) * p)
    let x = try qr.applyQ(to: Tensor(factorRows: n, columns: p, scalars: padded))
    return LeastSquaresSolution(
      solution: try rhs.result(rows: n, scalars: x.scalars), rank: m,
      residualNorms: [T](repeating: 0, count: p))
  }

  /// The basic solution by QR with column pivoting.
  /// - Parameter tolerance: rank cutoff on |R_kk|; default
  ///   `PivotedQRFactorization.defaultRankTolerance`, max(m, n)·ε·|R₀₀|.
  /// - Throws: `invalidShape`, `shapeMismatch`, `nonFinite`, `invalidArgument`.
  public static func solvePivotedQR<T: RealScalar>(
    _ a: Tensor<T>, _ b: Tensor<T>, tolerance: T? = nil
  ) throws -> LeastSquaresSolution<T> {
    let operation = "LeastSquares.solvePivotedQR"
    let (m, n) = try MatrixChecks.finiteMatrix(a, operation: operation)
    let rhs = try MatrixChecks.rightHandSide(b, rows: m, operation: operation)
    if let tolerance, !(tolerance >= 0 && tolerance.isFinite) {
      throw RepriseError.invalidArgument(
        operation: operation, name: "tolerance", reason: "must be finite and ≥ 0, got \(tolerance)")
    }
    let p = rhs.columns
    let qrp = try PivotedQRFactorization(a)
    let rank = qrp.numericalRank(tolerance: tolerance)
    let c = try qrp.applyQTranspose(to: b).scalars
    let y = try solveUpper(
      qrp.storage, order: rank, rhs: Array(c[0..<(rank * p)]), columns: p,
      transpose: false, operation: operation)
    var x = [T](repeating: 0, count: n * p)
    for j in 0..<rank {
      let target = qrp.permutation[j]
      for col in 0..<p { x[target * p + col] = y[j * p + col] }
    }
    return LeastSquaresSolution(
      solution: try rhs.result(rows: n, scalars: x), rank: rank,
      residualNorms: tailNorms(c, from: rank, rows: m, columns: p))
  }

  /// Throws `singular(pivot: k)` for the first k with |R_kk| ≤
  /// max(rows, order)·ε·max_j |R_jj|; the operation names the remedy.
  private static func requireFullRank<T: RealScalar>(
    _ storage: QRStorage<T>, order: Int, rows: Int
  ) throws {
    let n = storage.columns
    var largest: T = 0
    for j in 0..<order { largest = max(largest, abs(storage.factors[j * n + j])) }
    let cutoff = T(max(rows, order)) * T.ulpOfOne * largest
    for k in 0..<order where abs(storage.factors[k * n + k]) <= cutoff {
      throw RepriseError.singular(
        operation:
          "LeastSquares.solveQR (|R_kk| ≤ max(m, n)·ε·max|R_jj|: A is rank-deficient to working precision; use LeastSquares.solvePivotedQR or solveMinimumNorm)",
        pivot: k)
    }
  }

  /// Solves R[0..<order, 0..<order]·X = B (or its transpose) in place.
  private static func solveUpper<T: RealScalar>(
    _ storage: QRStorage<T>, order: Int, rhs: [T], columns p: Int, transpose: Bool,
    operation: String
  ) throws -> [T] {
    let n = storage.columns
    for k in 0..<order where storage.factors[k * n + k] == 0 {
      throw RepriseError.singular(operation: operation, pivot: k)
    }
    var x = rhs
    storage.factors.withUnsafeBufferPointer { fp in
      x.withUnsafeMutableBufferPointer { xp in
        guard let f = fp.baseAddress, let xBase = xp.baseAddress else { return }
        TriangularKernel.solveLeft(
          upper: true, transpose: transpose, unitDiagonal: false, n: order, columns: p,
          t: f, ldt: n, b: xBase, ldb: p)
      }
    }
    return x
  }

  /// ‖c[from..<rows, j]‖ for each column j of the rows×columns matrix c.
  private static func tailNorms<T: RealScalar>(_ c: [T], from: Int, rows: Int, columns: Int)
    -> [T]
  {
    c.withUnsafeBufferPointer { cp in
      (0..<columns).map { j in
        from >= rows
          ? 0
          : ScaledNorm.norm2(
            cp.baseAddress! + from * columns + j, count: rows - from, stride: columns)
      }
    }
  }
}
