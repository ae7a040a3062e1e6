// The singular value decomposition A = U·Σ·Vᵀ: the public entry point.
//
// What: singular values (descending, ≥ 0) and optionally thin or full
// singular vectors of any m×n matrix, by one of two algorithms.
// Method: the input is checked (rank 2, finite) before any iteration and
// multiplied by a power of two so its largest entry lies in [1/2, 1) (exact;
// this is what makes matrices with entries near 1e±300 work). A wide matrix
// (m < n) is handled through Aᵀ = V·Σ·Uᵀ. Then
//   • `.golubKahan` (fast, default): Householder bidiagonalisation
//     (Bidiagonalization.swift), then divide and conquer on the bidiagonal
//     with vectors (BidiagonalDivideConquer.swift) or implicit
//     zero-shift/shifted QR (BidiagonalQR.swift) — see GolubKahanSVD.swift;
//   • `.jacobi` (accurate): one-sided Jacobi with QR preconditioning for
//     tall matrices (OneSidedJacobi.swift); small singular values of A = B·D
//     (D diagonal, B well conditioned) come with high relative accuracy.
// Afterwards: values scaled back and sorted, vectors permuted alongside,
// missing left vectors (σ = 0, or the extra columns of a full U in the
// Jacobi path without QR) completed to an orthonormal basis
// (SpectralKernels.swift), and signs made canonical.
// Cost: Golub–Kahan ≈ 4mn² − 4n³/3 (values) … 4m²n + 8mn² + 9n³ (full
// vectors); Jacobi ≈ 2mn² (QR) + sweeps × 4n³.
// Sources: Golub & Van Loan, "Matrix Computations" 4th ed., §2.4, §8.6;
// see the files named above.

/// Which algorithm `SingularValueDecomposition` runs.
public enum SVDAlgorithm: Sendable {
  /// One-sided Jacobi (Hestenes, de Rijk pivoting, QR preconditioning): the
  /// accurate path — high relative accuracy for graded matrices.
  case jacobi
  /// Householder bidiagonalisation + bidiagonal divide and conquer (with
  /// vectors, above `BidiagonalSVDMethod.crossover`) or QR: fast.
  case golubKahan
}

/// Which singular vectors to compute.
public enum SVDVectors: Sendable {
  /// U m×k, Vᵀ k×n with k = min(m, n).
  case thin
  /// U m×m, Vᵀ n×n.
  case full
  /// Singular values only.
  case none
}

/// A = U·diag(σ)·Vᵀ.
///
/// ```swift
/// let svd = try SingularValueDecomposition(a)                         // fast, thin
/// let acc = try SingularValueDecomposition(a, algorithm: .jacobi)     // accurate
/// svd.singularValues   // k-vector, descending, ≥ 0
/// svd.u, svd.vt        // m×k and k×n (thin); m×m and n×n (full); nil for .none
/// let top = try svd.topK(3)
/// ```
/// The right vectors are returned as **Vᵀ** (`vt`, rows are right singular
/// vectors, as numpy returns them); `v` gives V.
///
/// Canonical output: singular values descending; in each column of U the
/// entry of largest magnitude is positive (ties: lowest index), and the
/// matching row of Vᵀ is negated with it so A = U·Σ·Vᵀ still holds. Columns
/// of a full U (or rows of a full Vᵀ) beyond k, and vectors of repeated
/// singular values, are an orthonormal basis of their space whose choice is
/// an implementation detail; the extra ones also get the sign rule.
///
/// `iterationCap` (for tests; ≥ 1) replaces the iteration cap: inner
/// bidiagonal QR steps for `.golubKahan` (default 6·min(m,n)²; with divide
/// and conquer, per leaf), sweeps for `.jacobi` (default 40).
/// `bidiagonalMethod` picks the Golub–Kahan path's bidiagonal solver
/// (`BidiagonalSVDMethod`; default: divide and conquer with vectors above
/// min(m, n) = `BidiagonalSVDMethod.crossover`, QR otherwise).
///
/// Errors (thrown before any iteration): `invalidShape` (not a matrix),
/// `nonFinite` (NaN/Inf entry), `invalidArgument` (iterationCap < 1);
/// `noConvergence` if an iteration cap is hit.
public struct SingularValueDecomposition<T: RealScalar>: Sendable {
  /// Left singular vectors as columns, or nil for `.none`.
  public let u: Tensor<T>?
  /// Singular values, descending, non-negative (rank-1, length min(m, n)).
  public let singularValues: Tensor<T>
  /// Right singular vectors as rows (Vᵀ), or nil for `.none`.
  public let vt: Tensor<T>?

  /// V (right singular vectors as columns).
  public var v: Tensor<T>? { vt.map { try! $0.transposed() } }

  init(u: Tensor<T>?, singularValues: Tensor<T>, vt: Tensor<T>?) {
    self.u = u
    self.singularValues = singularValues
    self.vt = vt
  }

  // Specialised entry points: the generic body below then calls the kernels
  // with a concrete scalar type, so the optimiser specialises them too
  // (unspecialised generic arithmetic is ~10–50× slower).
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  public init(
    _ a: Tensor<T>, algorithm: SVDAlgorithm = .golubKahan, vectors: SVDVectors = .thin
  ) throws {
    try self.init(
      a, algorithm: algorithm, vectors: vectors, bidiagonalMethod: .automatic, iterationCap: nil)
  }

  /// The same with the bidiagonal solver of the Golub–Kahan path chosen
  /// (ignored by `.jacobi`) and/or the iteration cap replaced (see the type's
  /// documentation; nil keeps the default).
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  public init(
    _ a: Tensor<T>, algorithm: SVDAlgorithm = .golubKahan, vectors: SVDVectors = .thin,
    bidiagonalMethod: BidiagonalSVDMethod = .automatic, iterationCap: Int?
  ) throws {
    let operation = "SingularValueDecomposition"
    let (m, n) = try a.matrixShape(operation: operation)
    try a.requireFiniteEntries(operation: operation)
    if let cap = iterationCap, cap < 1 {
      throw RepriseError.invalidArgument(
        operation: operation, name: "iterationCap", reason: "must be ≥ 1, got \(cap)")
    }
    let k = min(m, n)
    let wantVectors = vectors != .none
    let full = vectors == .full
    if k == 0 {
      self.singularValues = Tensor([T]())
      self.u = wantVectors ? (full ? try Tensor.identity(m) : try Tensor.zeros([m, 0])) : nil
      self.vt = wantVectors ? (full ? try Tensor.identity(n) : try Tensor.zeros([0, n])) : nil
      return
    }
    // Work on the tall orientation M×N (M ≥ N).
    let tall = m >= n
    let (bigM, bigN) = tall ? (m, n) : (n, m)
    var work = tall ? a.scalars : Bidiagonalization.transpose(a.scalars, rows: m, cols: n)
    let scale = Spectral.scaleFactor(forMaxAbs: Spectral.maxAbs(work))
    Spectral.scale(&work, by: scale)

    var raw: RawSVD<T>
    switch algorithm {
    case .jacobi:
      raw = try OneSidedJacobi.decompose(
        work, m: bigM, n: bigN, wantU: wantVectors, fullU: full, wantV: wantVectors,
        operation: operation, sweepCap: iterationCap ?? OneSidedJacobi.sweepCap)
    case .golubKahan:
      raw = try GolubKahanSVD.decompose(
        &work, m: bigM, n: bigN, vectors: vectors, method: bidiagonalMethod,
        iterationCap: iterationCap, operation: operation)
    }

    // Sort descending; permute the matching vector rows.
    let order = Spectral.order(raw.s, descending: true)
    let inverseScale = 1 / scale
    self.singularValues = Tensor(order.map { raw.s[$0] * inverseScale })
    guard wantVectors, var uRows = raw.uRows, var vRows = raw.vRows else {
      self.u = nil
      self.vt = nil
      return
    }
    let extra = Array(uRows[(bigN * bigM)...])
    uRows = Spectral.permuteRows(uRows, length: bigM, order: order) + extra
    var valid = order.map { raw.uValid[$0] } + raw.uValid[bigN...]
    vRows = Spectral.permuteRows(vRows, length: bigN, order: order)
    if valid.contains(false) {
      Spectral.completeOrthonormalRows(&uRows, rows: raw.uRowCount, length: bigM, valid: valid)
      valid = valid.map { _ in true }
    }

    // Left/right in terms of A.
    var (left, leftCount, right, rightCount) =
      tall
      ? (uRows, raw.uRowCount, vRows, bigN)
      : (vRows, bigN, uRows, raw.uRowCount)
    var head = Array(left[0..<(k * m)])
    let flips = Spectral.canonicalizeRowSigns(&head, rows: k, length: m)
    left.replaceSubrange(0..<(k * m), with: head)
    var rightHead = Array(right[0..<(k * n)])
    Spectral.negateRows(&rightHead, length: n, flips: flips)
    right.replaceSubrange(0..<(k * n), with: rightHead)
    if leftCount > k {
      var tail = Array(left[(k * m)...])
      Spectral.canonicalizeRowSigns(&tail, rows: leftCount - k, length: m)
      left.replaceSubrange((k * m)..., with: tail)
    }
    if rightCount > k {
      var tail = Array(right[(k * n)...])
      Spectral.canonicalizeRowSigns(&tail, rows: rightCount - k, length: n)
      right.replaceSubrange((k * n)..., with: tail)
    }
    // Transposed here, with the concrete scalar type (generic Tensor code
    // pays for metadata look-ups on every call).
    self.u = try Tensor(
      shape: [m, leftCount], scalars: Bidiagonalization.transpose(left, rows: leftCount, cols: m))
    self.vt = try Tensor(shape: [rightCount, n], scalars: right)
  }

  /// The leading `k` singular triplets (0 ≤ k ≤ min(m, n)): U's first k
  /// columns, the k largest values, Vᵀ's first k rows. Computed from this
  /// decomposition (no new iteration).
  public func topK(_ k: Int) throws -> SingularValueDecomposition {
    let count = singularValues.count
    guard k >= 0 && k <= count else {
      throw RepriseError.invalidArgument(
        operation: "SingularValueDecomposition.topK", name: "k",
        reason: "must be in 0...\(count), got \(k)")
    }
    return SingularValueDecomposition(
      u: try u?.columns(0..<k), singularValues: try singularValues.rows(0..<k),
      vt: try vt?.rows(0..<k))
  }
}

/// Runs `body` with a mutable pointer into `buffer`, or nil when it is nil.
func withOptionalPointer<T, R>(
  _ buffer: inout [T]?, _ body: (UnsafeMutablePointer<T>?) throws -> R
) rethrows -> R {
  guard var b = buffer else { return try body(nil) }
  buffer = nil
  defer { buffer = b }
  return try b.withUnsafeMutableBufferPointer { try body($0.baseAddress) }
}
