// Packing: copies blocks of op(A) and op(B) into the micro-kernel's layout.
//
// What: an MC×KC block of op(A) becomes ⌈MC/MR⌉ panels of MR rows; within a
// panel, the MR values of column p sit next to each other (index p·MR + r),
// so the micro-kernel reads A with unit stride. A KC×NC block of op(B) becomes
// ⌈NC/NR⌉ panels of NR columns, row p of a panel at index p·NR + c. Rows or
// columns past the edge of the matrix are filled with zeros, so edge tiles go
// through the same micro-kernel (their extra lanes are discarded).
// α is applied here, once per element of A (one rounded product), which is
// exactly the α·a(i,p) of the reference loop. Both transposes are handled
// by reading the source with the appropriate strides.
// Cost: one read and one write per element; O(MC·KC + KC·NC) per block,
// negligible next to the 2·MC·NC·KC flops that reuse it.
// Source: Goto & van de Geijn 2008, §4–5 (packing into contiguous panels);
// Van Zee & van de Geijn 2015, "BLIS: a framework for rapidly instantiating
// BLAS functionality", §2 (micro-panels).

import RepriseCore

enum Packing {
  /// Packs rows `row0..<row0+rows`, columns `col0..<col0+depth` of op(A),
  /// scaled by α, into panels of `mr` rows at `dst`
  /// (⌈rows/mr⌉·mr·depth elements).
  @inline(__always)
  static func packA<T: RealScalar>(
    _ trans: Transpose, _ a: UnsafePointer<T>, _ lda: Int, row0: Int, rows: Int,
    col0: Int, depth: Int, alpha: T, mr: Int, into dst: UnsafeMutablePointer<T>
  ) {
    var panel = 0
    while panel < rows {
      let here = min(mr, rows - panel)
      let d = dst + panel * depth
      if trans == .none {
        // op(A)(i, p) = a[i·lda + p]: each source row is contiguous in p.
        for r in 0..<here {
          let src = a + (row0 + panel + r) * lda + col0
          if alpha == 1 {
            for p in 0..<depth { d[p * mr + r] = src[p] }
          } else {
            for p in 0..<depth { d[p * mr + r] = alpha * src[p] }
          }
        }
      } else {
        // op(A)(i, p) = a[p·lda + i]: contiguous in i, so copy MR at a time.
        for p in 0..<depth {
          let src = a + (col0 + p) * lda + row0 + panel
          let out = d + p * mr
          if alpha == 1 {
            for r in 0..<here { out[r] = src[r] }
          } else {
            for r in 0..<here { out[r] = alpha * src[r] }
          }
        }
      }
      if here < mr {
        for p in 0..<depth {
          for r in here..<mr { d[p * mr + r] = 0 }
        }
      }
      panel += mr
    }
  }

  /// Packs rows `row0..<row0+depth`, columns `col0..<col0+cols` of op(B) into
  /// panels of `nr` columns at `dst` (⌈cols/nr⌉·nr·depth elements).
  @inline(__always)
  static func packB<T: RealScalar>(
    _ trans: Transpose, _ b: UnsafePointer<T>, _ ldb: Int, row0: Int, depth: Int,
    col0: Int, cols: Int, nr: Int, into dst: UnsafeMutablePointer<T>
  ) {
    var panel = 0
    while panel < cols {
      let here = min(nr, cols - panel)
      let d = dst + panel * depth
      if trans == .none {
        // op(B)(p, j) = b[p·ldb + j]: each source row is contiguous in j.
        for p in 0..<depth {
          let src = b + (row0 + p) * ldb + col0 + panel
          let out = d + p * nr
          for c in 0..<here { out[c] = src[c] }
        }
      } else {
        // op(B)(p, j) = b[j·ldb + p]: each source row is one column of op(B).
        for c in 0..<here {
          let src = b + (col0 + panel + c) * ldb + row0
          for p in 0..<depth { d[p * nr + c] = src[p] }
        }
      }
      if here < nr {
        for p in 0..<depth {
          for c in here..<nr { d[p * nr + c] = 0 }
        }
      }
      panel += nr
    }
  }
}
