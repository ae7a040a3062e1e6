// Reductions in a fixed, documented order.
//
// Sums use pairwise (cascade) summation: a run of at most 8 elements is added
// left to right; a longer run is split at ⌊n/2⌋ and the two halves' sums are
// added. The split points depend only on n, so the result is the same bits
// for the same data on every machine and thread count, and the rounding
// error grows like O(ε log n) instead of the O(ε n) of a plain loop (Higham,
// "Accuracy and Stability of Numerical Algorithms", §4.2). Reducing along an
// axis applies the same rule to each strided line of elements.
//
// maximum/minimum propagate NaN (any NaN in the input gives NaN); argmax/argmin return
// the first index of the extreme value (the first NaN if there is one).

/// Pairwise sum of `count` elements starting at `base`, `stride` apart.
@inlinable
func pairwiseSum<S: RealScalar>(_ base: UnsafePointer<S>, count: Int, stride: Int) -> S {
  if count <= 8 {
    var total = S.zero
    for i in 0..<count { total += base[i * stride] }
    return total
  }
  let half = count / 2
  return pairwiseSum(base, count: half, stride: stride)
    + pairwiseSum(base + half * stride, count: count - half, stride: stride)
}

extension Tensor {
  /// Sum of all elements (pairwise order; 0 for an empty tensor).
  public func sum() -> Scalar {
    scalars.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return 0 }
      return pairwiseSum(base, count: buffer.count, stride: 1)
    }
  }

  /// Mean of all elements; throws for an empty tensor (it has no mean).
  public func mean() throws -> Scalar {
    guard count > 0 else {
      throw RepriseError.invalidShape(
        operation: "Tensor.mean()", shape: shape, reason: "no elements")
    }
    return sum() / Scalar(count)
  }

  /// Sums along `axis`, removing it from the shape.
  public func sum(alongAxis axis: Int) throws -> Tensor {
    try reduce(alongAxis: axis, operation: "Tensor.sum(alongAxis:)") { base, count, stride in
      pairwiseSum(base, count: count, stride: stride)
    }
  }

  /// Means along `axis`, removing it from the shape; throws if the axis is empty.
  public func mean(alongAxis axis: Int) throws -> Tensor {
    guard axis >= 0 && axis < rank else { return try sum(alongAxis: axis) }
    guard shape[axis] > 0 else {
      throw RepriseError.invalidShape(
        operation: "Tensor.mean(alongAxis:)", shape: shape, reason: "axis \(axis) is empty")
    }
    return try sum(alongAxis: axis) / Scalar(shape[axis])
  }

  /// Largest element (NaN if any element is NaN); throws for an empty tensor.
  public func maximum() throws -> Scalar {
    scalars[try argmax()]
  }

  /// Smallest element (NaN if any element is NaN); throws for an empty tensor.
  public func minimum() throws -> Scalar {
    scalars[try argmin()]
  }

  /// Row-major index of the first largest element (or first NaN).
  public func argmax() throws -> Int {
    try extremeIndex(operation: "Tensor.argmax()") { $0 > $1 }
  }

  /// Row-major index of the first smallest element (or first NaN).
  public func argmin() throws -> Int {
    try extremeIndex(operation: "Tensor.argmin()") { $0 < $1 }
  }

  /// Index of the first element that beats every other under `better`,
  /// where a NaN beats everything.
  private func extremeIndex(operation: String, _ better: (Scalar, Scalar) -> Bool) throws -> Int {
    guard count > 0 else {
      throw RepriseError.invalidShape(operation: operation, shape: shape, reason: "no elements")
    }
    var best = 0
    for i in 1..<count {
      if scalars[best].isNaN { break }
      if scalars[i].isNaN || better(scalars[i], scalars[best]) { best = i }
    }
    return best
  }

  /// Applies a line reduction to every line along `axis`.
  private func reduce(
    alongAxis axis: Int, operation: String,
    _ line: (UnsafePointer<Scalar>, Int, Int) -> Scalar
  ) throws -> Tensor {
    guard axis >= 0 && axis < rank else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "axis", reason: "\(axis) not in 0..<\(rank)")
    }
    let outer = shape[..<axis].reduce(1, *)
    let extent = shape[axis]
    let inner = shape[(axis + 1)...].reduce(1, *)
    var newShape = shape
    newShape.remove(at: axis)
    var result = [Scalar](repeating: 0, count: outer * inner)
    scalars.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      for o in 0..<outer {
        for i in 0..<inner {
          result[o * inner + i] = line(base + o * extent * inner + i, extent, inner)
        }
      }
    }
    return Tensor(validShape: newShape, scalars: result)
  }
}
