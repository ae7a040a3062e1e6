// Every similarity measure by name, with its default settings: the table a
// command line (`reprise compare --metrics cka,pwcca`) or a Lab experiment
// iterates over.
//
// Each case calls the documented function in this folder; see those files
// for definitions, invariances and error behaviour. Names are stable.

/// A similarity or distance measure between two representations, by name.
public enum SimilarityMeasure: String, Sendable, CaseIterable {
  /// Linear CKA (`CKA.linear`).
  case linearCKA = "cka"
  /// RBF CKA, σ = 0.8 × median off-diagonal distance (`CKA.rbf`).
  case rbfCKA = "rbf-cka"
  /// Debiased linear CKA, unbiased HSIC throughout (`CKA.debiased`).
  case debiasedCKA = "debiased-cka"
  /// Mean canonical correlation ρ̄ (`CCA.correlations`).
  case cca = "cca"
  /// Mean squared canonical correlation R̄² (`CCA.correlations`).
  case ccaR2 = "cca-r2"
  /// SVCCA mean correlation, 99 % variance kept (`CCA.svcca`).
  case svcca = "svcca"
  /// PWCCA weighted by X's canonical variates (`CCA.pwcca`).
  case pwcca = "pwcca"
  /// Ding et al.'s orthogonal Procrustes distance 2 − 2‖XᵀY‖_* on centred,
  /// normalised inputs (`ShapeMetric.procrustesSquared`).
  case procrustes = "procrustes"
  /// Angular Procrustes shape metric in radians, α = 1 (`ShapeMetric.angular`).
  case angularProcrustes = "angular"
  /// RSA: correlation-distance RDMs compared by Spearman (`RSA.similarity`).
  case rsa = "rsa"
  /// Mutual k-NN alignment, cosine, k = min(10, n − 1) (`MutualKNN.alignment`).
  case mutualKNN = "mknn"

  /// True for distances (0 = identical up to the measure's invariances,
  /// larger = less similar); false for similarities (larger = more similar).
  public var isDistance: Bool {
    self == .procrustes || self == .angularProcrustes
  }

  /// A one-line description for help texts and reports.
  public var summary: String {
    switch self {
    case .linearCKA: return "linear CKA (Kornblith et al. 2019)"
    case .rbfCKA: return "RBF CKA, sigma = 0.8 x median pairwise distance"
    case .debiasedCKA: return "debiased linear CKA (unbiased HSIC, Song et al. 2012)"
    case .cca: return "mean canonical correlation"
    case .ccaR2: return "mean squared canonical correlation"
    case .svcca: return "SVCCA, 99% variance kept (Raghu et al. 2017)"
    case .pwcca: return "projection-weighted CCA, X side (Morcos et al. 2018)"
    case .procrustes: return "orthogonal Procrustes distance (Ding et al. 2021)"
    case .angularProcrustes:
      return "angular Procrustes shape metric, radians (Williams et al. 2021)"
    case .rsa: return "RSA, correlation-distance RDMs, Spearman (Kriegeskorte et al. 2008)"
    case .mutualKNN: return "mutual k-NN alignment, cosine, k = 10 (Huh et al. 2024)"
    }
  }

  /// The measure of X and Y with its default settings.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public func evaluate<Scalar: RealScalar>(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws
    -> Scalar
  {
    switch self {
    case .linearCKA: return try CKA.linear(x, y)
    case .rbfCKA: return try CKA.rbf(x, y)
    case .debiasedCKA: return try CKA.debiased(x, y)
    case .cca: return try CCA.correlations(x, y).meanCorrelation
    case .ccaR2: return try CCA.correlations(x, y).meanSquaredCorrelation
    case .svcca: return try CCA.svcca(x, y).meanCorrelation
    case .pwcca: return try CCA.pwcca(x, y)
    case .procrustes: return try ShapeMetric.procrustesSquared(x, y)
    case .angularProcrustes: return try ShapeMetric.angular(x, y)
    case .rsa: return try RSA.similarity(x, y)
    case .mutualKNN:
      let n = x.rank == 2 ? x.shape[0] : 0
      return try MutualKNN.alignment(x, y, k: max(1, min(10, n - 1)))
    }
  }
}
