// Operations whose derivative is chosen rather than derived.
//
// `withCustomGradient` passes a value through unchanged and replaces the
// incoming adjoint by a rule of the caller's; the rule is written with
// differentiable operations, so it too can be differentiated.
// Gradient reversal (Ganin & Lempitsky 2015; Ganin et al., JMLR 2016, §5) is
// the identity forward and multiplies the gradient by −λ backward: the
// feature extractor then *maximises* the domain classifier's loss while the
// classifier minimises it. `scaledGradient` (identity forward, ·s backward)
// covers the α-scaled outputs of lazy-training experiments.

extension Variable {
  /// Identity in the forward pass; the adjoint is replaced by `rule(adjoint)`.
  public func withCustomGradient(
    _ operation: String = "custom gradient", _ rule: @escaping (Variable) throws -> Variable
  ) -> Variable {
    Variable.make(value, operation, [self]) { g in [try rule(g)] }
  }

  /// Identity forward, gradient multiplied by −λ backward.
  public func gradientReversal(lambda: Scalar = 1) -> Variable {
    withCustomGradient("gradient reversal") { g in g * (-lambda) }
  }

  /// Identity forward, gradient multiplied by `factor` backward.
  public func scaledGradient(_ factor: Scalar) -> Variable {
    withCustomGradient("scaled gradient") { g in g * factor }
  }

  /// The value with no gradient flowing back (same as `detached`).
  public var stoppedGradient: Variable { detached }
}
