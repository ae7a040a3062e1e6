// One panel of the blocked Householder tridiagonalisation.
//
// What: reduces columns k0 … k0+b−1 of a symmetric n×n matrix (full
// row-major storage) exactly as the unblocked reduction would (same
// reflectors up to rounding) but defers the update of the trailing block.
// Method: after i reflectors of the panel, the true matrix is
// A − V·Wᵀ − W·Vᵀ, with vⱼ the reflectors and wⱼ = pⱼ − (τⱼ/2)(pⱼᵀvⱼ)vⱼ,
// pⱼ = τⱼ·(true A)·vⱼ. Step i (k = k0 + i):
//   1. bring column k (rows k…) up to date with the i pairs (vⱼ, wⱼ);
//   2. build the reflector (τ, v) from rows k+1… of it;
//   3. p = τ·(A·v − V·(Wᵀv) − W·(Vᵀv)) over rows k+1…: one pass over the
//      stored trailing block (Spectral.rowDotsThreaded: rows split over the
//      threads, same bits) plus thin corrections;
//   4. w = p − (τ/2)(pᵀv)·v.
// Then the trailing block A[k0+b…, k0+b…] −= V·Wᵀ + W·Vᵀ: two GEMMs with
// inner dimension b. Compared with the unblocked reduction, which reads and
// writes the whole trailing block twice per column, each column now costs
// one read of it; half the flops move to GEMM.
// Cost: 4n³/3 flops overall as unblocked (the GEMMs update both triangles,
// so they do 2× the flops of a symmetric rank-2k update, at GEMM speed).
// Sources: Dongarra, Sorensen & Hammarling, J. Comput. Appl. Math. 27 (1989);
// Golub & Van Loan, "Matrix Computations" 4th ed., §8.3.1; LAPACK
// xSYTRD/xLATRD (documented algorithm).

enum TridiagonalPanel {
  /// Reduces columns k0 ..< k0+b (requires k0 + b < n − 1); records τₖ, vₖ
  /// and writes β into A[k+1, k], A[k, k+1] (zeros below/right of it), and
  /// updated diagonal entries.
  static func reduce<T: RealScalar>(
    _ A: UnsafeMutablePointer<T>, n: Int, start k0: Int, width b: Int, taus: inout [T],
    vectors: inout [[T]]
  ) {
    precondition(k0 + b < n - 1)
    var V = [T](repeating: 0, count: n * b)
    var W = [T](repeating: 0, count: n * b)
    var v = [T](repeating: 0, count: n)
    var x1 = [T](repeating: 0, count: b)
    var x2 = [T](repeating: 0, count: b)
    V.withUnsafeMutableBufferPointer { vb in
      W.withUnsafeMutableBufferPointer { wb in
        v.withUnsafeMutableBufferPointer { vvb in
          let V = vb.baseAddress!
          let W = wb.baseAddress!
          let vec = vvb.baseAddress!
          for i in 0..<b {
            let k = k0 + i
            // 1. Column k, rows k…n−1, up to date (and the mirrored row).
            for r in k..<n {
              var t = A[r * n + k]
              for j in 0..<i {
                t = t.addingProduct(-V[r * b + j], W[k * b + j])
                t = t.addingProduct(-W[r * b + j], V[k * b + j])
              }
              A[r * n + k] = t
            }
            // 2. Reflector from rows k+1….
            let base = k + 1
            let p = n - base
            for r in 0..<p { vec[r] = A[(base + r) * n + k] }
            let (tau, beta) = Spectral.makeReflector(vec, p)
            taus[k] = tau
            vectors[k] = Array(UnsafeBufferPointer(start: vec, count: p))
            A[base * n + k] = beta
            A[k * n + base] = beta
            for r in 1..<p {
              A[(base + r) * n + k] = 0
              A[k * n + base + r] = 0
            }
            for r in 0..<p { V[(base + r) * b + i] = vec[r] }
            if tau == 0 { continue }
            // 3. p = τ·(A·v − V·(Wᵀv) − W·(Vᵀv)) over rows base….
            for j in 0..<i {
              var s1: T = 0
              var s2: T = 0
              for r in 0..<p {
                s1 = s1.addingProduct(W[(base + r) * b + j], vec[r])
                s2 = s2.addingProduct(V[(base + r) * b + j], vec[r])
              }
              x1[j] = s1
              x2[j] = s2
            }
            let column = W + base * b + i
            Spectral.rowDotsThreaded(
              UnsafePointer(A + base * n + base), stride: n, rows: p, length: p,
              x: UnsafePointer(vec)
            ) { r, t in column[r * b] = t }
            for r in 0..<p {
              var t = column[r * b]
              for j in 0..<i {
                t = t.addingProduct(-V[(base + r) * b + j], x1[j])
                t = t.addingProduct(-W[(base + r) * b + j], x2[j])
              }
              column[r * b] = tau * t
            }
            // 4. w = p − (τ/2)(pᵀv)·v.
            var pv: T = 0
            for r in 0..<p { pv = pv.addingProduct(column[r * b], vec[r]) }
            let alpha = -(tau / 2) * pv
            for r in 0..<p { column[r * b] = column[r * b].addingProduct(alpha, vec[r]) }
          }
          // Trailing update A[top…, top…] −= V·Wᵀ + W·Vᵀ.
          let top = k0 + b
          let size = n - top
          let c = A + top * n + top
          Spectral.gemmUpdate(
            m: size, n: size, k: b, a: UnsafePointer(V + top * b), lda: b,
            bT: UnsafePointer(W + top * b), ldb: b, c: c, ldc: n)
          Spectral.gemmUpdate(
            m: size, n: size, k: b, a: UnsafePointer(W + top * b), lda: b,
            bT: UnsafePointer(V + top * b), ldb: b, c: c, ldc: n)
        }
      }
    }
  }
}
