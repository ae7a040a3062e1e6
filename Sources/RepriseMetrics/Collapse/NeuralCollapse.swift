// The four neural-collapse measures of Papyan, Han & Donoho (PNAS 2020).
//
// With the class statistics of ClassStatistics.swift (K classes, N samples,
// p features, centred class means m_k = μ_k − μ_G as the rows of M):
//
// NC1, within-class variability collapse: tr(Σ_W Σ_B⁺)/K (Papyan et al.
//   Fig. 6; Li et al. 2022, papers.md §17). Computed from the SVD
//   M = U·S·Vᵀ: Σ_B = V·diag(s²/K)·Vᵀ, so Σ_B⁺ = V·diag(K/s²)·Vᵀ on the kept
//   directions and NC1 = Σ_i ‖R v_i‖² / (N s_i²), R the within-class
//   residuals. No p × p matrix is formed: cost O(K²p + N·p·K).
//   Pseudo-inverse cutoff: an eigenvalue s_i²/K of Σ_B counts as zero when
//   s_i² ≤ rcond·s_1², rcond = p·ε by default (numpy.linalg.pinv(Σ_B)'s
//   default). With balanced classes Σ m_k = 0, so Σ_B has rank ≤ K − 1 and
//   the last direction is dropped.
// NC2, convergence to a simplex equiangular tight frame (Papyan Figs. 2–4):
//   equinorm = std_k ‖m_k‖ / mean_k ‖m_k‖; equiangularity = std over k ≠ k′
//   of cos(m_k, m_k′); maximal angle = mean over k ≠ k′ of |cos + 1/(K−1)|
//   (standard deviations are population ones, ddof = 0); and the distance
//   of the normalised Gram to the ETF Gram (Zhu et al., "A geometric analysis
//   of neural collapse with unconstrained features", NeurIPS 2021, NC2):
//   ‖MMᵀ/‖MMᵀ‖_F − (I − 11ᵀ/K)/√(K−1)‖_F. All four are 0 for a simplex ETF.
// NC3, self-duality (Papyan Fig. 5, Zhu et al. NC3):
//   ‖W/‖W‖_F − M/‖M‖_F‖²_F, the squared Frobenius distance between the
//   normalised last-layer weights (K × p, rows = classes) and the normalised
//   centred class means.
// NC4, simplification to nearest class centre (Papyan Fig. 7): the fraction
//   of samples whose network prediction argmax_k logit_k differs from the
//   nearest class mean argmin_k ‖h − μ_k‖ (ties: the lowest class index).
//
// Invariances: NC1 and NC2 are invariant to a common rotation, translation or
// scaling of the features; NC3 to a common rotation of features and weights
// and to rescaling either; NC4 to anything preserving both argmax and
// distances' order. Degenerate input: fewer than 2 classes, or class means
// that all coincide (Σ_B = 0), throw `invalidArgument`; a zero centred class
// mean throws for NC2 (its angle is undefined); Σ_W = 0 gives NC1 = 0
// exactly (complete collapse), a valid value.

/// The neural-collapse measures NC1–NC4.
public enum NeuralCollapse {
  /// NC1 = tr(Σ_W Σ_B⁺)/K.
  ///
  /// - Parameter relativeCutoff: eigenvalues of Σ_B at most
  ///   relativeCutoff·λ_max count as zero (default p·ε, as numpy's pinv).
  /// - Throws: `invalidArgument` for K < 2 or Σ_B = 0 (all class means equal).
  public static func nc1(_ statistics: ClassStatistics, relativeCutoff: Double? = nil) throws
    -> Double
  {
    let operation = "NeuralCollapse.nc1"
    try requireSeveralClasses(statistics, operation)
    let p = statistics.featureCount
    let rcond = relativeCutoff ?? Double(p) * Double.ulpOfOne
    guard rcond.isFinite && rcond >= 0 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "relativeCutoff", reason: "must be finite and ≥ 0, got \(rcond)"
      )
    }
    let svd = try SingularValueDecomposition(statistics.centredClassMeans, vectors: .thin)
    let s = svd.singularValues.scalars
    guard let largest = s.first, largest > 0 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "features",
        reason: "all class means coincide, so the between-class covariance is zero")
    }
    let kept = s.prefix { $0 * $0 > rcond * largest * largest }.count
    // R·V_r: the residuals projected on the kept right singular vectors.
    let projected = try matmul(
      statistics.withinClassResiduals, try svd.vt!.rows(0..<kept), transposeB: true)
    let n = statistics.sampleCount
    var terms = [Double](repeating: 0, count: kept)
    for i in 0..<kept {
      var column = [Double](repeating: 0, count: n)
      for row in 0..<n { column[row] = projected.scalars[row * kept + i] }
      terms[i] = DoubleSums.dot(column, column) / (Double(n) * s[i] * s[i])
    }
    return DoubleSums.pairwise(terms)
  }

  /// How far the centred class means are from a simplex ETF (NC2).
  public struct SimplexGeometry: Sendable, Equatable {
    /// std_k ‖m_k‖ / mean_k ‖m_k‖ (0 when the means are equinorm).
    public var normVariation: Double
    /// std over k ≠ k′ of cos(m_k, m_k′) (0 when equiangular).
    public var cosineSpread: Double
    /// mean over k ≠ k′ of |cos(m_k, m_k′) + 1/(K−1)| (0 at maximal angle).
    public var angleDeviation: Double
    /// ‖MMᵀ/‖MMᵀ‖_F − (I − 11ᵀ/K)/√(K−1)‖_F (Zhu et al. 2021).
    public var etfDistance: Double
  }

  /// NC2: equinorm, equiangularity, maximal angle and distance to the ETF.
  /// - Throws: `invalidArgument` for K < 2, or a class whose mean equals the
  ///   global mean (naming the class).
  public static func nc2(_ statistics: ClassStatistics) throws -> SimplexGeometry {
    let operation = "NeuralCollapse.nc2"
    try requireSeveralClasses(statistics, operation)
    let k = statistics.classCount
    let m = statistics.centredClassMeans
    let gram = try RepriseLinalg.gram(m, transposeA: false).scalars
    var norms = [Double](repeating: 0, count: k)
    for c in 0..<k {
      norms[c] = gram[c * k + c].squareRoot()
      guard norms[c] > 0 else {
        throw RepriseError.invalidArgument(
          operation: operation, name: "features",
          reason: "the mean of class \(c) equals the global mean; its angle is undefined")
      }
    }
    var cosines: [Double] = []
    cosines.reserveCapacity(k * (k - 1))
    for a in 0..<k {
      for b in 0..<k where a != b { cosines.append(gram[a * k + b] / (norms[a] * norms[b])) }
    }
    let offset = 1 / Double(k - 1)
    let gramNorm = DoubleSums.dot(gram, gram).squareRoot()
    let etfScale = 1 / Double(k - 1).squareRoot()
    var difference = [Double](repeating: 0, count: k * k)
    for a in 0..<k {
      for b in 0..<k {
        let etf = ((a == b ? 1 : 0) - 1 / Double(k)) * etfScale
        difference[a * k + b] = gram[a * k + b] / gramNorm - etf
      }
    }
    return SimplexGeometry(
      normVariation: populationStandardDeviation(norms) / mean(norms),
      cosineSpread: populationStandardDeviation(cosines),
      angleDeviation: mean(cosines.map { abs($0 + offset) }),
      etfDistance: DoubleSums.dot(difference, difference).squareRoot())
  }

  /// NC3 = ‖W/‖W‖_F − M/‖M‖_F‖²_F for last-layer weights W (K × p, one row
  /// per class).
  /// - Throws: `shapeMismatch` (W not K × p), `nonFinite`, `invalidArgument`
  ///   (W = 0, or K < 2, or all class means equal).
  public static func nc3<Scalar: RealScalar>(
    _ statistics: ClassStatistics, classifierWeights: Tensor<Scalar>
  ) throws -> Double {
    let operation = "NeuralCollapse.nc3"
    try requireSeveralClasses(statistics, operation)
    let expected = [statistics.classCount, statistics.featureCount]
    guard classifierWeights.shape == expected else {
      throw RepriseError.shapeMismatch(
        operation: "\(operation) classifierWeights (one row per class)", expected: expected,
        got: classifierWeights.shape)
    }
    try classifierWeights.requireFinite(operation: operation)
    let w = classifierWeights.widenedToDouble().scalars
    let m = statistics.centredClassMeans.scalars
    let wNorm = DoubleSums.dot(w, w).squareRoot()
    let mNorm = DoubleSums.dot(m, m).squareRoot()
    guard wNorm > 0 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "classifierWeights", reason: "are all zero")
    }
    guard mNorm > 0 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "features", reason: "all class means coincide")
    }
    var difference = [Double](repeating: 0, count: w.count)
    for i in w.indices { difference[i] = w[i] / wNorm - m[i] / mNorm }
    return DoubleSums.dot(difference, difference)
  }

  /// Agreement between the network's classifier and the nearest class centre.
  public struct NearestCentreAgreement: Sendable, Equatable {
    /// Samples whose two predictions differ.
    public var mismatches: Int
    /// Samples compared.
    public var samples: Int
    /// NC4: mismatches / samples (0 at full collapse).
    public var mismatchFraction: Double { Double(mismatches) / Double(samples) }
  }

  /// NC4 on `features` (n × p) with the network's `logits` (n × K) for the
  /// same samples; class centres are `statistics.classMeans` (typically of
  /// the training set, while `features` may be any set).
  /// - Throws: `invalidShape`, `nonFinite`, `shapeMismatch` (p or K differ,
  ///   or n differs between features and logits).
  public static func nc4<Scalar: RealScalar>(
    _ statistics: ClassStatistics, features: Tensor<Scalar>, logits: Tensor<Scalar>
  ) throws -> NearestCentreAgreement {
    let operation = "NeuralCollapse.nc4"
    let (n, p) = try FeatureMatrix.validate(features, operation: operation)
    let (rows, k) = try FeatureMatrix.validate(logits, operation: operation)
    guard p == statistics.featureCount else {
      throw RepriseError.shapeMismatch(
        operation: "\(operation) features", expected: [n, statistics.featureCount], got: [n, p])
    }
    guard rows == n, k == statistics.classCount else {
      throw RepriseError.shapeMismatch(
        operation: "\(operation) logits", expected: [n, statistics.classCount], got: [rows, k])
    }
    let h = features.widenedToDouble().scalars
    let z = logits.widenedToDouble().scalars
    let means = statistics.classMeans.scalars
    var mismatches = 0
    var difference = [Double](repeating: 0, count: p)
    for i in 0..<n {
      var network = 0
      for c in 1..<max(k, 1) where z[i * k + c] > z[i * k + network] { network = c }
      var nearest = 0
      var best = Double.infinity
      for c in 0..<statistics.classCount {
        for j in 0..<p { difference[j] = h[i * p + j] - means[c * p + j] }
        let distance = DoubleSums.dot(difference, difference)
        if distance < best {
          best = distance
          nearest = c
        }
      }
      if network != nearest { mismatches += 1 }
    }
    return NearestCentreAgreement(mismatches: mismatches, samples: n)
  }

  static func requireSeveralClasses(_ statistics: ClassStatistics, _ operation: String) throws {
    guard statistics.classCount >= 2 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "classCount",
        reason: "neural collapse needs at least 2 classes, got \(statistics.classCount)")
    }
  }

  static func mean(_ values: [Double]) -> Double {
    DoubleSums.pairwise(values) / Double(values.count)
  }

  static func populationStandardDeviation(_ values: [Double]) -> Double {
    let centre = mean(values)
    let squares = values.map { ($0 - centre) * ($0 - centre) }
    return (DoubleSums.pairwise(squares) / Double(values.count)).squareRoot()
  }
}
