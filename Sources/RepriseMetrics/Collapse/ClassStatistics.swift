// Class means and the within-/between-class covariances of labelled features.
//
// For features h_i (rows of an N × p matrix) with labels y_i ∈ 0..<K:
//   μ_k = mean of the rows of class k,     μ_G = mean of all rows,
//   Σ_W = (1/N) Σ_k Σ_{i∈k} (h_i − μ_k)(h_i − μ_k)ᵀ,
//   Σ_B = (1/K) Σ_k (μ_k − μ_G)(μ_k − μ_G)ᵀ,
// as in Papyan, Han & Donoho, "Prevalence of neural collapse during the
// terminal phase of deep learning training", PNAS 2020 (§"Neural collapse"),
// and Li et al. 2022 (papers.md §17). Σ_B weights classes equally and μ_G is
// the mean of all samples, so for unbalanced classes Σ_B can have rank K.
//
// Method: means are pairwise sums (the fixed order of Tensor.sum); each class
// is centred by FeatureMatrix.centered, so a feature constant within a class
// contributes exact zeros to Σ_W; the covariances are GEMMs of the centred
// matrices (one fma chain per entry). Cost: O(N·p) for the means, O(N·p²)
// for Σ_W, O(K·p²) for Σ_B.

/// Per-class statistics of an N × p feature matrix, computed in Double.
public struct ClassStatistics: Sendable {
  /// K, the number of classes.
  public let classCount: Int
  /// p, the number of features.
  public let featureCount: Int
  /// Samples per class (all ≥ 1).
  public let counts: [Int]
  /// Class means μ_k as rows (K × p).
  public let classMeans: Tensor<Double>
  /// The global mean μ_G of all samples (length p).
  public let globalMean: [Double]
  /// The features minus their class means, h_i − μ_{y_i} (N × p).
  public let withinClassResiduals: Tensor<Double>

  /// Statistics of `features` (N × p, Float or Double) with `labels` in
  /// 0..<`classCount`.
  ///
  /// - Throws: `invalidShape` (not a matrix, no rows), `nonFinite` (NaN/Inf,
  ///   with its row and column), `shapeMismatch` (label count ≠ N),
  ///   `invalidArgument` (a label out of range or a class without samples,
  ///   naming it).
  public init<Scalar: RealScalar>(features: Tensor<Scalar>, labels: [Int], classCount: Int)
    throws
  {
    let operation = "ClassStatistics"
    let (n, p) = try FeatureMatrix.validate(features, operation: operation)
    let classes = try ClassLabels(labels, samples: n, classCount: classCount, operation: operation)
    let x = features.widenedToDouble()
    var means = [Double](repeating: 0, count: classCount * p)
    var residuals = [Double](repeating: 0, count: n * p)
    for k in 0..<classCount {
      let members = labels.indices.filter { labels[$0] == k }
      var block = [Double]()
      block.reserveCapacity(members.count * p)
      for i in members { block += x.scalars[(i * p)..<((i + 1) * p)] }
      let classMatrix = try Tensor(shape: [members.count, p], scalars: block)
      let mean = try FeatureMatrix.columnMeans(classMatrix)
      let centred = try FeatureMatrix.centered(classMatrix)
      for j in 0..<p { means[k * p + j] = mean[j] }
      for (row, i) in members.enumerated() {
        for j in 0..<p { residuals[i * p + j] = centred.scalars[row * p + j] }
      }
    }
    self.classCount = classCount
    self.featureCount = p
    self.counts = classes.counts
    self.classMeans = try Tensor(shape: [classCount, p], scalars: means)
    self.globalMean = try FeatureMatrix.columnMeans(x)
    self.withinClassResiduals = try Tensor(shape: [n, p], scalars: residuals)
  }

  /// N, the number of samples.
  public var sampleCount: Int { withinClassResiduals.shape[0] }

  /// The centred class means μ_k − μ_G as rows (K × p): Papyan's M (transposed).
  public var centredClassMeans: Tensor<Double> {
    let p = featureCount
    var m = classMeans.scalars
    for k in 0..<classCount {
      for j in 0..<p { m[k * p + j] -= globalMean[j] }
    }
    return try! Tensor(shape: [classCount, p], scalars: m)
  }

  /// Σ_W = (1/N) Σ_i (h_i − μ_{y_i})(h_i − μ_{y_i})ᵀ (p × p).
  public func withinClassCovariance() throws -> Tensor<Double> {
    let gram = try RepriseLinalg.gram(withinClassResiduals)
    return gram.map { $0 / Double(sampleCount) }
  }

  /// Σ_B = (1/K) Σ_k (μ_k − μ_G)(μ_k − μ_G)ᵀ (p × p).
  public func betweenClassCovariance() throws -> Tensor<Double> {
    let m = centredClassMeans
    let gram = try RepriseLinalg.gram(m)
    return gram.map { $0 / Double(classCount) }
  }
}
