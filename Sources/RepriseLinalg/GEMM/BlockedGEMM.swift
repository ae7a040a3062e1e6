// BlockedGEMM: the five-loop Goto/BLIS driver around the packed micro-kernels.
//
// What: C ← α·op(A)·op(B) + β·C for problems large enough to pay for
// packing (α folded into the packed A; β applied by the micro-kernel as it
// first loads each C tile, so C is read once less and β == 0 never reads it).
// Method: loops jc (NC columns of C) → pc (KC slice of the shared dimension;
// pack op(B)[pc, jc] into NR-column panels) → ic (MC rows; pack α·op(A)[ic, pc]
// into MR-row panels) → jr (one NR panel of B, held in L1) → ir (one MR panel
// of A) → micro-kernel on an MR×NR tile of C. The micro-kernel loads the C
// tile and continues its FMA chain, and pc runs in increasing order, so every
// C[i,j] sees exactly the sequential chain p = 0..<k of the reference loop.
// An untransposed B with m ≤ 128 or k ≤ 128 is not packed: the micro-kernel
// reads its NR-column panels in place (rows ldb apart), which saves a copy
// of B per call — on the small products of a training step packing was a
// quarter of the GEMM time. Only a partial last panel of a block is packed,
// zero-padded. Larger products keep packing (strided panels conflict in L1).
// Edge tiles (fewer than MR rows or NR columns left) are copied into a small
// zero-padded tile, run through the same kernel, and copied back.
// Running sums: when k spans several KC slices, each tile's running sums
// wait between slices in a per-worker buffer laid out tile after tile in
// visiting order, not in C: the first slice starts them (from β·C, or from
// zero when β == 0), the last copies them into C. Reloading a tile from C
// at every slice read six rows ldc apart that had left the caches since the
// previous slice — on a tall product (k = 10,000, C 1000² to 2000²) the
// micro-kernel waited on those loads for about a tenth of its time — while
// the buffer is read front to back, which the hardware prefetcher streams.
// The values only move between memory cells, so no bit changes. (At most
// 32 MiB per worker; a larger band keeps its sums in C as before.)
// Threads: the output is cut into contiguous row bands (or column bands for
// wide problems), one per worker, each aligned to MR (NR); each worker packs
// its own operands into its own buffers and writes only its band of C. The
// shared dimension k is never split, so the thread count cannot change bits.
// Upper triangle only (for SymmetricRankK, m = n): the ic loop stops at the
// last column of the current NC block and the macro-kernel skips every MR×NR
// tile that lies wholly below the diagonal, so only tiles touching the upper
// triangle run (about half the flops); row bands are then cut so that each
// worker gets an equal share of the triangle, not of the rows.
// (A BLIS-style variant that packs one shared B block per (jc, pc) and
// splits only the ic loop was tried: no measurable gain at 256–1024 on our
// shared 2-core machine, and it needs two fork-joins per block instead of
// one per call, so the simpler scheme stays.)
// Cost: 2·m·n·k flops plus O(m·k·⌈n/NC⌉ + k·n·⌈m/(band)⌉) packing traffic
// and O(m·n·k/KC) sequential running-sum traffic; memory per worker
// MC·KC + KC·NC + (band rows)·NC values (the last only when k > KC).
// Source: Goto & van de Geijn 2008, "Anatomy of high-performance matrix
// multiplication" (ACM TOMS 34(3)); Van Zee & van de Geijn 2015, "BLIS: a
// framework for rapidly instantiating BLAS functionality" (ACM TOMS 41(3)),
// Fig. 2 (the five loops); Smith et al. 2014, "Anatomy of high-performance
// many-threaded matrix multiplication" (which loops to parallelise).

import RepriseCore

/// A scalar type with a packed GEMM micro-kernel.
protocol PackedGEMMScalar: RealScalar {
  static var kernelMR: Int { get }
  static var kernelNR: Int { get }
  static func microkernel(
    _ k: Int, _ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Self>, _ ldc: Int, _ beta: Self)
}

extension Double: PackedGEMMScalar {
  @inline(__always) static var kernelMR: Int { 6 }  // MicrokernelDouble.mr
  @inline(__always) static var kernelNR: Int { 8 }  // MicrokernelDouble.nr
  @inline(__always) static func microkernel(
    _ k: Int, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Double>, _ ldc: Int, _ beta: Double
  ) {
    MicrokernelDouble.run(k, a, b, ldb, c, ldc, beta)
  }
}

extension Float: PackedGEMMScalar {
  @inline(__always) static var kernelMR: Int { 6 }  // MicrokernelFloat.mr
  @inline(__always) static var kernelNR: Int { 16 }  // MicrokernelFloat.nr
  @inline(__always) static func microkernel(
    _ k: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ beta: Float
  ) {
    MicrokernelFloat.run(k, a, b, ldb, c, ldc, beta)
  }
}

enum BlockedGEMM {
  /// Largest running-sum buffer per worker, in bytes (see `run`).
  static let partialLimit = 32 << 20

  /// C ← α·op(A)·op(B) + β·C. Requires m, n, k ≥ 1, α ≠ 0, valid leading
  /// dimensions, blocking values ≥ 1 and threads ≥ 1 (checked by
  /// `GEMM.compute`). β is applied by the micro-kernel when it first loads
  /// a tile (first KC slice); β == 0 never reads C.
  static func run<T: PackedGEMMScalar>(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
    alpha: T, a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
    beta: T, c: UnsafeMutablePointer<T>, ldc: Int, threads: Int, storage: PackingStorage,
    blocking: GEMMBlocking, upperTriangle: Bool = false
  ) {
    let mr = T.kernelMR
    let nr = T.kernelNR
    let mc = roundUp(min(blocking.mc, roundUp(m, mr)), mr)
    let nc = roundUp(min(blocking.nc, roundUp(n, nr)), nr)
    let kc = min(blocking.kc, k)
    // In place only when the panels are reused by few row tiles or are
    // short: a long panel read with a large row stride maps onto few cache
    // sets and is evicted between row tiles (measured slower at 256³).
    let directB = transB == .none && (m <= 128 || k <= 128)

    // Cut the output into bands, one per worker.
    let rowUnits = (m + mr - 1) / mr
    let colUnits = (n + nr - 1) / nr
    let splitRows = upperTriangle || rowUnits >= colUnits
    var parts = 1
    if threads > 1 && GEMM.work(m, n, k) >= blocking.parallelLimit {
      parts = min(threads, splitRows ? rowUnits : colUnits)
    }
    // First row unit of each band. For the upper triangle, row i carries
    // n − i outputs, so the rows above band boundary b hold a share
    // 1 − (1 − b/m)² of the work: boundaries at m·(1 − √(1 − part/parts)).
    func firstRowUnit(_ part: Int) -> Int {
      if !upperTriangle || part == parts { return rowUnits * part / parts }
      let remaining = (1 - Double(part) / Double(parts)).squareRoot()
      return rowUnits - Int((Double(rowUnits) * remaining).rounded())
    }

    // Per-worker buffers: packed A, packed B, edge tile, running sums, each
    // 64-byte aligned.
    let size = MemoryLayout<T>.stride
    let aBytes = roundUp(mc * kc * size, 64)
    let bBytes = roundUp(kc * nc * size, 64)
    let tileBytes = roundUp(mr * nr * size, 64)
    // Running sums between KC slices (when k spans several): one MR×NR
    // tile after another, in the order the macro-kernel visits them (ic
    // block, then jr panel, then ir), so every slice reads and writes this
    // buffer front to back — a stream the hardware prefetcher follows —
    // instead of reloading each tile from C, whose rows lie ldc apart and
    // have left the caches since the previous slice. Each worker's buffer
    // holds its band's rows of one NC column block; past `partialLimit`
    // bytes (bands over 8,192 rows at NC = 512, Double) the sums stay in C.
    let slices = (k + kc - 1) / kc
    var bandRows = rowUnits * mr
    if splitRows {
      bandRows = (0..<parts).map { (firstRowUnit($0 + 1) - firstRowUnit($0)) * mr }.max() ?? 0
    }
    var partialCount = slices > 1 ? (bandRows + mc - 1) / mc * mc * nc : 0
    if partialCount * size > partialLimit { partialCount = 0 }
    let partialBytes = roundUp(partialCount * size, 64)
    let buffers = storage.reserve(
      count: parts, bytes: aBytes + bBytes + tileBytes + partialBytes)

    ParallelFor.run(chunks: parts, threads: parts) { part in
      let raw = buffers[part]
      let partial =
        partialCount > 0
        ? (raw + aBytes + bBytes + tileBytes).bindMemory(to: T.self, capacity: partialCount)
        : nil
      let packedA = raw.bindMemory(to: T.self, capacity: mc * kc)
      let packedB = (raw + aBytes).bindMemory(to: T.self, capacity: kc * nc)
      let tile = (raw + aBytes + bBytes).bindMemory(to: T.self, capacity: mr * nr)
      var rows = 0..<m
      var cols = 0..<n
      if splitRows {
        let first = min(m, firstRowUnit(part) * mr)
        rows = first..<max(first, min(m, firstRowUnit(part + 1) * mr))
      } else {
        cols = (colUnits * part / parts * nr)..<min(n, colUnits * (part + 1) / parts * nr)
      }
      var jc = cols.lowerBound
      while jc < cols.upperBound {
        let ncHere = min(nc, cols.upperBound - jc)
        // Upper triangle: rows past this block's last column are all below
        // the diagonal (and a band with none left skips the block).
        let rowEnd = upperTriangle ? min(rows.upperBound, jc + ncHere) : rows.upperBound
        var pc = rowEnd > rows.lowerBound ? 0 : k
        while pc < k {
          let kcHere = min(kc, k - pc)
          // An untransposed B is read in place, row p of a panel at
          // b[(pc + p)·ldb + column]; only a partial last panel is packed
          // (zero-padded) into the buffer. A transposed B is packed whole.
          let source: BPanels<T>
          if directB {
            let fullColumns = ncHere / nr * nr
            if fullColumns < ncHere {
              Packing.packB(
                transB, b, ldb, row0: pc, depth: kcHere, col0: jc + fullColumns,
                cols: ncHere - fullColumns, into: packedB)
            }
            source = BPanels(
              direct: b + pc * ldb + jc, ldb: ldb, fullColumns: fullColumns, packedEdge: packedB)
          } else {
            Packing.packB(
              transB, b, ldb, row0: pc, depth: kcHere, col0: jc, cols: ncHere, into: packedB)
            source = BPanels(
              direct: nil, ldb: nr, fullColumns: 0, packedEdge: UnsafePointer(packedB))
          }
          var ic = rows.lowerBound
          while ic < rowEnd {
            let mcHere = min(mc, rowEnd - ic)
            Packing.packA(
              transA, a, lda, row0: ic, rows: mcHere, col0: pc, depth: kcHere, alpha: alpha,
              into: packedA)
            let slice: Slice =
              partial == nil ? .only : pc == 0 ? .first : pc + kc >= k ? .last : .middle
            macroKernel(
              m: mcHere, n: ncHere, k: kcHere, packedA: packedA, b: source,
              c: c + ic * ldc + jc, ldc: ldc, beta: pc == 0 ? beta : 1, tile: tile,
              diagonalOffset: upperTriangle ? ic - jc : nil,
              partial: partial.map { $0 + (ic - rows.lowerBound) / mc * mc * nc }, slice: slice)
            ic += mc
          }
          pc += kc
        }
        jc += nc
      }
    }
  }

  /// All MR×NR tiles of one packed MC×KC block of A times one KC×NC block of B.
  /// With `diagonalOffset` (the block's first row minus its first column in
  /// C), tiles wholly below the diagonal of C are skipped. With `partial`
  /// (this block's part of the running-sum buffer, ⌈m/MR⌉·MR·⌈n/NR⌉·NR
  /// values), the tiles' sums are kept there, tile (ir, jr) at
  /// jr·⌈m/MR⌉·MR + ir·NR, and `slice` says whether to start them from C
  /// (`.first`) and whether to copy them into C (`.last`).
  @inline(__always)
  static func macroKernel<T: PackedGEMMScalar>(
    m: Int, n: Int, k: Int, packedA: UnsafePointer<T>, b: BPanels<T>,
    c: UnsafeMutablePointer<T>, ldc: Int, beta: T, tile: UnsafeMutablePointer<T>,
    diagonalOffset: Int? = nil, partial: UnsafeMutablePointer<T>? = nil, slice: Slice = .only
  ) {
    let mr = T.kernelMR
    let nr = T.kernelNR
    var jr = 0
    while jr < n {
      let nHere = min(nr, n - jr)
      let (bPanel, ldb) = b.panel(at: jr, depth: k, nr: nr)
      // Rows from `rowLimit` on lie below the diagonal in every column of
      // this panel.
      let rowLimit = diagonalOffset.map { min(m, jr + nHere - $0) } ?? m
      var ir = 0
      while ir < rowLimit {
        let mHere = min(mr, m - ir)
        let aPanel = packedA + ir * k
        let cTile = c + ir * ldc + jr
        if let partial {
          // The tile's running sums live in `partial` between slices.
          let saved = partial + jr * roundUp(m, mr) + ir * nr
          if slice == .first && beta != 0 {
            for r in 0..<mr {
              for col in 0..<nr {
                saved[r * nr + col] = (r < mHere && col < nHere) ? cTile[r * ldc + col] : 0
              }
            }
          }
          T.microkernel(k, aPanel, bPanel, ldb, saved, nr, beta)
          if slice == .last {
            for r in 0..<mHere {
              for col in 0..<nHere { cTile[r * ldc + col] = saved[r * nr + col] }
            }
          }
        } else if mHere == mr && nHere == nr {
          T.microkernel(k, aPanel, bPanel, ldb, cTile, ldc, beta)
        } else {
          // Edge: run the full kernel on a zero-padded copy of the tile.
          if beta != 0 {
            for r in 0..<mr {
              for col in 0..<nr {
                tile[r * nr + col] = (r < mHere && col < nHere) ? cTile[r * ldc + col] : 0
              }
            }
          }
          T.microkernel(k, aPanel, bPanel, ldb, tile, nr, beta)
          for r in 0..<mHere {
            for col in 0..<nHere { cTile[r * ldc + col] = tile[r * nr + col] }
          }
        }
        ir += mr
      }
      jr += nr
    }
  }

  /// Which KC slice a macro-kernel call works on: the only one (sums live
  /// in C), or the first, a middle or the last of several (sums live in the
  /// running-sum buffer).
  enum Slice {
    case only, first, middle, last
  }

  @inline(__always)
  static func roundUp(_ x: Int, _ multiple: Int) -> Int {
    (x + multiple - 1) / multiple * multiple
  }
}

/// Where the micro-kernel finds the NR-column panels of one KC×NC block of
/// op(B): in place in an untransposed B (`direct`, rows `ldb` apart) for the
/// first `fullColumns` columns, and packed (rows NR apart) after that.
struct BPanels<T: PackedGEMMScalar> {
  let direct: UnsafePointer<T>?
  let ldb: Int
  let fullColumns: Int
  let packedEdge: UnsafePointer<T>

  init(direct: UnsafePointer<T>?, ldb: Int, fullColumns: Int, packedEdge: UnsafePointer<T>) {
    self.direct = direct
    self.ldb = ldb
    self.fullColumns = fullColumns
    self.packedEdge = packedEdge
  }

  init(direct: UnsafePointer<T>?, ldb: Int, fullColumns: Int, packedEdge: UnsafeMutablePointer<T>) {
    self.init(
      direct: direct, ldb: ldb, fullColumns: fullColumns, packedEdge: UnsafePointer(packedEdge))
  }

  /// The panel starting at column `jr` of the block and its row stride.
  @inline(__always)
  func panel(at jr: Int, depth: Int, nr: Int) -> (UnsafePointer<T>, Int) {
    if let direct, jr < fullColumns { return (direct + jr, ldb) }
    return (packedEdge + (jr - fullColumns) * depth, nr)
  }
}
