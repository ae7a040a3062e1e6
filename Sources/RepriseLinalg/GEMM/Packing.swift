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
  /// scaled by α, into panels of MR rows at `dst`
  /// (⌈rows/MR⌉·MR·depth elements). MR is the kernel's, a compile-time
  /// constant once specialised, so the inner loops unroll.
  @inline(__always)
  static func packA<T: PackedGEMMScalar>(
    _ trans: Transpose, _ a: UnsafePointer<T>, _ lda: Int, row0: Int, rows: Int,
    col0: Int, depth: Int, alpha: T, into dst: UnsafeMutablePointer<T>
  ) {
    let mr = T.kernelMR
    var panel = 0
    if trans == .transposed {
      // op(A)(i, p) = a[p·lda + i]: row p of the source holds the block's
      // values for every i side by side. Walk p outermost and deal each
      // source row out to the full panels (one sequential read per row,
      // instead of one strided walk down the rows per panel: that walk
      // touched a new cache line and page at every step and cost a sixth
      // of a tall CKA's time). The partial last panel is left to the loop below.
      let fullPanels = rows / mr
      let bytes = mr * MemoryLayout<T>.stride
      for p in 0..<depth where fullPanels > 0 {
        let source = a + (col0 + p) * lda + row0
        var d = dst + p * mr
        for block in 0..<fullPanels {
          let s = source + block * mr
          if alpha == 1 {
            UnsafeMutableRawPointer(d).copyMemory(from: s, byteCount: bytes)
          } else {
            for r in 0..<mr { d[r] = alpha * s[r] }
          }
          d += mr * depth
        }
      }
      panel = fullPanels * mr
    }
    while panel < rows {
      let here = min(mr, rows - panel)
      var d = dst + panel * depth
      if trans == .none {
        // op(A)(i, p) = a[i·lda + p]: read the panel's rows side by side
        // (MR unit-stride streams), write the panel contiguously.
        var s = a + (row0 + panel) * lda + col0
        if here == mr {
          if alpha == 1 {
            for _ in 0..<depth {
              for r in 0..<mr { d[r] = s[r &* lda] }
              s += 1
              d += mr
            }
          } else {
            for _ in 0..<depth {
              for r in 0..<mr { d[r] = alpha * s[r &* lda] }
              s += 1
              d += mr
            }
          }
        } else {
          for _ in 0..<depth {
            for r in 0..<mr {
              d[r] = r < here ? (alpha == 1 ? s[r &* lda] : alpha * s[r &* lda]) : 0
            }
            s += 1
            d += mr
          }
        }
      } else {
        // op(A)(i, p) = a[p·lda + i]: contiguous in i, so copy MR at a time.
        var s = a + col0 * lda + row0 + panel
        if here == mr {
          if alpha == 1 {
            for _ in 0..<depth {
              for r in 0..<mr { d[r] = s[r] }
              s += lda
              d += mr
            }
          } else {
            for _ in 0..<depth {
              for r in 0..<mr { d[r] = alpha * s[r] }
              s += lda
              d += mr
            }
          }
        } else {
          for _ in 0..<depth {
            for r in 0..<mr { d[r] = r < here ? (alpha == 1 ? s[r] : alpha * s[r]) : 0 }
            s += lda
            d += mr
          }
        }
      }
      panel += mr
    }
  }

  /// Packs rows `row0..<row0+depth`, columns `col0..<col0+cols` of op(B) into
  /// panels of NR columns at `dst` (⌈cols/NR⌉·NR·depth elements).
  @inline(__always)
  static func packB<T: PackedGEMMScalar>(
    _ trans: Transpose, _ b: UnsafePointer<T>, _ ldb: Int, row0: Int, depth: Int,
    col0: Int, cols: Int, into dst: UnsafeMutablePointer<T>
  ) {
    let nr = T.kernelNR
    let fullPanels = cols / nr
    if trans == .none {
      // op(B)(p, j) = b[p·ldb + j]: rows are contiguous in j. Walk groups of
      // full panels with p outermost, so each source row is read as one run
      // of `group`·NR values (few pages and cache lines per row).
      let group = 16
      var first = 0
      while first < fullPanels {
        let last = min(first + group, fullPanels)
        for p in 0..<depth {
          let src = b + (row0 + p) * ldb + col0
          for panel in first..<last {
            let out = dst + (panel &* nr &* depth &+ p &* nr)
            // NR values (64 bytes for both kernels): a constant-size copy
            // the compiler turns into vector moves.
            UnsafeMutableRawPointer(out).copyMemory(
              from: src + panel &* nr, byteCount: nr * MemoryLayout<T>.stride)
          }
        }
        first = last
      }
    } else {
      // op(B)(p, j) = b[j·ldb + p]: gather NR unit-stride streams (one per
      // column of op(B)), write each panel contiguously.
      for panel in 0..<fullPanels {
        var s = b + (col0 + panel * nr) * ldb + row0
        var d = dst + panel * nr * depth
        for _ in 0..<depth {
          for c in 0..<nr { d[c] = s[c &* ldb] }
          s += 1
          d += nr
        }
      }
    }
    // The last, partial panel, zero-padded.
    let done = fullPanels * nr
    if done < cols {
      let here = cols - done
      var d = dst + done * depth
      for p in 0..<depth {
        for c in 0..<nr {
          if c < here {
            d[c] =
              trans == .none
              ? b[(row0 + p) * ldb + col0 + done + c] : b[(col0 + done + c) * ldb + row0 + p]
          } else {
            d[c] = 0
          }
        }
        d += nr
      }
    }
  }
}
