// The annealing schedules of domain-adversarial training (Ganin et al.,
// JMLR 2016, §5.2.2), p ∈ [0, 1] the training progress: the adaptation
// weight λ_p = 2/(1 + exp(−γp)) − 1 (γ = 10) ramps the reversed domain
// gradient from 0 towards 1 so the domain classifier's early noise does
// not disturb the features, and the learning rate μ_p = μ₀/(1 + αp)^β
// (α = 10, β = 0.75) anneals the step. Both use RepriseCore's exp and log
// (bit-reproducible on every CPU). Cost: O(1).

/// The annealing schedules of domain-adversarial training.
public enum DomainAdversarialSchedule {
  /// λ_p = 2/(1 + e^{−γp}) − 1: 0 at p = 0, rising towards 1.
  public static func adaptationWeight(progress p: Double, gamma: Double = 10) -> Double {
    2 / (1 + Double.exp(-gamma * p)) - 1
  }

  /// μ_p = μ₀/(1 + αp)^β.
  public static func learningRate(
    progress p: Double, base: Double, alpha: Double = 10, beta: Double = 0.75
  ) -> Double {
    base * Double.exp(-beta * Double.log(1 + alpha * p))
  }
}
