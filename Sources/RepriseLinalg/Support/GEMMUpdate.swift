// The matrix–matrix update the blocked factorizations call.
//
// What: C ← α·op(A)·op(B) + β·C on raw row-major storage, with the argument
// order and meaning of `GEMM.compute` (lda, ldb, ldc are row strides).
// Method: a thin wrapper over `GEMM.compute` (packed, blocked, threaded), whose
// bits equal the reference loop: for each (i, j) start from β·C[i,j] (C itself
// when β == 1, 0 when β == 0) and continue one sequential fused multiply-add
// chain over p with (α·a(i,p))·b(p,j). The factorizations rely on that: e.g.
// blocked Cholesky is bit-identical to the unblocked one. Sizes come from the
// factorizations themselves, so a GEMM error here is a Reprise bug.
// Cost: 2·m·n·k flops.
// Source: BLAS xGEMM specification; Reprise numerical contract (design §2).

/// C ← α·op(A)·op(B) + β·C. Sizes are trusted (internal callers only).
@inline(__always)
func factorGEMM<T: RealScalar>(
  transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
  alpha: T, a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
  beta: T, c: UnsafeMutablePointer<T>, ldc: Int
) {
  if m == 0 || n == 0 { return }
  do {
    try GEMM.compute(
      transposeA ? .transposed : .none, transposeB ? .transposed : .none, m: m, n: n, k: k,
      alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
  } catch {
    preconditionFailure("factorGEMM: inconsistent internal sizes: \(error)")
  }
}
