// Shared steps of the divide-and-conquer merges (symmetric tridiagonal
// eigenproblem, TridiagonalDivideConquer.swift; bidiagonal SVD,
// BidiagonalDivideConquer.swift).
//
// What: (0) deflation: which pairs of a merge leave the secular equation;
// (1) the new vectors Q[:, kept]·S of a merge, where Q is the n×n
// block-diagonal basis of the two solved halves (rows 0..<top from the first
// half, the rest from the second) and S the k×k vectors of the secular
// equation; (2) the final sort of the kept and deflated pairs into one
// ascending list with their vectors.
// Method: (0) as LAPACK's xLAED2/xLASD2 document it (Dongarra & Sorensen
// 1987): over the values sorted ascending, an entry with w·|zⱼ| ≤ tol leaves
// as it is; of two kept neighbours whose values are so close that the Givens
// rotation zeroing the first one's z entry changes the matrix by ≤ tol
// (|(dⱼ − dᵢ)·c·s| ≤ tol), the rotation is applied (to the values, the z
// entries and, through the caller, the basis columns) and the first leaves.
// (1) a column of Q that lives in one half only (every column not
// mixed by a deflating rotation) is zero in the other half, so the columns
// are grouped top-only, mixed, bottom-only and the product is two GEMMs: the
// top rows over the top-only and mixed columns, the bottom rows over the mixed
// and bottom-only ones — about n·k² flops instead of 2n·k². GEMM threads
// split its output, so the bits do not depend on the thread count. (2) a sort
// by value, ties broken kept-before-deflated then by index (deterministic).
// Cost: (1) ≈ 2·(top·k_top + bottom·k_bottom)·k flops; (2) n log n + n².
// Sources: Gu & Eisenstat, SIAM J. Matrix Anal. Appl. 16 (1995) §3; the
// column grouping is the one LAPACK's xLAED2/xLASD2 document (COLTYP).

enum DivideConquerMerge {
  /// Where a column of the merge basis lives.
  enum Half: Int {
    case top = 1
    case bottom = 2
    case both = 3

    /// The half of a column after a rotation mixes it with `other`.
    func joined(_ other: Half) -> Half { Half(rawValue: rawValue | other.rawValue)! }
  }

  /// Deflation over the sorted positions first..<n of `ds` (values) and `zs`
  /// (z entries, weighted by `zWeight` in the size test). `rotate(i, j, c, s)`
  /// must apply column i ← c·col i + s·col j, col j ← c·col j − s·col i to
  /// the caller's bases, for positions i, j. Returns the kept and the
  /// deflated positions (kept ascending; the first `first` positions are
  /// neither).
  static func deflate<T: RealScalar>(
    values ds: inout [T], z zs: inout [T], halves: inout [Half], from first: Int, zWeight: T,
    tolerance tol: T, rotate: (Int, Int, T, T) -> Void
  ) -> (kept: [Int], deflated: [Int]) {
    var deflated = [Int]()
    var kept = [Int]()
    var previous = -1
    for j in first..<ds.count {
      if zWeight * abs(zs[j]) <= tol {
        deflated.append(j)
        continue
      }
      if previous < 0 {
        previous = j
        continue
      }
      let s0 = zs[previous]
      let c0 = zs[j]
      let length = Spectral.hypot(c0, s0)
      let c = c0 / length
      let s = -s0 / length
      let gap = ds[j] - ds[previous]
      if abs(gap * c * s) <= tol {
        zs[j] = length
        zs[previous] = 0
        rotate(previous, j, c, s)
        let dp = ds[previous]
        let dj = ds[j]
        ds[previous] = (dp * c * c).addingProduct(dj, s * s)
        ds[j] = (dp * s * s).addingProduct(dj, c * c)
        halves[j] = halves[j].joined(halves[previous])
        halves[previous] = halves[j]
        deflated.append(previous)
      } else {
        kept.append(previous)
      }
      previous = j
    }
    if previous >= 0 { kept.append(previous) }
    return (kept, deflated)
  }

  /// Columns i, j of the n×n row-major q: i ← c·i + s·j, j ← c·j − s·i.
  static func rotateColumns<T: RealScalar>(_ q: inout [T], n: Int, _ i: Int, _ j: Int, c: T, s: T) {
    q.withUnsafeMutableBufferPointer { qb in
      rotateColumns(qb.baseAddress!, ld: n, rows: n, i, j, c: c, s: s)
    }
  }

  /// Columns i, j of the `rows`-row block at `q` (row stride `ld`):
  /// i ← c·i + s·j, j ← c·j − s·i.
  static func rotateColumns<T: RealScalar>(
    _ q: UnsafeMutablePointer<T>, ld: Int, rows: Int, _ i: Int, _ j: Int, c: T, s: T
  ) {
    for r in 0..<rows {
      let x = q[r * ld + i]
      let y = q[r * ld + j]
      q[r * ld + i] = (c * x).addingProduct(s, y)
      q[r * ld + j] = (c * y).addingProduct(-s, x)
    }
  }

  /// Q[:, columns]·S, n×k row-major. `columns[p]` is the column of the n×n
  /// row-major `q` that multiplies row p of the k×k row-major `s`, and
  /// `halves[p]` is where that column lives; rows 0..<top of Q form the top.
  static func product<T: RealScalar>(
    q: [T], n: Int, top: Int, columns: [Int], halves: [Half], s: [T]
  ) -> [T] {
    let k = columns.count
    var out = [T](repeating: 0, count: n * k)
    let workspace = Workspace<T>(capacity: n * k + k * k)
    q.withUnsafeBufferPointer { qb in
      s.withUnsafeBufferPointer { sb in
        out.withUnsafeMutableBufferPointer { ob in
          guard let qp = qb.baseAddress, let sp = sb.baseAddress, let op = ob.baseAddress else {
            return
          }
          product(
            q: qp, ld: n, n: n, top: top, columns: columns, halves: halves, s: sp,
            out: op, gather: workspace.base, grouped: workspace.base + n * k)
        }
      }
    }
    return out
  }

  /// `product` on raw storage: Q is the n-row block at `q` (row stride
  /// `ld`), S k×k row-major at `s`, the n×k result goes to `out`. `gather`
  /// (n·k entries) and `grouped` (k² entries) are scratch.
  static func product<T: RealScalar>(
    q: UnsafePointer<T>, ld: Int, n: Int, top: Int, columns: [Int], halves: [Half],
    s: UnsafePointer<T>, out: UnsafeMutablePointer<T>, gather: UnsafeMutablePointer<T>,
    grouped sGrouped: UnsafeMutablePointer<T>
  ) {
    let k = columns.count
    if k == 0 { return }
    let group = [Half.top, .both, .bottom].flatMap { h in (0..<k).filter { halves[$0] == h } }
    let topCount = group.filter { halves[$0] != .bottom }.count
    let mixedStart = group.firstIndex { halves[$0] != .top } ?? k
    let bottomCount = k - mixedStart
    let bottom = n - top
    for (row, source) in group.enumerated() {
      (sGrouped + row * k).update(from: s + source * k, count: k)
    }
    let qTop = gather
    for r in 0..<top {
      for c in 0..<topCount { qTop[r * topCount + c] = q[r * ld + columns[group[c]]] }
    }
    let qBottom = gather + top * topCount
    for r in 0..<bottom {
      for c in 0..<bottomCount {
        qBottom[r * bottomCount + c] = q[(top + r) * ld + columns[group[mixedStart + c]]]
      }
    }
    if topCount > 0 {
      factorGEMM(
        transposeA: false, transposeB: false, m: top, n: k, k: topCount, alpha: 1,
        a: UnsafePointer(qTop), lda: topCount, b: UnsafePointer(sGrouped), ldb: k, beta: 0,
        c: out, ldc: k)
    } else {
      for i in 0..<(top * k) { out[i] = 0 }
    }
    if bottomCount > 0 {
      factorGEMM(
        transposeA: false, transposeB: false, m: bottom, n: k, k: bottomCount, alpha: 1,
        a: UnsafePointer(qBottom), lda: bottomCount, b: UnsafePointer(sGrouped + mixedStart * k),
        ldb: k, beta: 0, c: out + top * k, ldc: k)
    } else {
      for i in (top * k)..<(n * k) { out[i] = 0 }
    }
  }

  /// The ascending order of the pairs of a merge: kept value i (from
  /// `keptValues`) and deflated value j (from `deflatedValues`), ties broken
  /// kept before deflated, then by index (deterministic).
  static func ascendingPairs<T: RealScalar>(keptValues: [T], deflatedValues: [T]) -> [(
    value: T, kept: Bool, index: Int
  )] {
    var pairs = [(value: T, kept: Bool, index: Int)]()
    pairs.reserveCapacity(keptValues.count + deflatedValues.count)
    for (i, value) in keptValues.enumerated() { pairs.append((value, true, i)) }
    for (j, value) in deflatedValues.enumerated() { pairs.append((value, false, j)) }
    pairs.sort { x, y in
      if x.value != y.value { return x.value < y.value }
      if x.kept != y.kept { return x.kept }
      return x.index < y.index
    }
    return pairs
  }

  /// All pairs of a merge, ascending: kept value i has column i of each
  /// `products[t]` (n×k); deflated pair (value, column c) has column c of each
  /// `bases[t]` (n×n). Returns the values and, for each t, the n×n vectors.
  static func assemble<T: RealScalar>(
    keptValues: [T], deflated: [(value: T, column: Int)], n: Int, products: [[T]],
    bases: [[T]]
  ) -> (values: [T], vectors: [[T]]) {
    let k = keptValues.count
    let pairs = ascendingPairs(keptValues: keptValues, deflatedValues: deflated.map { $0.value })
    var outs = [[T]]()
    for t in 0..<products.count {
      var out = [T](repeating: 0, count: n * n)
      let product = products[t]
      let basis = bases[t]
      for (column, pair) in pairs.enumerated() {
        if pair.kept {
          for r in 0..<n { out[r * n + column] = product[r * k + pair.index] }
        } else {
          let source = deflated[pair.index].column
          for r in 0..<n { out[r * n + column] = basis[r * n + source] }
        }
      }
      outs.append(out)
    }
    return (pairs.map { $0.value }, outs)
  }

  /// Scratch memory reused across the merges of one solve: allocated once,
  /// never zeroed (every entry is written before it is read), so the merges
  /// neither allocate nor fault in fresh pages. Scalars are trivial types, so
  /// assigning into the uninitialised memory is valid.
  final class Workspace<T: RealScalar> {
    let base: UnsafeMutablePointer<T>
    let capacity: Int

    init(capacity: Int) {
      self.capacity = max(capacity, 1)
      base = UnsafeMutablePointer<T>.allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }
  }
}
