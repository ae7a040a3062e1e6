// SVCCA: CCA after reducing each representation to its leading singular
// directions.
//
// What: Raghu, Gilmer, Yosinski, Sohl-Dickstein, "SVCCA: Singular Vector
// Canonical Correlation Analysis for Deep Learning Dynamics and
// Interpretability", NeurIPS 2017, §2: each column-centred input is replaced
// by its top-k singular directions, k the smallest number whose cumulative
// squared singular values reach `varianceKept` of the total (inclusive:
// Σ_{i≤k} s_i² ≥ f·Σ s_i²; default f = 0.99), then CCA is run on the reduced
// inputs. The summary is the mean canonical correlation.
// Truncation trap in common code: the rule is on s² (variance), not on s, and
// it is applied after centring; both are what this file does. k never exceeds
// the numerical rank (CCA.swift's rank rule).
// Method: the reduced input U_k·S_k spans the same space as U_k, so the
// canonical correlations are the singular values of U_{x,k}ᵀ·U_{y,k}
// (CCA.swift). Cost: two thin SVDs plus a k_x×k_y product and SVD.

extension CCA {
  /// SVCCA (Raghu et al. 2017): CCA on the top singular directions of each
  /// centred input that explain `varianceKept` (in (0, 1]) of its variance.
  /// The result's `xDimensions`/`yDimensions` are the kept counts and its
  /// `meanCorrelation` is the SVCCA similarity. Invariances: those of CCA
  /// restricted to the kept subspace — orthogonal transforms and isotropic
  /// scaling (not general invertible maps, which change the truncation).
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func svcca<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, varianceKept: Double = 0.99,
    rankTolerance: Double? = nil
  ) throws -> CanonicalCorrelations<Scalar> {
    let operation = "CCA.svcca"
    guard varianceKept > 0 && varianceKept <= 1 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "varianceKept", reason: "must be in (0, 1], got \(varianceKept)"
      )
    }
    let (bx, by) = try bases(x, y, rankTolerance: rankTolerance, operation: operation) {
      values, rank in
      keptDirections(values.map { Double($0) }, rank: rank, varianceKept: varianceKept)
    }
    let solution = try solve(bx, by, ridge: 0, vectors: false, operation: operation)
    return CanonicalCorrelations(
      correlations: solution.correlations, xDimensions: bx.rank, yDimensions: by.rank)
  }

  /// The smallest k ≤ rank with Σ_{i<k} s_i² ≥ f·Σ_i s_i² (all values, in a
  /// fixed pairwise order); at least 1.
  static func keptDirections(_ s: [Double], rank: Int, varianceKept f: Double) -> Int {
    let total = SimilarityKernels.pairwiseSum(s.map { $0 * $0 })
    var cumulative = 0.0
    for k in 0..<rank {
      cumulative += s[k] * s[k]
      if cumulative >= f * total { return k + 1 }
    }
    return max(rank, 1)
  }
}
