// Adam (Kingma & Ba, ICLR 2015) and AdamW (Loshchilov & Hutter, ICLR 2019).
//   m ← β₁m + (1 − β₁)g,   v ← β₂v + (1 − β₂)g²,
//   w ← w − η · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
// Adam's weight decay is coupled (added to g, as L2); AdamW's is decoupled
// (w ← w − η·λ·w, applied before the Adam step). β₁ᵗ and β₂ᵗ are kept as
// running products, so no power function (and no libm) is needed.
// The update is evaluated as PyTorch does, with the bias corrections folded
// into two per-step scalars, s = η/(1 − β₁ᵗ) and r = 1/√(1 − β₂ᵗ):
//   w ← w − s·m / (√v·r + ε)
// one square root and one division per element (the literal form costs three
// divisions; on the 784-300-100-10 benchmark Adam was a fifth of the step).
// Each parameter is one fused pass over w, g, m, v, a plain loop that the
// compiler vectorizes (eight Float lanes: vsqrtps, vdivps). On Linux Swift's
// `squareRoot()` is C's `sqrtf`, which must set errno for a negative input,
// so the compiler guards every root with a branch to the C library, and that
// branch kept the loop scalar (Adam was 16–20% of a 64-256-256-10 step).
// The root is therefore taken of `v < 0 ? NaN : v`: the select is the
// identity for every v that is not negative (+0, −0, +∞ and NaN included),
// and with the input visibly never negative the compiler drops the guard.
// v ≥ 0 always holds for β₂ ∈ [0, 1]; a negative v (β₂ > 1) gives a NaN
// either way, though not necessarily the same NaN bit pattern. (Binding
// `llvm.sqrt` through `@_silgen_name` also vectorized, but crashes the
// compiler under ThreadSanitizer.) Large tensors are split into contiguous
// ranges across threads (outputs are disjoint, so the thread count never
// changes a bit).

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
      let rule = AdamRule(
        learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
        weightDecay: weightDecay, decoupled: decoupledWeightDecay, beta1Power: p1,
        beta2Power: p2)
      m.withUnsafeMutableBufferPointer { mBuffer in
        v.withUnsafeMutableBufferPointer { vBuffer in
          gradient.withUnsafeBufferPointer { gBuffer in
            store.modifyScalars(id) { w in
              guard let wBase = w.baseAddress, let gBase = gBuffer.baseAddress,
                let mBase = mBuffer.baseAddress, let vBase = vBuffer.baseAddress
              else { return }  // an empty parameter
              rule.apply(w: wBase, g: gBase, m: mBase, v: vBase, count: w.count)
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

/// One Adam step's scalars, and the fused elementwise update.
struct AdamRule<Scalar: RealScalar> {
  let beta1, beta2, epsilon, oneMinusBeta1, oneMinusBeta2: Scalar
  /// λ (coupled) or η·λ (decoupled).
  let decay: Scalar
  let decoupled: Bool
  /// η/(1 − β₁ᵗ) and 1/√(1 − β₂ᵗ).
  let stepSize, inverseRootCorrection: Scalar

  init(
    learningRate: Scalar, beta1: Scalar, beta2: Scalar, epsilon: Scalar, weightDecay: Scalar,
    decoupled: Bool, beta1Power: Scalar, beta2Power: Scalar
  ) {
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.oneMinusBeta1 = 1 - beta1
    self.oneMinusBeta2 = 1 - beta2
    self.decay = decoupled ? learningRate * weightDecay : weightDecay
    self.decoupled = decoupled
    self.stepSize = learningRate / (1 - beta1Power)
    self.inverseRootCorrection = 1 / (1 - beta2Power).squareRoot()
  }

  /// Updates `count` entries; large tensors are split across threads.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func apply(
    w: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>, m: UnsafeMutablePointer<Scalar>,
    v: UnsafeMutablePointer<Scalar>, count: Int
  ) {
    let threads = ThreadSettings.defaultCount
    let parts = count >= 1 << 16 && threads > 1 ? threads : 1
    if parts == 1 {
      update(w: w, g: g, m: m, v: v, range: 0..<count)
      return
    }
    let pointers = UncheckedSendable((w, g, m, v))
    ParallelFor.run(chunks: parts, threads: parts) { part in
      // Range ends on multiples of 8 so every part but the last is all lanes.
      let lower = (count / 8) * part / parts * 8
      let upper = part == parts - 1 ? count : (count / 8) * (part + 1) / parts * 8
      let (w, g, m, v) = pointers.value
      update(w: w, g: g, m: m, v: v, range: lower..<upper)
    }
  }

  /// The update of entries `range`, one plain loop: every entry performs the
  /// same IEEE operations in the same order as the scalar recurrence (no
  /// fused multiply-adds), whatever the compiler vectorizes.
  @inline(__always)
  func update(
    w: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>, m: UnsafeMutablePointer<Scalar>,
    v: UnsafeMutablePointer<Scalar>, range: Range<Int>
  ) {
    for i in range {
      var wi = w[i]
      var gi = g[i]
      if decoupled { wi -= decay * wi } else { gi += decay * wi }
      let mi = beta1 * m[i] + oneMinusBeta1 * gi
      let vi = beta2 * v[i] + oneMinusBeta2 * gi * gi
      // The identity unless vi < 0; lets the square root vectorize (header).
      let root = (vi < 0 ? Scalar.nan : vi).squareRoot()
      wi -= stepSize * mi / (root * inverseRootCorrection + epsilon)
      m[i] = mi
      v[i] = vi
      w[i] = wi
    }
  }
}
