// Differentiable gathering: selecting rows, and one entry per row.
//
// `gatherRows(indices)` builds a matrix whose row r is row indices[r] of the
// input (an embedding lookup, a minibatch). Its adjoint scatters each
// gradient row back and *adds* where an index repeats; that scatter-add is
// itself an operation whose adjoint is the gather, so second derivatives work.
// `pick(columns)` takes entry (r, columns[r]) of each row — the logit of the
// true class in a cross-entropy — and is the same pair seen through the
// flattened matrix.

extension Variable {
  /// Rows `indices` of a matrix (repeats allowed).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func gatherRows(_ indices: [Int]) throws -> Variable {
    let (rows, columns) = try value.matrixShape(operation: "Variable.gatherRows")
    for (position, index) in indices.enumerated() where index < 0 || index >= rows {
      throw RepriseError.indexOutOfRange(
        operation: "Variable.gatherRows (position \(position))", index: [index], shape: value.shape)
    }
    var scalars = [Scalar]()
    scalars.reserveCapacity(indices.count * columns)
    for index in indices {
      scalars.append(contentsOf: value.scalars[(index * columns)..<((index + 1) * columns)])
    }
    let result = try Tensor(shape: [indices.count, columns], scalars: scalars)
    return Variable.make(result, "gather rows", [self]) { g in
      [try g.scatterAddRows(indices, rowCount: rows)]
    }
  }

  /// A `rowCount`-row matrix of zeros with row r of `self` added into row
  /// indices[r] (the adjoint of `gatherRows`).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func scatterAddRows(_ indices: [Int], rowCount: Int) throws -> Variable {
    let (rows, columns) = try value.matrixShape(operation: "Variable.scatterAddRows")
    guard rows == indices.count else {
      throw RepriseError.shapeMismatch(
        operation: "Variable.scatterAddRows", expected: [indices.count], got: [rows])
    }
    var scalars = Tensor<Scalar>.filled(0, count: rowCount * columns)
    for (r, index) in indices.enumerated() {
      guard index >= 0 && index < rowCount else {
        throw RepriseError.indexOutOfRange(
          operation: "Variable.scatterAddRows", index: [index], shape: [rowCount, columns])
      }
      for c in 0..<columns { scalars[index * columns + c] += value.scalars[r * columns + c] }
    }
    let result = try Tensor(shape: [rowCount, columns], scalars: scalars)
    return Variable.make(result, "scatter-add rows", [self]) { g in [try g.gatherRows(indices)] }
  }

  /// Entry (r, columns[r]) of every row r, as a vector.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func pick(columns picks: [Int]) throws -> Variable {
    let (rows, columns) = try value.matrixShape(operation: "Variable.pick(columns:)")
    guard picks.count == rows else {
      throw RepriseError.shapeMismatch(
        operation: "Variable.pick(columns:)", expected: [rows], got: [picks.count])
    }
    for (row, column) in picks.enumerated() where column < 0 || column >= columns {
      throw RepriseError.indexOutOfRange(
        operation: "Variable.pick(columns:)", index: [row, column], shape: value.shape)
    }
    let flatIndices = picks.enumerated().map { $0.offset * columns + $0.element }
    return try reshaped([rows * columns, 1]).gatherRows(flatIndices).reshaped([rows])
  }
}
