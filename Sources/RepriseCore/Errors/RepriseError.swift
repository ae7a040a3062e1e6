// The one error type every Reprise module throws.
//
// Each case carries the context a user needs to find the problem without a
// debugger: the operation, the shapes, the row and column of a bad value, how
// far an iteration got. `precondition` is reserved for internal logic errors;
// anything a caller can provide wrongly is reported through this type.

/// A typed, informative error thrown by Reprise's public API.
public enum RepriseError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Two operands (or an operand and a destination) have incompatible shapes.
  case shapeMismatch(operation: String, expected: [Int], got: [Int])
  /// A shape is unusable on its own: negative extent, wrong rank, or an element
  /// count that overflows `Int`.
  case invalidShape(operation: String, shape: [Int], reason: String)
  /// A scalar argument is outside its domain (a negative thread count, k > n…).
  case invalidArgument(operation: String, name: String, reason: String)
  /// An index lies outside the valid range.
  case indexOutOfRange(operation: String, index: [Int], shape: [Int])
  /// A NaN or infinity was found where only finite values are meaningful.
  /// `row`/`column` locate it in the (matrix view of the) offending operand.
  case nonFinite(operation: String, row: Int, column: Int, value: Double)
  /// An iterative method hit its iteration cap. `residual` says how far it got
  /// (the method documents what it measures).
  case noConvergence(operation: String, iterations: Int, residual: Double)
  /// A Cholesky factorisation met a non-positive pivot.
  case notPositiveDefinite(operation: String, pivot: Int, value: Double)
  /// A factorisation met an exactly zero pivot (singular matrix).
  case singular(operation: String, pivot: Int)
  /// A file could not be parsed; `offset` is the byte where the problem shows.
  case malformedFile(path: String, offset: Int, reason: String)
  /// A file or folder could not be opened, created, written or renamed
  /// (missing, unreadable, unwritable); `reason` carries the system's message.
  case fileAccess(path: String, reason: String)

  public var description: String {
    switch self {
    case .shapeMismatch(let op, let expected, let got):
      return "\(op): shape mismatch: expected \(expected), got \(got)"
    case .invalidShape(let op, let shape, let reason):
      return "\(op): invalid shape \(shape): \(reason)"
    case .invalidArgument(let op, let name, let reason):
      return "\(op): invalid argument '\(name)': \(reason)"
    case .indexOutOfRange(let op, let index, let shape):
      return "\(op): index \(index) out of range for shape \(shape)"
    case .nonFinite(let op, let row, let column, let value):
      return "\(op): non-finite value \(value) at row \(row), column \(column)"
    case .noConvergence(let op, let iterations, let residual):
      return "\(op): no convergence after \(iterations) iterations (residual \(residual))"
    case .notPositiveDefinite(let op, let pivot, let value):
      return "\(op): matrix is not positive definite: pivot \(pivot) is \(value)"
    case .singular(let op, let pivot):
      return "\(op): matrix is singular: zero pivot at \(pivot)"
    case .malformedFile(let path, let offset, let reason):
      return "\(path): malformed at byte \(offset): \(reason)"
    case .fileAccess(let path, let reason):
      return "\(path): \(reason)"
    }
  }
}
