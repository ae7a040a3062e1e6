// Orthogonal Procrustes: the orthogonal matrix that best maps A onto B.
//
// What: R = argmin ‖A·R − B‖_F over orthogonal n×n R (rotations and
// reflections), for A, B both m×n; optionally restricted to proper rotations
// (det R = +1, the Kabsch problem). Also the residual distance ‖A·R − B‖_F.
// Method: M = AᵀB = U·Σ·Vᵀ (SVD); R = U·Vᵀ maximises tr(RᵀAᵀB) = Σσᵢ. For a
// proper rotation, when det(U·Vᵀ) = −1 the last column of U (smallest σ) is
// negated, which costs the least (Kabsch/Umeyama). The distance is computed
// from the residual A·R − B itself: the closed form
// √(‖A‖² + ‖B‖² − 2Σσᵢ) cancels badly when the fit is good.
// Cost: 2mn² (AᵀB) + SVD of n×n + 2n³ + 2mn² (residual).
// Sources: Schönemann, "A generalized solution of the orthogonal Procrustes
// problem", Psychometrika 31 (1966); Golub & Van Loan, "Matrix Computations"
// 4th ed., §6.4.1; Umeyama, IEEE TPAMI 13 (1991) for the determinant fix.

/// The orthogonal R minimising ‖A·R − B‖_F, with the attained distance.
///
/// ```swift
/// let p = try OrthogonalProcrustes(a, b)        // a, b: m×n
/// p.rotation    // n×n orthogonal
/// p.distance    // ‖A·R − B‖_F
/// ```
public struct OrthogonalProcrustes<T: RealScalar>: Sendable {
  /// The optimal orthogonal n×n matrix R.
  public let rotation: Tensor<T>
  /// ‖A·R − B‖_F at the optimum.
  public let distance: T
  /// Singular values of AᵀB (their sum is the maximal tr(RᵀAᵀB)).
  public let singularValues: Tensor<T>

  /// - Parameters:
  ///   - properRotation: if true, R is restricted to det R = +1.
  ///   - algorithm: SVD algorithm for AᵀB.
  /// - Throws: `invalidShape`, `shapeMismatch` (A and B differ in shape),
  ///   `nonFinite`, `noConvergence`.
  public init(
    _ a: Tensor<T>, _ b: Tensor<T>, properRotation: Bool = false,
    algorithm: SVDAlgorithm = .golubKahan
  ) throws {
    let operation = "OrthogonalProcrustes"
    let (m, n) = try a.matrixShape(operation: operation)
    let shapeB = try b.matrixShape(operation: operation)
    guard shapeB == (m, n) else {
      throw RepriseError.shapeMismatch(operation: operation, expected: [m, n], got: b.shape)
    }
    try a.requireFiniteEntries(operation: operation)
    try b.requireFiniteEntries(operation: operation)
    let product = try matmul(a, b, transposeA: true)  // n×n
    let svd = try SingularValueDecomposition(product, algorithm: algorithm, vectors: .thin)
    var u = svd.u!
    if properRotation && n > 0 {
      let sign = try determinantSign(u) * determinantSign(svd.vt!)
      if sign < 0 {
        u.withUnsafeMutableBufferPointer { p in
          for i in 0..<n { p[i * n + n - 1] = -p[i * n + n - 1] }
        }
      }
    }
    let r = try matmul(u, svd.vt!)
    let residual = try matmul(a, r) - b
    self.rotation = r
    self.singularValues = svd.singularValues
    self.distance =
      residual.count == 0
      ? 0 : residual.scalars.withUnsafeBufferPointer { Spectral.norm($0.baseAddress!, $0.count) }
  }
}

/// Sign (±1) of the determinant of an orthogonal matrix, from LU with
/// partial pivoting (exact zero pivots cannot occur for orthogonal input).
func determinantSign<T: RealScalar>(_ q: Tensor<T>) throws -> T {
  let det = try LUFactorization(q, allowSingular: true).determinant()
  return det < 0 ? -1 : 1
}
