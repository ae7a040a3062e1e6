// The SVD of an upper bidiagonal matrix: public entry point.
//
// What: B = U·diag(σ)·Vᵀ for the n×n upper bidiagonal B given by its diagonal
// and superdiagonal.
// Method: the input is checked (lengths, finiteness) and scaled by a power of
// two so its largest entry lies in [1/2, 1) (exact); then
//   • `.divideAndConquer` (and `.automatic` above the crossover):
//     BidiagonalDivideConquer.swift, blocks of at most `leafSize` by QR;
//   • `.qr`: implicit zero-shift/shifted QR (BidiagonalQR.swift) on the
//     identity.
// Values are scaled back and sorted descending, vectors permuted alongside
// and made canonical as in `SingularValueDecomposition` (the largest-magnitude
// entry of each column of U positive, the matching row of Vᵀ negated with it).
// Cost: divide and conquer ≤ 8n³/3 flops (mostly GEMM); QR ≈ 12n³ with
// vectors; values only ≈ 30n² (QR, whatever the method).
// Sources: see the two files named above.

/// B = U·diag(σ)·Vᵀ for an upper bidiagonal B.
///
/// ```swift
/// let b = try BidiagonalSVD(diagonal: d, superdiagonal: e)
/// b.singularValues   // descending, ≥ 0
/// b.u, b.vt          // n×n; U's columns and Vᵀ's rows are the vectors
/// ```
/// `leafSize` (≥ 1, default 25 as in the SVD) is the largest block divide
/// and conquer hands to QR;
/// `iterationCap` (≥ 1), when given, replaces both iteration caps: the inner
/// QR steps of each QR run (default 6n²) and the evaluations per
/// secular-equation root (default 120). Both exist for tests; the defaults are
/// what `SingularValueDecomposition` uses.
///
/// Errors: `invalidShape` (superdiagonal not of length n − 1, or not rank 1),
/// `invalidArgument` (non-finite entry, leafSize or cap < 1), `noConvergence`.
public struct BidiagonalSVD<T: RealScalar>: Sendable {
  /// Singular values, descending, non-negative.
  public let singularValues: Tensor<T>
  /// Left singular vectors as columns (n×n), or nil when not requested.
  public let u: Tensor<T>?
  /// Right singular vectors as rows (n×n), or nil when not requested.
  public let vt: Tensor<T>?

  @_specialize(where T == Double)
  @_specialize(where T == Float)
  public init(
    diagonal: Tensor<T>, superdiagonal: Tensor<T>,
    method: BidiagonalSVDMethod = .divideAndConquer, vectors wantVectors: Bool = true,
    leafSize: Int = 25, iterationCap: Int? = nil
  ) throws {
    let operation = "BidiagonalSVD"
    let n = diagonal.count
    var (d, e) = try MatrixChecks.bands(
      diagonal: diagonal, band: superdiagonal, bandName: "superdiagonal", leafSize: leafSize,
      iterationCap: iterationCap, operation: operation)
    let scale = Spectral.scaleFactor(forMaxAbs: max(Spectral.maxAbs(d), Spectral.maxAbs(e)))
    Spectral.scale(&d, by: scale)
    Spectral.scale(&e, by: scale)
    var sigma: [T]
    var uRows: [T]? = nil
    var vRows: [T]? = nil
    if method.usesDivideAndConquer(vectors: wantVectors && n > 0, size: n) {
      let solved = try BidiagonalDivideConquer.solve(
        d: d, e: e, leafSize: leafSize,
        secularIterationCap: iterationCap ?? SecularEquation.defaultIterationCap,
        leafIterationCap: iterationCap, operation: operation)
      sigma = solved.values
      uRows = Bidiagonalization.transpose(solved.u, rows: n, cols: n)
      vRows = Bidiagonalization.transpose(solved.v, rows: n, cols: n)
    } else {
      if wantVectors {
        var identity = [T](repeating: 0, count: n * n)
        for i in 0..<n { identity[i * n + i] = 1 }
        (uRows, vRows) = (identity, identity)
      }
      try withOptionalPointer(&uRows) { up in
        try withOptionalPointer(&vRows) { vp in
          try BidiagonalQR.diagonalize(
            d: &d, e: &e, u: up, uLength: n, v: vp, vLength: n, operation: operation,
            iterationCap: iterationCap)
        }
      }
      sigma = d
    }
    let inverseScale = 1 / scale
    let order = Spectral.order(sigma, descending: true)
    self.singularValues = Tensor(order.map { sigma[$0] * inverseScale })
    guard let uRows, let vRows else {
      (self.u, self.vt) = (nil, nil)
      return
    }
    var left = Spectral.permuteRows(uRows, length: n, order: order)
    var right = Spectral.permuteRows(vRows, length: n, order: order)
    let flips = Spectral.canonicalizeRowSigns(&left, rows: n, length: n)
    Spectral.negateRows(&right, length: n, flips: flips)
    self.u = try Tensor(
      shape: [n, n], scalars: Bidiagonalization.transpose(left, rows: n, cols: n))
    self.vt = try Tensor(shape: [n, n], scalars: right)
  }
}
