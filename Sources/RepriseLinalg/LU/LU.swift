// LU factorization with partial pivoting, P·A = L·U.
//
// What: for an m×n matrix A, a row permutation P, unit lower trapezoidal L
// (m×k) and upper trapezoidal U (k×n), k = min(m, n); for square A also
// solves A·X = B, det A (and its sign with ln|det A|), and A⁻¹.
// Method: right-looking Gaussian elimination. At step k the pivot is the
// entry of largest magnitude in column k on or below the diagonal (ties: the
// lowest row), its row is swapped into place (the swap is recorded, LAPACK
// style), the multipliers l_ik = a_ik / u_kk are stored below the diagonal
// and each later row receives row_i ← row_i − l_ik·row_k by fused
// multiply-adds over contiguous memory. Each entry is thus a_ij minus its
// products l_ip·u_pj in increasing p.
// Errors: an exactly zero pivot means a singular matrix: `singular(pivot: k)`
// (0-based) unless `allowSingular` is set, in which case elimination skips the
// zero column, the factorization completes (as LAPACK's xGETRF does) and
// records `singularPivot`; the determinant is then 0 and `solve`/`inverse`
// throw. Non-finite input is rejected before any arithmetic.
// Cost: m·n·k − (m+n)k²/2 + k³/3 flops (2n³/3 for square); solve 2n² per
// right-hand side; inverse 2n³ more.
// Source: Golub & Van Loan, "Matrix Computations" 4th ed., §3.2 (LU),
// §3.4 (partial pivoting); LAPACK xGETRF/xGETRS.

/// P·A = L·U with partial pivoting.
///
/// ```swift
/// let lu = try LUFactorization(a)
/// let x = try lu.solve(b)
/// let d = try lu.determinant()
/// let ainv = try lu.inverse()
/// let det0 = try LUFactorization.determinant(of: singularMatrix)   // 0, no throw
/// ```
public struct LUFactorization<T: RealScalar>: Sendable {
  public let rows: Int
  public let columns: Int
  /// L strictly below the diagonal (unit diagonal implied) and U on and above
  /// it, packed in one m×n matrix, as LAPACK stores them.
  public let factors: Tensor<T>
  /// Row swaps in order: at step k rows k and `swaps[k]` were exchanged.
  public let swaps: [Int]
  /// The first step whose pivot was exactly zero (only with `allowSingular`).
  public let singularPivot: Int?

  /// Factors A (m×n).
  /// - Parameter allowSingular: complete the factorization through exactly
  ///   zero pivots instead of throwing.
  /// - Throws: `invalidShape`, `nonFinite`, `singular(pivot:)`.
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  public init(_ a: Tensor<T>, allowSingular: Bool = false) throws {
    let operation = "LUFactorization"
    let (m, n) = try MatrixChecks.finiteMatrix(a, operation: operation)
    rows = m
    columns = n
    var w = a.scalars
    var swaps = [Int]()
    var firstZero: Int? = nil
    let k = min(m, n)
    try w.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      for step in 0..<k {
        var p = step
        var best = base[step * n + step].magnitude
        for i in (step + 1)..<max(m, step + 1) where base[i * n + step].magnitude > best {
          best = base[i * n + step].magnitude
          p = i
        }
        swaps.append(p)
        if p != step {
          for j in 0..<n { swap(&base[step * n + j], &base[p * n + j]) }
        }
        let pivotRow = base + step * n
        let pivot = pivotRow[step]
        if pivot == 0 {
          if !allowSingular { throw RepriseError.singular(operation: operation, pivot: step) }
          if firstZero == nil { firstZero = step }
          continue  // the column below is zero too: nothing to eliminate
        }
        for i in (step + 1)..<max(m, step + 1) {
          let row = base + i * n
          let multiplier = row[step] / pivot
          row[step] = multiplier
          for j in (step + 1)..<n { row[j] = row[j].addingProduct(-multiplier, pivotRow[j]) }
        }
      }
    }
    self.swaps = swaps
    singularPivot = firstZero
    factors = Tensor(factorRows: m, columns: n, scalars: w)
  }

  /// The unit lower trapezoidal factor, m×min(m, n).
  public var l: Tensor<T> {
    let k = min(rows, columns)
    var out = [T](repeating: 0, count: rows * k)
    for i in 0..<rows {
      for j in 0..<min(i, k) { out[i * k + j] = factors.scalars[i * columns + j] }
      if i < k { out[i * k + i] = 1 }
    }
    return Tensor(factorRows: rows, columns: k, scalars: out)
  }

  /// The upper trapezoidal factor, min(m, n)×n.
  public var u: Tensor<T> {
    let k = min(rows, columns)
    var out = [T](repeating: 0, count: k * columns)
    for i in 0..<k {
      for j in i..<columns { out[i * columns + j] = factors.scalars[i * columns + j] }
    }
    return Tensor(factorRows: k, columns: columns, scalars: out)
  }

  /// `permutation[i]` is the row of A that became row i of P·A.
  public var permutation: [Int] {
    var order = Array(0..<rows)
    for (step, other) in swaps.enumerated() { order.swapAt(step, other) }
    return order
  }

  /// The permutation matrix P (m×m) with P·A = L·U.
  public var p: Tensor<T> {
    var out = [T](repeating: 0, count: rows * rows)
    for (i, source) in permutation.enumerated() { out[i * rows + source] = 1 }
    return Tensor(factorRows: rows, columns: rows, scalars: out)
  }

  private func requireSquare(_ operation: String) throws {
    guard rows == columns else {
      throw RepriseError.shapeMismatch(
        operation: operation + " (needs a square matrix)", expected: [rows, rows],
        got: [rows, columns])
    }
  }

  /// Solves A·X = B for square non-singular A (B a vector n or matrix n×p).
  /// - Throws: `shapeMismatch`, `nonFinite`, `singular(pivot:)`.
  public func solve(_ b: Tensor<T>) throws -> Tensor<T> {
    let operation = "LUFactorization.solve"
    try requireSquare(operation)
    if let zero = singularPivot { throw RepriseError.singular(operation: operation, pivot: zero) }
    let n = rows
    let rhs = try MatrixChecks.rightHandSide(b, rows: n, operation: operation)
    let p = rhs.columns
    var x = b.scalars
    x.withUnsafeMutableBufferPointer { xp in
      for (step, other) in swaps.enumerated() where other != step {
        for j in 0..<p { xp.swapAt(step * p + j, other * p + j) }
      }
    }
    factors.withUnsafeBufferPointer { fp in
      x.withUnsafeMutableBufferPointer { xp in
        guard let f = fp.baseAddress, let xBase = xp.baseAddress else { return }
        TriangularKernel.solveLeft(
          upper: false, transpose: false, unitDiagonal: true, n: n, columns: p,
          t: f, ldt: n, b: xBase, ldb: p)
        TriangularKernel.solveLeft(
          upper: true, transpose: false, unitDiagonal: false, n: n, columns: p,
          t: f, ldt: n, b: xBase, ldb: p)
      }
    }
    return try rhs.result(rows: n, scalars: x)
  }

  /// det A (0 for a singular A, 1 for 0×0). May overflow or underflow to
  /// ±∞ / 0 when the true value is outside the range of `T`; use
  /// `signAndLogAbsDeterminant()` then.
  public func determinant() throws -> T {
    let sign = try signAndLogAbsDeterminant().sign
    if sign == 0 { return 0 }
    // Product of the pivots, accumulated as significand·2^exponent.
    var significand: T = 1
    var exponent = 0
    for i in 0..<rows {
      let u = factors.scalars[i * columns + i].magnitude
      significand *= u.significand
      exponent += Int(u.exponent) + Int(significand.exponent)
      significand = significand.significand
    }
    let magnitude = T(
      sign: .plus, exponent: T.Exponent(clamping: exponent), significand: significand)
    return sign < 0 ? -magnitude : magnitude
  }

  /// (sign, ln|det A|): sign is +1, −1 or 0 (then ln|det| = −∞).
  public func signAndLogAbsDeterminant() throws -> (sign: T, logAbs: T) {
    try requireSquare("LUFactorization.determinant")
    if singularPivot != nil { return (0, -T.infinity) }
    let pivots = (0..<rows).map { factors.scalars[$0 * columns + $0] }
    var (sign, logAbs) = FactorLog.signAndLogOfProduct(pivots)
    let swapCount = swaps.enumerated().filter { $0.offset != $0.element }.count
    if swapCount % 2 == 1 { sign = -sign }
    return (sign, logAbs)
  }

  /// A⁻¹ for square non-singular A.
  public func inverse() throws -> Tensor<T> {
    try requireSquare("LUFactorization.inverse")
    return try solve(try Tensor<T>.identity(rows))
  }

  /// det A of a square matrix; 0 (no error) when A is exactly singular.
  public static func determinant(of a: Tensor<T>) throws -> T {
    try LUFactorization(a, allowSingular: true).determinant()
  }
}
