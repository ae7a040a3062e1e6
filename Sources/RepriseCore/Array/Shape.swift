// Shapes: validation, element counts, row-major strides and broadcasting.
//
// A shape is a list of non-negative extents, outermost first. Row-major
// (C order) means the last index varies fastest, so the stride of axis i is
// the product of the extents after it. Element counts are computed with
// overflow checks: a hostile shape such as [1 << 40, 1 << 40] is an error,
// not a crash or a wrapped-around allocation.
//
// Broadcasting follows NumPy's rule: align shapes on the right; two extents
// are compatible when they are equal or one of them is 1; a missing leading
// axis counts as 1.

public enum Shape {
  /// The number of elements of `shape`, or a typed error if an extent is
  /// negative or the product overflows `Int`.
  public static func elementCount(_ shape: [Int], operation: String) throws -> Int {
    var count = 1
    for extent in shape {
      guard extent >= 0 else {
        throw RepriseError.invalidShape(
          operation: operation, shape: shape, reason: "extent \(extent) is negative")
      }
      let (product, overflow) = count.multipliedReportingOverflow(by: extent)
      guard !overflow else {
        throw RepriseError.invalidShape(
          operation: operation, shape: shape, reason: "element count overflows Int")
      }
      count = product
    }
    return count
  }

  /// Row-major strides (in elements) of a valid shape.
  public static func strides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var running = 1
    for axis in shape.indices.reversed() {
      strides[axis] = running
      running *= shape[axis]
    }
    return strides
  }

  /// The broadcast shape of two shapes, or `shapeMismatch` if incompatible.
  public static func broadcast(_ a: [Int], _ b: [Int], operation: String) throws -> [Int] {
    let rank = max(a.count, b.count)
    var result = [Int](repeating: 1, count: rank)
    for axis in 0..<rank {
      let ea = axis < rank - a.count ? 1 : a[axis - (rank - a.count)]
      let eb = axis < rank - b.count ? 1 : b[axis - (rank - b.count)]
      guard ea == eb || ea == 1 || eb == 1 else {
        throw RepriseError.shapeMismatch(operation: operation, expected: a, got: b)
      }
      result[axis] = ea == 1 ? eb : ea
    }
    return result
  }

  /// Strides for reading an operand of shape `shape` as if it had the
  /// (broadcast) shape `target`: broadcast axes get stride 0.
  static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
    let own = strides(shape)
    let lead = target.count - shape.count
    return target.indices.map { axis in
      axis < lead || shape[axis - lead] == 1 ? 0 : own[axis - lead]
    }
  }
}
