// The n-dimensional array: Reprise's one container for numbers.
//
// A `Tensor` is a shape plus a row-major buffer of scalars. It is a value
// type: copies are cheap because the buffer is a Swift `Array`, which is
// copy-on-write, so a copy shares storage until one side is mutated. Rank 0 is
// a scalar, rank 1 a vector, rank 2 a matrix (rows × columns; linear algebra
// takes rank-2 tensors, examples in rows).
//
// Everything a caller can get wrong (a shape that does not match the data, an
// index outside the shape) is reported as a `RepriseError`; the unchecked
// `subscript` is the one exception and traps like `Array`'s does.

/// An n-dimensional, row-major, copy-on-write array of `Float` or `Double`.
public struct Tensor<Scalar: RealScalar>: Equatable, Sendable, CustomStringConvertible {
  /// Extents, outermost first.
  public private(set) var shape: [Int]
  /// The elements in row-major order; `scalars.count == shape.product`.
  public internal(set) var scalars: [Scalar]

  /// A tensor with the given shape and row-major elements.
  public init(shape: [Int], scalars: [Scalar]) throws {
    let count = try Shape.elementCount(shape, operation: "Tensor.init(shape:scalars:)")
    guard count == scalars.count else {
      throw RepriseError.shapeMismatch(
        operation: "Tensor.init(shape:scalars:)", expected: [count], got: [scalars.count])
    }
    self.shape = shape
    self.scalars = scalars
  }

  /// A tensor of the given shape with every element equal to `value`.
  public init(shape: [Int], repeating value: Scalar) throws {
    let count = try Shape.elementCount(shape, operation: "Tensor.init(shape:repeating:)")
    self.shape = shape
    self.scalars = Self.filled(value, count: count)
  }

  /// `count` copies of `value`. Built by concrete Float/Double code: the
  /// generic `Array(repeating:count:)` copies element by element through
  /// the value witness table when it runs unspecialised.
  public static func filled(_ value: Scalar, count: Int) -> [Scalar] {
    if Scalar.self == Double.self {
      return unsafeBitCast([Double](repeating: unsafeBitCast(value, to: Double.self), count: count), to: [Scalar].self)
    }
    if Scalar.self == Float.self {
      return unsafeBitCast([Float](repeating: unsafeBitCast(value, to: Float.self), count: count), to: [Scalar].self)
    }
    return [Scalar](repeating: value, count: count)
  }

  /// A tensor of zeros.
  public static func zeros(_ shape: [Int]) throws -> Tensor {
    try Tensor(shape: shape, repeating: 0)
  }

  /// The n×n identity matrix.
  public static func identity(_ n: Int) throws -> Tensor {
    var result = try zeros([n, n])
    for i in 0..<n { result.scalars[i * n + i] = 1 }
    return result
  }

  /// A rank-0 tensor holding one scalar.
  public init(scalar: Scalar) {
    shape = []
    scalars = [scalar]
  }

  /// A rank-1 tensor (vector).
  public init(_ vector: [Scalar]) {
    shape = [vector.count]
    scalars = vector
  }

  /// A rank-2 tensor from rows of equal length. An empty list gives a 0×0 matrix.
  public init(rows: [[Scalar]]) throws {
    let columns = rows.first?.count ?? 0
    for (index, row) in rows.enumerated() where row.count != columns {
      throw RepriseError.shapeMismatch(
        operation: "Tensor.init(rows:) row \(index)", expected: [columns], got: [row.count])
    }
    shape = [rows.count, columns]
    scalars = rows.flatMap { $0 }
  }

  /// Unchecked internal initialiser for shapes already validated.
  @usableFromInline init(validShape shape: [Int], scalars: [Scalar]) {
    self.shape = shape
    self.scalars = scalars
  }

  // MARK: Shape queries

  /// Number of axes.
  public var rank: Int { shape.count }
  /// Number of elements.
  public var count: Int { scalars.count }
  /// Row-major strides in elements.
  public var strides: [Int] { Shape.strides(shape) }
  /// Rows of a matrix (first extent); 1 for a vector or scalar.
  public var rowCount: Int { rank >= 2 ? shape[rank - 2] : 1 }
  /// Columns of a matrix (last extent); 1 for a scalar.
  public var columnCount: Int { rank >= 1 ? shape[rank - 1] : 1 }

  /// Throws unless the tensor is a matrix; returns (rows, columns).
  public func matrixShape(operation: String) throws -> (rows: Int, columns: Int) {
    guard rank == 2 else {
      throw RepriseError.invalidShape(
        operation: operation, shape: shape, reason: "expected a rank-2 matrix")
    }
    return (shape[0], shape[1])
  }

  // MARK: Element access

  /// Row-major offset of a full index, or `nil` if it lies outside the shape.
  public func offset(of index: [Int]) -> Int? {
    guard index.count == rank else { return nil }
    var offset = 0
    for axis in 0..<rank {
      guard index[axis] >= 0 && index[axis] < shape[axis] else { return nil }
      offset = offset * shape[axis] + index[axis]
    }
    return offset
  }

  /// Unchecked element access (traps on a bad index, like `Array`).
  public subscript(index: Int...) -> Scalar {
    get { scalars[offset(of: index)!] }
    set { scalars[offset(of: index)!] = newValue }
  }

  /// Checked element access.
  public func element(at index: [Int]) throws -> Scalar {
    guard let offset = offset(of: index) else {
      throw RepriseError.indexOutOfRange(
        operation: "Tensor.element(at:)", index: index, shape: shape)
    }
    return scalars[offset]
  }

  /// Checked element update.
  public mutating func setElement(_ value: Scalar, at index: [Int]) throws {
    guard let offset = offset(of: index) else {
      throw RepriseError.indexOutOfRange(
        operation: "Tensor.setElement(_:at:)", index: index, shape: shape)
    }
    scalars[offset] = value
  }

  /// Read-only access to the contiguous row-major buffer.
  public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows
    -> R
  {
    try scalars.withUnsafeBufferPointer(body)
  }

  /// Mutable access to the contiguous row-major buffer (the shape cannot change).
  public mutating func withUnsafeMutableBufferPointer<R>(
    _ body: (inout UnsafeMutableBufferPointer<Scalar>) throws -> R
  ) rethrows -> R {
    try scalars.withUnsafeMutableBufferPointer(body)
  }

  /// The rows of a matrix as nested arrays.
  public func rowArrays() throws -> [[Scalar]] {
    let (rows, columns) = try matrixShape(operation: "Tensor.rowArrays()")
    return (0..<rows).map { Array(scalars[($0 * columns)..<(($0 + 1) * columns)]) }
  }

  /// SHA-256 of the shape (as little-endian Int64s) followed by the element
  /// bits: equal digests mean equal shapes and bit-identical contents.
  public var digest: String {
    var hasher = SHA256()
    hasher.update(integer: rank)
    for extent in shape { hasher.update(integer: extent) }
    hasher.update(scalars: scalars)
    return hasher.finalizeHex()
  }

  public var description: String {
    if rank == 2 && count <= 100 {
      let rows = (0..<shape[0]).map { r in
        scalars[(r * shape[1])..<((r + 1) * shape[1])].map { "\($0)" }.joined(separator: ", ")
      }
      return "Tensor<\(Scalar.typeName)>\(shape) [\n  [" + rows.joined(separator: "],\n  [")
        + "]\n]"
    }
    let preview = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
    return "Tensor<\(Scalar.typeName)>\(shape) [\(preview)\(count > 8 ? ", …" : "")]"
  }
}
