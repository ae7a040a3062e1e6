// Minimum-norm least squares by the SVD.
//
// What: x = argmin ‖x‖₂ among the minimisers of ‖A·x − b‖₂, for any m×n A
// (rank-deficient, under- or overdetermined) and one or many right-hand
// sides, with the numerical rank decided by a relative singular value cutoff.
// Method: thin SVD A = U·Σ·Vᵀ; with r = #{σᵢ > rcond·σ₁},
// x = V_r·Σ_r⁻¹·U_rᵀ·b (two GEMMs); residual norms ‖A·x − b‖ computed from
// the residual itself (not from ‖b‖² − ‖Uᵀb‖², which cancels).
// Cutoff: rcond defaults to max(m, n)·ε (as `pseudoInverse`).
// Cost: one SVD plus 2(m + n)·r·p flops for p right-hand sides, plus 2mnp for
// the residuals.
// Source: Golub & Van Loan, "Matrix Computations" 4th ed., §5.5.1
// (Theorem 5.5.1: the SVD solution of rank-deficient least squares).
// The QR-based solvers are in Solve/LeastSquares.swift.

extension LeastSquares {
  /// Minimum-norm least-squares solution via the SVD (any rank, any shape).
  ///
  /// ```swift
  /// let fit = try LeastSquares.solveMinimumNorm(a, b)   // b: m-vector or m×p
  /// fit.solution, fit.rank, fit.residualNorms
  /// ```
  /// - Parameters:
  ///   - relativeCutoff: singular values σ ≤ relativeCutoff·σ₁ are treated as
  ///     zero (default max(m, n)·ε).
  ///   - algorithm: the SVD algorithm (`.golubKahan` fast, `.jacobi` accurate).
  /// - Throws: `invalidShape`, `shapeMismatch`, `nonFinite` (in A or b),
  ///   `invalidArgument` (bad cutoff), `noConvergence`.
  public static func solveMinimumNorm<T: RealScalar>(
    _ a: Tensor<T>, _ b: Tensor<T>, relativeCutoff: T? = nil,
    algorithm: SVDAlgorithm = .golubKahan
  ) throws -> LeastSquaresSolution<T> {
    let operation = "LeastSquares.solveMinimumNorm"
    let (m, n) = try a.matrixShape(operation: operation)
    let isVector = b.rank == 1
    guard b.rank == 1 || b.rank == 2 else {
      throw RepriseError.invalidShape(
        operation: operation, shape: b.shape, reason: "b must be a vector or a matrix")
    }
    guard b.shape[0] == m else {
      throw RepriseError.shapeMismatch(
        operation: "\(operation): rows of b must equal rows of A", expected: [m], got: [b.shape[0]])
    }
    try b.requireFiniteEntries(operation: operation)
    let p = isVector ? 1 : b.shape[1]
    let bm = try b.reshaped([m, p])

    let svd = try SingularValueDecomposition(a, algorithm: algorithm, vectors: .thin)
    let s = svd.singularValues.scalars
    let cutoff = try singularValueCutoff(
      s, rows: m, columns: n, relativeCutoff: relativeCutoff, operation: operation)
    let r = numericalRank(s, cutoff: cutoff)
    var x: Tensor<T>
    if r == 0 {
      x = try Tensor.zeros([n, p])
    } else {
      // c = Σ_r⁻¹·U_rᵀ·b (r×p), x = V_r·c.
      var c = try matmul(svd.u!.columns(0..<r), bm, transposeA: true)
      c.withUnsafeMutableBufferPointer { q in
        for i in 0..<r {
          let inv = 1 / s[i]
          for j in 0..<p { q[i * p + j] *= inv }
        }
      }
      x = try matmul(svd.vt!.rows(0..<r), c, transposeA: true)
    }
    let residual = try matmul(a, x) - bm
    var norms = [T](repeating: 0, count: p)
    for j in 0..<p {
      let column = (0..<m).map { residual.scalars[$0 * p + j] }
      norms[j] = m == 0 ? 0 : column.withUnsafeBufferPointer { Spectral.norm($0.baseAddress!, m) }
    }
    return LeastSquaresSolution(
      solution: isVector ? try x.reshaped([n]) : x, rank: r, residualNorms: norms)
  }
}
