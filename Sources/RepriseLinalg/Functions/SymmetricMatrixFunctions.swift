// Functions of a symmetric matrix through its eigendecomposition.
//
// What: f(A) = V·f(Λ)·Vᵀ for symmetric A = V·Λ·Vᵀ and a scalar function f;
// in particular A^{1/2} and the regularised inverse square root
// (A + ridge·I)^{−1/2} with an eigenvalue floor, the whitening operator used
// by CCA, SVCCA/PWCCA and ZCA whitening.
// Method: SymmetricEigen (tridiagonal QL by default), then
// (V·f(Λ))·Vᵀ as one GEMM and an exact symmetrisation (X + Xᵀ)/2.
// Conventions:
//   • squareRoot: eigenvalues in [−tol, 0) with tol = n·ε·max|λ| are rounding
//     noise and are clamped to 0; a more negative eigenvalue throws
//     `notPositiveDefinite` (pivot = its index in ascending order).
//   • inverseSquareRoot(ridge: r, floor: f): each eigenvalue becomes
//     max(λ + r, f) and then (·)^{−1/2}; if the result is not positive
//     (≤ 0) it throws `notPositiveDefinite`. ridge adds r·I (Tikhonov
//     regularisation, as CCA implementations do with a small ε); floor clips
//     the spectrum from below (e.g. 1e-10·λ_max).
// Cost: the eigendecomposition (≈ 9n³) plus 2n³ for the product.
// Source: Higham, "Functions of Matrices" (2008), §1.2 and ch. 6 (square
// roots); Golub & Van Loan, "Matrix Computations" 4th ed., §9.1.

/// f(A) = V·diag(f(λᵢ))·Vᵀ for a symmetric A (symmetry checked as in
/// `SymmetricEigen`). `f` must return finite values.
/// - Throws: `SymmetricEigen`'s errors; `nonFinite` if f returns NaN/Inf.
public func symmetricMatrixFunction<T: RealScalar>(
  _ a: Tensor<T>, method: SymmetricEigenMethod = .tridiagonalQL, _ f: (T) throws -> T
) throws -> Tensor<T> {
  let eig = try SymmetricEigen(a, method: method)
  let mapped = try eig.values.scalars.map(f)
  return try applySpectrum(eig, mapped, operation: "symmetricMatrixFunction")
}

/// The principal square root A^{1/2} of a symmetric positive semidefinite A.
/// - Throws: `notPositiveDefinite` for an eigenvalue below −n·ε·max|λ|, and
///   `SymmetricEigen`'s errors.
public func symmetricSquareRoot<T: RealScalar>(
  _ a: Tensor<T>, method: SymmetricEigenMethod = .tridiagonalQL
) throws -> Tensor<T> {
  let operation = "symmetricSquareRoot"
  let eig = try SymmetricEigen(a, method: method)
  let lambda = eig.values.scalars
  let n = lambda.count
  let largest = lambda.reduce(0) { max($0, abs($1)) }
  let tol = T(n) * T.ulpOfOne * largest
  var mapped = [T]()
  for (i, l) in lambda.enumerated() {
    if l < -tol {
      throw RepriseError.notPositiveDefinite(operation: operation, pivot: i, value: Double(l))
    }
    mapped.append(max(l, 0).squareRoot())
  }
  return try applySpectrum(eig, mapped, operation: operation)
}

/// (A + ridge·I)^{−1/2} with the spectrum clipped below at `floor`:
/// V·diag(max(λᵢ + ridge, floor)^{−1/2})·Vᵀ. Whitening: if C is a
/// covariance, C^{−1/2}·x has identity covariance.
/// - Throws: `invalidArgument` (negative or non-finite ridge/floor),
///   `notPositiveDefinite` when some max(λᵢ + ridge, floor) ≤ 0, and
///   `SymmetricEigen`'s errors.
public func symmetricInverseSquareRoot<T: RealScalar>(
  _ a: Tensor<T>, ridge: T = 0, floor: T = 0, method: SymmetricEigenMethod = .tridiagonalQL
) throws -> Tensor<T> {
  let operation = "symmetricInverseSquareRoot"
  for (name, value) in [("ridge", ridge), ("floor", floor)] where !(value >= 0 && value.isFinite) {
    throw RepriseError.invalidArgument(
      operation: operation, name: name, reason: "must be finite and ≥ 0, got \(value)")
  }
  let eig = try SymmetricEigen(a, method: method)
  var mapped = [T]()
  for (i, l) in eig.values.scalars.enumerated() {
    let shifted = max(l + ridge, floor)
    guard shifted > 0 else {
      throw RepriseError.notPositiveDefinite(operation: operation, pivot: i, value: Double(shifted))
    }
    mapped.append(1 / shifted.squareRoot())
  }
  return try applySpectrum(eig, mapped, operation: operation)
}

/// V·diag(mapped)·Vᵀ, symmetrised.
func applySpectrum<T: RealScalar>(_ eig: SymmetricEigen<T>, _ mapped: [T], operation: String)
  throws -> Tensor<T>
{
  let n = mapped.count
  for (i, value) in mapped.enumerated() where !value.isFinite {
    throw RepriseError.nonFinite(
      operation: "\(operation): f(λ)", row: i, column: i, value: Double(value))
  }
  var scaled = eig.vectors!
  scaled.withUnsafeMutableBufferPointer { p in
    for i in 0..<n { for j in 0..<n { p[i * n + j] *= mapped[j] } }
  }
  return symmetrizedCopy(try matmul(scaled, eig.vectors!, transposeB: true), n: n)
}
