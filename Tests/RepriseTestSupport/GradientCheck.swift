// Central finite differences, the independent truth for every derivative
// rule: ∂f/∂xᵢ ≈ (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h, with error O(h²) from the
// Taylor remainder plus O(ε/h) from rounding; h = 1e-6·max(1, |xᵢ|) in
// Double balances the two near 1e-9 relative.
import RepriseCore

public enum FiniteDifference {
  /// The gradient of a scalar function of one tensor, by central differences.
  public static func gradient(
    of f: (Tensor<Double>) throws -> Double, at x: Tensor<Double>, step: Double = 1e-6
  ) rethrows -> Tensor<Double> {
    var result = x
    var probe = x
    for i in 0..<x.count {
      let h = step * max(1, abs(x.scalars[i]))
      probe.withUnsafeMutableBufferPointer { $0[i] = x.scalars[i] + h }
      let up = try f(probe)
      probe.withUnsafeMutableBufferPointer { $0[i] = x.scalars[i] - h }
      let down = try f(probe)
      probe.withUnsafeMutableBufferPointer { $0[i] = x.scalars[i] }
      result.withUnsafeMutableBufferPointer { $0[i] = (up - down) / (2 * h) }
    }
    return result
  }

  /// Largest elementwise |a − b| / max(1, |b|).
  public static func maxRelativeError(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Double {
    precondition(a.shape == b.shape, "shapes \(a.shape) and \(b.shape) differ")
    return zip(a.scalars, b.scalars).reduce(0) { max($0, abs($1.0 - $1.1) / max(1, abs($1.1))) }
  }
}

extension RandomStream {
  /// A tensor of independent uniform entries in [low, high) (test data).
  public mutating func tensor(_ shape: [Int], in range: Range<Double> = -1..<1) throws -> Tensor<
    Double
  > {
    let count = try Shape.elementCount(shape, operation: "RandomStream.tensor")
    return try Tensor(shape: shape, scalars: (0..<count).map { _ in uniform(in: range) })
  }
}
