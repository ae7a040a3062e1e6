// Learning-rate schedules: the step size as a function of the step number t
// (counted from 0) and the base rate η₀.
//   constant:          η₀
//   step decay:        η₀ · γ^⌊t / every⌋
//   exponential:       η₀ · γ^t
//   linear warm-up:    η₀ · min(1, (t + 1) / warmup), then the wrapped schedule
//   cosine annealing:  η_min + ½(η₀ − η_min)(1 + cos(π·min(t, T)/T))   (Loshchilov & Hutter 2017)
//   inverse sqrt:      η₀ / √(1 + t / τ)
// Powers are computed as exp(t·ln γ) with Reprise's own functions, and the
// cosine with Reprise's cos, so a schedule gives the same bits everywhere.

/// A learning rate that depends on the step number.
public indirect enum LearningRateSchedule<Scalar: RealScalar>: Sendable {
  case constant
  case stepDecay(factor: Scalar, every: Int)
  case exponential(factor: Scalar)
  case warmup(steps: Int, then: LearningRateSchedule)
  case cosine(totalSteps: Int, minimum: Scalar)
  case inverseSquareRoot(timescale: Scalar)

  /// The rate at step `t` for base rate `base`.
  public func rate(at t: Int, base: Scalar) throws -> Scalar {
    guard t >= 0 else {
      throw RepriseError.invalidArgument(
        operation: "LearningRateSchedule.rate", name: "t", reason: "must be ≥ 0, got \(t)")
    }
    switch self {
    case .constant:
      return base
    case .stepDecay(let factor, let every):
      guard every > 0, factor > 0 else { throw invalid("stepDecay needs every > 0 and factor > 0") }
      return base * Self.power(factor, t / every)
    case .exponential(let factor):
      guard factor > 0 else { throw invalid("exponential needs factor > 0") }
      return base * Self.power(factor, t)
    case .warmup(let steps, let next):
      guard steps > 0 else { throw invalid("warmup needs steps > 0") }
      let rate = try next.rate(at: t, base: base)
      return t + 1 < steps ? rate * Scalar(t + 1) / Scalar(steps) : rate
    case .cosine(let total, let minimum):
      guard total > 0 else { throw invalid("cosine needs totalSteps > 0") }
      let progress = Scalar(Swift.min(t, total)) / Scalar(total)
      return minimum + (base - minimum) * (1 + Scalar.cos(Scalar.pi * progress)) / 2
    case .inverseSquareRoot(let timescale):
      guard timescale > 0 else { throw invalid("inverseSquareRoot needs timescale > 0") }
      return base / (1 + Scalar(t) / timescale).squareRoot()
    }
  }

  /// γⁿ as exp(n·ln γ) with Reprise's functions (exact 1 for n = 0).
  static func power(_ gamma: Scalar, _ n: Int) -> Scalar {
    n == 0 ? 1 : Scalar.exp(Scalar(n) * Scalar.log(gamma))
  }

  func invalid(_ reason: String) -> RepriseError {
    .invalidArgument(operation: "LearningRateSchedule", name: "parameters", reason: reason)
  }
}
