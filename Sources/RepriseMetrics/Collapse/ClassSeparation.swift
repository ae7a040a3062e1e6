// Class separation R² in the cosine-distance form of Kornblith, Chen, Lee &
// Norouzi, "Why do better loss functions lead to less transferable
// features?", NeurIPS 2021 (papers.md §4):
//
//   d̄_within = Σ_k Σ_{m,n∈k} (1 − sim(x_m, x_n)) / Σ_k N_k²,
//   d̄_total  = Σ_{m,n} (1 − sim(x_m, x_n)) / N²,
//   R² = 1 − d̄_within / d̄_total,     sim(a, b) = aᵀb / (‖a‖‖b‖).
//
// Method: with unit rows z_i = x_i/‖x_i‖, Σ_{m,n∈S} (1 − z_mᵀz_n) =
// |S|·Σ_{m∈S} ‖z_m − z̄_S‖², the scatter of the unit vectors about their mean.
// The scatter form sums non-negative terms, so it keeps its relative accuracy
// when the features are nearly parallel (the expanded form |S|² − ‖Σz‖²
// cancels). Cost O(N·p); no N × N matrix is formed.
//
// The paper's definition does not centre the features; `centringFirst`
// subtracts the column means before normalising, a common variant.
// Invariances: rotation and per-sample positive scaling of the features (and,
// with centring, translation). Degenerate input: a zero row (its cosine is
// undefined) and d̄_total = 0 (all rows parallel; zero up to rounding,
// ≤ 16·p·ε²) throw `invalidArgument`;
// one class gives R² = 0 exactly (d̄_within = d̄_total).

/// Class separation of labelled features (Kornblith et al. 2021).
public enum ClassSeparation {
  /// R² = 1 − d̄_within/d̄_total with cosine distances.
  ///
  /// - Parameters:
  ///   - features: N × p, Float or Double.
  ///   - labels: class of each row, in 0..<classCount; every class non-empty.
  ///   - centringFirst: subtract column means before normalising (default
  ///     false, the paper's definition).
  /// - Throws: `invalidShape`, `nonFinite`, `shapeMismatch`, and
  ///   `invalidArgument` for a bad label, an empty class, a zero row (named)
  ///   or all rows parallel.
  public static func rSquared<Scalar: RealScalar>(
    features: Tensor<Scalar>, labels: [Int], classCount: Int, centringFirst: Bool = false
  ) throws -> Double {
    let operation = "ClassSeparation.rSquared"
    let (n, p) = try FeatureMatrix.validate(features, operation: operation)
    let classes = try ClassLabels(labels, samples: n, classCount: classCount, operation: operation)
    var x = features.widenedToDouble()
    if centringFirst { x = try FeatureMatrix.centered(x) }
    var unit = x.scalars
    for i in 0..<n {
      let row = Array(unit[(i * p)..<((i + 1) * p)])
      let norm = DoubleSums.dot(row, row).squareRoot()
      guard norm > 0 else {
        throw RepriseError.invalidArgument(
          operation: operation, name: "features",
          reason:
            "row \(i) is zero\(centringFirst ? " after centring" : ""); its cosine is undefined")
      }
      for j in 0..<p { unit[i * p + j] /= norm }
    }
    let total = try scatter(unit, rows: Array(0..<n), p: p)
    let totalDistance = Double(n) * total / (Double(n) * Double(n))
    // Unit vectors carry rounding of order ε per entry, so a scatter of
    // order p·ε² is indistinguishable from zero.
    let roundingLevel = 16 * Double(p) * Double.ulpOfOne * Double.ulpOfOne
    guard totalDistance > roundingLevel else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "features",
        reason: "all rows point in the same direction, so the mean cosine distance is zero")
    }
    var withinSums = [Double](repeating: 0, count: classCount)
    var squaredCounts = [Double](repeating: 0, count: classCount)
    for k in 0..<classCount {
      let members = labels.indices.filter { labels[$0] == k }
      let size = Double(classes.counts[k])
      withinSums[k] = size * (try scatter(unit, rows: members, p: p))
      squaredCounts[k] = size * size
    }
    let withinDistance = DoubleSums.pairwise(withinSums) / DoubleSums.pairwise(squaredCounts)
    return 1 - withinDistance / totalDistance
  }

  /// Σ_{i∈rows} ‖z_i − z̄‖² for the given rows of the n × p matrix `z`.
  static func scatter(_ z: [Double], rows: [Int], p: Int) throws -> Double {
    var block = [Double]()
    block.reserveCapacity(rows.count * p)
    for i in rows { block += z[(i * p)..<((i + 1) * p)] }
    let centred = try FeatureMatrix.centered(Tensor(shape: [rows.count, p], scalars: block))
    return DoubleSums.dot(centred.scalars, centred.scalars)
  }
}
