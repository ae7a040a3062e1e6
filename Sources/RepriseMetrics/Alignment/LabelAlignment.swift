// The label-alignment spectrum of Imani, Hu & White, "Representation
// alignment in neural networks", TMLR 2022 (papers.md §1).
//
// For a representation Φ (n × p) with thin SVD Φ = Σ_i s_i u_i v_iᵀ and
// targets y (a vector, or an n × K matrix Y such as one-hot labels), the
// label energy of direction i is e_i = Σ_c (u_iᵀ y_c)², and
//   align@k = Σ_{i≤k} e_i / ‖Y‖²_F            (fraction in the top-k directions),
//   A(τ)    = Σ_{i : s_i ≥ τ} e_i             (the paper's threshold curve),
// with A(0) = ‖Y‖²_F: the energy outside the column space of Φ (including
// directions whose singular value is numerically zero) sits at s = 0.
// The paper's argument: gradient descent on a linear head shrinks the
// residual along u_i like (1 − η s_i²)^t, so labels concentrated on the top
// directions are fitted fast.
//
// Directions: only the numerical rank r counts, s_i > rcond·s_1 with
// rcond = max(n, p)·ε (numpy's matrix_rank default); the left vectors of
// zero singular values are an arbitrary basis of a null space, so their
// energy is reported as `residualEnergy` (outside the column space) instead.
// Preprocessing (`.biasAndRowNormalization`, the paper's demo): append a
// constant-1 column, then scale every row to unit length. Features are not
// centred. Cost: one thin SVD, O(n·p·min(n, p)), plus O(n·r·K).
//
// Invariances: e_i and the curves are invariant to rotations of Φ from the
// right (Φ ↦ ΦQ) and to scaling Φ (τ scales with it), and to scaling y.
// Degenerate input: y = 0 throws (no energy to distribute); Φ = 0 has rank
// 0 and all energy is residual; constant columns are kept (they span the
// constant direction); n < p is fine; NaN/Inf throw `nonFinite`.

/// The distribution of a target's energy over the singular directions of a
/// representation.
public struct LabelAlignmentSpectrum: Sendable, Equatable {
  /// Singular values s_1 ≥ … ≥ s_r > 0 of the numerical rank r.
  public let singularValues: [Double]
  /// e_i = Σ_c (u_iᵀ y_c)², one per singular value.
  public let labelEnergy: [Double]
  /// ‖Y‖²_F.
  public let totalEnergy: Double
  /// ‖Y − UᵣUᵣᵀY‖²_F: target energy outside the rank-r column space
  /// (= ‖Y‖²_F − Σ e_i up to rounding).
  public let residualEnergy: Double

  /// The numerical rank r.
  public var rank: Int { singularValues.count }

  /// Fractions e_i / ‖Y‖²_F.
  public var energyFractions: [Double] { labelEnergy.map { $0 / totalEnergy } }

  /// align@k: the fraction of the target energy in the top-k directions
  /// (k ≥ 0; k beyond the rank counts all r directions).
  public func fraction(topK k: Int) -> Double {
    DoubleSums.pairwise(Array(labelEnergy.prefix(max(0, k)))) / totalEnergy
  }

  /// align@k for k = 1…r.
  public var cumulativeFractions: [Double] { (1...max(rank, 1)).map { fraction(topK: $0) } }

  /// A(τ) = Σ_{s_i ≥ τ} e_i, plus the residual energy when τ ≤ 0 (so
  /// A(0) = ‖Y‖²_F), as plotted by the paper.
  public func energy(aboveThreshold tau: Double) -> Double {
    let kept = singularValues.prefix { $0 >= tau }.count
    return DoubleSums.pairwise(Array(labelEnergy.prefix(kept))) + (tau <= 0 ? residualEnergy : 0)
  }

  /// The threshold curve: `smallestRank(reaching:)` for every fraction.
  public func smallestRanks(reaching targets: [Double]) -> [Int?] {
    targets.map { smallestRank(reaching: $0) }
  }

  /// The smallest k with align@k ≥ `target` (a fraction in [0, 1]), or nil
  /// if even all r directions hold less.
  public func smallestRank(reaching target: Double) -> Int? {
    if target <= 0 { return 0 }
    for k in 1...max(rank, 1) where k <= rank && fraction(topK: k) >= target { return k }
    return nil
  }
}

/// Label-alignment spectra (Imani, Hu & White 2022).
public enum LabelAlignment {
  /// What is done to the representation before the SVD.
  public enum Preprocessing: Sendable {
    /// Φ as given.
    case none
    /// φ_i ← [φ_i, 1]/‖[φ_i, 1]‖: a bias column, then unit rows (the paper's demo).
    case biasAndRowNormalization
  }

  /// The spectrum of `representation` (n × p) against `targets` (length n,
  /// or n × K).
  ///
  /// - Parameter relativeCutoff: singular values ≤ relativeCutoff·s_1 are
  ///   zero (default max(n, p)·ε).
  /// - Throws: `invalidShape`, `nonFinite`, `shapeMismatch` (targets' rows
  ///   ≠ n), `invalidArgument` (targets all zero, bad cutoff),
  ///   `noConvergence` from the SVD.
  public static func spectrum<Scalar: RealScalar>(
    representation: Tensor<Scalar>, targets: Tensor<Scalar>,
    preprocessing: Preprocessing = .none, relativeCutoff: Double? = nil
  ) throws -> LabelAlignmentSpectrum {
    let operation = "LabelAlignment.spectrum"
    let (n, _) = try FeatureMatrix.validate(representation, operation: operation)
    let y: Tensor<Double>
    switch targets.rank {
    case 1: y = try targets.widenedToDouble().reshaped([targets.count, 1])
    case 2: y = targets.widenedToDouble()
    default:
      throw RepriseError.invalidShape(
        operation: operation, shape: targets.shape, reason: "targets must be a vector or n × K")
    }
    guard y.shape[0] == n else {
      throw RepriseError.shapeMismatch(
        operation: "\(operation) targets (one row per sample)", expected: [n, y.shape[1]],
        got: y.shape)
    }
    try y.requireFinite(operation: "\(operation) targets")
    let total = DoubleSums.dot(y.scalars, y.scalars)
    guard total > 0 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "targets", reason: "are all zero (no label energy)")
    }
    let phi = try preprocess(representation.widenedToDouble(), preprocessing)
    let (rows, columns) = (phi.shape[0], phi.shape[1])
    let rcond = relativeCutoff ?? Double(max(rows, columns)) * Double.ulpOfOne
    guard rcond.isFinite && rcond >= 0 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "relativeCutoff", reason: "must be finite and ≥ 0, got \(rcond)"
      )
    }
    let svd = try SingularValueDecomposition(phi, vectors: .thin)
    let s = svd.singularValues.scalars
    let cutoff = rcond * (s.first ?? 0)
    let rank = s.prefix { $0 > cutoff }.count
    var energy = [Double](repeating: 0, count: rank)
    var residual = total
    if rank > 0 {
      // Uᵣᵀ·Y (r × K); e_i is the squared norm of row i.
      let basis = try svd.u!.columns(0..<rank)
      let projections = try matmul(basis, y, transposeA: true)
      let width = y.shape[1]
      for i in 0..<rank {
        let row = Array(projections.scalars[(i * width)..<((i + 1) * width)])
        energy[i] = DoubleSums.dot(row, row)
      }
      // The residual Y − UᵣUᵣᵀY formed explicitly: ‖Y‖² − Σe_i would cancel
      // when the targets lie almost inside the column space.
      let outside = try y - (try matmul(basis, projections))
      residual = DoubleSums.dot(outside.scalars, outside.scalars)
    }
    return LabelAlignmentSpectrum(
      singularValues: Array(s.prefix(rank)), labelEnergy: energy, totalEnergy: total,
      residualEnergy: residual)
  }

  /// The spectrum against class labels, as one-hot targets (n × classCount).
  /// - Throws: as `spectrum(representation:targets:…)`, plus
  ///   `invalidArgument` for a label outside 0..<classCount (named).
  public static func spectrum<Scalar: RealScalar>(
    representation: Tensor<Scalar>, labels: [Int], classCount: Int,
    preprocessing: Preprocessing = .none, relativeCutoff: Double? = nil
  ) throws -> LabelAlignmentSpectrum {
    let operation = "LabelAlignment.spectrum"
    let (n, _) = try FeatureMatrix.validate(representation, operation: operation)
    let classes = try ClassLabels(
      labels, samples: n, classCount: classCount, requireEveryClass: false, operation: operation)
    var oneHot = [Double](repeating: 0, count: n * classCount)
    for (i, label) in classes.labels.enumerated() { oneHot[i * classCount + label] = 1 }
    return try spectrum(
      representation: representation.widenedToDouble(),
      targets: try Tensor(shape: [n, classCount], scalars: oneHot), preprocessing: preprocessing,
      relativeCutoff: relativeCutoff)
  }

  /// Applies `preprocessing` to Φ (n × p).
  public static func preprocess(_ phi: Tensor<Double>, _ preprocessing: Preprocessing) throws
    -> Tensor<Double>
  {
    guard preprocessing == .biasAndRowNormalization else { return phi }
    let (n, p) = (phi.shape[0], phi.shape[1])
    var out = [Double](repeating: 0, count: n * (p + 1))
    for i in 0..<n {
      var row = Array(phi.scalars[(i * p)..<((i + 1) * p)])
      row.append(1)
      let norm = DoubleSums.dot(row, row).squareRoot()
      for j in 0...p { out[i * (p + 1) + j] = row[j] / norm }
    }
    return try Tensor(shape: [n, p + 1], scalars: out)
  }
}
