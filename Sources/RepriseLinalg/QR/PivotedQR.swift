// QR factorization with column pivoting, A·P = Q·R (rank-revealing).
//
// What: a column permutation P, orthogonal Q and upper trapezoidal R with
// |R₀₀| ≥ |R₁₁| ≥ … , and from them the numerical rank of A.
// Method: Businger–Golub. Before step j the remaining column with the largest
// norm (of its rows j..<m, ties to the lowest index) is swapped into
// position j; a Householder reflector (HouseholderVector.swift) zeroes it
// below the diagonal and is applied to all later columns. The column norms
// are not recomputed each step but downdated, ‖c‖² ← ‖c‖² − r_jc², as
// ‖c‖·√max(0, 1 − (|r_jc|/‖c‖)²). Downdating loses accuracy when the norm has
// shrunk a lot since it was last computed exactly; following Drmač &
// Bujanović (LAWN 176), the norm is recomputed from scratch when
// (1 − (|r_jc|/‖c‖)²)·(‖c‖/‖c‖_last exact)² ≤ √ε. Norms use the
// overflow-safe scaled 2-norm.
// Numerical rank: the number of leading |R_kk| above a tolerance; the default
// is max(m, n)·ε·|R₀₀| (ε = `T.ulpOfOne`), as in LAPACK's xGELSY-style
// truncation and numpy's `matrix_rank` rule applied to R's diagonal.
// Errors: non-matrix, non-finite input (before any arithmetic).
// Cost: 4mnk − 2(m + n)k² + 4k³/3 flops for k = min(m, n) (unblocked;
// reflectors are applied one at a time, level-2 BLAS style), plus the norm
// downdates (O(n) per step) and occasional recomputations.
// Source: Businger & Golub, "Linear least squares solutions by Householder
// transformations", Numer. Math. 7 (1965); Golub & Van Loan, "Matrix
// Computations" 4th ed., §5.4.2; Drmač & Bujanović, "On the failure of
// rank-revealing QR factorization software — a case study", LAWN 176 (2006);
// LAPACK xGEQP3/xLAQP2.

/// A·P = Q·R with column pivoting.
///
/// ```swift
/// let qrp = try PivotedQRFactorization(a)
/// let rank = qrp.numericalRank()                 // default tolerance
/// let perm = qrp.permutation                     // column j of A·P is column perm[j] of A
/// let (q, r) = (qrp.q(thin: true), qrp.r(thin: true))
/// ```
public struct PivotedQRFactorization<T: RealScalar>: Sendable {
  let storage: QRStorage<T>
  /// Column j of A·P is column `permutation[j]` of A.
  public let permutation: [Int]

  public var rows: Int { storage.rows }
  public var columns: Int { storage.columns }
  /// τ of the min(m, n) reflectors, Q = H₁·…·H_k.
  public var householderScalars: [T] { storage.tau }

  /// Factors A (m×n).
  /// - Parameter blockSize: reflectors per compact WY block used when Q or
  ///   Qᵀ·B is applied afterwards (≥ 1); the factorization itself is unblocked.
  /// - Throws: `invalidShape`, `nonFinite`, `invalidArgument`.
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  public init(_ a: Tensor<T>, blockSize: Int = 32) throws {
    let operation = "PivotedQRFactorization"
    guard blockSize >= 1 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "blockSize", reason: "must be at least 1, got \(blockSize)")
    }
    let (m, n) = try MatrixChecks.finiteMatrix(a, operation: operation)
    let k = min(m, n)
    var w = a.scalars
    var tau = [T](repeating: 0, count: k)
    var permutation = Array(0..<n)
    var work = [T](repeating: 0, count: n)
    // Current (downdated) and last exactly computed norms of each column.
    var norms = [T](repeating: 0, count: n)
    var exactNorms = [T](repeating: 0, count: n)
    let recomputeThreshold = T.ulpOfOne.squareRoot()
    w.withUnsafeMutableBufferPointer { wp in
      work.withUnsafeMutableBufferPointer { workp in
        guard let base = wp.baseAddress, let scratch = workp.baseAddress else { return }
        for j in 0..<n {
          norms[j] = ScaledNorm.norm2(UnsafePointer(base + j), count: m, stride: n)
          exactNorms[j] = norms[j]
        }
        for j in 0..<k {
          // Pivot: the largest remaining norm, lowest index on ties.
          var p = j
          for c in (j + 1)..<n where norms[c] > norms[p] { p = c }
          if p != j {
            for r in 0..<m { swap(&base[r * n + j], &base[r * n + p]) }
            permutation.swapAt(j, p)
            norms.swapAt(j, p)
            exactNorms.swapAt(j, p)
          }
          let tail = base + (j + 1) * n + j
          let (beta, t) = HouseholderVector.generate(
            alpha: base[j * n + j], tail: tail, count: m - j - 1, stride: n)
          base[j * n + j] = beta
          tau[j] = t
          HouseholderVector.applyLeft(
            tau: t, vTail: UnsafePointer(tail), vStride: n, rows: m - j,
            columns: n - j - 1, c: base + j * n + j + 1, ldc: n, work: scratch)
          // Downdate the norms of the remaining columns (LAWN 176 safeguard).
          for c in (j + 1)..<n where norms[c] != 0 {
            let ratio = base[j * n + c].magnitude / norms[c]
            let shrink = max((1 as T).addingProduct(-ratio, ratio), 0)
            let drift = norms[c] / exactNorms[c]
            if shrink * drift * drift <= recomputeThreshold {
              let fresh =
                j + 1 < m
                ? ScaledNorm.norm2(
                  UnsafePointer(base + (j + 1) * n + c), count: m - j - 1, stride: n)
                : 0
              norms[c] = fresh
              exactNorms[c] = fresh
            } else {
              norms[c] *= shrink.squareRoot()
            }
          }
        }
      }
    }
    self.permutation = permutation
    storage = QRStorage(
      rows: m, columns: n, factors: w, tau: tau,
      reflectors: ReflectorSequence(factors: w, ld: n, rows: m, tau: tau, blockSize: blockSize))
  }

  /// R: min(m, n)×n when `thin` (the default), m×n otherwise.
  public func r(thin: Bool = true) -> Tensor<T> { storage.r(thin: thin) }

  /// Q: m×min(m, n) when `thin` (the default), m×m otherwise.
  public func q(thin: Bool = true) -> Tensor<T> { storage.q(thin: thin) }

  /// The permutation matrix P (n×n) with A·P = Q·R.
  public var p: Tensor<T> {
    let n = columns
    var out = [T](repeating: 0, count: n * n)
    for (j, source) in permutation.enumerated() { out[source * n + j] = 1 }
    return Tensor(factorRows: n, columns: n, scalars: out)
  }

  /// |R_kk| for k < min(m, n), non-increasing up to rounding.
  public var diagonalMagnitudes: [T] {
    (0..<storage.rank).map { storage.factors[$0 * columns + $0].magnitude }
  }

  /// The default rank tolerance max(m, n)·ε·|R₀₀|.
  public var defaultRankTolerance: T {
    guard storage.rank > 0 else { return 0 }
    return T(max(rows, columns)) * T.ulpOfOne * storage.factors[0].magnitude
  }

  /// The number of leading diagonal entries of R with |R_kk| > tolerance
  /// (default `defaultRankTolerance`, max(m, n)·ε·|R₀₀|). 0 for a zero matrix.
  public func numericalRank(tolerance: T? = nil) -> Int {
    let tol = tolerance ?? defaultRankTolerance
    var rank = 0
    for magnitude in diagonalMagnitudes {
      if !(magnitude > tol) { break }
      rank += 1
    }
    return rank
  }

  /// Qᵀ·B for B a vector of length m or an m×p matrix (full m×m Q).
  public func applyQTranspose(to b: Tensor<T>) throws -> Tensor<T> {
    try storage.apply(transpose: true, to: b, operation: "PivotedQRFactorization.applyQTranspose")
  }

  /// Q·B for B a vector of length m or an m×p matrix (full m×m Q).
  public func applyQ(to b: Tensor<T>) throws -> Tensor<T> {
    try storage.apply(transpose: false, to: b, operation: "PivotedQRFactorization.applyQ")
  }
}
