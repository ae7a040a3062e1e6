// The symmetric eigendecomposition A = V·Λ·Vᵀ: the public entry point.
//
// What: eigenvalues (ascending) and optionally orthonormal eigenvectors of a
// real symmetric matrix.
// Method: the input is checked (square, finite, symmetric to a relative
// tolerance), symmetrised as (A + Aᵀ)/2 and multiplied by a power of two so
// its largest entry lies in [1/2, 1) — exact, and it keeps squares of
// entries away from overflow and underflow. Then one of
//   • `.divideAndConquer` (fast, default): Householder tridiagonalisation
//     (Tridiagonalization.swift), divide and conquer on T
//     (TridiagonalDivideConquer.swift), and Q applied to T's eigenvectors in
//     compact WY blocks (TridiagonalBackTransform.swift); values only are
//     computed as in `.tridiagonalQL`;
//   • `.tridiagonalQL`: Householder tridiagonalisation + implicit-shift QL/QR
//     (TridiagonalQL.swift);
//   • `.jacobi` (accurate): cyclic Jacobi (SymmetricJacobi.swift), which
//     also gives small eigenvalues of positive definite graded matrices to
//     high relative accuracy.
// The values are scaled back, sorted, and the vectors put in canonical form.
// Cost: ≈ 4n³/3 (reduction) + ≤ 4n³/3 (divide and conquer, mostly GEMM) +
// 2n³ (back-transformation, GEMM) with vectors; ≈ 9n³ flops with vectors for
// the QL path; 4n³/3 values only; Jacobi ≈ 3n³ per sweep.
// Source: Golub & Van Loan, "Matrix Computations" 4th ed., §8.3, §8.5.

/// Which algorithm `SymmetricEigen` runs.
public enum SymmetricEigenMethod: Sendable {
  /// Householder tridiagonalisation + divide and conquer on the tridiagonal
  /// matrix, vectors back-transformed by blocks (fastest with vectors;
  /// values only fall back to QL).
  case divideAndConquer
  /// Householder tridiagonalisation + implicit-shift QL/QR.
  case tridiagonalQL
  /// Cyclic Jacobi with a relative threshold (slower, relatively accurate).
  case jacobi
}

/// A = V·diag(values)·Vᵀ for a real symmetric A.
///
/// ```swift
/// let eig = try SymmetricEigen(a)                    // fast path, with vectors
/// let ql = try SymmetricEigen(a, method: .tridiagonalQL)
/// let acc = try SymmetricEigen(a, method: .jacobi)   // accurate path
/// eig.values    // n-vector, ascending
/// eig.vectors   // n×n, column i belongs to values[i] (nil when vectors: false)
/// ```
/// Canonical output: eigenvalues ascending; in each eigenvector (column of
/// `vectors`) the entry of largest magnitude is positive (ties: lowest
/// index). Eigenvectors of a repeated eigenvalue are an orthonormal basis of
/// its eigenspace; which basis is an implementation detail.
///
/// Symmetry: A is accepted when max|aᵢⱼ − aⱼᵢ| ≤ tol·max|aᵢⱼ| with
/// tol = `symmetryTolerance` (default √ε: 1.5e-8 for Double, 3.5e-4 for
/// Float), and then (A + Aᵀ)/2 is decomposed.
///
/// Errors (all thrown before any iteration): `invalidShape` (not square),
/// `nonFinite` (NaN/Inf entry), `invalidArgument` (not symmetric, or a
/// negative tolerance); `noConvergence` if the iteration cap is hit.
public struct SymmetricEigen<T: RealScalar>: Sendable {
  /// Eigenvalues, ascending (rank-1 tensor of length n).
  public let values: Tensor<T>
  /// Orthonormal eigenvectors as columns (n×n), or nil if not requested.
  public let vectors: Tensor<T>?

  // Specialised entry points: the generic body below then calls the kernels
  // with a concrete scalar type, so the optimiser specialises them too
  // (unspecialised generic arithmetic is ~10–50× slower).
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  public init(
    _ a: Tensor<T>, method: SymmetricEigenMethod = .divideAndConquer,
    vectors wantVectors: Bool = true,
    symmetryTolerance: T? = nil
  ) throws {
    let operation = "SymmetricEigen"
    let (rows, columns) = try a.matrixShape(operation: operation)
    guard rows == columns else {
      throw RepriseError.invalidShape(
        operation: operation, shape: a.shape, reason: "expected a square matrix")
    }
    try a.requireFiniteEntries(operation: operation)
    let n = rows
    let tol = symmetryTolerance ?? T.ulpOfOne.squareRoot()
    guard tol >= 0 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "symmetryTolerance", reason: "must be ≥ 0, got \(tol)")
    }
    var s = a.scalars
    let largest = Spectral.maxAbs(s)
    for i in 0..<n {
      for j in (i + 1)..<max(n, i + 1) {
        let x = s[i * n + j]
        let y = s[j * n + i]
        if abs(x - y) > tol * largest {
          throw RepriseError.invalidArgument(
            operation: operation, name: "a",
            reason:
              "not symmetric: a[\(i),\(j)] = \(x) but a[\(j),\(i)] = \(y) (relative tolerance \(tol))"
          )
        }
        let mean = x / 2 + y / 2
        s[i * n + j] = mean
        s[j * n + i] = mean
      }
    }
    let scale = Spectral.scaleFactor(forMaxAbs: largest)
    Spectral.scale(&s, by: scale)

    var w: [T]? = nil
    var lambda: [T]
    switch method {
    case .divideAndConquer where wantVectors && n > 0:
      let (d, e, taus, reflectors) = Tridiagonalization.reflect(&s, n: n, blocked: true)
      let (values, zT) = try TridiagonalDivideConquer.solve(d: d, e: e, operation: operation)
      var z = zT
      z.withUnsafeMutableBufferPointer { zb in
        TridiagonalBackTransform.apply(taus: taus, vectors: reflectors, z: zb.baseAddress!, n: n)
      }
      // Divide and conquer returns the values ascending and the vectors as
      // the columns of a row-major buffer: already the output's order and
      // layout, so only the values are scaled back and the signs fixed, in
      // place (the same bits as the general path below, without its two
      // transpositions and its permutation).
      let inverseScale = 1 / scale
      let scaledBack = values.map { $0 * inverseScale }
      if Spectral.isAscending(scaledBack) {
        Spectral.canonicalizeColumnSigns(&z, rows: n, columns: n)
        self.values = Tensor(scaledBack)
        self.vectors = try Tensor(shape: [n, n], scalars: z)
        return
      }
      lambda = values
      w = Bidiagonalization.transpose(z, rows: n, cols: n)
    case .divideAndConquer, .tridiagonalQL:
      var (d, e, qt) = Tridiagonalization.reduce(&s, n: n, wantQ: wantVectors)
      if var q = qt {
        try q.withUnsafeMutableBufferPointer { qb in
          try TridiagonalQL.diagonalize(
            d: &d, e: &e, w: qb.baseAddress, rowLength: n, operation: operation)
        }
        w = q
      } else {
        try TridiagonalQL.diagonalize(d: &d, e: &e, w: nil, rowLength: n, operation: operation)
      }
      lambda = d
    case .jacobi:
      if wantVectors {
        var vt = [T](repeating: 0, count: n * n)
        for i in 0..<n { vt[i * n + i] = 1 }
        lambda = try vt.withUnsafeMutableBufferPointer { vb in
          try SymmetricJacobi.diagonalize(&s, n: n, vt: vb.baseAddress, operation: operation)
        }
        w = vt
      } else {
        lambda = try SymmetricJacobi.diagonalize(&s, n: n, vt: nil, operation: operation)
      }
    }

    let inverseScale = 1 / scale
    for i in lambda.indices { lambda[i] *= inverseScale }
    let order = Spectral.order(lambda, descending: false)
    self.values = Tensor(order.map { lambda[$0] })
    if let w {
      var rowsOfV = Spectral.permuteRows(w, length: n, order: order)
      Spectral.canonicalizeRowSigns(&rowsOfV, rows: n, length: n)
      // Rows of the buffer are eigenvectors: transpose so they become columns
      // (here, with the concrete scalar type, not through generic Tensor code).
      self.vectors = try Tensor(
        shape: [n, n], scalars: Bidiagonalization.transpose(rowsOfV, rows: n, cols: n))
    } else {
      self.vectors = nil
    }
  }
}
