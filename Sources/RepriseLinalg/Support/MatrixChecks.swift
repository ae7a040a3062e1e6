// Entry checks shared by the factorizations and solvers.
//
// Every public routine validates its operands before doing any arithmetic:
// rank 2, the expected shape, and only finite entries (an infinity or NaN is
// reported with its row and column instead of spreading silently or, as in
// some LAPACK iterations, looping forever). Right-hand sides may be a vector
// (rank 1) or a matrix (rank 2); `RightHandSide` remembers which so results
// come back in the same form.
// Finiteness is checked by `requireFiniteEntries`: one tight loop over the
// scalars, compiled in this module (specialised with its callers); only when
// it finds a NaN or infinity does it defer to `Tensor.requireFinite` for the
// error with row and column. (The generic `requireFinite` runs unspecialised
// from here and cost as much as a 512×512 QR itself.)

extension Tensor {
  /// Throws `nonFinite` (via `requireFinite`) if any entry is NaN or ±∞.
  @inline(__always)
  func requireFiniteEntries(operation: String) throws {
    let allFinite = scalars.withUnsafeBufferPointer { b -> Bool in
      var ok = true
      for x in b where !x.isFinite {
        ok = false
        break
      }
      return ok
    }
    if !allFinite { try requireFinite(operation: operation) }
  }
}

enum MatrixChecks {
  /// Rank 2 and finite; returns (rows, columns).
  static func finiteMatrix<T: RealScalar>(_ a: Tensor<T>, operation: String) throws -> (
    rows: Int, columns: Int
  ) {
    let shape = try a.matrixShape(operation: operation)
    try a.requireFiniteEntries(operation: operation)
    return shape
  }

  /// The two bands of a tridiagonal or bidiagonal matrix and the tuning
  /// arguments of its solvers: the diagonal a vector of length n, the band
  /// (named `bandName`) of length n − 1, every entry finite, leafSize ≥ 1,
  /// iterationCap nil or ≥ 1. Returns the scalars of both bands.
  static func bands<T: RealScalar>(
    diagonal: Tensor<T>, band: Tensor<T>, bandName: String, leafSize: Int, iterationCap: Int?,
    operation: String
  ) throws -> (d: [T], e: [T]) {
    let n = diagonal.count
    guard diagonal.shape.count == 1 else {
      throw RepriseError.invalidShape(
        operation: operation, shape: diagonal.shape, reason: "diagonal must be a vector")
    }
    guard band.shape == [max(n - 1, 0)] else {
      throw RepriseError.invalidShape(
        operation: operation, shape: band.shape,
        reason: "\(bandName) must be a vector of length \(max(n - 1, 0))")
    }
    guard leafSize >= 1 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "leafSize", reason: "must be ≥ 1, got \(leafSize)")
    }
    if let cap = iterationCap, cap < 1 {
      throw RepriseError.invalidArgument(
        operation: operation, name: "iterationCap", reason: "must be ≥ 1, got \(cap)")
    }
    let d = diagonal.scalars
    let e = band.scalars
    for (name, x) in [("diagonal", d), (bandName, e)] {
      if let i = x.firstIndex(where: { !$0.isFinite }) {
        throw RepriseError.invalidArgument(
          operation: operation, name: name, reason: "entry \(i) is \(x[i]) (must be finite)")
      }
    }
    return (d, e)
  }

  /// Square, rank 2 and finite; returns n.
  static func finiteSquare<T: RealScalar>(_ a: Tensor<T>, operation: String) throws -> Int {
    let (rows, columns) = try finiteMatrix(a, operation: operation)
    guard rows == columns else {
      throw RepriseError.shapeMismatch(
        operation: operation + " (needs a square matrix)", expected: [rows, rows],
        got: [rows, columns])
    }
    return rows
  }

  /// A right-hand side with `rows` rows: a vector of that length or a
  /// matrix rows×p. Checks finiteness.
  static func rightHandSide<T: RealScalar>(_ b: Tensor<T>, rows: Int, operation: String) throws
    -> RightHandSide
  {
    switch b.rank {
    case 1:
      guard b.shape[0] == rows else {
        throw RepriseError.shapeMismatch(
          operation: operation + " (right-hand side)", expected: [rows], got: b.shape)
      }
      try b.reshaped([rows, 1]).requireFiniteEntries(operation: operation + " (right-hand side)")
      return RightHandSide(isVector: true, columns: 1)
    case 2:
      guard b.shape[0] == rows else {
        throw RepriseError.shapeMismatch(
          operation: operation + " (right-hand side)", expected: [rows, b.shape[1]], got: b.shape)
      }
      try b.requireFiniteEntries(operation: operation + " (right-hand side)")
      return RightHandSide(isVector: false, columns: b.shape[1])
    default:
      throw RepriseError.invalidShape(
        operation: operation + " (right-hand side)", shape: b.shape,
        reason: "expected a vector or a matrix")
    }
  }
}

/// How a right-hand side was given, so the solution is returned alike.
struct RightHandSide {
  var isVector: Bool
  var columns: Int

  /// The solution tensor for `rows` rows of solution in row-major `scalars`.
  func result<T: RealScalar>(rows: Int, scalars: [T]) throws -> Tensor<T> {
    try Tensor(shape: isVector ? [rows] : [rows, columns], scalars: scalars)
  }
}
