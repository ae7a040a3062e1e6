// Triangular solves: op(T)·X = B and X·op(T) = B.
//
// What: X for a square upper or lower triangular T (op(T) = T or Tᵀ), with a
// unit or general diagonal, for one right-hand side (a vector) or many (a
// matrix). Only the named triangle of T is read; with `unitDiagonal` the
// diagonal is not read either and is taken as 1.
// Method: substitution, forward for an (effectively) lower and backward for an
// (effectively) upper op(T). Row i of X is b_i minus Σ_k op(T)[i,k]·x_k, the
// products subtracted one fused multiply-add at a time in increasing k, then
// divided by the diagonal; whole rows of the row-major X are updated at once,
// so every inner loop is contiguous. X·op(T) = B is solved as op(T)ᵀ·Xᵀ = Bᵀ.
// Errors: a non-square T, a B of the wrong shape (`shapeMismatch`), a
// non-finite entry in the referenced triangle or in B (`nonFinite`, checked
// before any work) and an exactly zero diagonal entry (`singular`, naming the
// lowest such index, 0-based).
// Cost: n²·p flops for n×n T and p right-hand sides.
// Source: Golub & Van Loan, "Matrix Computations" 4th ed., §3.1 (triangular
// systems) and §3.1.6 (multiple right-hand sides); BLAS xTRSM.

/// Triangular solves with one or many right-hand sides.
///
/// ```swift
/// let x = try TriangularSolve.solve(r, b, triangle: .upper)             // R·x = b
/// let y = try TriangularSolve.solve(l, b, triangle: .lower, transpose: true)  // Lᵀ·y = b
/// let z = try TriangularSolve.solve(r, c, triangle: .upper, side: .right)     // Z·R = C
/// ```
public enum TriangularSolve {
  /// Which triangle of T holds the matrix.
  public enum Triangle: Sendable, Equatable { case upper, lower }
  /// Whether T multiplies X from the left (T·X = B) or the right (X·T = B).
  public enum Side: Sendable, Equatable { case left, right }

  /// Solves op(T)·X = B (`side: .left`) or X·op(T) = B (`side: .right`).
  ///
  /// - Parameters:
  ///   - t: n×n; only `triangle` (and the diagonal unless `unitDiagonal`) is read.
  ///   - b: a vector of length n, or a matrix n×p (left) / p×n (right).
  ///   - transpose: use Tᵀ instead of T.
  /// - Returns: X with the shape of `b`.
  /// - Throws: `shapeMismatch`, `invalidShape`, `nonFinite`, `singular(pivot:)`.
  public static func solve<T: RealScalar>(
    _ t: Tensor<T>, _ b: Tensor<T>, triangle: Triangle, side: Side = .left,
    transpose: Bool = false, unitDiagonal: Bool = false
  ) throws -> Tensor<T> {
    let operation = "TriangularSolve.solve"
    let (rows, columns) = try t.matrixShape(operation: operation)
    guard rows == columns else {
      throw RepriseError.shapeMismatch(
        operation: operation + " (needs a square T)", expected: [rows, rows], got: [rows, columns])
    }
    let n = rows
    try checkReferencedTriangle(t, n: n, upper: triangle == .upper, unit: unitDiagonal)
    // Bring B to the left-side form n×p (transposing for the right side).
    var work: Tensor<T>
    var rhs: RightHandSide
    if side == .left || b.rank == 1 {
      rhs = try MatrixChecks.rightHandSide(b, rows: n, operation: operation)
      work = rhs.isVector ? try b.reshaped([n, 1]) : b
    } else {
      let (br, bc) = try b.matrixShape(operation: operation)
      guard bc == n else {
        throw RepriseError.shapeMismatch(
          operation: operation + " (right-hand side)", expected: [br, n], got: b.shape)
      }
      try b.requireFiniteEntries(operation: operation + " (right-hand side)")
      rhs = RightHandSide(isVector: false, columns: br)
      work = try b.transposed()
    }
    let p = rhs.columns
    let transposeOp = side == .right ? !transpose : transpose
    t.withUnsafeBufferPointer { tp in
      work.withUnsafeMutableBufferPointer { wp in
        guard let tBase = tp.baseAddress, let wBase = wp.baseAddress else { return }
        TriangularKernel.solveLeft(
          upper: triangle == .upper, transpose: transposeOp, unitDiagonal: unitDiagonal,
          n: n, columns: p, t: tBase, ldt: n, b: wBase, ldb: p)
      }
    }
    if rhs.isVector { return try work.reshaped([n]) }
    return side == .left ? work : try work.transposed()
  }

  /// Finiteness of the part of T that is read, then the diagonal for zeros.
  private static func checkReferencedTriangle<T: RealScalar>(
    _ t: Tensor<T>, n: Int, upper: Bool, unit: Bool
  ) throws {
    let operation = "TriangularSolve.solve"
    try t.withUnsafeBufferPointer { tp in
      for i in 0..<n {
        let range = upper ? (unit ? i + 1 : i)..<n : 0..<(unit ? i : i + 1)
        for j in range where !tp[i * n + j].isFinite {
          throw RepriseError.nonFinite(
            operation: operation, row: i, column: j, value: Double(tp[i * n + j]))
        }
      }
      if !unit {
        for i in 0..<n where tp[i * n + i] == 0 {
          throw RepriseError.singular(operation: operation, pivot: i)
        }
      }
    }
  }
}

/// Pointer-level substitution used by the factorizations' solves.
enum TriangularKernel {
  /// B ← op(T)⁻¹·B in place. T is n×n with row stride ldt; B is n×columns
  /// with row stride ldb. Only the named triangle of T is read; the diagonal
  /// must be non-zero unless `unitDiagonal` (callers check).
  static func solveLeft<T: RealScalar>(
    upper: Bool, transpose: Bool, unitDiagonal: Bool, n: Int, columns: Int,
    t: UnsafePointer<T>, ldt: Int, b: UnsafeMutablePointer<T>, ldb: Int
  ) {
    if n == 0 || columns == 0 { return }
    // op(T)[i, k] as a strided read.
    let rowStride = transpose ? 1 : ldt
    let columnStride = transpose ? ldt : 1
    let effectivelyLower = upper == transpose
    for step in 0..<n {
      let i = effectivelyLower ? step : n - 1 - step
      let target = b + i * ldb
      let others = effectivelyLower ? 0..<i : (i + 1)..<n
      for k in others {
        let factor = -t[i * rowStride + k * columnStride]
        let source = b + k * ldb
        for j in 0..<columns { target[j] = target[j].addingProduct(factor, source[j]) }
      }
      if !unitDiagonal {
        let d = t[i * rowStride + i * columnStride]
        for j in 0..<columns { target[j] = target[j] / d }
      }
    }
  }
}
