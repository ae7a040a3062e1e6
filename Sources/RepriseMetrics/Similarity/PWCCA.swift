// PWCCA: projection-weighted canonical correlation.
//
// What: Morcos, Raghu, Bengio, "Insights on representational similarity in
// neural networks with canonical correlation", NeurIPS 2018, §2.3 (eq. 2):
//     PWCCA = Σ_i α_i ρ_i,   α_i = α̃_i / Σ_j α̃_j,   α̃_i = Σ_k |⟨h_i, z_k⟩|,
// where ρ_i are the canonical correlations of the centred inputs, h_i the
// canonical variates (unit-norm, n-vectors) of one side and z_k that side's
// centred feature columns (neurons). The weights say how much of the
// weighted side's activity each canonical direction accounts for.
// Which side: the paper weights by the representation being explained, and
// implementations disagree. Here `.x` (the default) weights by the first
// argument's variates and features; `.y` by the second's; `.fewerFeatures`
// picks the input with fewer feature columns, ties to X — the rule of the
// authors' published code (google/svcca, `compute_pwcca`), which weights X
// when X keeps no more neurons than Y; a neuron is kept when its variance is
// at least the cutoff ε, by default 0, so every column counts, constant ones
// included (checked against a numpy fixture with p = q and a constant column
// in Y only). That code's weights otherwise differ from eq. 2 (its
// directions skip the covariance whitening and it projects uncentred
// activations); we follow the paper, so only the side rule is shared.
// PWCCA is therefore not symmetric in X and Y.
// Method: with the rank-revealing SVD Z = U·S·Vᵀ of the weighted side
// (CCA.swift) and M = U_xᵀU_y = P·diag(ρ)·Qᵀ, the variates of X are U_x·P
// and ⟨h_i, z_k⟩ = (Pᵀ·S·Vᵀ)_{ik} (directions below the rank threshold
// are dropped; their contribution is at rounding level). Sums of |·| in
// Double, pairwise. Cost: those of CCA plus an m×r·r×p product.

/// The representation whose canonical variates weight PWCCA's correlations.
public enum PWCCAWeighting: Sendable, Equatable {
  /// The first argument X (default).
  case x
  /// The second argument Y.
  case y
  /// Whichever input has fewer feature columns (constant ones count), ties
  /// to X (the published code's rule at its default cutoff).
  case fewerFeatures
}

extension CCA {
  /// Projection-weighted CCA (Morcos et al. 2018). In [0, 1]; 1 when one
  /// input is an invertible linear map of the other. Invariant to
  /// translations and isotropic scaling of either input, and to orthogonal
  /// maps of either input's features. See the file header for the side.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func pwcca<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, weighting: PWCCAWeighting = .x,
    rankTolerance: Double? = nil
  ) throws -> Scalar {
    let operation = "CCA.pwcca"
    let (bx, by) = try bases(x, y, rankTolerance: rankTolerance, operation: operation)
    let solution = try solve(bx, by, ridge: 0, vectors: true, operation: operation)
    let weightX: Bool
    switch weighting {
    case .x: weightX = true
    case .y: weightX = false
    case .fewerFeatures: weightX = bx.features <= by.features
    }
    let m = solution.correlations.count
    // Rotation from the weighted side's basis to its variates, as m × r rows.
    let basis = weightX ? bx : by
    let r = basis.rank
    var rotationRows = [Scalar](repeating: 0, count: m * r)
    if weightX {
      let p = solution.p!  // r_x × m
      for i in 0..<m {
        for k in 0..<r { rotationRows[i * r + k] = p[k * m + i] }
      }
    } else {
      rotationRows = Array(solution.qt![0..<(m * r)])  // m × r_y
    }
    // S·Vᵀ (r × features), then (m × r)·(r × features).
    let f = basis.features
    var scaledVt = basis.vt
    for k in 0..<r {
      for j in 0..<f { scaledVt[k * f + j] *= basis.s[k] }
    }
    let projections = try GEMM.product(rotationRows, scaledVt, m: m, n: f, k: r)
    let raw = (0..<m).map { i in
      SimilarityKernels.pairwiseSum(f) { Double(abs(projections[i * f + $0])) }
    }
    let total = SimilarityKernels.pairwiseSum(raw)
    let weighted = SimilarityKernels.pairwiseSum(m) {
      raw[$0] / total * Double(solution.correlations[$0])
    }
    return Scalar(min(1, max(0, weighted)))
  }
}
