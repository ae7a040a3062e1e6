// Mutual k-nearest-neighbour alignment.
//
// What: Huh, Cheung, Wang, Isola, "The Platonic Representation Hypothesis",
// ICML 2024, §2 and appendix A: for every sample i, take its k nearest
// neighbours N_X(i) among the other samples in representation X and N_Y(i)
// in Y; the alignment is the mean over i of |N_X(i) ∩ N_Y(i)| / k, in
// [0, 1] (1: identical neighbourhoods; about k/(n−1) for unrelated inputs).
// Neighbours are by cosine similarity (rows scaled to unit norm, the
// paper's choice) or by Euclidean distance.
// Ties: candidates are ordered by (distance, index), so among equally near
// samples the one with the lower row index is taken — a fixed rule (the
// paper's code leaves ties to an unstable sort).
// Method: distances in Double with fused multiply-adds (direct
// differences for Euclidean, dot products of normalised rows for cosine);
// a sort per row.
// Cost: O(n²(p + q)) distances + O(n² log n) sorting.

/// How neighbours are found in `MutualKNN`.
public enum NeighbourMetric: String, Sendable, CaseIterable {
  /// Largest cosine similarity (unit-norm rows, inner product).
  case cosine
  /// Smallest Euclidean distance.
  case euclidean
}

/// Mutual k-nearest-neighbour alignment (Huh et al. 2024).
///
/// Errors: `invalidShape`/`shapeMismatch`/`nonFinite` for bad input;
/// `invalidArgument` when k is not in 1...n−1, or (cosine) a row is all
/// zeros (its direction is undefined; the row is named). Not centred: the
/// measure uses the rows as given. Invariant to orthogonal maps of either
/// input and to scaling (cosine: per-row positive scaling too; Euclidean:
/// isotropic scaling and translations). Symmetric in X and Y.
public enum MutualKNN {
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func alignment<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, k: Int, metric: NeighbourMetric = .cosine
  ) throws -> Scalar {
    let operation = "MutualKNN.alignment"
    let (n, _, _) = try FeatureMatrix.validatePair(
      x, y, operation: operation, minimumSamples: 2)
    guard k >= 1 && k <= n - 1 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "k", reason: "must be in 1...\(n - 1) (n − 1), got \(k)")
    }
    let a = try neighbours(x, k: k, metric: metric, name: "x", operation: operation)
    let b = try neighbours(y, k: k, metric: metric, name: "y", operation: operation)
    let shared = (0..<n).map { i in Double(Set(a[i]).intersection(b[i]).count) / Double(k) }
    return Scalar(SimilarityKernels.pairwiseSum(shared) / Double(n))
  }

  /// The k nearest other samples of every row, nearest first.
  static func neighbours<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, k: Int, metric: NeighbourMetric, name: String, operation: String
  ) throws -> [[Int]] {
    let (n, p) = (x.shape[0], x.shape[1])
    var rows = x.scalars.map { Double($0) }
    if metric == .cosine {
      for i in 0..<n {
        let norm = SimilarityKernels.pairwiseSum(p) { rows[i * p + $0] * rows[i * p + $0] }
          .squareRoot()
        guard norm > 0 else {
          throw RepriseError.invalidArgument(
            operation: operation, name: name,
            reason: "row \(i) is all zeros: its cosine similarity is undefined")
        }
        for j in 0..<p { rows[i * p + j] /= norm }
      }
    }
    return (0..<n).map { i in
      let distances = (0..<n).map { j -> Double in
        var t = 0.0
        if metric == .cosine {
          for c in 0..<p { t = t.addingProduct(rows[i * p + c], rows[j * p + c]) }
          return 1 - t
        }
        for c in 0..<p {
          let d = rows[i * p + c] - rows[j * p + c]
          t = t.addingProduct(d, d)
        }
        return t
      }
      let others = (0..<n).filter { $0 != i }.sorted {
        distances[$0] < distances[$1] || (distances[$0] == distances[$1] && $0 < $1)
      }
      return Array(others[0..<k])
    }
  }
}
