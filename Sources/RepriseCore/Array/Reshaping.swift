// Reshape, transpose, axis permutation, slicing and concatenation.
//
// Reshape keeps the row-major buffer and only relabels the shape (no copy).
// Transposition and permutation move elements: after them the buffer is again
// row-major for the new shape, so every later kernel sees contiguous data.
// Row and column slices of a matrix return new tensors; for a non-copying
// strided window over a matrix use `MatrixView`.

extension Tensor {
  /// The same elements under another shape with the same element count.
  public func reshaped(_ newShape: [Int]) throws -> Tensor {
    let count = try Shape.elementCount(newShape, operation: "Tensor.reshaped(_:)")
    guard count == self.count else {
      throw RepriseError.shapeMismatch(
        operation: "Tensor.reshaped(_:)", expected: shape, got: newShape)
    }
    return Tensor(validShape: newShape, scalars: scalars)
  }

  /// The matrix transpose (rank 2 only).
  public func transposed() throws -> Tensor {
    let (rows, columns) = try matrixShape(operation: "Tensor.transposed()")
    var result = [Scalar](repeating: 0, count: count)
    // Blocked to keep both reads and writes within a few cache lines.
    let block = 32
    for rowStart in stride(from: 0, to: rows, by: block) {
      for columnStart in stride(from: 0, to: columns, by: block) {
        for r in rowStart..<min(rowStart + block, rows) {
          for c in columnStart..<min(columnStart + block, columns) {
            result[c * rows + r] = scalars[r * columns + c]
          }
        }
      }
    }
    return Tensor(validShape: [columns, rows], scalars: result)
  }

  /// Axes reordered: result axis i is input axis `axes[i]`.
  public func permuted(_ axes: [Int]) throws -> Tensor {
    guard axes.count == rank, Set(axes) == Set(0..<rank) else {
      throw RepriseError.invalidArgument(
        operation: "Tensor.permuted(_:)", name: "axes",
        reason: "\(axes) is not a permutation of 0..<\(rank)")
    }
    let newShape = axes.map { shape[$0] }
    let sourceStrides = strides
    let readStrides = axes.map { sourceStrides[$0] }
    var result = [Scalar]()
    result.reserveCapacity(count)
    var index = [Int](repeating: 0, count: rank)
    for _ in 0..<count {
      var offset = 0
      for axis in 0..<rank { offset += index[axis] * readStrides[axis] }
      result.append(scalars[offset])
      var axis = rank - 1
      while axis >= 0 {
        index[axis] += 1
        if index[axis] < newShape[axis] { break }
        index[axis] = 0
        axis -= 1
      }
    }
    return Tensor(validShape: newShape, scalars: result)
  }

  /// Rows `range` of a matrix, or entries `range` of a vector, as a new tensor.
  public func rows(_ range: Range<Int>) throws -> Tensor {
    guard rank >= 1 else {
      throw RepriseError.invalidShape(
        operation: "Tensor.rows(_:)", shape: shape, reason: "rank 0 has no rows")
    }
    guard range.lowerBound >= 0 && range.upperBound <= shape[0] else {
      throw RepriseError.indexOutOfRange(
        operation: "Tensor.rows(_:)", index: [range.lowerBound, range.upperBound], shape: shape)
    }
    let rowSize = count / max(shape[0], 1)
    var newShape = shape
    newShape[0] = range.count
    return Tensor(
      validShape: newShape,
      scalars: Array(scalars[(range.lowerBound * rowSize)..<(range.upperBound * rowSize)]))
  }

  /// Row `i` of a matrix as a vector.
  public func row(_ i: Int) throws -> Tensor {
    let (_, columns) = try matrixShape(operation: "Tensor.row(_:)")
    return try rows(i..<(i + 1)).reshaped([columns])
  }

  /// Columns `range` of a matrix as a new matrix.
  public func columns(_ range: Range<Int>) throws -> Tensor {
    let (rowCount, columnCount) = try matrixShape(operation: "Tensor.columns(_:)")
    guard range.lowerBound >= 0 && range.upperBound <= columnCount else {
      throw RepriseError.indexOutOfRange(
        operation: "Tensor.columns(_:)", index: [range.lowerBound, range.upperBound], shape: shape)
    }
    var result = [Scalar]()
    result.reserveCapacity(rowCount * range.count)
    for r in 0..<rowCount {
      result.append(
        contentsOf: scalars[
          (r * columnCount + range.lowerBound)..<(r * columnCount + range.upperBound)])
    }
    return Tensor(validShape: [rowCount, range.count], scalars: result)
  }

  /// Column `j` of a matrix as a vector.
  public func column(_ j: Int) throws -> Tensor {
    try columns(j..<(j + 1)).reshaped([rowCount])
  }

  /// Tensors joined along `axis`; all other extents must agree.
  public static func concatenate(_ parts: [Tensor], axis: Int) throws -> Tensor {
    guard let first = parts.first else {
      throw RepriseError.invalidArgument(
        operation: "Tensor.concatenate", name: "parts", reason: "needs at least one tensor")
    }
    guard axis >= 0 && axis < first.rank else {
      throw RepriseError.invalidArgument(
        operation: "Tensor.concatenate", name: "axis", reason: "\(axis) not in 0..<\(first.rank)")
    }
    for part in parts {
      var expected = first.shape
      guard part.rank == first.rank else {
        throw RepriseError.shapeMismatch(
          operation: "Tensor.concatenate", expected: expected, got: part.shape)
      }
      expected[axis] = part.shape[axis]
      guard part.shape == expected else {
        throw RepriseError.shapeMismatch(
          operation: "Tensor.concatenate", expected: expected, got: part.shape)
      }
    }
    // Outer = product of extents before `axis`; each part contributes a
    // contiguous run of (its extent × inner) elements per outer index.
    let outer = first.shape[..<axis].reduce(1, *)
    let inner = first.shape[(axis + 1)...].reduce(1, *)
    var newShape = first.shape
    newShape[axis] = parts.reduce(0) { $0 + $1.shape[axis] }
    var result = [Scalar]()
    result.reserveCapacity(try Shape.elementCount(newShape, operation: "Tensor.concatenate"))
    for o in 0..<outer {
      for part in parts {
        let run = part.shape[axis] * inner
        result.append(contentsOf: part.scalars[(o * run)..<((o + 1) * run)])
      }
    }
    return Tensor(validShape: newShape, scalars: result)
  }
}

/// A non-copying, strided window onto a matrix: a block of rows and columns,
/// possibly transposed. It shares the tensor's copy-on-write storage, so
/// creating one costs nothing; `materialized()` copies it into a new tensor.
public struct MatrixView<Scalar: RealScalar>: Sendable {
  /// The underlying row-major storage (shared, not copied).
  public let storage: [Scalar]
  /// Offset of element (0, 0) in `storage`.
  public let offset: Int
  public let rows: Int
  public let columns: Int
  /// Distance in `storage` between consecutive rows / columns of the view.
  public let rowStride: Int
  public let columnStride: Int

  /// The whole of a matrix.
  public init(_ matrix: Tensor<Scalar>) throws {
    let (rows, columns) = try matrix.matrixShape(operation: "MatrixView.init")
    self.init(
      storage: matrix.scalars, offset: 0, rows: rows, columns: columns, rowStride: columns,
      columnStride: 1)
  }

  init(storage: [Scalar], offset: Int, rows: Int, columns: Int, rowStride: Int, columnStride: Int) {
    self.storage = storage
    self.offset = offset
    self.rows = rows
    self.columns = columns
    self.rowStride = rowStride
    self.columnStride = columnStride
  }

  /// Element (i, j); traps outside the view, like `Array`.
  public subscript(i: Int, j: Int) -> Scalar {
    precondition(i >= 0 && i < rows && j >= 0 && j < columns, "MatrixView index out of range")
    return storage[offset + i * rowStride + j * columnStride]
  }

  /// A sub-block of this view.
  public func block(rows rowRange: Range<Int>, columns columnRange: Range<Int>) throws -> MatrixView
  {
    guard rowRange.lowerBound >= 0, rowRange.upperBound <= rows, columnRange.lowerBound >= 0,
      columnRange.upperBound <= columns
    else {
      throw RepriseError.indexOutOfRange(
        operation: "MatrixView.block",
        index: [
          rowRange.lowerBound, rowRange.upperBound, columnRange.lowerBound, columnRange.upperBound,
        ],
        shape: [rows, columns])
    }
    return MatrixView(
      storage: storage,
      offset: offset + rowRange.lowerBound * rowStride + columnRange.lowerBound * columnStride,
      rows: rowRange.count, columns: columnRange.count, rowStride: rowStride,
      columnStride: columnStride)
  }

  /// The transpose, by swapping strides (no copy).
  public var transposed: MatrixView {
    MatrixView(
      storage: storage, offset: offset, rows: columns, columns: rows, rowStride: columnStride,
      columnStride: rowStride)
  }

  /// The view's elements copied into a new row-major matrix.
  public func materialized() -> Tensor<Scalar> {
    var result = [Scalar]()
    result.reserveCapacity(rows * columns)
    for i in 0..<rows {
      for j in 0..<columns { result.append(storage[offset + i * rowStride + j * columnStride]) }
    }
    return Tensor(validShape: [rows, columns], scalars: result)
  }
}

extension Tensor {
  /// A non-copying view of rows `rowRange` and columns `columnRange` of a matrix.
  public func view(rows rowRange: Range<Int>? = nil, columns columnRange: Range<Int>? = nil) throws
    -> MatrixView<Scalar>
  {
    let whole = try MatrixView(self)
    return try whole.block(
      rows: rowRange ?? 0..<whole.rows, columns: columnRange ?? 0..<whole.columns)
  }
}
