// The 2-norm condition number from the singular values.
//
// What: κ₂(A) = σ_max/σ_min over the min(m, n) singular values of A (for a
// rectangular A this is the condition of the least-squares problem's A).
// Method: values-only SVD. A numerically singular A — σ_min ≤
// max(m, n)·ε·σ_max, where the computed σ_min is rounding noise of size
// ~ε·σ_max rather than a property of A — gives +∞ (so does σ_min = 0); every
// finite answer is therefore below 1/(max(m, n)·ε).
// Cost: one values-only SVD (≈ 4mn² − 4n³/3 flops for Golub–Kahan).
// Source: Golub & Van Loan, "Matrix Computations" 4th ed., §2.6.2, §5.4.1.

/// κ₂(A) = σ₁/σ_k, k = min(m, n); +∞ when A is singular to working
/// precision, σ_k ≤ max(m, n)·ε·σ₁ (an exactly singular A such as
/// [[1, 2], [2, 4]] has a computed σ_k of rounding size, not 0). Finite
/// results are thus below 1/(max(m, n)·ε). `.jacobi` gives σ_k with high
/// relative accuracy for graded matrices, so it can be the better choice
/// for ill-conditioned A = B·D.
/// - Throws: `invalidShape` (not a matrix, or empty), `nonFinite`,
///   `noConvergence`.
public func conditionNumber<T: RealScalar>(
  _ a: Tensor<T>, algorithm: SVDAlgorithm = .golubKahan
) throws -> T {
  let operation = "conditionNumber"
  let (m, n) = try a.matrixShape(operation: operation)
  guard min(m, n) > 0 else {
    throw RepriseError.invalidShape(
      operation: operation, shape: a.shape, reason: "an empty matrix has no condition number")
  }
  let s = try SingularValueDecomposition(a, algorithm: algorithm, vectors: .none)
    .singularValues.scalars
  let smallest = s[s.count - 1]
  if smallest <= T(max(m, n)) * T.ulpOfOne * s[0] { return T.infinity }
  return s[0] / smallest
}
