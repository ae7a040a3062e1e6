// Stochastic gradient descent with optional momentum, Nesterov momentum and
// (coupled, L2) weight decay:
//   g ← g + λ·w;   v ← μ·v + g;   w ← w − η·(Nesterov ? g + μ·v : v)
// (Sutskever et al. 2013 for the Nesterov form used by PyTorch and others.)
// With μ = 0 this is plain gradient descent, w ← w − η·g.

public struct SGD<Scalar: RealScalar>: Optimizer {
  public var learningRate: Scalar
  public var momentum: Scalar
  public var nesterov: Bool
  public var weightDecay: Scalar
  var velocity = OptimizerState<Scalar>()

  public init(
    learningRate: Scalar, momentum: Scalar = 0, nesterov: Bool = false, weightDecay: Scalar = 0
  ) {
    self.learningRate = learningRate
    self.momentum = momentum
    self.nesterov = nesterov
    self.weightDecay = weightDecay
  }

  // Specialised copies for Float and Double: the generic entry point
  // dispatches to them at run time, so the per-element update does not pay
  // a protocol call per arithmetic operation when called from generic code.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func step(
    _ store: inout ParameterStore<Scalar>, gradients: [ParameterID: Tensor<Scalar>]
  ) throws {
    for id in gradients.keys.sorted() {
      let gradient = gradients[id]!
      try checkGradientShape(store, id, gradient)
      let (lr, mu, decay, nesterov) = (learningRate, momentum, weightDecay, self.nesterov)
      if mu == 0 {
        gradient.withUnsafeBufferPointer { g in
          store.modifyScalars(id) { w in
            for i in 0..<w.count { w[i] -= lr * (g[i] + decay * w[i]) }
          }
        }
        continue
      }
      var v = try velocity.take(id, like: gradient)
      v.withUnsafeMutableBufferPointer { velocityBuffer in
        gradient.withUnsafeBufferPointer { g in
          store.modifyScalars(id) { w in
            for i in 0..<w.count {
              let decayed = g[i] + decay * w[i]
              velocityBuffer[i] = mu * velocityBuffer[i] + decayed
              w[i] -= lr * (nesterov ? decayed + mu * velocityBuffer[i] : velocityBuffer[i])
            }
          }
        }
      }
      velocity.buffers[id] = v
    }
  }

  public mutating func grow(_ id: ParameterID, axis: Int, by count: Int) throws {
    try velocity.grow(id, axis: axis, by: count)
  }
}
