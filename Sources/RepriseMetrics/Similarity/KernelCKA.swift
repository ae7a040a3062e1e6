// CKA with other kernels and estimators: RBF CKA, debiased CKA, minibatch
// CKA, and CKA of Gram matrices supplied by the caller.
//
// What: CKA(K, L) = HSIC(K, L)/√(HSIC(K, K)·HSIC(L, L)) (Kornblith et al.
// 2019, eq. 4) with
//   • RBF kernels (RBFKernel.swift: bandwidth rules) and the biased HSIC;
//   • the unbiased HSIC₁ of Song et al. 2012 in the numerator *and* in both
//     denominator terms ("debiased CKA", Kornblith et al. 2019 appendix;
//     Nguyen, Raghu, Kornblith 2021, eq. 3); for the linear kernel it is
//     evaluated in feature space from XᵀY, XᵀX, YᵀY and the row norms,
//     without n×n matrices (derivation below);
//   • minibatch CKA (Nguyen et al. 2021, "Do Wide and Deep Networks Learn
//     the Same Things?", eq. 3): the linear-kernel HSIC₁ averaged over
//     consecutive batches of rows, then CKA = mean HSIC₁(K,L) /
//     √(mean HSIC₁(K,K) · mean HSIC₁(L,L)).
// Feature-space HSIC₁ for centred X, Y (K = XXᵀ, L = YYᵀ, k_i = ‖x_i‖²,
// l_i = ‖y_i‖²): since K1 = 0, K̃1 = −k, so tr(K̃L̃) = ‖XᵀY‖²_F − Σk_i l_i,
// 1ᵀK̃1 = −Σk_i, 1ᵀL̃1 = −Σl_i and 1ᵀK̃L̃1 = Σk_i l_i.
// Unbiased HSIC₁ is unchanged by centring the features, so centring first
// only protects precision (on uncentred float32 data the formula cancels
// away every digit).
// Cost: RBF O(n²p); debiased linear n(p + q)² + O(n(p + q)); minibatch
// the same per batch.

/// The kernel used by `CKA.debiased`.
public enum CKAKernel: Sendable, Equatable {
  /// k(x, x') = xᵀx' (evaluated in feature space).
  case linear
  /// k(x, x') = exp(−‖x − x'‖²/(2σ²)) with σ from the rule.
  case rbf(RBFBandwidth)
}

/// Which HSIC estimator `CKA.gram` uses.
public enum HSICEstimator: Sendable, Equatable {
  /// tr(KHLH)/(n−1)² (Gretton et al. 2005).
  case biased
  /// HSIC₁ of Song et al. 2012 (needs n ≥ 4).
  case unbiased
}

extension CKA {
  /// RBF CKA: biased-HSIC CKA of the kernels exp(−‖x_i − x_j‖²/(2σ²)), σ by
  /// `bandwidth` (default 0.8 × median off-diagonal distance; see
  /// `RBFBandwidth`). Invariant to orthogonal transforms, translations and
  /// (with a median rule) isotropic scaling. Range [0, 1]. Needs n ≥ 2; throws
  /// `invalidArgument` when the median distance is 0 or all features of an
  /// input are constant.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func rbf<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>,
    bandwidth: RBFBandwidth = .medianDistance(fraction: 0.8)
  ) throws -> Scalar {
    let operation = "CKA.rbf"
    let (k, l, n) = try rbfKernels(x, y, bandwidth: bandwidth, operation: operation)
    return Scalar(try gramRatio(k, l, samples: n, estimator: .biased, operation: operation))
  }

  /// Debiased CKA: Song et al.'s unbiased HSIC₁ in the numerator and in both
  /// denominator terms. Needs n ≥ 4. Same invariances as the biased measure;
  /// its value can be slightly negative (it estimates a population quantity
  /// that is 0 for independent inputs). Throws `invalidArgument` when
  /// HSIC₁(K, K) or HSIC₁(L, L) is not positive (the ratio is undefined),
  /// including for inputs whose features are all constant.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func debiased<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, kernel: CKAKernel = .linear
  ) throws -> Scalar {
    let operation = "CKA.debiased"
    switch kernel {
    case .linear:
      let (cx, cy) = try SimilarityKernels.centredPair(
        x, y, operation: operation, minimumSamples: 4)
      try SimilarityKernels.requireVariance(cx, name: "x", operation: operation)
      try SimilarityKernels.requireVariance(cy, name: "y", operation: operation)
      let h = try linearUnbiasedHSICs(cx, cy)
      return Scalar(try ratio(h.xy, h.xx, h.yy, operation: operation))
    case .rbf(let bandwidth):
      let (k, l, n) = try rbfKernels(
        x, y, bandwidth: bandwidth, operation: operation, minimumSamples: 4)
      return Scalar(try gramRatio(k, l, samples: n, estimator: .unbiased, operation: operation))
    }
  }

  /// Minibatch linear CKA (Nguyen et al. 2021): rows are split into
  /// consecutive batches of `batchSize` (≥ 4) rows; the last n mod batchSize
  /// rows form no batch and are not used. HSIC₁(K,L), HSIC₁(K,K), HSIC₁(L,L)
  /// are averaged over batches (each batch centred on its own), then combined
  /// as in CKA. Throws if no complete batch fits or an averaged denominator
  /// term is not positive. Invariances: those of linear CKA (orthogonal
  /// maps, isotropic scaling, translations); the value depends on the row
  /// order through the batching. For batchSize = n it is debiased linear CKA.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func minibatch<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, batchSize: Int
  ) throws -> Scalar {
    let operation = "CKA.minibatch"
    let (n, _, _) = try FeatureMatrix.validatePair(x, y, operation: operation)
    guard batchSize >= 4 && batchSize <= n else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "batchSize",
        reason: "must be in 4...\(n) (the number of samples), got \(batchSize)")
    }
    var xy: [Double] = []
    var xx: [Double] = []
    var yy: [Double] = []
    for start in stride(from: 0, through: n - batchSize, by: batchSize) {
      let rows = start..<(start + batchSize)
      // Not rescaled: the batches' HSICs are averaged, so they share units.
      let cx = try SimilarityKernels.centred(
        x.rows(rows), operation: operation, minimumSamples: 4, scaled: false)
      let cy = try SimilarityKernels.centred(
        y.rows(rows), operation: operation, minimumSamples: 4, scaled: false)
      let h = try linearUnbiasedHSICs(cx, cy)
      xy.append(h.xy)
      xx.append(h.xx)
      yy.append(h.yy)
    }
    let count = Double(xy.count)
    return Scalar(
      try ratio(
        SimilarityKernels.pairwiseSum(xy) / count, SimilarityKernels.pairwiseSum(xx) / count,
        SimilarityKernels.pairwiseSum(yy) / count, operation: operation))
  }

  /// CKA of two n×n kernel (Gram) matrices given by the caller, with the
  /// chosen HSIC estimator. The matrices must be square, of the same size,
  /// finite and symmetric (to 1e-12 relative in Double, 1e-5 in Float).
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func gram<Scalar: RealScalar>(
    _ k: Tensor<Scalar>, _ l: Tensor<Scalar>, estimator: HSICEstimator = .biased
  ) throws -> Scalar {
    let operation = "CKA.gram"
    let n = try checkedGram(k, name: "k", operation: operation)
    guard l.shape == k.shape else {
      throw RepriseError.shapeMismatch(operation: operation, expected: k.shape, got: l.shape)
    }
    _ = try checkedGram(l, name: "l", operation: operation)
    let minimum = estimator == .biased ? 2 : 4
    guard n >= minimum else {
      throw RepriseError.invalidShape(
        operation: operation, shape: k.shape,
        reason: "the \(estimator) HSIC needs at least \(minimum) samples")
    }
    return Scalar(
      try gramRatio(
        k.scalars.map { Double($0) }, l.scalars.map { Double($0) }, samples: n,
        estimator: estimator, operation: operation))
  }

  // MARK: - Helpers

  /// CKA of Double Gram matrices with the chosen HSIC estimator.
  static func gramRatio(
    _ k: [Double], _ l: [Double], samples n: Int, estimator: HSICEstimator, operation: String
  ) throws -> Double {
    let hsic: ([Double], [Double]) -> Double =
      estimator == .biased
      ? { HSIC.biased($0, $1, samples: n) } : { HSIC.unbiased($0, $1, samples: n) }
    return try ratio(hsic(k, l), hsic(k, k), hsic(l, l), operation: operation)
  }

  /// HSIC₁(K,L), HSIC₁(K,K), HSIC₁(L,L) for linear kernels of centred data,
  /// in feature space (see the file header).
  static func linearUnbiasedHSICs<Scalar: RealScalar>(
    _ cx: CentredMatrix<Scalar>, _ cy: CentredMatrix<Scalar>
  ) throws -> (xy: Double, xx: Double, yy: Double) {
    let n = cx.samples
    let (p, q) = (cx.features, cy.features)
    let xy = SimilarityKernels.sumOfSquares(
      try SimilarityKernels.crossProduct(cx.values, cy.values, samples: n, p, q))
    let xx = try SimilarityKernels.gramSumOfSquares(cx.values, samples: n, features: p)
    let yy = try SimilarityKernels.gramSumOfSquares(cy.values, samples: n, features: q)
    let k = rowSquaredNorms(cx)
    let l = rowSquaredNorms(cy)
    func hsic(_ full: Double, _ a: [Double], _ b: [Double]) -> Double {
      let products = SimilarityKernels.pairwiseSum(n) { a[$0] * b[$0] }
      return HSIC.unbiasedFormula(
        trace: full - products, kTotal: -SimilarityKernels.pairwiseSum(a),
        lTotal: -SimilarityKernels.pairwiseSum(b), rowProducts: products, samples: n)
    }
    return (hsic(xy, k, l), hsic(xx, k, k), hsic(yy, l, l))
  }

  /// ‖x_i‖² for every row, in Double.
  static func rowSquaredNorms<Scalar: RealScalar>(_ c: CentredMatrix<Scalar>) -> [Double] {
    let p = c.features
    return c.values.withUnsafeBufferPointer { b in
      (0..<c.samples).map { i in
        SimilarityKernels.sumOfSquares(UnsafeBufferPointer(rebasing: b[(i * p)..<((i + 1) * p)]))
      }
    }
  }

  /// RBF kernel matrices of both inputs (centred, in Double).
  static func rbfKernels<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, bandwidth: RBFBandwidth, operation: String,
    minimumSamples: Int = 2
  ) throws -> (k: [Double], l: [Double], samples: Int) {
    // Not rescaled: a fixed σ is in the caller's units.
    let (cx, cy) = try SimilarityKernels.centredPair(
      x, y, operation: operation, minimumSamples: minimumSamples, scaled: false)
    try SimilarityKernels.requireVariance(cx, name: "x", operation: operation)
    try SimilarityKernels.requireVariance(cy, name: "y", operation: operation)
    let n = cx.samples
    let k = try RBFKernel.matrix(
      cx.values.map { Double($0) }, samples: n, features: cx.features, bandwidth: bandwidth,
      operation: operation)
    let l = try RBFKernel.matrix(
      cy.values.map { Double($0) }, samples: n, features: cy.features, bandwidth: bandwidth,
      operation: operation)
    return (k, l, n)
  }

  /// hxy / √(hxx·hyy), clamped to [−1, 1]; throws when a denominator term is
  /// not positive.
  static func ratio(_ hxy: Double, _ hxx: Double, _ hyy: Double, operation: String) throws
    -> Double
  {
    for (name, value) in [("HSIC(K, K)", hxx), ("HSIC(L, L)", hyy)] where !(value > 0) {
      throw RepriseError.invalidArgument(
        operation: operation, name: name,
        reason: "is \(value), not positive: the kernel has no variance the estimator can see, "
          + "so CKA is undefined")
    }
    return max(-1, min(1, hxy / (hxx.squareRoot() * hyy.squareRoot())))
  }

  /// Checks a Gram matrix: square, finite, symmetric; returns n.
  static func checkedGram<Scalar: RealScalar>(
    _ k: Tensor<Scalar>, name: String, operation: String
  ) throws -> Int {
    guard k.rank == 2, k.shape[0] == k.shape[1] else {
      throw RepriseError.invalidShape(
        operation: operation, shape: k.shape, reason: "\(name) must be a square n×n Gram matrix")
    }
    try k.requireFinite(operation: operation)
    let n = k.shape[0]
    var largest: Scalar = 0
    for v in k.scalars { largest = max(largest, abs(v)) }
    let tolerance = (Scalar.self == Double.self ? 1e-12 : 1e-5) * Double(largest)
    for i in 0..<n {
      for j in (i + 1)..<max(n, i + 1)
      where Double(abs(k.scalars[i * n + j] - k.scalars[j * n + i])) > tolerance {
        throw RepriseError.invalidArgument(
          operation: operation, name: name,
          reason: "not symmetric: entries (\(i), \(j)) and (\(j), \(i)) differ")
      }
    }
    return n
  }
}
