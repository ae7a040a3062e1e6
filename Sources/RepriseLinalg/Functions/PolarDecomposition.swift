// The polar decomposition A = U·P.
//
// What: for an m×n A, U (m×n) with orthonormal columns (m ≥ n) or rows
// (m < n) — the orthogonal factor nearest to A in every unitarily invariant
// norm — and P = (AᵀA)^{1/2} (n×n, symmetric positive semidefinite).
// Method: thin SVD A = W·Σ·Vᵀ; U = W·Vᵀ, P = V·Σ·Vᵀ (two GEMMs); P is then
// symmetrised exactly ((P + Pᵀ)/2) so downstream code may rely on symmetry.
// For rank-deficient A the factor U is not unique; this one comes from the
// SVD's completed basis.
// Cost: one SVD plus 2mk n + 2n²k flops, k = min(m, n).
// Source: Golub & Van Loan, "Matrix Computations" 4th ed., §9.4.3 (the polar
// decomposition), Higham, "Functions of Matrices" (2008) ch. 8.

/// A = U·P with U orthonormal (columns if m ≥ n, rows if m < n) and P
/// symmetric positive semidefinite.
///
/// ```swift
/// let polar = try PolarDecomposition(a)
/// polar.unitary   // m×n
/// polar.positive  // n×n
/// ```
public struct PolarDecomposition<T: RealScalar>: Sendable {
  /// The orthonormal factor U (m×n).
  public let unitary: Tensor<T>
  /// The symmetric positive semidefinite factor P (n×n).
  public let positive: Tensor<T>

  /// - Throws: `invalidShape`, `nonFinite`, `noConvergence`.
  public init(_ a: Tensor<T>, algorithm: SVDAlgorithm = .golubKahan) throws {
    let (_, n) = try a.matrixShape(operation: "PolarDecomposition")
    let svd = try SingularValueDecomposition(a, algorithm: algorithm, vectors: .thin)
    let vt = svd.vt!
    let k = svd.singularValues.count
    unitary = try matmul(svd.u!, vt)
    // P = V·Σ·Vᵀ = (Σ·Vᵀ)ᵀ·Vᵀ.
    var sigmaVt = vt
    let s = svd.singularValues.scalars
    sigmaVt.withUnsafeMutableBufferPointer { p in
      for i in 0..<k { for j in 0..<n { p[i * n + j] *= s[i] } }
    }
    positive = symmetrizedCopy(try matmul(sigmaVt, vt, transposeA: true), n: n)
  }
}

/// (X + Xᵀ)/2 for a square n×n X.
func symmetrizedCopy<T: RealScalar>(_ x: Tensor<T>, n: Int) -> Tensor<T> {
  var y = x
  y.withUnsafeMutableBufferPointer { p in
    for i in 0..<n {
      for j in (i + 1)..<max(n, i + 1) {
        let mean = p[i * n + j] / 2 + p[j * n + i] / 2
        p[i * n + j] = mean
        p[j * n + i] = mean
      }
    }
  }
  return y
}
