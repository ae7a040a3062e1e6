// Variation of a learned function across and along a data subspace.
//
// He, Tsai & Ward, "Side effects of learning from low-dimensional data
// embedded in a Euclidean space", Res. Math. Sci. 2023 (papers.md §19): when
// training inputs lie on a subspace V ⊂ R^d, gradient descent never changes
// how the first layer acts on the normal space N = V^⊥, so the variation of
// f transverse to the data is fixed by the initialisation. We measure, over a
// batch of points, the mean norms of the Jacobian's two components:
//   normal   = (1/n) Σ_i ‖J(x_i)·P_N‖_F,    parallel = (1/n) Σ_i ‖J(x_i)·P_V‖_F,
// with J(x) the m × d input Jacobian (the gradient for a scalar output),
// P_V = QQᵀ the orthogonal projector onto the span of the given basis and
// P_N = I − P_V.
//
// Method: Q comes from the thin SVD of the d × k basis, keeping the
// numerical rank (σ > max(d, k)·ε·σ₁), so the basis need be neither
// orthonormal nor of full rank. For each example the parallel part JQ
// (m × r) is formed, and the normal part explicitly as J − (JQ)Qᵀ, which
// keeps its relative accuracy when it is small (no ‖J‖² − ‖JQ‖²
// cancellation). Cost: the Jacobians (InputJacobian.swift) plus O(n·m·d·r).
// Invariances: orthonormal changes of basis within V; rotations of the
// output. Degenerate input: a zero basis, a basis with the wrong number of
// rows, an empty batch, NaN/Inf throw typed errors.

/// Mean Jacobian norms normal and parallel to a data subspace (He et al. 2023).
public enum TransverseVariation {
  /// The two mean norms.
  public struct Components: Sendable, Equatable {
    /// (1/n) Σ ‖J(x_i)·P_N‖_F.
    public var normal: Double
    /// (1/n) Σ ‖J(x_i)·P_V‖_F.
    public var parallel: Double
  }

  /// Components of the input Jacobians of `model` at the rows of `inputs`
  /// (n × d), relative to the span of the columns of `subspaceBasis` (d × k).
  public static func components<Scalar: RealScalar>(
    inputs: Tensor<Scalar>, subspaceBasis: Tensor<Scalar>,
    model: (Variable<Scalar>) throws -> Variable<Scalar>
  ) throws -> Components {
    try components(
      jacobians: try InputJacobian.rows(inputs: inputs, model: model),
      subspaceBasis: subspaceBasis.widenedToDouble())
  }

  /// Components of precomputed Jacobians: J[c] is n × d with row i the
  /// gradient of output c at example i (the layout of `InputJacobian.rows`;
  /// a single n × d gradient matrix for a scalar model).
  public static func components(jacobians: [Tensor<Double>], subspaceBasis: Tensor<Double>) throws
    -> Components
  {
    let operation = "TransverseVariation.components"
    guard let first = jacobians.first else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "jacobians", reason: "no outputs")
    }
    let (n, d) = try FeatureMatrix.validate(first, operation: operation)
    for (c, jacobian) in jacobians.enumerated() where jacobian.shape != [n, d] {
      throw RepriseError.shapeMismatch(
        operation: "\(operation) jacobians[\(c)]", expected: [n, d], got: jacobian.shape)
    }
    for jacobian in jacobians { try jacobian.requireFinite(operation: operation) }
    let q = try orthonormalBasis(subspaceBasis, dimension: d, operation: operation)
    let m = jacobians.count
    var normal = [Double](repeating: 0, count: n)
    var parallel = [Double](repeating: 0, count: n)
    for i in 0..<n {
      // J(x_i), m × d.
      var rows = [Double]()
      rows.reserveCapacity(m * d)
      for jacobian in jacobians { rows += jacobian.scalars[(i * d)..<((i + 1) * d)] }
      let j = try Tensor(shape: [m, d], scalars: rows)
      let along = try matmul(j, q)  // m × r
      let back = try matmul(along, q, transposeB: true)  // m × d
      let across = try j - back
      parallel[i] = DoubleSums.dot(along.scalars, along.scalars).squareRoot()
      normal[i] = DoubleSums.dot(across.scalars, across.scalars).squareRoot()
    }
    return Components(
      normal: DoubleSums.pairwise(normal) / Double(n),
      parallel: DoubleSums.pairwise(parallel) / Double(n))
  }

  /// An orthonormal basis (d × r) of the span of the columns of `basis`.
  static func orthonormalBasis(_ basis: Tensor<Double>, dimension d: Int, operation: String) throws
    -> Tensor<Double>
  {
    guard basis.rank == 2, basis.shape[0] == d, basis.shape[1] >= 1 else {
      throw RepriseError.shapeMismatch(
        operation: "\(operation) subspaceBasis (one row per input coordinate)", expected: [d, -1],
        got: basis.shape)
    }
    try basis.requireFinite(operation: operation)
    let svd = try SingularValueDecomposition(basis, vectors: .thin)
    let s = svd.singularValues.scalars
    let cutoff = Double(max(basis.shape[0], basis.shape[1])) * Double.ulpOfOne * (s.first ?? 0)
    let rank = s.prefix { $0 > cutoff }.count
    guard rank > 0 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "subspaceBasis", reason: "is zero (spans no subspace)")
    }
    return try svd.u!.columns(0..<rank)
  }
}
