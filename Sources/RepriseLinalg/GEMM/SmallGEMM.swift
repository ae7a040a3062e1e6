// SmallGEMM: the no-packing path for small products.
//
// What: C ← C + α·op(A)·op(B) (β already applied by the caller) reading A and
// B in place, for problems where packing and blocking cost more than they
// save. Used when m·n·k ≤ `GEMMBlocking.smallLimit` (default 50 000, about
// a 37³ product). Measured on Zen3 (one thread, thread CPU time): at 32³ this
// path gives 19 Double GFLOPS against 17 for the packed path; at 48³ the
// packed path wins, 27 against 22. Re-tune with `reprise-bench gemm`.
// Method: C is walked in 4×8 tiles held in eight 4-lane accumulators. For
// each p in order, one row of op(B) (8 values) meets four values α·a(i,p):
// every output keeps its own sequential FMA chain over p, so the bits equal
// the reference loop's. Full tiles with an untransposed B load B with vector
// loads; edge tiles and transposed B gather lane by lane (missing rows and
// columns compute on zeros and are not stored).
// Cost: 2·m·n·k flops, no extra memory.
// Source: the register-tile idea of Goto & van de Geijn 2008 without the
// packing step.

import RepriseCore

enum SmallGEMM {
  static func run<T: RealScalar>(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
    alpha: T, a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
    c: UnsafeMutablePointer<T>, ldc: Int
  ) {
    var i = 0
    while i < m {
      let rows = min(4, m - i)
      var j = 0
      while j < n {
        let cols = min(8, n - j)
        tile(
          transA, transB, rows: rows, cols: cols, k: k, alpha: alpha,
          a: transA == .none ? a + i * lda : a + i, lda: lda,
          b: transB == .none ? b + j : b + j * ldb, ldb: ldb, c: c + i * ldc + j, ldc: ldc)
        j += 8
      }
      i += 4
    }
  }

  /// One tile of at most 4 rows and 8 columns; `a`, `b`, `c` point at its
  /// first row/column.
  @inline(__always)
  static func tile<T: RealScalar>(
    _ transA: Transpose, _ transB: Transpose, rows: Int, cols: Int, k: Int, alpha: T,
    a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
    c: UnsafeMutablePointer<T>, ldc: Int
  ) {
    typealias V = SIMD4<T>
    // Strides of op(A) along rows (i) and along p; of op(B) along p and j.
    let aRow = transA == .none ? lda : 1
    let aDepth = transA == .none ? 1 : lda
    let bDepth = transB == .none ? ldb : 1
    let bCol = transB == .none ? 1 : ldb

    @inline(__always) func loadC(_ r: Int, _ offset: Int) -> V {
      var v = V()
      if r < rows {
        for l in 0..<4 where offset + l < cols { v[l] = c[r * ldc + offset + l] }
      }
      return v
    }
    @inline(__always) func storeC(_ v: V, _ r: Int, _ offset: Int) {
      if r < rows {
        for l in 0..<4 where offset + l < cols { c[r * ldc + offset + l] = v[l] }
      }
    }
    var c00 = loadC(0, 0)
    var c01 = loadC(0, 4)
    var c10 = loadC(1, 0)
    var c11 = loadC(1, 4)
    var c20 = loadC(2, 0)
    var c21 = loadC(2, 4)
    var c30 = loadC(3, 0)
    var c31 = loadC(3, 4)

    if rows == 4 && cols == 8 && transB == .none {
      var pa = a
      var pb = b
      for _ in 0..<k {
        let b0 = V(pb[0], pb[1], pb[2], pb[3])
        let b1 = V(pb[4], pb[5], pb[6], pb[7])
        let a0 = alpha == 1 ? pa[0] : alpha * pa[0]
        let a1 = alpha == 1 ? pa[aRow] : alpha * pa[aRow]
        let a2 = alpha == 1 ? pa[2 * aRow] : alpha * pa[2 * aRow]
        let a3 = alpha == 1 ? pa[3 * aRow] : alpha * pa[3 * aRow]
        c00 = c00.addingProduct(V(repeating: a0), b0)
        c01 = c01.addingProduct(V(repeating: a0), b1)
        c10 = c10.addingProduct(V(repeating: a1), b0)
        c11 = c11.addingProduct(V(repeating: a1), b1)
        c20 = c20.addingProduct(V(repeating: a2), b0)
        c21 = c21.addingProduct(V(repeating: a2), b1)
        c30 = c30.addingProduct(V(repeating: a3), b0)
        c31 = c31.addingProduct(V(repeating: a3), b1)
        pa += aDepth
        pb += bDepth
      }
    } else {
      for p in 0..<k {
        var b0 = V()
        var b1 = V()
        let pb = b + p * bDepth
        for l in 0..<4 where l < cols { b0[l] = pb[l * bCol] }
        for l in 0..<4 where l + 4 < cols { b1[l] = pb[(l + 4) * bCol] }
        let pa = a + p * aDepth
        @inline(__always) func scaledA(_ r: Int) -> V {
          guard r < rows else { return V() }
          let x = pa[r * aRow]
          return V(repeating: alpha == 1 ? x : alpha * x)
        }
        let a0 = scaledA(0)
        let a1 = scaledA(1)
        let a2 = scaledA(2)
        let a3 = scaledA(3)
        c00 = c00.addingProduct(a0, b0)
        c01 = c01.addingProduct(a0, b1)
        c10 = c10.addingProduct(a1, b0)
        c11 = c11.addingProduct(a1, b1)
        c20 = c20.addingProduct(a2, b0)
        c21 = c21.addingProduct(a2, b1)
        c30 = c30.addingProduct(a3, b0)
        c31 = c31.addingProduct(a3, b1)
      }
    }
    storeC(c00, 0, 0)
    storeC(c01, 0, 4)
    storeC(c10, 1, 0)
    storeC(c11, 1, 4)
    storeC(c20, 2, 0)
    storeC(c21, 2, 4)
    storeC(c30, 3, 0)
    storeC(c31, 3, 4)
  }
}
