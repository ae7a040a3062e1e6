// The eigendecomposition of a symmetric tridiagonal matrix: public entry point.
//
// What: T = Z·diag(values)·Zᵀ for T given by its diagonal and off-diagonal.
// Method: the input is checked (lengths, finiteness) and scaled by a power of
// two so its largest entry lies in [1/2, 1) (exact); then
//   • `.divideAndConquer` (default): TridiagonalDivideConquer.swift, blocks
//     of at most `leafSize` solved by implicit QL;
//   • `.ql`: implicit-shift QL/QR (TridiagonalQL.swift) on the identity.
// Values are scaled back and sorted ascending, vectors made canonical (the
// largest-magnitude entry of each column positive, ties to the lowest index).
// Cost: divide and conquer ≤ 4n³/3 flops (mostly GEMM); QL ≈ 3n³; values
// only ≈ 30n² (QL, whatever the method).
// Sources: see the two files named above.

/// Which algorithm `SymmetricTridiagonalEigen` runs.
public enum TridiagonalEigenMethod: Sendable {
  /// Cuppen's divide and conquer with Gu–Eisenstat vectors.
  case divideAndConquer
  /// Implicit-shift QL/QR.
  case ql
}

/// T = Z·diag(values)·Zᵀ for a symmetric tridiagonal T.
///
/// ```swift
/// let t = try SymmetricTridiagonalEigen(diagonal: d, offDiagonal: e)
/// t.values    // ascending
/// t.vectors   // n×n, column i belongs to values[i]
/// ```
/// `leafSize` (≥ 1) is the largest block divide and conquer hands to QL;
/// `iterationCap` (≥ 1), when given, replaces both iteration caps: the total
/// implicit QL steps of each QL run (default 30·n) and the evaluations per
/// secular-equation root (default 120). Both exist for tests; the defaults
/// are what `SymmetricEigen` uses.
///
/// Errors: `invalidShape` (off-diagonal not of length n − 1, or not rank 1),
/// `nonFinite`, `invalidArgument` (leafSize or cap < 1), `noConvergence`.
public struct SymmetricTridiagonalEigen<T: RealScalar>: Sendable {
  /// Eigenvalues, ascending.
  public let values: Tensor<T>
  /// Orthonormal eigenvectors as columns (n×n), or nil when not requested.
  public let vectors: Tensor<T>?

  @_specialize(where T == Double)
  @_specialize(where T == Float)
  public init(
    diagonal: Tensor<T>, offDiagonal: Tensor<T>, method: TridiagonalEigenMethod = .divideAndConquer,
    vectors wantVectors: Bool = true, leafSize: Int = 32, iterationCap: Int? = nil
  ) throws {
    let operation = "SymmetricTridiagonalEigen"
    let n = diagonal.count
    var (d, e) = try MatrixChecks.bands(
      diagonal: diagonal, band: offDiagonal, bandName: "offDiagonal", leafSize: leafSize,
      iterationCap: iterationCap, operation: operation)
    let scale = Spectral.scaleFactor(forMaxAbs: max(Spectral.maxAbs(d), Spectral.maxAbs(e)))
    Spectral.scale(&d, by: scale)
    Spectral.scale(&e, by: scale)
    var lambda: [T]
    var rows: [T]? = nil
    if !wantVectors || n == 0 {
      try TridiagonalQL.diagonalize(
        d: &d, e: &e, w: nil, rowLength: n, operation: operation, iterationCap: iterationCap)
      lambda = d
      if wantVectors { rows = [] }
    } else if method == .ql {
      var w = [T](repeating: 0, count: n * n)
      for i in 0..<n { w[i * n + i] = 1 }
      try w.withUnsafeMutableBufferPointer { wb in
        try TridiagonalQL.diagonalize(
          d: &d, e: &e, w: wb.baseAddress, rowLength: n, operation: operation,
          iterationCap: iterationCap)
      }
      lambda = d
      rows = w
    } else {
      let (values, z) = try TridiagonalDivideConquer.solve(
        d: d, e: e, leafSize: leafSize,
        secularIterationCap: iterationCap ?? SecularEquation.defaultIterationCap,
        leafIterationCap: iterationCap, operation: operation)
      lambda = values
      rows = Bidiagonalization.transpose(z, rows: n, cols: n)
    }
    let inverseScale = 1 / scale
    for i in lambda.indices { lambda[i] *= inverseScale }
    let order = Spectral.order(lambda, descending: false)
    self.values = Tensor(order.map { lambda[$0] })
    if let rows {
      var sorted = Spectral.permuteRows(rows, length: n, order: order)
      Spectral.canonicalizeRowSigns(&sorted, rows: n, length: n)
      self.vectors = try Tensor(
        shape: [n, n], scalars: Bidiagonalization.transpose(sorted, rows: n, cols: n))
    } else {
      self.vectors = nil
    }
  }
}
