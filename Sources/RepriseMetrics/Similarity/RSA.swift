// Representational similarity analysis (RSA).
//
// What: Kriegeskorte, Mur, Bandettini, "Representational similarity
// analysis — connecting the branches of systems neuroscience", Front. Syst.
// Neurosci. 2008. Each representation gives a representational
// dissimilarity matrix (RDM) over its n samples (rows):
//   • `.correlation`: D_ij = 1 − Pearson correlation of rows i and j across
//     features (each row centred and normalised on its own);
//   • `.euclidean`: D_ij = ‖x_i − x_j‖.
// The two RDMs are compared through their n(n−1)/2 entries above the
// diagonal, by Pearson correlation or by Spearman correlation (Pearson of
// ranks; tied values get the average of the ranks they span).
// Inputs are used as given: RSA is defined on the raw patterns, so features
// are *not* centred over samples (that would change correlation distances).
// Method: rows normalised and distances summed in Double with fused
// multiply-adds, directly from coordinate differences (no Gram-matrix
// cancellation), pairwise sums for the correlations.
// Cost: O(n²p) for each RDM, O(n² log n) for ranks.

/// Representational similarity analysis (Kriegeskorte et al. 2008).
///
/// Errors (never NaN): `invalidShape`/`shapeMismatch`/`nonFinite` for bad
/// input; n ≥ 3 samples are needed (two RDM entries); `invalidArgument` for
/// a row with zero variance under `.correlation` (its correlation with any
/// row is undefined; the row is named) and for an RDM whose entries are all
/// equal (its correlation with anything is undefined). Constant columns
/// are fine; p may exceed n.
public enum RSA {
  /// How an RDM entry is computed from two samples.
  public enum Dissimilarity: String, Sendable, CaseIterable {
    /// 1 − Pearson correlation across features.
    case correlation
    /// Euclidean distance.
    case euclidean
  }

  /// How two RDMs are compared.
  public enum Comparison: String, Sendable, CaseIterable {
    /// Pearson correlation of the upper-triangle entries.
    case pearson
    /// Spearman rank correlation (average ranks for ties).
    case spearman
  }

  /// The n×n RDM of `x` (zero diagonal, symmetric).
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func dissimilarityMatrix<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ dissimilarity: Dissimilarity = .correlation
  ) throws -> Tensor<Scalar> {
    let operation = "RSA.dissimilarityMatrix"
    let (n, _) = try FeatureMatrix.validate(x, operation: operation)
    let d = try rdm(x, dissimilarity, name: "x", operation: operation)
    return try Tensor(shape: [n, n], scalars: d.map { Scalar($0) })
  }

  /// Correlation between the RDMs of X and Y (default: correlation distance,
  /// compared by Spearman). In [−1, 1]; symmetric. Invariances follow the
  /// dissimilarity: `.correlation` — per-sample affine changes of the
  /// feature values; `.euclidean` — orthogonal maps and translations, and
  /// (with either comparison) isotropic scaling; `.spearman` adds invariance
  /// to monotone transforms of the RDM entries.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func similarity<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, dissimilarity: Dissimilarity = .correlation,
    comparison: Comparison = .spearman
  ) throws -> Scalar {
    let operation = "RSA.similarity"
    let (n, _, _) = try FeatureMatrix.validatePair(
      x, y, operation: operation, minimumSamples: 3)
    var a = upperTriangle(try rdm(x, dissimilarity, name: "x", operation: operation), n)
    var b = upperTriangle(try rdm(y, dissimilarity, name: "y", operation: operation), n)
    if comparison == .spearman {
      a = RankCorrelation.averageRanks(a)
      b = RankCorrelation.averageRanks(b)
    }
    return Scalar(try pearson(a, b, operation: operation))
  }

  // MARK: - Helpers

  /// The RDM as a row-major n×n Double array.
  static func rdm<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ dissimilarity: Dissimilarity, name: String, operation: String
  ) throws -> [Double] {
    let (n, p) = (x.shape[0], x.shape[1])
    var rows = x.scalars.map { Double($0) }
    if dissimilarity == .correlation {
      for i in 0..<n {
        let mean = SimilarityKernels.pairwiseSum(p) { rows[i * p + $0] } / Double(max(p, 1))
        for j in 0..<p { rows[i * p + j] -= mean }
        let norm = SimilarityKernels.pairwiseSum(p) { rows[i * p + $0] * rows[i * p + $0] }
          .squareRoot()
        guard norm > 0 else {
          throw RepriseError.invalidArgument(
            operation: operation, name: name,
            reason: "row \(i) has the same value in all \(p) features: its correlation "
              + "distance to other samples is undefined (use the Euclidean RDM)")
        }
        for j in 0..<p { rows[i * p + j] /= norm }
      }
    }
    var d = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in (i + 1)..<max(n, i + 1) {
        var t = 0.0
        if dissimilarity == .correlation {
          for k in 0..<p { t = t.addingProduct(rows[i * p + k], rows[j * p + k]) }
          t = 1 - t
        } else {
          for k in 0..<p {
            let diff = rows[i * p + k] - rows[j * p + k]
            t = t.addingProduct(diff, diff)
          }
          t = t.squareRoot()
        }
        d[i * n + j] = t
        d[j * n + i] = t
      }
    }
    return d
  }

  /// Entries (i, j), i < j, row by row.
  static func upperTriangle(_ d: [Double], _ n: Int) -> [Double] {
    var out: [Double] = []
    out.reserveCapacity(n * (n - 1) / 2)
    for i in 0..<n {
      for j in (i + 1)..<max(n, i + 1) { out.append(d[i * n + j]) }
    }
    return out
  }

  /// Pearson correlation; throws when either vector is constant.
  static func pearson(_ a: [Double], _ b: [Double], operation: String) throws -> Double {
    let m = a.count
    let meanA = SimilarityKernels.pairwiseSum(a) / Double(m)
    let meanB = SimilarityKernels.pairwiseSum(b) / Double(m)
    let ab = SimilarityKernels.pairwiseSum(m) { (a[$0] - meanA) * (b[$0] - meanB) }
    let aa = SimilarityKernels.pairwiseSum(m) { (a[$0] - meanA) * (a[$0] - meanA) }
    let bb = SimilarityKernels.pairwiseSum(m) { (b[$0] - meanB) * (b[$0] - meanB) }
    for (name, value) in [("x", aa), ("y", bb)] where !(value > 0) {
      throw RepriseError.invalidArgument(
        operation: operation, name: name,
        reason: "all \(m) dissimilarities are equal: their correlation with anything is undefined")
    }
    return max(-1, min(1, ab / (aa.squareRoot() * bb.squareRoot())))
  }
}
