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

  public var description: String {
    switch self {
    case let .shapeMismatch(op, expected, got):
      return "\(op): shape mismatch: expected \(expected), got \(got)"
    case let .invalidShape(op, shape, reason):
      return "\(op): invalid shape \(shape): \(reason)"
    case let .invalidArgument(op, name, reason):
      return "\(op): invalid argument '\(name)': \(reason)"
    case let .indexOutOfRange(op, index, shape):
      return "\(op): index \(index) out of range for shape \(shape)"
    case let .nonFinite(op, row, column, value):
      return "\(op): non-finite value \(value) at row \(row), column \(column)"
    case let .noConvergence(op, iterations, residual):
      return "\(op): no convergence after \(iterations) iterations (residual \(residual))"
    case let .notPositiveDefinite(op, pivot, value):
      return "\(op): matrix is not positive definite: pivot \(pivot) is \(value)"
    case let .singular(op, pivot):
      return "\(op): matrix is singular: zero pivot at \(pivot)"
    case let .malformedFile(path, offset, reason):
      return "\(path): malformed at byte \(offset): \(reason)"
    }
  }
}
