// One panel of the blocked Householder tridiagonalisation.
//
// What: reduces columns k0 … k0+b−1 of a symmetric n×n matrix (full
// row-major storage, exactly symmetric on entry) as the unblocked reduction
// would (same reflectors up to rounding) but defers the update of the
// trailing block.
// Method: after i reflectors of the panel, the true matrix is
// A − V·Wᵀ − W·Vᵀ, with vⱼ the reflectors and wⱼ = pⱼ − (τⱼ/2)(pⱼᵀvⱼ)vⱼ,
// pⱼ = τⱼ·(true A)·vⱼ. The vⱼ and wⱼ are kept as rows (Vᵀ, Wᵀ: b rows of
// length n), so every correction below is a contiguous, vectorised loop.
// Step i (k = k0 + i):
//   1. bring row k (= column k, by symmetry; entries k…) up to date with the
//      i pairs (vⱼ, wⱼ), j in order;
//   2. build the reflector (τ, v) from entries k+1… of it;
//   3. p = τ·(A·v − V·(Wᵀv) − W·(Vᵀv)) over entries k+1…: one pass over the
//      stored trailing block plus thin corrections. The stored block is
//      exactly symmetric, so A·v is formed by columns, (A·v)ᵢ = Σᵣ vᵣ·A[r, i]
//      (Spectral.columnCombination: a vectorised loop over i, columns split
//      over the threads; each output one fused chain over r in order — the
//      bits of a row-by-row dot product, at several times its speed);
//   4. w = p − (τ/2)(pᵀv)·v.
// Then the trailing block A[k0+b…, k0+b…] −= V·Wᵀ + W·Vᵀ: one GEMM with
// inner dimension 2b over the upper triangle, mirrored below (the block
// stays exactly symmetric, and the GEMM does half the flops of a full
// update). Compared with the unblocked reduction, which reads and writes the
// whole trailing block twice per column, each column now costs one read of
// it. Only the diagonal and the first off-diagonal of the panel's columns
// are written back (the caller reads nothing else there).
// Cost: 4n³/3 flops overall as unblocked, half of them in the mat-vecs
// (memory bound) and half in the upper-triangle GEMMs.
// Sources: Dongarra, Sorensen & Hammarling, J. Comput. Appl. Math. 27 (1989);
// Golub & Van Loan, "Matrix Computations" 4th ed., §8.3.1; LAPACK
// xSYTRD/xLATRD (documented algorithm).

enum TridiagonalPanel {
  /// Reduces columns k0 ..< k0+b (requires k0 + b < n − 1); records τₖ, vₖ
  /// and writes the updated diagonal entries A[k, k] and β into A[k+1, k]
  /// and A[k, k+1]. Other entries of rows and columns k0 ..< k0+b are left
  /// stale.
  static func reduce<T: RealScalar>(
    _ A: UnsafeMutablePointer<T>, n: Int, start k0: Int, width b: Int, taus: inout [T],
    vectors: inout [[T]]
  ) {
    precondition(k0 + b < n - 1)
    // Vᵀ (rows 0..<b) then Wᵀ (rows b..<2b), each row n long, zero before
    // the reflector's first entry.
    var panel = [T](repeating: 0, count: 2 * b * n)
    var work = [T](repeating: 0, count: 2 * n + 2 * b)
    panel.withUnsafeMutableBufferPointer { pb in
      work.withUnsafeMutableBufferPointer { wb in
        let Vt = pb.baseAddress!
        let Wt = Vt + b * n
        let column = wb.baseAddress!
        let product = column + n
        let x1 = product + n
        let x2 = x1 + b
        for i in 0..<b {
          let k = k0 + i
          let base = k + 1
          let p = n - base
          // 1. Entries k…n−1 of row k, up to date.
          for r in k..<n { column[r] = A[k * n + r] }
          for j in 0..<i {
            let vj = Vt + j * n
            let wj = Wt + j * n
            let minusWk = -wj[k]
            let minusVk = -vj[k]
            for r in k..<n {
              column[r] = column[r].addingProduct(vj[r], minusWk).addingProduct(wj[r], minusVk)
            }
          }
          A[k * n + k] = column[k]
          // 2. Reflector from entries k+1….
          let vec = column + base
          let (tau, beta) = Spectral.makeReflector(vec, p)
          taus[k] = tau
          vectors[k] = Array(UnsafeBufferPointer(start: vec, count: p))
          A[base * n + k] = beta
          A[k * n + base] = beta
          let vi = Vt + i * n + base
          for r in 0..<p { vi[r] = vec[r] }
          if tau == 0 { continue }
          // 3. p = τ·(A·v − V·(Wᵀv) − W·(Vᵀv)) over entries base….
          Spectral.rowDots(
            UnsafePointer(Wt + base), stride: n, rows: i, length: p, x: UnsafePointer(vec)
          ) { j, t in x1[j] = t }
          Spectral.rowDots(
            UnsafePointer(Vt + base), stride: n, rows: i, length: p, x: UnsafePointer(vec)
          ) { j, t in x2[j] = t }
          Spectral.columnCombination(
            UnsafePointer(A + base * n + base), stride: n, rows: p, columns: p,
            u: UnsafePointer(vec), out: product)
          for j in 0..<i {
            let vj = Vt + j * n + base
            let wj = Wt + j * n + base
            let minusX1 = -x1[j]
            let minusX2 = -x2[j]
            for r in 0..<p {
              product[r] = product[r].addingProduct(vj[r], minusX1).addingProduct(wj[r], minusX2)
            }
          }
          let wi = Wt + i * n + base
          for r in 0..<p { wi[r] = tau * product[r] }
          // 4. w = p − (τ/2)(pᵀv)·v.
          var pv: T = 0
          for r in 0..<p { pv = pv.addingProduct(wi[r], vec[r]) }
          let alpha = -(tau / 2) * pv
          for r in 0..<p { wi[r] = wi[r].addingProduct(alpha, vec[r]) }
        }
        // Trailing update A[top…, top…] −= V·Wᵀ + W·Vᵀ = [V W]·[W V]ᵀ.
        let top = k0 + b
        trailingUpdate(A + top * n + top, n: n, size: n - top, panel: Vt + top, b: b)
      }
    }
  }

  /// C ← C − [V W]·[W V]ᵀ for the size×size block C (row stride n), with
  /// `panel` = [Vᵀ; Wᵀ] (2b rows of stride n, `size` entries used): one GEMM
  /// of inner dimension 2b over the upper triangle only (the upper-triangle
  /// mode `SymmetricRankK` uses: each entry one fused chain over l = 0..<2b,
  /// the V·Wᵀ terms first), then the lower triangle mirrored.
  static func trailingUpdate<T: RealScalar>(
    _ c: UnsafeMutablePointer<T>, n: Int, size: Int, panel: UnsafePointer<T>, b: Int
  ) {
    if size == 0 { return }
    // [Wᵀ; Vᵀ], 2b×size.
    var swapped = [T](repeating: 0, count: 2 * b * size)
    swapped.withUnsafeMutableBufferPointer { sb in
      let s = sb.baseAddress!
      for j in 0..<b {
        for r in 0..<size {
          s[j * size + r] = panel[(b + j) * n + r]
          s[(b + j) * size + r] = panel[j * n + r]
        }
      }
      GEMM.dispatch(
        .transposed, .none, m: size, n: size, k: 2 * b, alpha: -1, a: panel, lda: n,
        b: UnsafePointer(s), ldb: size, beta: 1, c: c, ldc: n,
        threads: ThreadSettings.defaultCount, storage: nil, blocking: .defaults(for: T.self),
        upperTriangle: true)
    }
    SymmetricRankK.mirrorUpper(c, n: size, ldc: n)
  }
}
