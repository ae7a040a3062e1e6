// Converting a tensor between Float and Double (IEEE rounding to nearest).

extension Tensor {
  /// The same values in another scalar type; Double → Float rounds to nearest.
  public func converted<Other: RealScalar>(to _: Other.Type = Other.self) -> Tensor<Other> {
    if let same = self as? Tensor<Other> { return same }
    return try! Tensor<Other>(shape: shape, scalars: scalars.map { Other($0) })
  }
}
