// The Moore–Penrose pseudo-inverse A⁺ from the SVD.
//
// What: A⁺ (n×m) for any m×n A: the unique X with AXA = A, XAX = X, (AX)ᵀ = AX,
// (XA)ᵀ = XA, computed for the numerically truncated A.
// Method: thin SVD A = U·Σ·Vᵀ; singular values σᵢ > rcond·σ₁ are kept
// (the numerical rank r), the rest treated as zero; A⁺ = V_r·Σ_r⁻¹·U_rᵀ,
// formed as one GEMM of (Σ_r⁻¹·V_rᵀ)ᵀ and U_rᵀ.
// Cutoff: rcond defaults to max(m, n)·ε, NumPy's default for `pinv`
// (`rtol`) and `matrix_rank`; a zero matrix has rank 0 and A⁺ = 0.
// Cost: one SVD plus 2mnr flops.
// Source: Golub & Van Loan, "Matrix Computations" 4th ed., §5.5.2 (the
// pseudo-inverse), §5.4.1 (numerical rank).

/// The cutoff below which a singular value counts as zero: σ ≤ rcond·σ₁,
/// rcond = `relativeCutoff` or, by default, max(m, n)·ε.
func singularValueCutoff<T: RealScalar>(
  _ values: [T], rows: Int, columns: Int, relativeCutoff: T?, operation: String
) throws -> T {
  let rcond = relativeCutoff ?? T(max(rows, columns)) * T.ulpOfOne
  guard rcond >= 0 && rcond.isFinite else {
    throw RepriseError.invalidArgument(
      operation: operation, name: "relativeCutoff", reason: "must be finite and ≥ 0, got \(rcond)")
  }
  return rcond * (values.first ?? 0)
}

/// Number of singular values above the cutoff (values sorted descending).
func numericalRank<T: RealScalar>(_ values: [T], cutoff: T) -> Int {
  values.reduce(0) { $0 + ($1 > cutoff ? 1 : 0) }
}

/// A⁺, the Moore–Penrose pseudo-inverse of the m×n matrix `a` (n×m).
///
/// ```swift
/// let x = try pseudoInverse(a)                          // rcond = max(m,n)·ε
/// let y = try pseudoInverse(a, relativeCutoff: 1e-10)   // drop σ ≤ 1e-10·σ₁
/// ```
/// - Parameters:
///   - relativeCutoff: singular values σ ≤ relativeCutoff·σ₁ are treated as
///     zero (default max(m, n)·ε, as NumPy).
///   - algorithm: the SVD algorithm (`.golubKahan` fast, `.jacobi` accurate).
/// - Throws: `invalidShape`, `nonFinite`, `invalidArgument` (negative or
///   non-finite cutoff), `noConvergence`.
public func pseudoInverse<T: RealScalar>(
  _ a: Tensor<T>, relativeCutoff: T? = nil, algorithm: SVDAlgorithm = .golubKahan
) throws -> Tensor<T> {
  let operation = "pseudoInverse"
  let (m, n) = try a.matrixShape(operation: operation)
  let svd = try SingularValueDecomposition(a, algorithm: algorithm, vectors: .thin)
  let s = svd.singularValues.scalars
  let cutoff = try singularValueCutoff(
    s, rows: m, columns: n, relativeCutoff: relativeCutoff, operation: operation)
  let r = numericalRank(s, cutoff: cutoff)
  if r == 0 { return try Tensor.zeros([n, m]) }
  // (Σ_r⁻¹·V_rᵀ) is r×n; A⁺ = (Σ_r⁻¹V_rᵀ)ᵀ · U_rᵀ.
  var scaledVt = try svd.vt!.rows(0..<r)
  scaledVt.withUnsafeMutableBufferPointer { p in
    for i in 0..<r {
      let inv = 1 / s[i]
      for j in 0..<n { p[i * n + j] *= inv }
    }
  }
  let ur = try svd.u!.columns(0..<r)
  return try matmul(scaledVt, ur, transposeA: true, transposeB: true)
}
