// Adam (Kingma & Ba, ICLR 2015) and AdamW (Loshchilov & Hutter, ICLR 2019).
//   m ← β₁m + (1 − β₁)g,   v ← β₂v + (1 − β₂)g²,
//   w ← w − η · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
// Adam's weight decay is coupled (added to g, as L2); AdamW's is decoupled
// (w ← w − η·λ·w, applied before the Adam step). β₁ᵗ and β₂ᵗ are kept as
// running products, so no power function (and no libm) is needed.

public struct Adam<Scalar: RealScalar>: Optimizer {
  public var learningRate: Scalar
  public var beta1: Scalar
  public var beta2: Scalar
  public var epsilon: Scalar
  public var weightDecay: Scalar
  /// True for AdamW's decoupled decay.
  public var decoupledWeightDecay: Bool
  var firstMoment = OptimizerState<Scalar>()
  var secondMoment = OptimizerState<Scalar>()
  /// β₁ᵗ, β₂ᵗ per parameter (parameters added later start their own count).
  var beta1Power: [ParameterID: Scalar] = [:]
  var beta2Power: [ParameterID: Scalar] = [:]

  public init(
    learningRate: Scalar = 1e-3, beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8,
    weightDecay: Scalar = 0, decoupledWeightDecay: Bool = false
  ) {
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.decoupledWeightDecay = decoupledWeightDecay
  }

  /// AdamW: Adam with decoupled weight decay.
  public static func adamW(learningRate: Scalar = 1e-3, weightDecay: Scalar = 1e-2) -> Adam {
    Adam(learningRate: learningRate, weightDecay: weightDecay, decoupledWeightDecay: true)
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
      let p1 = (beta1Power[id] ?? 1) * beta1
      let p2 = (beta2Power[id] ?? 1) * beta2
      beta1Power[id] = p1
      beta2Power[id] = p2
      try checkGradientShape(store, id, gradient)
      var m = try firstMoment.take(id, like: gradient)
      var v = try secondMoment.take(id, like: gradient)
      let (lr, b1, b2, eps, decay, decoupled) = (
        learningRate, beta1, beta2, epsilon, weightDecay, decoupledWeightDecay
      )
      let (c1, c2) = (1 - p1, 1 - p2)
      m.withUnsafeMutableBufferPointer { mBuffer in
        v.withUnsafeMutableBufferPointer { vBuffer in
          gradient.withUnsafeBufferPointer { gBuffer in
            store.modifyScalars(id) { w in
              // Eight lanes at a time, then the tail one by one. Each lane
              // performs exactly the scalar sequence of IEEE operations (the
              // scalar factors such as lr·decay are formed first in both), so
              // the vector and scalar paths give the same bits.
              let lanes = 8
              var i = 0
              while i + lanes <= w.count {
                var W = load(w.baseAddress! + i)
                var g = load(gBuffer.baseAddress! + i)
                if decoupled { W -= lr * decay * W } else { g += decay * W }
                let M = b1 * load(mBuffer.baseAddress! + i) + (1 - b1) * g
                let V = b2 * load(vBuffer.baseAddress! + i) + (1 - b2) * g * g
                W -= lr * (M / c1) / ((V / c2).squareRoot() + eps)
                store8(M, mBuffer.baseAddress! + i)
                store8(V, vBuffer.baseAddress! + i)
                store8(W, w.baseAddress! + i)
                i += lanes
              }
              while i < w.count {
                var g = gBuffer[i]
                if decoupled { w[i] -= lr * decay * w[i] } else { g += decay * w[i] }
                mBuffer[i] = b1 * mBuffer[i] + (1 - b1) * g
                vBuffer[i] = b2 * vBuffer[i] + (1 - b2) * g * g
                w[i] -= lr * (mBuffer[i] / c1) / ((vBuffer[i] / c2).squareRoot() + eps)
                i += 1
              }
            }
          }
        }
      }
      firstMoment.buffers[id] = m
      secondMoment.buffers[id] = v
    }
  }

  public mutating func grow(_ id: ParameterID, axis: Int, by count: Int) throws {
    try firstMoment.grow(id, axis: axis, by: count)
    try secondMoment.grow(id, axis: axis, by: count)
  }
}

/// Eight consecutive scalars as a vector (unaligned load).
@inline(__always)
func load<Scalar: RealScalar>(_ pointer: UnsafePointer<Scalar>) -> SIMD8<Scalar> {
  UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Scalar>.self)
}

@inline(__always)
func load<Scalar: RealScalar>(_ pointer: UnsafeMutablePointer<Scalar>) -> SIMD8<Scalar> {
  load(UnsafePointer(pointer))
}

/// Stores a vector into eight consecutive scalars.
@inline(__always)
func store8<Scalar: RealScalar>(_ value: SIMD8<Scalar>, _ pointer: UnsafeMutablePointer<Scalar>) {
  UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Scalar>.self)
}
