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
    // Dispatch once to code compiled for the concrete type (see
    // ElementwiseKernels.swift for why); the order of additions is the same.
    if Scalar.self == Double.self {
      return unsafeBitCast(
        ReductionKernels.lineSums(unsafeBitCast(scalars, to: [Double].self), 1, count, 1)[0],
        to: Scalar.self)
    }
    if Scalar.self == Float.self {
      return unsafeBitCast(
        ReductionKernels.lineSums(unsafeBitCast(scalars, to: [Float].self), 1, count, 1)[0],
        to: Scalar.self)
    }
    return ReductionKernels.lineSums(scalars, 1, count, 1)[0]
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
    guard axis >= 0 && axis < rank else {
      throw RepriseError.invalidArgument(
        operation: "Tensor.sum(alongAxis:)", name: "axis", reason: "\(axis) not in 0..<\(rank)")
    }
    let outer = shape[..<axis].reduce(1, *)
    let extent = shape[axis]
    let inner = shape[(axis + 1)...].reduce(1, *)
    var newShape = shape
    newShape.remove(at: axis)
    let sums: [Scalar]
    if Scalar.self == Double.self {
      sums = unsafeBitCast(
        ReductionKernels.lineSums(unsafeBitCast(scalars, to: [Double].self), outer, extent, inner),
        to: [Scalar].self)
    } else if Scalar.self == Float.self {
      sums = unsafeBitCast(
        ReductionKernels.lineSums(unsafeBitCast(scalars, to: [Float].self), outer, extent, inner),
        to: [Scalar].self)
    } else {
      sums = ReductionKernels.lineSums(scalars, outer, extent, inner)
    }
    return Tensor(validShape: newShape, scalars: sums)
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
}

/// Reduction loops outside the generic `Tensor` type, so that calls with a
/// concrete scalar type are compiled for that type.
enum ReductionKernels {
  /// Pairwise sums of the `outer × inner` lines of `extent` elements,
  /// `inner` apart, of a row-major buffer viewed as [outer, extent, inner].
  static func lineSums<T: RealScalar>(_ x: [T], _ outer: Int, _ extent: Int, _ inner: Int) -> [T] {
    [T](unsafeUninitializedCapacity: outer * inner) { output, initialized in
      x.withUnsafeBufferPointer { buffer in
        for o in 0..<outer {
          for i in 0..<inner {
            let total =
              extent == 0
              ? T.zero
              : pairwiseSum(
                buffer.baseAddress! + o * extent * inner + i, count: extent, stride: inner)
            (output.baseAddress! + o * inner + i).initialize(to: total)
          }
        }
      }
      initialized = outer * inner
    }
  }
}
