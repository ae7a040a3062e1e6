// The optimizer interface, and gradient clipping.
//
// An optimizer turns gradients into parameter updates and keeps whatever
// per-parameter state its rule needs (momentum buffers, Adam moments). The
// state lives beside the parameters, keyed by `ParameterID`, so when a layer
// grows (GradMax adds neurons) the optimizer grows its state the same way:
// new entries start at zero, exactly as if the new weights had always been
// there with zero gradient.
//
// Every update is elementwise IEEE arithmetic in a fixed order, so training
// is reproducible to the bit. Masked (pruned) entries are re-zeroed after
// each step by the store.

/// Updates parameters from their gradients.
public protocol Optimizer {
  associatedtype Scalar: RealScalar
  /// The step size used by the next `step`.
  var learningRate: Scalar { get set }
  /// Applies one update to every parameter that has a gradient.
  mutating func step(
    _ store: inout ParameterStore<Scalar>, gradients: [ParameterID: Tensor<Scalar>]) throws
  /// Grows the state of parameter `id` along `axis` by `count` zero slices,
  /// after the store grew the parameter itself.
  mutating func grow(_ id: ParameterID, axis: Int, by count: Int) throws
}

/// Per-parameter optimizer state tensors, grown with zeros.
struct OptimizerState<Scalar: RealScalar>: Sendable {
  var buffers: [ParameterID: Tensor<Scalar>] = [:]

  /// Removes and returns the buffer for `id` (so the caller holds the only
  /// reference and can mutate it without a copy), created as zeros shaped
  /// like `like` if missing. Put it back with `buffers[id] = …`.
  mutating func take(_ id: ParameterID, like: Tensor<Scalar>) throws -> Tensor<Scalar> {
    if let shape = buffers[id]?.shape {
      guard shape == like.shape else {
        throw RepriseError.shapeMismatch(
          operation: "optimizer state for parameter \(id.index) (grown without Optimizer.grow?)",
          expected: shape, got: like.shape)
      }
      return buffers.removeValue(forKey: id)!
    }
    return try Tensor<Scalar>(shape: like.shape, repeating: 0)
  }

  mutating func grow(_ id: ParameterID, axis: Int, by count: Int) throws {
    guard let existing = buffers[id] else { return }
    var extra = existing.shape
    guard axis >= 0 && axis < extra.count, count >= 0 else {
      throw RepriseError.invalidArgument(
        operation: "Optimizer.grow", name: "axis", reason: "\(axis) for shape \(existing.shape)")
    }
    extra[axis] = count
    buffers[id] = try Tensor.concatenate(
      [existing, try Tensor(shape: extra, repeating: 0)], axis: axis)
  }
}

/// Checks that a gradient has its parameter's shape.
func checkGradientShape<Scalar: RealScalar>(
  _ store: ParameterStore<Scalar>, _ id: ParameterID, _ gradient: Tensor<Scalar>
) throws {
  guard store[id].shape == gradient.shape else {
    throw RepriseError.shapeMismatch(
      operation: "optimizer step for '\(store.names[id.index])'", expected: store[id].shape, got: gradient.shape)
  }
}

/// Gradient clipping, applied to a gradient set before `step`.
public enum GradientClipping {
  /// Rescales all gradients together so their joint 2-norm is at most
  /// `maxNorm`; returns the norm before clipping. The norm is summed over
  /// parameters in id order, each tensor in pairwise order.
  @discardableResult
  public static func clipByGlobalNorm<Scalar: RealScalar>(
    _ gradients: inout [ParameterID: Tensor<Scalar>], maxNorm: Scalar
  ) throws -> Scalar {
    guard maxNorm > 0 else {
      throw RepriseError.invalidArgument(
        operation: "clipByGlobalNorm", name: "maxNorm", reason: "must be positive")
    }
    var squares: Scalar = 0
    for id in gradients.keys.sorted() {
      squares += try (gradients[id]! * gradients[id]!).sum()
    }
    let norm = squares.squareRoot()
    guard norm.isFinite else {
      throw RepriseError.nonFinite(
        operation: "clipByGlobalNorm (gradient norm)", row: 0, column: 0, value: Double(norm))
    }
    if norm > maxNorm {
      let factor = maxNorm / norm
      for id in gradients.keys { gradients[id] = gradients[id]! * factor }
    }
    return norm
  }

  /// Clamps every gradient entry to [−limit, limit].
  public static func clipByValue<Scalar: RealScalar>(
    _ gradients: inout [ParameterID: Tensor<Scalar>], limit: Scalar
  ) {
    for id in gradients.keys {
      gradients[id] = gradients[id]!.map { Swift.min(Swift.max($0, -limit), limit) }
    }
  }
}
