// Blocks of Householder reflectors in compact WY form: H₁·H₂·…·H_b = I − V·T·Vᵀ.
//
// What: for b consecutive reflectors (vᵢ with unit first entry, τᵢ) the
// upper triangular b×b matrix T, and the application of the block product
// (or its transpose) to a matrix, which is what makes QR rich in GEMM.
// Method: T is built one column at a time: T[i,i] = τᵢ and
// T[0..<i, i] = −τᵢ·T[0..<i, 0..<i]·(V[:, 0..<i]ᵀ·vᵢ). Applying
// I − V·op(T)·Vᵀ to C is three products: W = Vᵀ·C (GEMM), W ← op(T)·W (small
// triangular product), C ← C − V·W (GEMM). V is kept as an explicit dense
// trapezoid (ones on the diagonal, zeros above) so both GEMMs take it as is.
// Q = H₁·…·H_k is applied block by block in reverse order, Qᵀ in forward
// order with Tᵀ.
// Cost: forming T: b²·h flops for a block of height h; applying the block to
// p columns: 4·h·b·p + b²·p flops, nearly all in the two GEMMs.
// Source: Schreiber & Van Loan, "A storage-efficient WY representation for
// products of Householder transformations", SIAM J. Sci. Stat. Comput. 10
// (1989); Golub & Van Loan, "Matrix Computations" 4th ed., §5.1.7 and §5.2.3.

/// b reflectors starting at row/column `start` of an m-row factorization.
struct ReflectorBlock<T: RealScalar>: Sendable {
  /// First row (and column) the block acts on.
  let start: Int
  /// Number of reflectors b.
  let width: Int
  /// Rows acted on: m − start.
  let height: Int
  /// V, height×width row-major, unit lower trapezoidal with explicit 1s and 0s.
  let v: [T]
  /// T, width×width row-major, upper triangular.
  let t: [T]

  /// Reads the reflectors of columns start..<start+width from packed
  /// factors (v below the diagonal, row stride `ld`) and builds T.
  init(factors: UnsafePointer<T>, ld: Int, rows m: Int, start: Int, width: Int, tau: [T]) {
    self.start = start
    self.width = width
    height = m - start
    var v = [T](repeating: 0, count: height * width)
    for r in 0..<height {
      for j in 0..<min(r, width) { v[r * width + j] = factors[(start + r) * ld + start + j] }
      if r < width { v[r * width + r] = 1 }
    }
    var t = [T](repeating: 0, count: width * width)
    var z = [T](repeating: 0, count: width)
    let height = m - start
    v.withUnsafeBufferPointer { vb in
      t.withUnsafeMutableBufferPointer { tb in
        z.withUnsafeMutableBufferPointer { zb in
          guard let v = vb.baseAddress, let t = tb.baseAddress, let z = zb.baseAddress else {
            return
          }
          for i in 0..<width {
            let tau = tau[start + i]
            t[i * width + i] = tau
            if tau == 0 || i == 0 { continue }
            // z = V[:, 0..<i]ᵀ·vᵢ over rows i..<height (vᵢ is zero above
            // row i): each zⱼ one fused chain over r in order.
            for j in 0..<i { z[j] = 0 }
            for r in i..<height {
              let row = v + r * width
              let vri = row[i]
              for j in 0..<i { z[j] = z[j].addingProduct(row[j], vri) }
            }
            // T[0..<i, i] = −τ·T[0..<i, 0..<i]·z (T upper triangular).
            for j in 0..<i {
              var s: T = 0
              for l in j..<i { s = s.addingProduct(t[j * width + l], z[l]) }
              t[j * width + i] = -tau * s
            }
          }
        }
      }
    }
    self.v = v
    self.t = t
  }

  /// C ← (I − V·op(T)·Vᵀ)·C, op(T) = Tᵀ when `transpose` (that is Hᵀ = H_b…H₁).
  /// C is height×columns at `c` with row stride ldc.
  func apply(transpose: Bool, c: UnsafeMutablePointer<T>, ldc: Int, columns: Int) {
    if columns == 0 || height == 0 { return }
    var w = [T](repeating: 0, count: width * columns)
    var row = [T](repeating: 0, count: columns)
    v.withUnsafeBufferPointer { vp in
      t.withUnsafeBufferPointer { tp in
        w.withUnsafeMutableBufferPointer { wp in
          row.withUnsafeMutableBufferPointer { rp in
            let vBase = vp.baseAddress!
            let wBase = wp.baseAddress!
            // W = Vᵀ·C.
            factorGEMM(
              transposeA: true, transposeB: false, m: width, n: columns, k: height,
              alpha: 1, a: vBase, lda: width, b: UnsafePointer(c), ldb: ldc,
              beta: 0, c: wBase, ldc: columns)
            // W ← op(T)·W in place: T·W top-down, Tᵀ·W bottom-up.
            for step in 0..<width {
              let i = transpose ? width - 1 - step : step
              let range = transpose ? 0..<(i + 1) : i..<width
              for j in 0..<columns { rp[j] = 0 }
              for l in range {
                let tl = transpose ? tp[l * width + i] : tp[i * width + l]
                let source = wBase + l * columns
                for j in 0..<columns { rp[j] = rp[j].addingProduct(tl, source[j]) }
              }
              for j in 0..<columns { wBase[i * columns + j] = rp[j] }
            }
            // C ← C − V·W.
            factorGEMM(
              transposeA: false, transposeB: false, m: height, n: columns, k: width,
              alpha: -1, a: vBase, lda: width, b: UnsafePointer(wBase), ldb: columns,
              beta: 1, c: c, ldc: ldc)
          }
        }
      }
    }
  }
}

/// All reflectors of a factorization, grouped in compact WY blocks.
struct ReflectorSequence<T: RealScalar>: Sendable {
  /// Rows m of the factored matrix.
  let rows: Int
  var blocks: [ReflectorBlock<T>]

  /// Groups the reflectors of packed `factors` (m×ld, v below the diagonal)
  /// in blocks of `blockSize`.
  init(factors: [T], ld: Int, rows m: Int, tau: [T], blockSize: Int) {
    rows = m
    var blocks = [ReflectorBlock<T>]()
    factors.withUnsafeBufferPointer { fp in
      guard let base = fp.baseAddress else { return }
      for start in stride(from: 0, to: tau.count, by: blockSize) {
        let width = min(blockSize, tau.count - start)
        blocks.append(
          ReflectorBlock(factors: base, ld: ld, rows: m, start: start, width: width, tau: tau))
      }
    }
    self.blocks = blocks
  }

  init(rows: Int, blocks: [ReflectorBlock<T>]) {
    self.rows = rows
    self.blocks = blocks
  }

  /// C ← Qᵀ·C for C m×columns (row stride ldc).
  func applyQTranspose(c: UnsafeMutablePointer<T>, ldc: Int, columns: Int) {
    for block in blocks {
      block.apply(transpose: true, c: c + block.start * ldc, ldc: ldc, columns: columns)
    }
  }

  /// C ← Q·C for C m×columns (row stride ldc). With `fromIdentity`, C must
  /// start as the leading columns of the identity: then the block starting at
  /// s leaves columns < s untouched and is applied to the rest only.
  func applyQ(c: UnsafeMutablePointer<T>, ldc: Int, columns: Int, fromIdentity: Bool = false) {
    for block in blocks.reversed() {
      let first = fromIdentity ? min(block.start, columns) : 0
      block.apply(
        transpose: false, c: c + block.start * ldc + first, ldc: ldc, columns: columns - first)
    }
  }
}
