// Differentiable shape operations: reshape, transpose, broadcast and its
// adjoint (sum to shape), row slicing, concatenation and gathering rows.
// Each rule moves the gradient back through the inverse rearrangement:
// reshape ↔ reshape, transpose ↔ transpose, broadcast ↔ sum-to-shape,
// slice ↔ zero-padded scatter, concatenate ↔ slices, gather ↔ scatter-add.

extension Variable {
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func reshaped(_ newShape: [Int]) throws -> Variable {
    let old = shape
    return Variable.make(try value.reshaped(newShape), "reshape", [self]) { g in
      [try g.reshaped(old)]
    }
  }

  /// Matrix transpose.
  public func transposed() throws -> Variable {
    Variable.make(try value.transposed(), "transpose", [self]) { g in [try g.transposed()] }
  }

  /// Broadcasts to `target` (materialised).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func broadcast(to target: [Int]) throws -> Variable {
    let old = shape
    return Variable.make(try value.broadcast(to: target), "broadcast", [self]) { g in
      [try g.sum(toShape: old)]
    }
  }

  /// Sums a broadcast-shaped value back to `target` (adjoint of broadcast).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func sum(toShape target: [Int]) throws -> Variable {
    if shape == target { return self }
    let old = shape
    return Variable.make(try value.sum(toShape: target), "sum to shape", [self]) { g in
      [try g.broadcast(to: old)]
    }
  }

  /// Rows `range` (first axis).
  public func rows(_ range: Range<Int>) throws -> Variable {
    let old = shape
    return Variable.make(try value.rows(range), "rows", [self]) { g in
      // Scatter the gradient into zeros: concatenate zero blocks around it.
      var parts: [Variable] = []
      var before = old
      before[0] = range.lowerBound
      var after = old
      after[0] = old[0] - range.upperBound
      if range.lowerBound > 0 { parts.append(Variable(constant: try Tensor.zeros(before))) }
      parts.append(g)
      if after[0] > 0 { parts.append(Variable(constant: try Tensor.zeros(after))) }
      return [try Variable.concatenate(parts, axis: 0)]
    }
  }

  /// Joins variables along `axis`.
  public static func concatenate(_ parts: [Variable], axis: Int) throws -> Variable {
    if parts.count == 1 { return parts[0] }
    let value = try Tensor.concatenate(parts.map(\.value), axis: axis)
    let extents = parts.map { $0.shape[axis] }
    return make(value, "concatenate", parts) { g in
      // Move `axis` to the front, slice rows, move it back.
      let order = [axis] + (0..<g.shape.count).filter { $0 != axis }
      let inverse = (0..<order.count).map { order.firstIndex(of: $0)! }
      let front = try g.permuted(order)
      var start = 0
      return try extents.map { extent in
        defer { start += extent }
        return try front.rows(start..<(start + extent)).permuted(inverse)
      }
    }
  }

  /// Axes reordered: result axis i is input axis `axes[i]`.
  public func permuted(_ axes: [Int]) throws -> Variable {
    if axes == Array(0..<axes.count) { return self }
    let inverse = (0..<axes.count).map { axes.firstIndex(of: $0) ?? 0 }
    return Variable.make(try value.permuted(axes), "permute", [self]) { g in
      [try g.permuted(inverse)]
    }
  }
}
