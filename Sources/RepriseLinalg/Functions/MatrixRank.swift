// Numerical rank and null space from the SVD.
//
// What: r = number of singular values above a relative cutoff, and an
// orthonormal basis of the numerical null space {x : A·x ≈ 0} (the right
// singular vectors of the discarded values).
// Method: SVD (values only for the rank; full Vᵀ for the null space, whose
// rows r … n−1 are the basis). Cutoff σ > rcond·σ₁ with rcond = max(m, n)·ε
// by default (NumPy's `matrix_rank` rule).
// Cost: one SVD.
// Source: Golub & Van Loan, "Matrix Computations" 4th ed., §5.4.1
// (numerical rank and the SVD), §2.4.

/// The numerical rank of `a`: #{σᵢ > rcond·σ₁}, rcond = `relativeCutoff`
/// or max(m, n)·ε. A zero or empty matrix has rank 0.
/// - Throws: `invalidShape`, `nonFinite`, `invalidArgument`, `noConvergence`.
public func matrixRank<T: RealScalar>(
  _ a: Tensor<T>, relativeCutoff: T? = nil, algorithm: SVDAlgorithm = .golubKahan
) throws -> Int {
  let operation = "matrixRank"
  let (m, n) = try a.matrixShape(operation: operation)
  let s = try SingularValueDecomposition(a, algorithm: algorithm, vectors: .none)
    .singularValues.scalars
  let cutoff = try singularValueCutoff(
    s, rows: m, columns: n, relativeCutoff: relativeCutoff, operation: operation)
  return numericalRank(s, cutoff: cutoff)
}

/// An orthonormal basis of the numerical null space of `a` (m×n), as the
/// columns of an n×(n − r) matrix, r = `matrixRank(a, relativeCutoff:)`.
/// Columns follow the SVD's canonical sign rule (largest-|·| entry positive).
/// - Throws: `invalidShape`, `nonFinite`, `invalidArgument`, `noConvergence`.
public func nullSpace<T: RealScalar>(
  _ a: Tensor<T>, relativeCutoff: T? = nil, algorithm: SVDAlgorithm = .golubKahan
) throws -> Tensor<T> {
  let operation = "nullSpace"
  let (m, n) = try a.matrixShape(operation: operation)
  let svd = try SingularValueDecomposition(a, algorithm: algorithm, vectors: .full)
  let s = svd.singularValues.scalars
  let cutoff = try singularValueCutoff(
    s, rows: m, columns: n, relativeCutoff: relativeCutoff, operation: operation)
  let r = numericalRank(s, cutoff: cutoff)
  return try svd.vt!.rows(r..<n).transposed()
}
