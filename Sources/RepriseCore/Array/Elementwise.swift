// Elementwise arithmetic with NumPy broadcasting.
//
// `a + b`, `a - b`, `a * b`, `a / b` throw `shapeMismatch` when the shapes
// cannot be broadcast (Shape.swift explains the rule). Each output element is
// one IEEE operation on one element of each operand, so results do not depend
// on how the loop is organised. The loop walks the output in row-major order
// with an odometer over the outer axes and a strided inner loop over the last
// axis; operands read with stride 0 along broadcast axes.

extension Tensor {
  /// Applies `combine` to broadcast pairs of elements.
  public func broadcasting(
    _ other: Tensor, operation: String = "Tensor.broadcasting",
    _ combine: (Scalar, Scalar) -> Scalar
  ) throws -> Tensor {
    let outShape = try Shape.broadcast(shape, other.shape, operation: operation)
    let count = try Shape.elementCount(outShape, operation: operation)
    let sa = Shape.broadcastStrides(shape, to: outShape)
    let sb = Shape.broadcastStrides(other.shape, to: outShape)
    let result = ElementwiseKernels.strided(
      scalars, sa, other.scalars, sb, outShape, count, combine)
    return Tensor(validShape: outShape, scalars: result)
  }

  /// A tensor of the same shape with `transform` applied to every element
  /// (an index loop over raw buffers: no generic iterator per element).
  public func map(_ transform: (Scalar) -> Scalar) -> Tensor {
    Tensor(validShape: shape, scalars: ElementwiseKernels.each(scalars, transform))
  }

  public static func + (a: Tensor, b: Tensor) throws -> Tensor {
    try a.applying(.add, b, name: "Tensor +")
  }
  public static func - (a: Tensor, b: Tensor) throws -> Tensor {
    try a.applying(.subtract, b, name: "Tensor -")
  }
  public static func * (a: Tensor, b: Tensor) throws -> Tensor {
    try a.applying(.multiply, b, name: "Tensor *")
  }
  public static func / (a: Tensor, b: Tensor) throws -> Tensor {
    try a.applying(.divide, b, name: "Tensor /")
  }

  // Scalar operands broadcast as rank-0 tensors, through the same kernels.
  public static func + (a: Tensor, s: Scalar) -> Tensor {
    try! a.applying(.add, Tensor(scalar: s), name: "+")
  }
  public static func - (a: Tensor, s: Scalar) -> Tensor {
    try! a.applying(.subtract, Tensor(scalar: s), name: "-")
  }
  public static func * (a: Tensor, s: Scalar) -> Tensor {
    try! a.applying(.multiply, Tensor(scalar: s), name: "*")
  }
  public static func / (a: Tensor, s: Scalar) -> Tensor {
    try! a.applying(.divide, Tensor(scalar: s), name: "/")
  }
  public static func * (s: Scalar, a: Tensor) -> Tensor {
    try! Tensor(scalar: s).applying(.multiply, a, name: "*")
  }
  public static prefix func - (a: Tensor) -> Tensor { a.applying(.negate) }

  /// The position and value of the first NaN or infinity, if any, reported
  /// in matrix coordinates (row, column) of the rank-2 view of the tensor.
  public func firstNonFinite() -> (row: Int, column: Int, value: Scalar)? {
    let columns = Swift.max(columnCount, 1)
    for (offset, value) in scalars.enumerated() where !value.isFinite {
      return (offset / columns, offset % columns, value)
    }
    return nil
  }

  /// Throws `nonFinite` naming the first NaN or infinity.
  public func requireFinite(operation: String) throws {
    if let bad = firstNonFinite() {
      throw RepriseError.nonFinite(
        operation: operation, row: bad.row, column: bad.column, value: Double(bad.value))
    }
  }
}

extension Tensor {
  /// This tensor repeated along broadcast axes to `target` (NumPy's
  /// `broadcast_to`, materialised). Throws if the shapes are incompatible or
  /// broadcasting would have to shrink an axis.
  public func broadcast(to target: [Int]) throws -> Tensor {
    if shape == target { return self }
    let result = try Shape.broadcast(shape, target, operation: "Tensor.broadcast(to:)")
    guard result == target else {
      throw RepriseError.shapeMismatch(
        operation: "Tensor.broadcast(to:)", expected: target, got: shape)
    }
    return try Tensor(shape: target, repeating: 0).broadcasting(self) { _, value in value }
  }

  /// Sums a broadcast result back to `target`, the shape it was broadcast
  /// from: the adjoint of `broadcast(to:)`. Leading axes are summed away and
  /// axes where `target` has extent 1 are summed with the axis kept.
  public func sum(toShape target: [Int]) throws -> Tensor {
    if shape == target { return self }
    guard (try? Shape.broadcast(target, shape, operation: "")) == shape else {
      throw RepriseError.shapeMismatch(
        operation: "Tensor.sum(toShape:)", expected: shape, got: target)
    }
    var result = self
    while result.rank > target.count { result = try result.sum(alongAxis: 0) }
    for axis in 0..<target.count where target[axis] == 1 && result.shape[axis] != 1 {
      var kept = result.shape
      kept[axis] = 1
      result = try result.sum(alongAxis: axis).reshaped(kept)
    }
    return result
  }
}
