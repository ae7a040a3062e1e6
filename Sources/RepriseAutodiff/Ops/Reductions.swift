// Differentiable reductions: sum and mean, over everything or one axis.
// The adjoint of a sum is its incoming gradient broadcast back over the
// summed elements; a mean also divides by the count.

extension Variable {
  /// Sum of all elements (a rank-0 result).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func sum() -> Variable {
    let old = shape
    return Variable.make(Tensor(scalar: value.sum()), "sum", [self]) { g in
      [try g.broadcast(to: old)]
    }
  }

  /// Mean of all elements; throws for an empty tensor.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func mean() throws -> Variable {
    guard value.count > 0 else {
      throw RepriseError.invalidShape(
        operation: "Variable.mean()", shape: shape, reason: "no elements")
    }
    return sum() * (1 / Scalar(value.count))
  }

  /// Sum along `axis`; with `keepingAxis` the axis stays with extent 1.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func sum(alongAxis axis: Int, keepingAxis: Bool = false) throws -> Variable {
    let old = shape
    var kept = old
    if axis >= 0 && axis < kept.count { kept[axis] = 1 }
    let reduced = try value.sum(alongAxis: axis)
    let result = Variable.make(reduced, "sum along axis", [self]) { g in
      [try g.reshaped(kept).broadcast(to: old)]
    }
    return keepingAxis ? try result.reshaped(kept) : result
  }

  /// Mean along `axis`.
  public func mean(alongAxis axis: Int, keepingAxis: Bool = false) throws -> Variable {
    guard axis >= 0 && axis < shape.count, shape[axis] > 0 else {
      throw RepriseError.invalidArgument(
        operation: "Variable.mean(alongAxis:)", name: "axis",
        reason: "\(axis) is not a non-empty axis of \(shape)")
    }
    return try sum(alongAxis: axis, keepingAxis: keepingAxis) * (1 / Scalar(shape[axis]))
  }
}
