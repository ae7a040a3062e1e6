// A representation prepared once for many pairwise similarity comparisons
// (the layer-correspondence test compares every layer of every network with
// every layer of every other network).
//
// What: the functions in RepriseMetrics/Similarity take two raw matrices and
// redo the per-matrix work — centring, kernel matrices, SVD bases — for
// every pair. Here that work is done once per representation X (n × p) and
// each comparison does only the cross term:
//   • linear CKA = ⟨K̂, L̂⟩ with K̂ = XXᵀ/‖XXᵀ‖_F on column-centred X (the Gram
//     form of Kornblith et al. 2019, eq. 5: ⟨XXᵀ, YYᵀ⟩ = ‖YᵀX‖²_F);
//   • RBF CKA = ⟨K̂, L̂⟩ with K̂ = HKH/‖HKH‖_F, K_ij = exp(−‖x_i − x_j‖²/(2σ²)),
//     σ = fraction × the median of the n(n−1)/2 pairwise distances (biased
//     HSIC, eq. 4; the bandwidth rule of `RBFBandwidth.medianDistance`);
//   • CCA: the orthonormal basis U_r of centred X from its thin SVD, rank r
//     by numpy's rule (s_i > max(n, p)·ε·s₁, at most n − 1 directions); the
//     canonical correlations of X and Y are the singular values of
//     M = U_xᵀU_y (Björck & Golub 1973), mean CCA their mean;
//   • SVCCA (Raghu et al. 2017): the first k directions of the same basis,
//     k the fewest whose Σs² reaches the kept fraction of the total, so its
//     correlations are the singular values of the top-left k_x × k_y block
//     of M;
//   • PWCCA (Morcos et al. 2018, eq. 2): with M = P·diag(ρ)·Qᵀ the weights
//     of X's canonical variates are α̃_i = Σ_k |(Pᵀ·S·Vᵀ)_ik|, so S·Vᵀ is
//     kept; one SVD of M gives PWCCA weighted by either side.
// These are the definitions RepriseMetrics implements (CKA.linear, CKA.rbf,
// CCA.correlations, CCA.svcca, CCA.pwcca); LayerSimilarityTests checks that
// the values agree to 1e-10.
// Cost per representation: n²p (Gram) + n² exp + n² log n (median) + a thin
// SVD (≈ 4np²). Per pair: two n² inner products, an r_x·r_y·n GEMM and one
// r_x × r_y SVD with vectors, one k_x × k_y SVD without. Memory: two n × n
// kernels per representation.

/// One samples × features representation, with everything a comparison
/// needs that depends on it alone.
public struct PreparedRepresentation: Sendable {
  public let samples: Int
  /// Column-centred XXᵀ scaled to unit Frobenius norm, n × n row-major.
  public let linearKernel: [Double]
  /// Centred RBF kernel HKH scaled to unit Frobenius norm, n × n.
  public let rbfKernel: [Double]
  /// n × r orthonormal basis of the centred column space.
  public let basis: Tensor<Double>
  /// S·Vᵀ of the kept directions, r × p.
  public let scaledRightVectors: Tensor<Double>
  /// Directions SVCCA keeps (≤ r).
  public let svccaDirections: Int

  public var rank: Int { basis.shape[1] }

  /// Prepares `x` (n × p, n ≥ 3, finite, not all columns constant).
  public init(_ x: Tensor<Double>, rbfFraction: Double = 0.8, varianceKept: Double = 0.99) throws {
    let operation = "PreparedRepresentation"
    let centred = try FeatureMatrix.centered(x)
    let (n, p) = (centred.shape[0], centred.shape[1])
    guard n >= 3 else {
      throw RepriseError.invalidShape(
        operation: operation, shape: x.shape, reason: "needs at least 3 samples")
    }
    samples = n
    let gram = try matmul(centred, centred, transposeB: true)
    linearKernel = try Self.unitNorm(gram.scalars, operation: operation, name: "linear kernel")
    rbfKernel = try Self.unitNorm(
      try Self.centredRBF(gram.scalars, samples: n, fraction: rbfFraction, operation: operation),
      operation: operation, name: "RBF kernel")

    let svd = try SingularValueDecomposition(centred)
    let values = svd.singularValues.scalars
    let threshold = Double(max(n, p)) * Double.ulpOfOne * values[0]
    var r = 0
    while r < min(values.count, n - 1) && values[r] > threshold { r += 1 }
    let k = values.count
    let u = svd.u!.scalars
    basis = try Tensor(
      shape: [n, r], scalars: (0..<n).flatMap { i in u[(i * k)..<(i * k + r)] })
    let vt = svd.vt!.scalars
    scaledRightVectors = try Tensor(
      shape: [r, p],
      scalars: (0..<r).flatMap { i in vt[(i * p)..<((i + 1) * p)].map { values[i] * $0 } })
    let total = Self.pairwiseSum(values.map { $0 * $0 })
    var kept = 0
    var cumulative = 0.0
    while kept < r {
      cumulative += values[kept] * values[kept]
      kept += 1
      if cumulative >= varianceKept * total { break }
    }
    svccaDirections = max(kept, 1)
  }

  /// K/‖K‖_F; throws when K is zero (no variance: the index is 0/0).
  static func unitNorm(_ k: [Double], operation: String, name: String) throws -> [Double] {
    let norm = pairwiseSum(k.map { $0 * $0 }).squareRoot()
    guard norm > 0 && norm.isFinite else {
      throw RepriseError.invalidArgument(
        operation: operation, name: name, reason: "is zero after centring (no variance)")
    }
    return k.map { $0 / norm }
  }

  /// HKH for K_ij = exp(−d²_ij/(2σ²)), d² from the Gram of the centred rows.
  static func centredRBF(_ g: [Double], samples n: Int, fraction: Double, operation: String) throws
    -> [Double]
  {
    var d = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n where j != i {
        d[i * n + j] = max(0, g[i * n + i] + g[j * n + j] - 2 * g[i * n + j])
      }
    }
    let sigmaSquared = try RBFBandwidth.medianDistance(fraction: fraction).squaredBandwidth(
      squaredDistances: d, samples: n)
    var k = d.map { Double.exp(-$0 / (2 * sigmaSquared)) }
    let rowMeans = (0..<n).map { i in pairwiseSum(Array(k[(i * n)..<((i + 1) * n)])) / Double(n) }
    let grand = pairwiseSum(rowMeans) / Double(n)
    for i in 0..<n {
      for j in 0..<n { k[i * n + j] += grand - rowMeans[i] - rowMeans[j] }
    }
    return k
  }

  /// Sum in a fixed pairwise order.
  static func pairwiseSum(_ values: [Double]) -> Double {
    Tensor(values).sum()
  }
}

/// The similarity indices of one pair of prepared representations.
public struct PairSimilarity: Sendable {
  public var linearCKA: Double
  public var rbfCKA: Double
  public var meanCCA: Double
  public var svcca: Double
  /// PWCCA weighted by the first representation's variates, and by the second's.
  public var pwccaFirst: Double
  public var pwccaSecond: Double

  public init(_ x: PreparedRepresentation, _ y: PreparedRepresentation) throws {
    guard x.samples == y.samples else {
      throw RepriseError.shapeMismatch(
        operation: "PairSimilarity", expected: [x.samples], got: [y.samples])
    }
    linearCKA = min(1, try Dot.compute(x.linearKernel, y.linearKernel))
    rbfCKA = min(1, try Dot.compute(x.rbfKernel, y.rbfKernel))
    let m = try matmul(x.basis, y.basis, transposeA: true)
    let svd = try SingularValueDecomposition(m)
    let rho = svd.singularValues.scalars.map { min(1, max(0, $0)) }
    meanCCA = PreparedRepresentation.pairwiseSum(rho) / Double(rho.count)
    let (kx, ky, ry) = (x.svccaDirections, y.svccaDirections, y.rank)
    let block = try Tensor(
      shape: [kx, ky], scalars: (0..<kx).flatMap { i in m.scalars[(i * ry)..<(i * ry + ky)] })
    let reduced = try SingularValueDecomposition(block, vectors: .none).singularValues.scalars
      .map { min(1, max(0, $0)) }
    svcca = PreparedRepresentation.pairwiseSum(reduced) / Double(reduced.count)
    // Variates of X: U_x·P, so ⟨h_i, z_k⟩ = (Pᵀ·S·Vᵀ)_ik; of Y: (Qᵀ·S·Vᵀ).
    let count = rho.count
    let p = try svd.u!.columns(0..<count)
    let qt = try svd.vt!.rows(0..<count)
    pwccaFirst = try Self.weighted(
      rho, try matmul(p, x.scaledRightVectors, transposeA: true))
    pwccaSecond = try Self.weighted(rho, try matmul(qt, y.scaledRightVectors))
  }

  /// Σ α_i ρ_i with α_i ∝ Σ_k |projection_ik|.
  static func weighted(_ rho: [Double], _ projections: Tensor<Double>) throws -> Double {
    let f = projections.shape[1]
    let raw = (0..<rho.count).map { i in
      PreparedRepresentation.pairwiseSum(projections.scalars[(i * f)..<((i + 1) * f)].map(abs))
    }
    let total = PreparedRepresentation.pairwiseSum(raw)
    return min(
      1, max(0, PreparedRepresentation.pairwiseSum(rho.indices.map { raw[$0] / total * rho[$0] })))
  }
}
