// Small shared kernels for the spectral decompositions (symmetric eigen, SVD).
//
// What: plane rotations computed without overflow, rotations of two rows of a
// row-major buffer, fused dot products and 2-norms in a fixed order, power-of-
// two scaling of a matrix into a safe range, canonical ordering and signs, and
// the completion of a set of orthonormal rows to an orthonormal basis.
// Every decomposition stores its vectors as *rows* of a row-major buffer (Vᵀ,
// Uᵀ, Qᵀ) so that a rotation of two vectors touches two contiguous rows.
// The matrix–vector products of the panel reductions (`rowDotsThreaded`,
// `columnCombination`) split their outputs over threads when large enough.
// Cost: all kernels are O(length) per call, except `completeOrthonormalRows`
// (O(k·m²) in the worst case for k missing rows of length m) and the two
// matrix–vector products (O(rows·length)).
// Sources: Golub & Van Loan, "Matrix Computations" 4th ed., §5.1.8 (Givens
// rotations), §5.2.8 (Gram–Schmidt); Anderson, "Algorithm 978: Safe scaling in
// the level 1 BLAS" (2017) for the idea of scaling by powers of two.

import RepriseCore

/// Namespace for the internal kernels shared by `Eigen/` and `SVD/`.
enum Spectral {
  /// Plane rotation (c, s, r) with c·f + s·g = r and −s·f + c·g = 0, c ≥ 0,
  /// r carrying the sign of f (r = g when f = 0). Squares are formed only in
  /// the safe range; outside it the pair is scaled first.
  @inline(__always)
  static func rotation<T: RealScalar>(_ f: T, _ g: T) -> (c: T, s: T, r: T) {
    if g == 0 { return (1, 0, f) }
    if f == 0 { return (0, 1, g) }
    let af = abs(f)
    let ag = abs(g)
    let big = max(af, ag)
    let small = min(af, ag)
    let d: T
    if big < safeMax(T.self) && small > safeMin(T.self) {
      d = (f * f).addingProduct(g, g).squareRoot()
    } else {
      let q = small / big
      d = big * (1 as T).addingProduct(q, q).squareRoot()
    }
    let c = af / d
    let sign: T = f < 0 ? -1 : 1
    return (c, sign * g / d, sign * d)
  }

  /// √(x² + y²) without overflow or harmful underflow.
  @inline(__always)
  static func hypot<T: RealScalar>(_ x: T, _ y: T) -> T {
    let ax = abs(x)
    let ay = abs(y)
    let big = max(ax, ay)
    if big == 0 { return 0 }
    let small = min(ax, ay)
    if big < safeMax(T.self) && small > safeMin(T.self) {
      return (x * x).addingProduct(y, y).squareRoot()
    }
    let q = small / big
    return big * (1 as T).addingProduct(q, q).squareRoot()
  }

  /// Squares of numbers in [safeMin, safeMax] neither overflow nor lose
  /// precision to gradual underflow.
  @inline(__always) static func safeMin<T: RealScalar>(_: T.Type) -> T {
    T.leastNormalMagnitude.squareRoot() / T.ulpOfOne
  }
  @inline(__always) static func safeMax<T: RealScalar>(_: T.Type) -> T {
    T.greatestFiniteMagnitude.squareRoot() * T.ulpOfOne
  }

  /// Rotates rows i and j (each `length` long, starting at `base + i·stride`):
  /// xᵢ ← c·xᵢ + s·xⱼ, xⱼ ← −s·xᵢ + c·xⱼ.
  @inline(__always)
  static func rotateRows<T: RealScalar>(
    _ p: UnsafeMutablePointer<T>, _ i: Int, _ j: Int, rowStride: Int, length: Int, c: T, s: T
  ) {
    let x = p + i * rowStride
    let y = p + j * rowStride
    for k in 0..<length {
      let xk = x[k]
      let yk = y[k]
      x[k] = (c * xk).addingProduct(s, yk)
      y[k] = (c * yk).addingProduct(-s, xk)
    }
  }

  /// For each of `rows` rows (row r at `a + r·stride`, `length` entries)
  /// calls `result(r, Σₖ rowᵣ[k]·x[k])`, each sum one fused chain in index
  /// order — the same bits as `dot` row by row. Four rows are summed together
  /// so that four independent FMA chains overlap (a single chain waits on the
  /// FMA latency; this is what made the matrix–vector products of the
  /// tridiagonal and bidiagonal reductions ~4× slower than they need be).
  @inline(__always)
  static func rowDots<T: RealScalar>(
    _ a: UnsafePointer<T>, stride: Int, rows: Int, length: Int, x: UnsafePointer<T>,
    _ result: (Int, T) -> Void
  ) {
    var r = 0
    while r + 4 <= rows {
      let r0 = a + r * stride
      let r1 = r0 + stride
      let r2 = r1 + stride
      let r3 = r2 + stride
      var t0: T = 0
      var t1: T = 0
      var t2: T = 0
      var t3: T = 0
      for k in 0..<length {
        let xk = x[k]
        t0 = t0.addingProduct(r0[k], xk)
        t1 = t1.addingProduct(r1[k], xk)
        t2 = t2.addingProduct(r2[k], xk)
        t3 = t3.addingProduct(r3[k], xk)
      }
      result(r, t0)
      result(r + 1, t1)
      result(r + 2, t2)
      result(r + 3, t3)
      r += 4
    }
    while r < rows {
      let row = a + r * stride
      var t: T = 0
      for k in 0..<length { t = t.addingProduct(row[k], x[k]) }
      result(r, t)
      r += 1
    }
  }

  /// `rowDots` with the rows split over the default thread count when the
  /// product is large enough to pay for a fork-join (≥ 2¹⁶ entries): every
  /// row's chain is computed exactly as alone, so the bits do not depend on
  /// the thread count. `result` is called concurrently for disjoint rows.
  static func rowDotsThreaded<T: RealScalar>(
    _ a: UnsafePointer<T>, stride: Int, rows: Int, length: Int, x: UnsafePointer<T>,
    _ result: (Int, T) -> Void
  ) {
    let threads = rows * length >= 1 << 16 ? min(ThreadSettings.defaultCount, rows / 64) : 1
    if threads <= 1 {
      rowDots(a, stride: stride, rows: rows, length: length, x: x, result)
      return
    }
    ParallelFor.run(chunks: threads, threads: threads) { chunk in
      let first = rows * chunk / threads
      let last = rows * (chunk + 1) / threads
      rowDots(a + first * stride, stride: stride, rows: last - first, length: length, x: x) {
        r, t in result(first + r, t)
      }
    }
  }

  /// out[c] = Σᵣ u[r]·A[r, c] for c < columns (r < rows; row r at
  /// `a + r·stride`), each a fused chain over r in order; the columns are
  /// split over the default thread count when the product has ≥ 2¹⁶ entries
  /// (disjoint outputs: the same bits at any thread count).
  static func columnCombination<T: RealScalar>(
    _ a: UnsafePointer<T>, stride: Int, rows: Int, columns: Int, u: UnsafePointer<T>,
    out: UnsafeMutablePointer<T>
  ) {
    let threads =
      rows * columns >= 1 << 16 ? min(ThreadSettings.defaultCount, columns / 64) : 1
    ParallelFor.run(chunks: max(threads, 1), threads: threads) { chunk in
      let first = columns * chunk / max(threads, 1)
      let last = columns * (chunk + 1) / max(threads, 1)
      for c in first..<last { out[c] = 0 }
      // Four rows per pass over the outputs: each output's chain still takes
      // the rows in order (r, r+1, r+2, r+3), but it is loaded and stored once
      // per four rows, and the loop over c vectorises.
      var r = 0
      while r + 4 <= rows {
        let (u0, u1, u2, u3) = (u[r], u[r + 1], u[r + 2], u[r + 3])
        let r0 = a + r * stride
        let r1 = r0 + stride
        let r2 = r1 + stride
        let r3 = r2 + stride
        for c in first..<last {
          out[c] = out[c].addingProduct(u0, r0[c]).addingProduct(u1, r1[c])
            .addingProduct(u2, r2[c]).addingProduct(u3, r3[c])
        }
        r += 4
      }
      while r < rows {
        let ur = u[r]
        let row = a + r * stride
        for c in first..<last { out[c] = out[c].addingProduct(ur, row[c]) }
        r += 1
      }
    }
  }

  /// Σ xₖ·yₖ, one fused chain in index order.
  @inline(__always)
  static func dot<T: RealScalar>(_ x: UnsafePointer<T>, _ y: UnsafePointer<T>, _ n: Int) -> T {
    var t: T = 0
    for k in 0..<n { t = t.addingProduct(x[k], y[k]) }
    return t
  }

  /// Euclidean norm of n contiguous entries; a second, scaled pass is made
  /// only when the plain sum of squares left the safe range.
  static func norm<T: RealScalar>(_ x: UnsafePointer<T>, _ n: Int) -> T {
    var t: T = 0
    for k in 0..<n { t = t.addingProduct(x[k], x[k]) }
    let lower = safeMin(T.self) * safeMin(T.self)
    if t.isFinite && (t > lower || t == 0) { return t.squareRoot() }
    var big: T = 0
    for k in 0..<n { big = max(big, abs(x[k])) }
    if big == 0 { return 0 }
    let inv = 1 / big
    t = 0
    for k in 0..<n {
      let q = x[k] * inv
      t = t.addingProduct(q, q)
    }
    return big * t.squareRoot()
  }

  /// Largest |entry|.
  static func maxAbs<T: RealScalar>(_ x: [T]) -> T {
    var m: T = 0
    for v in x { m = max(m, abs(v)) }
    return m
  }

  /// A power of two `s` with s·maxAbs in [1/2, 1) when that is representable
  /// (1 for a zero matrix). Multiplying by a power of two is exact, so the
  /// scaled problem has exactly the same relative structure.
  static func scaleFactor<T: RealScalar>(forMaxAbs maxAbs: T) -> T {
    if maxAbs == 0 || !maxAbs.isFinite { return 1 }
    let limit = T.greatestFiniteMagnitude.exponent
    let e = max(-limit, min(limit, -(maxAbs.exponent + 1)))
    return T(sign: .plus, exponent: e, significand: 1)
  }

  /// Multiplies every entry by `s` (a power of two: exact unless the result
  /// under- or overflows).
  static func scale<T: RealScalar>(_ x: inout [T], by s: T) {
    if s == 1 { return }
    for k in x.indices { x[k] *= s }
  }

  /// Indices of `values` sorted descending (ascending when `descending` is
  /// false); ties keep the lower index first, so the order is deterministic.
  static func order<T: RealScalar>(_ values: [T], descending: Bool) -> [Int] {
    Array(values.indices).sorted { a, b in
      if values[a] != values[b] {
        return descending ? values[a] > values[b] : values[a] < values[b]
      }
      return a < b
    }
  }

  /// Gathers rows `order` of a row-major `rows×length` buffer.
  static func permuteRows<T: RealScalar>(_ x: [T], length: Int, order: [Int]) -> [T] {
    var out = [T]()
    out.reserveCapacity(order.count * length)
    for r in order { out.append(contentsOf: x[(r * length)..<((r + 1) * length)]) }
    return out
  }

  /// Makes the largest-|·| entry of each row positive (first one on ties).
  /// Returns, for each row, whether it was negated.
  @discardableResult
  static func canonicalizeRowSigns<T: RealScalar>(_ x: inout [T], rows: Int, length: Int) -> [Bool]
  {
    var flipped = [Bool](repeating: false, count: rows)
    for r in 0..<rows {
      var best: T = -1
      var bestValue: T = 0
      for k in 0..<length where abs(x[r * length + k]) > best {
        best = abs(x[r * length + k])
        bestValue = x[r * length + k]
      }
      if bestValue < 0 {
        flipped[r] = true
        for k in 0..<length { x[r * length + k] = -x[r * length + k] }
      }
    }
    return flipped
  }

  /// Whether `values` is non-decreasing (then `order(values, descending:
  /// false)` is the identity: ties keep the lower index first).
  static func isAscending<T: RealScalar>(_ values: [T]) -> Bool {
    for i in values.indices.dropFirst() where values[i] < values[i - 1] { return false }
    return true
  }

  /// Makes the largest-|·| entry of each column of the row-major
  /// `rows×columns` buffer positive (the first one, from the top, on ties):
  /// `canonicalizeRowSigns` of the transpose, with the same bits, but reading
  /// and writing rows (contiguous) instead of transposing twice.
  static func canonicalizeColumnSigns<T: RealScalar>(_ x: inout [T], rows: Int, columns: Int) {
    var best = [T](repeating: -1, count: columns)
    var bestValue = [T](repeating: 0, count: columns)
    x.withUnsafeMutableBufferPointer { xb in
      let p = xb.baseAddress!
      best.withUnsafeMutableBufferPointer { bb in
        bestValue.withUnsafeMutableBufferPointer { vb in
          for r in 0..<rows {
            let row = p + r * columns
            for c in 0..<columns {
              let v = row[c]
              if abs(v) > bb[c] {
                bb[c] = abs(v)
                vb[c] = v
              }
            }
          }
          // Sign per column (−1 for the columns to negate): multiplying by ±1
          // is exact and (−1)·x has the bits of −x, signed zeros included.
          for c in 0..<columns { bb[c] = vb[c] < 0 ? -1 : 1 }
          if !(0..<columns).contains(where: { bb[$0] < 0 }) { return }
          for r in 0..<rows {
            let row = p + r * columns
            for c in 0..<columns { row[c] *= bb[c] }
          }
        }
      }
    }
  }

  /// Negates the rows marked in `flips`.
  static func negateRows<T: RealScalar>(_ x: inout [T], length: Int, flips: [Bool]) {
    for (r, f) in flips.enumerated() where f {
      for k in 0..<length { x[r * length + k] = -x[r * length + k] }
    }
  }

  /// Replaces the rows of `x` (row-major, `rows × length`) whose `valid`
  /// flag is false by unit vectors orthogonal to all valid rows, so that the
  /// rows become an orthonormal set. Candidates are the coordinate vectors
  /// e₀, e₁, … in order, each orthogonalised twice (modified Gram–Schmidt)
  /// against the valid rows and kept when a residual of norm ≥ 1/√(2·length)
  /// survives. Some coordinate vector always keeps ≥ 1/√length of its norm
  /// (their squared residuals sum to the complement's dimension), and a
  /// rejected candidate can only lose more as rows are added, so the forward
  /// scan never runs out. Requires `rows ≤ length`.
  static func completeOrthonormalRows<T: RealScalar>(
    _ x: inout [T], rows: Int, length: Int, valid: [Bool]
  ) {
    var valid = valid
    var candidate = 0
    var v = [T](repeating: 0, count: length)
    let threshold = 1 / T(2 * max(length, 1)).squareRoot()
    x.withUnsafeMutableBufferPointer { xb in
      let p = xb.baseAddress!
      for r in 0..<rows where !valid[r] {
        while candidate < length {
          for k in 0..<length { v[k] = 0 }
          v[candidate] = 1
          candidate += 1
          v.withUnsafeMutableBufferPointer { vb in
            let vp = vb.baseAddress!
            for _ in 0..<2 {
              for q in 0..<rows where valid[q] {
                let h = dot(UnsafePointer(vp), UnsafePointer(p + q * length), length)
                for k in 0..<length { vp[k] = vp[k].addingProduct(-h, p[q * length + k]) }
              }
            }
          }
          let nv = v.withUnsafeBufferPointer { norm($0.baseAddress!, length) }
          if nv >= threshold {
            for k in 0..<length { p[r * length + k] = v[k] / nv }
            valid[r] = true
            break
          }
        }
      }
    }
  }
}

extension Spectral {
  /// Turns `v` = (α, x₁, …, x_{p−1}) into a Householder vector: on return
  /// v = (1, v₁, …) and H = I − τ·v·vᵀ maps the original (α, x) to (β, 0, …, 0).
  /// β = −sign(α)·‖(α, x)‖ avoids cancellation in α − β; τ = 0 (H = I) when x
  /// is already zero. GVL §5.1.2–5.1.3.
  static func makeReflector<T: RealScalar>(_ v: UnsafeMutablePointer<T>, _ p: Int) -> (
    tau: T, beta: T
  ) {
    let alpha = v[0]
    v[0] = 1
    if p <= 1 { return (0, alpha) }
    let xnorm = norm(UnsafePointer(v + 1), p - 1)
    if xnorm == 0 { return (0, alpha) }
    let length = hypot(alpha, xnorm)
    let beta = alpha >= 0 ? -length : length
    let tau = (beta - alpha) / beta
    let inv = 1 / (alpha - beta)
    for k in 1..<p { v[k] *= inv }
    return (tau, beta)
  }
}

/// A sequence of plane rotations of pairs of adjacent rows (rows i, i+1 of a
/// row-major buffer: xᵢ ← c·xᵢ + s·xᵢ₊₁, xᵢ₊₁ ← −s·xᵢ + c·xᵢ₊₁, exactly as
/// `Spectral.rotateRows`), recorded during one QR/QL sweep and applied after
/// it block of columns by block of columns. Every entry sees the same
/// operations in the same order as when the rotations are applied one by one
/// over whole rows, so the bits are the same; but a block of 64 columns of
/// the rows a sweep touches stays in cache across the whole sweep instead of
/// the full buffer being streamed through once per rotation.
struct RotationSequence<T: RealScalar> {
  static var columnBlock: Int { 64 }
  private var top = [Int]()
  private var c = [T]()
  private var s = [T]()

  mutating func reset() {
    top.removeAll(keepingCapacity: true)
    c.removeAll(keepingCapacity: true)
    s.removeAll(keepingCapacity: true)
  }

  mutating func append(row i: Int, c ci: T, s si: T) {
    top.append(i)
    c.append(ci)
    s.append(si)
  }

  /// Applies the recorded rotations, in order, to `p` (rows of `length`
  /// entries, `rowStride` apart).
  func apply(to p: UnsafeMutablePointer<T>, rowStride: Int, length: Int) {
    let count = top.count
    if count == 0 || length == 0 { return }
    top.withUnsafeBufferPointer { tb in
      c.withUnsafeBufferPointer { cb in
        s.withUnsafeBufferPointer { sb in
          var c0 = 0
          while c0 < length {
            let w = min(Self.columnBlock, length - c0)
            for r in 0..<count {
              let x = p + tb[r] * rowStride + c0
              let y = x + rowStride
              let cr = cb[r]
              let sr = sb[r]
              for k in 0..<w {
                let xk = x[k]
                let yk = y[k]
                x[k] = (cr * xk).addingProduct(sr, yk)
                y[k] = (cr * yk).addingProduct(-sr, xk)
              }
            }
            c0 += w
          }
        }
      }
    }
  }
}
