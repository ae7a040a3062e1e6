// Cholesky factorization A = L·Lᵀ of a symmetric positive definite matrix.
//
// What: the lower triangular L with positive diagonal, solves A·X = B, and
// log det A. Only the lower triangle of A (diagonal included) is read.
// Method: blocked right-looking. For each diagonal block of `blockSize`
// columns: factor the block, then the panel below it (each row is a forward
// substitution against the block), then subtract L₂₁·L₂₁ᵀ from the lower part
// of the trailing matrix, block row by block row, through the GEMM update
// (a SYRK-style update that touches only the diagonal blocks' upper halves in
// excess). Every entry is therefore a_ij minus its products l_ip·l_jp in
// increasing p, one fused multiply-add chain — the same arithmetic as the
// unblocked algorithm, so results are bit-identical for every block size.
// Errors: a pivot a_jj − Σ l_jp² that is not positive (or not finite) stops
// the factorization with `notPositiveDefinite(pivot: j, value:)`, j 0-based;
// `value` is that would-be squared pivot. Non-finite entries in the lower
// triangle and non-square input are rejected before any arithmetic.
// Cost: n³/3 flops (+ n² per solve right-hand side).
// Source: Golub & Van Loan, "Matrix Computations" 4th ed., §4.2.5–4.2.9
// (gaxpy, outer-product and block Cholesky); LAPACK xPOTRF.

/// A = L·Lᵀ for symmetric positive definite A.
///
/// ```swift
/// let chol = try CholeskyFactorization(a)   // reads the lower triangle of a
/// let x = try chol.solve(b)                 // b: vector n or matrix n×p
/// let logDet = chol.logDeterminant
/// ```
public struct CholeskyFactorization<T: RealScalar>: Sendable {
  /// The lower triangular factor (zeros above the diagonal), n×n.
  public let l: Tensor<T>
  /// The order n.
  public var order: Int { l.shape[0] }

  /// Factors A (n×n, only the lower triangle read).
  ///
  /// - Parameter blockSize: columns per block (≥ 1); results do not depend on it.
  /// - Throws: `invalidShape`/`shapeMismatch` (not square), `nonFinite`,
  ///   `invalidArgument` (block size), `notPositiveDefinite(pivot:value:)`.
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  public init(_ a: Tensor<T>, blockSize: Int = 64) throws {
    let operation = "CholeskyFactorization"
    guard blockSize >= 1 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "blockSize", reason: "must be at least 1, got \(blockSize)")
    }
    let (rows, columns) = try a.matrixShape(operation: operation)
    guard rows == columns else {
      throw RepriseError.shapeMismatch(
        operation: operation + " (needs a square matrix)", expected: [rows, rows],
        got: [rows, columns])
    }
    let n = rows
    var w = a.scalars
    for i in 0..<n {
      for j in 0...i where i < n && !w[i * n + j].isFinite {
        throw RepriseError.nonFinite(
          operation: operation, row: i, column: j, value: Double(w[i * n + j]))
      }
    }
    try w.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      try Self.factor(base, n: n, blockSize: blockSize)
    }
    for i in 0..<n {
      for j in (i + 1)..<max(n, i + 1) { w[i * n + j] = 0 }
    }
    l = Tensor(factorRows: n, columns: n, scalars: w)
  }

  /// The blocked right-looking factorization in place (lower triangle).
  private static func factor(_ w: UnsafeMutablePointer<T>, n: Int, blockSize: Int) throws {
    for k0 in stride(from: 0, to: n, by: blockSize) {
      let kb = min(blockSize, n - k0)
      let k1 = k0 + kb
      // Diagonal block, column by column (left-looking inside the block).
      for j in k0..<k1 {
        let rowJ = w + j * n
        var pivot = rowJ[j]
        for p in k0..<j { pivot = pivot.addingProduct(-rowJ[p], rowJ[p]) }
        guard pivot > 0 && pivot.isFinite else {
          throw RepriseError.notPositiveDefinite(
            operation: "CholeskyFactorization", pivot: j, value: Double(pivot))
        }
        let d = pivot.squareRoot()
        rowJ[j] = d
        // Rows below j inside the block and in the panel below it.
        for i in (j + 1)..<max(n, j + 1) {
          let rowI = w + i * n
          var s = rowI[j]
          for p in k0..<j { s = s.addingProduct(-rowI[p], rowJ[p]) }
          rowI[j] = s / d
        }
      }
      // Trailing update A₂₂ ← A₂₂ − L₂₁·L₂₁ᵀ, lower part, by block rows.
      for r0 in stride(from: k1, to: n, by: blockSize) {
        let rb = min(blockSize, n - r0)
        factorGEMM(
          transposeA: false, transposeB: true, m: rb, n: r0 + rb - k1, k: kb,
          alpha: -1, a: w + r0 * n + k0, lda: n, b: w + k1 * n + k0, ldb: n,
          beta: 1, c: w + r0 * n + k1, ldc: n)
      }
    }
  }

  /// Solves A·X = B (B a vector of length n or an n×p matrix).
  /// - Throws: `shapeMismatch`, `invalidShape`, `nonFinite` for a bad B.
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  public func solve(_ b: Tensor<T>) throws -> Tensor<T> {
    let n = order
    let rhs = try MatrixChecks.rightHandSide(b, rows: n, operation: "CholeskyFactorization.solve")
    var x = b.scalars
    l.withUnsafeBufferPointer { lp in
      x.withUnsafeMutableBufferPointer { xp in
        guard let lBase = lp.baseAddress, let xBase = xp.baseAddress else { return }
        TriangularKernel.solveLeft(
          upper: false, transpose: false, unitDiagonal: false, n: n, columns: rhs.columns,
          t: lBase, ldt: n, b: xBase, ldb: rhs.columns)
        TriangularKernel.solveLeft(
          upper: false, transpose: true, unitDiagonal: false, n: n, columns: rhs.columns,
          t: lBase, ldt: n, b: xBase, ldb: rhs.columns)
      }
    }
    return try rhs.result(rows: n, scalars: x)
  }

  /// ln det A = 2·Σ ln l_ii (0 for the 0×0 matrix), without overflow.
  public var logDeterminant: T {
    let n = order
    let diagonal = (0..<n).map { l.scalars[$0 * n + $0] }
    return 2 * FactorLog.signAndLogOfProduct(diagonal).logAbs
  }
}
