// Householder QR factorization A = Q·R of any m×n matrix, blocked.
//
// What: orthogonal Q (m×m, or thin m×k) and upper trapezoidal R (m×n, or thin
// k×n), k = min(m, n); Qᵀ·B and Q·B without forming Q.
// Method: blocked Householder QR. The columns are taken `blockSize` at a
// time. Inside a panel each column gets a reflector (HouseholderVector.swift:
// sign chosen against cancellation, scaled against overflow and underflow)
// which is applied at once to the rest of the panel only. The panel's
// reflectors are then gathered into the compact WY form I − V·T·Vᵀ
// (CompactWY.swift) and applied to the whole trailing matrix by two GEMMs, so
// for large n nearly all flops run in GEMM. With `blockSize ≥ n` every
// reflector is applied directly to all later columns: the classical
// unblocked algorithm (used by the tests as the reference).
// Determinism: fixed operation order for a given `blockSize`; different block
// sizes agree to rounding, not bit for bit.
// Errors: non-matrix (`invalidShape`), non-finite entries (`nonFinite`) before
// any arithmetic; `blockSize < 1` (`invalidArgument`). Rank deficiency is not
// an error: R simply has (near-)zero diagonal entries.
// Cost: 2n²(m − n/3) flops for m ≥ n (2m²(n − m/3) for m < n).
// Source: Golub & Van Loan, "Matrix Computations" 4th ed., §5.2.1–5.2.3
// (Householder QR, block Householder QR); Schreiber & Van Loan 1989; LAPACK
// xGEQRF/xGEQR2.

/// A = Q·R by Householder reflections (compact WY blocked).
///
/// ```swift
/// let qr = try QRFactorization(a)          // a: m×n, any shape
/// let q = qr.q(thin: true)                 // m×min(m,n); thin: false → m×m
/// let r = qr.r(thin: true)                 // min(m,n)×n; thin: false → m×n
/// let c = try qr.applyQTranspose(to: b)    // Qᵀ·b, b: vector m or m×p
/// ```
/// Canonical output: R's diagonal may have either sign (a column that is
/// already zero below the diagonal is left as is); A = Q·R exactly as computed.
/// This API is used by the SVD's QR preconditioning: keep it stable.
public struct QRFactorization<T: RealScalar>: Sendable {
  let storage: QRStorage<T>

  /// Rows m of A.
  public var rows: Int { storage.rows }
  /// Columns n of A.
  public var columns: Int { storage.columns }
  /// τ of the k = min(m, n) reflectors Hᵢ = I − τᵢ·vᵢ·vᵢᵀ, Q = H₁·…·H_k.
  public var householderScalars: [T] { storage.tau }

  /// Factors A (m×n).
  /// - Parameter blockSize: reflectors per compact WY block (≥ 1); values
  ///   ≥ n give the unblocked algorithm.
  /// - Throws: `invalidShape`, `nonFinite`, `invalidArgument`.
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  public init(_ a: Tensor<T>, blockSize: Int = 32) throws {
    let operation = "QRFactorization"
    guard blockSize >= 1 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "blockSize", reason: "must be at least 1, got \(blockSize)")
    }
    let (m, n) = try MatrixChecks.finiteMatrix(a, operation: operation)
    let k = min(m, n)
    var w = a.scalars
    var tau = [T](repeating: 0, count: k)
    var blocks = [ReflectorBlock<T>]()
    var work = [T](repeating: 0, count: n)
    w.withUnsafeMutableBufferPointer { wp in
      work.withUnsafeMutableBufferPointer { workp in
        guard let base = wp.baseAddress, let scratch = workp.baseAddress else { return }
        for j0 in stride(from: 0, to: k, by: blockSize) {
          let kb = min(blockSize, k - j0)
          // Unblocked mode applies each reflector to every later column.
          let panelEnd = blockSize >= n ? n : j0 + kb
          for j in j0..<(j0 + kb) {
            let tail = base + (j + 1) * n + j
            let (beta, t) = HouseholderVector.generate(
              alpha: base[j * n + j], tail: tail, count: m - j - 1, stride: n)
            base[j * n + j] = beta
            tau[j] = t
            HouseholderVector.applyLeft(
              tau: t, vTail: UnsafePointer(tail), vStride: n, rows: m - j,
              columns: panelEnd - j - 1, c: base + j * n + j + 1, ldc: n, work: scratch)
          }
          let block = ReflectorBlock(
            factors: UnsafePointer(base), ld: n, rows: m, start: j0, width: kb, tau: tau)
          if panelEnd < n {
            block.apply(
              transpose: true, c: base + j0 * n + panelEnd, ldc: n, columns: n - panelEnd)
          }
          blocks.append(block)
        }
      }
    }
    storage = QRStorage(
      rows: m, columns: n, factors: w, tau: tau,
      reflectors: ReflectorSequence(rows: m, blocks: blocks))
  }

  /// R: min(m, n)×n when `thin` (the default), m×n otherwise.
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  public func r(thin: Bool = true) -> Tensor<T> { storage.r(thin: thin) }

  /// Q: m×min(m, n) when `thin` (the default), m×m otherwise.
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  public func q(thin: Bool = true) -> Tensor<T> { storage.q(thin: thin) }

  /// Qᵀ·B for B a vector of length m or an m×p matrix (full m×m Q).
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  public func applyQTranspose(to b: Tensor<T>) throws -> Tensor<T> {
    try storage.apply(transpose: true, to: b, operation: "QRFactorization.applyQTranspose")
  }

  /// Q·B for B a vector of length m or an m×p matrix (full m×m Q).
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  public func applyQ(to b: Tensor<T>) throws -> Tensor<T> {
    try storage.apply(transpose: false, to: b, operation: "QRFactorization.applyQ")
  }
}
