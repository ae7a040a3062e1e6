// Canonical correlation analysis (CCA) between two representations.
//
// What: the canonical correlations ρ₁ ≥ ρ₂ ≥ … of column-centred X (n×p) and
// Y (n×q): the cosines of the principal angles between their column spaces
// (Hotelling 1936; Björck & Golub 1973). Summaries: mean ρ̄ = (1/m)Σρ_i
// (Kornblith et al. 2019, "mean CCA") and mean R² = (1/m)Σρ_i² (Yanai's
// GCD-like index used by Kornblith et al. 2019), m = number of correlations.
// Optional ridge (regularised CCA, Vinod 1976): κ is added to the diagonal
// of both sample covariance matrices XᵀX/(n−1) and YᵀY/(n−1).
// Method (rank-revealing, never dividing by a zero singular value):
//   1. centre X and Y exactly (FeatureMatrix);
//   2. thin SVD X = U·S·Vᵀ; keep the r_x directions with
//      s_i > tol·s₁, tol = max(n, p)·ε by default (numpy's `matrix_rank`
//      rule), and at most n − 1 of them (centring removes one dimension);
//      the same for Y;
//   3. ρ = singular values of M = D_x·U_xᵀ·U_y·D_y, where D = I without ridge
//      and D = diag(s_i/√(s_i² + κ(n−1))) with it (the whitened covariance
//      (Σ_xx + κI)^(−1/2)·Σ_xy·(Σ_yy + κI)^(−1/2) written in the SVD bases);
//      values are clamped to [0, 1].
// m = min(r_x, r_y). Whenever p ≥ n − 1 (and X has full rank n − 1) the
// column space is all centred vectors, so every ρ is 1 (Kornblith et al.
// 2019, §3: invariance to invertible linear maps makes CCA blind then).
// Cost: two thin SVDs (≈ 4np² + 4nq² for n ≥ p, q) and one r_x×r_y GEMM and
// SVD.

/// Canonical correlations of two representations, with their summaries.
public struct CanonicalCorrelations<Scalar: RealScalar>: Sendable, Equatable {
  /// ρ₁ ≥ ρ₂ ≥ … ≥ ρ_m in [0, 1], m = min(xDimensions, yDimensions).
  public let correlations: [Scalar]
  /// Directions of X used: its numerical rank (CCA) or the number of kept
  /// singular directions (SVCCA).
  public let xDimensions: Int
  /// Directions of Y used.
  public let yDimensions: Int

  public init(correlations: [Scalar], xDimensions: Int, yDimensions: Int) {
    self.correlations = correlations
    self.xDimensions = xDimensions
    self.yDimensions = yDimensions
  }

  /// ρ̄ = (1/m)·Σρ_i ("mean CCA" of Kornblith et al. 2019).
  public var meanCorrelation: Scalar {
    Scalar(
      SimilarityKernels.pairwiseSum(correlations.map { Double($0) }) / Double(correlations.count))
  }

  /// R̄² = (1/m)·Σρ_i² (mean squared canonical correlation).
  public var meanSquaredCorrelation: Scalar {
    Scalar(
      SimilarityKernels.pairwiseSum(correlations.map { Double($0) * Double($0) })
        / Double(correlations.count))
  }
}

/// Canonical correlation analysis and the measures built on it (SVCCA,
/// PWCCA).
///
/// All functions take samples × features matrices with the same number of
/// rows (n ≥ 2) and throw `RepriseError` instead of returning NaN:
/// `invalidShape`/`shapeMismatch`/`nonFinite` for bad input, and
/// `invalidArgument` when an input has no variance (every feature constant,
/// numerical rank 0) or an option is out of range. Constant columns and other
/// rank deficiency are handled by the rank-revealing SVD: they simply do not
/// count among the directions. n < p is fine (see the file header).
///
/// CCA is invariant to invertible linear maps of either input's features
/// (and to translations), which is exactly why it saturates at 1 when
/// p ≥ n − 1; with a ridge it keeps only orthogonal invariance.
public enum CCA {
  /// The canonical correlations of X and Y.
  ///
  /// - Parameters:
  ///   - ridge: κ ≥ 0 added to the diagonals of XᵀX/(n−1) and YᵀY/(n−1)
  ///     (in the data's squared units); 0 gives plain CCA.
  ///   - rankTolerance: relative threshold on singular values, s_i > tol·s₁;
  ///     default max(n, p)·ε of the scalar type (per input).
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func correlations<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, ridge: Double = 0, rankTolerance: Double? = nil
  ) throws -> CanonicalCorrelations<Scalar> {
    let operation = "CCA.correlations"
    let (bx, by) = try bases(x, y, rankTolerance: rankTolerance, operation: operation)
    let solution = try solve(bx, by, ridge: ridge, vectors: false, operation: operation)
    return CanonicalCorrelations(
      correlations: solution.correlations, xDimensions: bx.rank, yDimensions: by.rank)
  }

  /// Mean canonical correlation ρ̄ (see `correlations`).
  public static func meanCorrelation<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, ridge: Double = 0
  ) throws -> Scalar {
    try correlations(x, y, ridge: ridge).meanCorrelation
  }

  /// Mean squared canonical correlation R̄² (see `correlations`).
  public static func meanSquaredCorrelation<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, ridge: Double = 0
  ) throws -> Scalar {
    try correlations(x, y, ridge: ridge).meanSquaredCorrelation
  }

  // MARK: - Machinery shared with SVCCA and PWCCA

  /// The leading singular triplets of a centred input.
  struct Basis<Scalar: RealScalar> {
    /// n × rank, row-major: orthonormal basis of the kept directions.
    let u: [Scalar]
    /// The kept singular values, descending.
    let s: [Scalar]
    /// rank × p, row-major: the matching right singular vectors.
    let vt: [Scalar]
    let samples: Int
    let features: Int
    var rank: Int { s.count }
    /// All singular values of the centred input (for SVCCA's variance rule).
    let allValues: [Scalar]
  }

  /// Centres both inputs and returns their rank-revealing SVD bases.
  static func bases<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, rankTolerance: Double?, operation: String,
    keep: ((_ values: [Scalar], _ rank: Int) throws -> Int)? = nil
  ) throws -> (Basis<Scalar>, Basis<Scalar>) {
    if let t = rankTolerance, !(t >= 0 && t < 1) {
      throw RepriseError.invalidArgument(
        operation: operation, name: "rankTolerance", reason: "must be in [0, 1), got \(t)")
    }
    let (cx, cy) = try SimilarityKernels.centredPair(x, y, operation: operation, scaled: false)
    return (
      try basis(cx, name: "x", rankTolerance: rankTolerance, operation: operation, keep: keep),
      try basis(cy, name: "y", rankTolerance: rankTolerance, operation: operation, keep: keep)
    )
  }

  static func basis<Scalar: RealScalar>(
    _ c: CentredMatrix<Scalar>, name: String, rankTolerance: Double?, operation: String,
    keep: ((_ values: [Scalar], _ rank: Int) throws -> Int)?
  ) throws -> Basis<Scalar> {
    try SimilarityKernels.requireVariance(c, name: name, operation: operation)
    let (n, p) = (c.samples, c.features)
    let svd = try SingularValueDecomposition(Tensor(shape: [n, p], scalars: c.values))
    let values = svd.singularValues.scalars
    let tolerance = rankTolerance ?? Double(max(n, p)) * Double(Scalar.ulpOfOne)
    let threshold = tolerance * Double(values[0])
    var rank = 0
    while rank < min(values.count, n - 1) && Double(values[rank]) > threshold { rank += 1 }
    let kept = try keep?(values, rank) ?? rank
    let k = values.count
    var u = [Scalar](repeating: 0, count: n * kept)
    let fullU = svd.u!.scalars
    for i in 0..<n {
      for j in 0..<kept { u[i * kept + j] = fullU[i * k + j] }
    }
    return Basis(
      u: u, s: Array(values[0..<kept]), vt: Array(svd.vt!.scalars[0..<(kept * p)]), samples: n,
      features: p, allValues: values)
  }

  /// The SVD of M = D_x·U_xᵀ·U_y·D_y: canonical correlations and, on request,
  /// the rotations P (r_x × m) and Qᵀ (m × r_y) that give the canonical
  /// variates U_x·P and U_y·Q.
  struct Solution<Scalar: RealScalar> {
    let correlations: [Scalar]
    let p: [Scalar]?
    let qt: [Scalar]?
  }

  static func solve<Scalar: RealScalar>(
    _ bx: Basis<Scalar>, _ by: Basis<Scalar>, ridge: Double, vectors: Bool, operation: String
  ) throws -> Solution<Scalar> {
    guard ridge >= 0 && ridge.isFinite else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "ridge", reason: "must be finite and ≥ 0, got \(ridge)")
    }
    let n = bx.samples
    let (rx, ry) = (bx.rank, by.rank)
    var m = try SimilarityKernels.crossProduct(bx.u, by.u, samples: n, rx, ry)
    if ridge > 0 {
      let shrink = ridge * Double(n - 1)
      func weights(_ s: [Scalar]) -> [Scalar] {
        s.map { v in
          let d = Double(v)
          return Scalar(d / (d * d + shrink).squareRoot())
        }
      }
      let (wx, wy) = (weights(bx.s), weights(by.s))
      for i in 0..<rx {
        for j in 0..<ry { m[i * ry + j] *= wx[i] * wy[j] }
      }
    }
    let matrix = try Tensor(shape: [rx, ry], scalars: m)
    let svd = try SingularValueDecomposition(matrix, vectors: vectors ? .thin : .none)
    let correlations = svd.singularValues.scalars.map { min(1, max(0, $0)) }
    return Solution(correlations: correlations, p: svd.u?.scalars, qt: svd.vt?.scalars)
  }
}
