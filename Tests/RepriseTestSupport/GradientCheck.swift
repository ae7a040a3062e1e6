// Central finite differences, the independent truth for every derivative
// rule: ∂f/∂xᵢ ≈ (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h, with error O(h²) from the
// Taylor remainder plus O(ε/h) from rounding; h = 1e-6·max(1, |xᵢ|) in
// Double balances the two near 1e-9 relative.
import RepriseAutodiff
import Testing

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

/// Checks the tape's gradient of `loss(inputs)` against central differences
/// for every input.
public func checkGradients(
  _ shapes: [[Int]], seed: UInt64 = 1, tolerance: Double = 1e-7,
  avoidingZero: Bool = false, sourceLocation: SourceLocation = #_sourceLocation,
  _ loss: ([Variable<Double>]) throws -> Variable<Double>
) throws {
  var random = RandomStream(seed: seed)
  let values = try shapes.map { shape -> Tensor<Double> in
    let t = try random.tensor(shape)
    // Keep away from kinks (ReLU at 0) and poles (division by 0).
    return avoidingZero ? t.map { $0 >= 0 ? $0 + 0.2 : $0 - 0.2 } : t
  }
  let tape = Tape<Double>()
  let inputs = values.map { tape.variable($0) }
  let gradients = try tape.gradients(of: try loss(inputs), withRespectTo: inputs)
  for index in values.indices {
    let numeric = try FiniteDifference.gradient(
      of: { x in
        var perturbed = values.map { Variable(constant: $0) }
        perturbed[index] = Variable(constant: x)
        return try loss(perturbed).value.scalars[0]
      }, at: values[index])
    let error = FiniteDifference.maxRelativeError(gradients[index].value, numeric)
    if error >= tolerance {
      Issue.record(
        "input \(index) shape \(shapes[index]): max relative error \(error)",
        sourceLocation: sourceLocation)
    }
  }
}
