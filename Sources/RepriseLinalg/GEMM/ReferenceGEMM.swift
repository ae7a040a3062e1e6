// ReferenceGEMM: the naive triple loop that defines what GEMM computes.
//
// What: C ← α·op(A)·op(B) + β·C for row-major matrices, written as plainly as
// possible. Every fast path in this folder (small, blocked, any thread count,
// any blocking) must return exactly these bits; the tests use this function
// as the oracle.
// Method: for each output (i, j), start from β·C[i,j] (or 0 when β == 0, or
// C[i,j] itself when β == 1) and run one sequential fused-multiply-add chain
// over p = 0..<k, with α applied to a(i,p) by a single rounded product.
// Cost: 2·m·n·k flops, no blocking, no SIMD: slow on purpose.
// Source: the BLAS xGEMM specification (Dongarra et al. 1990, "A set of level 3
// basic linear algebra subprograms"), with the fused-chain rule of
// Reprise's numerical contract (design notes §2).

import RepriseCore

public enum ReferenceGEMM {
  /// The naive definition of `GEMM.compute`. Same argument meaning; performs
  /// no validation (callers pass consistent sizes), never threads, never packs.
  public static func compute<T: RealScalar>(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
    alpha: T, a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
    beta: T, c: UnsafeMutablePointer<T>, ldc: Int
  ) {
    for i in 0..<m {
      for j in 0..<n {
        var t: T = beta == 0 ? 0 : (beta == 1 ? c[i * ldc + j] : beta * c[i * ldc + j])
        if alpha != 0 {
          for p in 0..<k {
            let aip = transA == .none ? a[i * lda + p] : a[p * lda + i]
            let bpj = transB == .none ? b[p * ldb + j] : b[j * ldb + p]
            t = t.addingProduct(alpha == 1 ? aip : alpha * aip, bpj)
          }
        }
        c[i * ldc + j] = t
      }
    }
  }
}
