// Maximum along an axis. The derivative routes the whole adjoint to the
// first position attaining the maximum (a subgradient; ties are broken by
// the lowest index, so the result is deterministic). The routing mask is a
// constant, so the rule is linear in the adjoint and differentiable again.

extension Variable {
  /// Largest entry along `axis` (removed from the shape unless kept).
  public func max(alongAxis axis: Int, keepingAxis: Bool = false) throws -> Variable {
    guard axis >= 0 && axis < shape.count, shape[axis] > 0 else {
      throw RepriseError.invalidArgument(
        operation: "Variable.max(alongAxis:)", name: "axis",
        reason: "\(axis) is not a non-empty axis of \(shape)")
    }
    let outer = shape[..<axis].reduce(1, *)
    let extent = shape[axis]
    let inner = shape[(axis + 1)...].reduce(1, *)
    var mask = Tensor<Scalar>.filled(0, count: value.count)
    var maxima = Tensor<Scalar>.filled(0, count: outer * inner)
    for o in 0..<outer {
      for i in 0..<inner {
        var best = o * extent * inner + i
        for e in 1..<extent {
          let candidate = o * extent * inner + e * inner + i
          if value.scalars[best].isNaN { break }
          if value.scalars[candidate].isNaN || value.scalars[candidate] > value.scalars[best] {
            best = candidate
          }
        }
        mask[best] = 1
        maxima[o * inner + i] = value.scalars[best]
      }
    }
    var kept = shape
    kept[axis] = 1
    let old = shape
    let maskTensor = try Tensor(shape: old, scalars: mask)
    let result = Variable.make(try Tensor(shape: kept, scalars: maxima), "max along axis", [self]) {
      g in
      [try g.broadcast(to: old) * Variable(constant: maskTensor)]
    }
    return keepingAxis
      ? result : try result.reshaped(old.enumerated().filter { $0.offset != axis }.map(\.element))
  }
}
