// Back-transformation of tridiagonal eigenvectors to those of the full matrix.
//
// What: given A = Q·T·Qᵀ from the Householder tridiagonalisation
// (Tridiagonalization.swift, Q = H₀·H₁·…·H_{n−3}, Hₖ acting on indices
// k+1 … n−1) and eigenvectors Z of T (columns of a row-major n×n buffer),
// overwrites Z with Q·Z, the eigenvectors of A.
// Method: the reflectors are packed as the factors of a QR of an
// (n−1)×(n−2) matrix (vₖ below the diagonal of column k), grouped 64 at a
// time in compact WY form I − V·T·Vᵀ (QR/CompactWY.swift) and applied, last
// block first, to rows 1 … n−1 of Z: each block is two GEMMs, instead of n−2
// matrix–vector sweeps. Q itself is never formed.
// Cost: 2n³ flops (almost all in GEMM), against 4n³/3 in BLAS-2 for forming
// Q plus 2n³ for the product Q·Z.
// Sources: Schreiber & Van Loan, SIAM J. Sci. Stat. Comput. 10 (1989);
// Golub & Van Loan, "Matrix Computations" 4th ed., §5.1.7; LAPACK xORMTR
// (documented structure).

enum TridiagonalBackTransform {
  static let blockSize = 64

  /// Z ← Q·Z for the reflectors (τₖ, vₖ) of `Tridiagonalization.reflect`.
  static func apply<T: RealScalar>(
    taus: [T], vectors: [[T]], z: UnsafeMutablePointer<T>, n: Int
  ) {
    let count = taus.count  // n − 2 reflectors
    if count == 0 { return }
    let rows = n - 1
    var packed = [T](repeating: 0, count: rows * count)
    for k in 0..<count {
      let v = vectors[k]
      for i in 1..<max(v.count, 1) { packed[(k + i) * count + k] = v[i] }
    }
    let sequence = ReflectorSequence(
      factors: packed, ld: count, rows: rows, tau: taus, blockSize: blockSize)
    sequence.applyQ(c: z + n, ldc: n, columns: n)
  }
}
