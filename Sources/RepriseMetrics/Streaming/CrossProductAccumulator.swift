// Mergeable sufficient statistics of two representations, read in chunks of
// rows: what linear CKA, CCA and the Procrustes distance need from data too
// large to hold in memory.
//
// What: for the joint rows z = [x, y] (p + q = d values per sample), a
// shift s (by default the stream's first row), the count n, the shifted
// sums S₁ = Σ(z − s) and the shifted cross-products S₂ = Σ(z − s)(z − s)ᵀ.
// The centred cross-product matrix is C = S₂ − S₁S₁ᵀ/n, whose blocks are XᵀX,
// YᵀY and XᵀY of the column-centred data (StreamingMeasures.swift turns them
// into the measures). Everything is held in Double, whatever the input type.
// Why a shift: S₂ − S₁S₁ᵀ/n cancels catastrophically when the data sit far
// from the origin (float32 activations around 1e3 keep no digit of their
// variance); shifting by an actual data row removes the offset before any
// product is formed (the textbook "shifted data" algorithm; Chan, Golub &
// LeVeque, "Algorithms for computing the sample variance", Am. Stat. 1983).
// A constant column shifts to exact zeros, so it contributes exactly nothing.
// Method: each chunk is converted to Double and shifted; S₁ is updated by one
// addition per row in row order; S₂ by the symmetric product with β = 1
// (SymmetricRankK: only the upper triangle is computed, then mirrored). It
// continues each output's fused multiply-add chain from C over the new rows
// (GEMM.swift's contract), so S₂ is one fma chain per entry over all rows in
// stream order.
// Chunking invariance (exact): the same rows in the same order give
// bit-identical S₁, S₂ — and hence bit-identical measures — whatever the
// chunk sizes (1 row at a time or all at once) and thread counts.
// Float chunk products (opt-in, `.float`): each chunk's shifted rows are
// rounded to Float and their products formed by the Float symmetric product
// (twice the Double rate), then added to the Double S₂; S₁ stays in Double.
// Accuracy: an entry of one chunk's product is a Float fma chain over its c
// rows of values each rounded once, so it is within (γ_c + 2u + u²)·Σ|z_i z_j|
// of the exact chunk sum (u = 2⁻²⁴, γ_c = c·u/(1 − c·u); Higham, "Accuracy
// and Stability of Numerical Algorithms", §3.1), about 1e-4 relative for
// 2,000-row chunks in the worst case and ~√c·u typically; the Double sum
// over chunks adds only Double rounding. CKA then agrees with the Double
// path to a few parts in 10⁶ on ordinary data (tested). Such results are
// deterministic for a given chunking but NOT chunking-invariant: the chunk
// boundaries decide where the Float chains restart.
// Merging (not bit-exact): `merge` adds another accumulator's statistics,
// re-expressed at this shift if the shifts differ (S₁' = S₁ + n·δ,
// S₂' = S₂ + S₁δᵀ + δS₁ᵀ + n·δδᵀ, δ = s_other − s). The result equals a
// single pass over the concatenated rows in exact arithmetic and agrees to
// rounding (relative error of order n·ε in the sums); merging the same
// accumulators in the same order is deterministic.
// Cost per row: d²/2 + O(d) fused multiply-adds (GEMM speed); memory d²
// Doubles plus one converted chunk (c·d Doubles, and c·d + d² Floats for
// `.float`).

/// Shifted sums and cross-products of paired rows (x, y), fed in chunks.
///
/// ```swift
/// var acc = try CrossProductAccumulator(xFeatures: 512, yFeatures: 256)
/// for (xChunk, yChunk) in chunks { try acc.append(xChunk, yChunk) }
/// let cka = try acc.linearCKA()
/// ```
public struct CrossProductAccumulator: Sendable, Equatable {
  /// Features p of X and q of Y.
  public let xFeatures: Int
  public let yFeatures: Int
  /// Rows seen so far.
  public private(set) var samples: Int = 0
  /// The shift s (length p + q); nil until the first row arrives unless given.
  public private(set) var shift: [Double]?
  /// Σ(z − s), length p + q.
  var sums: [Double]
  /// Σ(z − s)(z − s)ᵀ, (p + q)², valid on and above the diagonal.
  var products: [Double]

  /// How each chunk's products are formed (see the file header).
  public let chunkProducts: ChunkProducts

  /// The precision of each chunk's cross-products.
  public enum ChunkProducts: Sendable, Equatable {
    /// Double, one fma chain per entry over all rows: bit-identical results
    /// for any chunking (the default).
    case double
    /// Float per chunk, accumulated in Double across chunks: about twice as
    /// fast, relative error of order chunk rows × 2⁻²⁴, depends on chunking.
    case float
  }

  var width: Int { xFeatures + yFeatures }

  /// - Parameters:
  ///   - shift: an explicit shift (length p + q, finite), e.g. known means;
  ///     by default the first row appended. Accumulators that will be merged
  ///     need not share it, but sharing one avoids the conversion.
  ///   - chunkProducts: `.double` (exact chunking invariance) or `.float`.
  /// - Throws: `invalidArgument` for negative sizes or a bad shift.
  public init(
    xFeatures: Int, yFeatures: Int, shift: [Double]? = nil, chunkProducts: ChunkProducts = .double
  ) throws {
    let operation = "CrossProductAccumulator"
    guard xFeatures >= 1, yFeatures >= 1 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "features",
        reason: "X and Y need at least one feature each, got \(xFeatures) and \(yFeatures)")
    }
    if let shift, shift.count != xFeatures + yFeatures || !shift.allSatisfy(\.isFinite) {
      throw RepriseError.invalidArgument(
        operation: operation, name: "shift",
        reason: "must hold \(xFeatures + yFeatures) finite values, got \(shift.count)")
    }
    self.xFeatures = xFeatures
    self.yFeatures = yFeatures
    self.shift = shift
    self.chunkProducts = chunkProducts
    let d = xFeatures + yFeatures
    sums = [Double](repeating: 0, count: d)
    products = [Double](repeating: 0, count: d * d)
  }

  /// Adds a chunk of paired rows: x (c×p) and y (c×q), c ≥ 0.
  ///
  /// - Throws: `invalidShape`/`shapeMismatch` for wrong extents; `nonFinite`
  ///   with the row counted from the start of the stream. A rejected chunk
  ///   leaves the accumulator unchanged.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public mutating func append<Scalar: RealScalar>(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>)
    throws
  {
    let operation = "CrossProductAccumulator.append"
    let (p, q, d) = (xFeatures, yFeatures, width)
    guard x.rank == 2, x.shape[1] == p else {
      throw RepriseError.shapeMismatch(
        operation: operation + " (x)", expected: [-1, p], got: x.shape)
    }
    guard y.rank == 2, y.shape[1] == q, y.shape[0] == x.shape[0] else {
      throw RepriseError.shapeMismatch(
        operation: operation + " (y)", expected: [x.shape[0], q], got: y.shape)
    }
    let c = x.shape[0]
    if c == 0 { return }
    for (name, t, w) in [("x", x, p), ("y", y, q)] {
      if let bad = t.scalars.firstIndex(where: { !$0.isFinite }) {
        throw RepriseError.nonFinite(
          operation: operation + " (\(name))", row: samples + bad / w, column: bad % w,
          value: Double(t.scalars[bad]))
      }
    }
    let s = shift ?? (0..<d).map { j in Double(j < p ? x.scalars[j] : y.scalars[j - p]) }
    shift = s
    var block = [Double](repeating: 0, count: c * d)
    for r in 0..<c {
      for j in 0..<p { block[r * d + j] = Double(x.scalars[r * p + j]) - s[j] }
      for j in 0..<q { block[r * d + p + j] = Double(y.scalars[r * q + j]) - s[p + j] }
    }
    for r in 0..<c {
      for j in 0..<d { sums[j] += block[r * d + j] }
    }
    if chunkProducts == .float {
      let chunk = try SymmetricRankK.product(.transposed, block.map { Float($0) }, n: d, k: c)
      products.withUnsafeMutableBufferPointer { out in
        for i in out.indices { out[i] += Double(chunk[i]) }
      }
    } else {
      try Self.addUpperProducts(block, rows: c, width: d, into: &products)
    }
    samples += c
  }

  /// S₂ += BᵀB by the symmetric product with β = 1, which continues every
  /// entry's fma chain over the new rows (and mirrors the upper triangle).
  static func addUpperProducts(
    _ b: [Double], rows c: Int, width d: Int, into products: inout [Double]
  ) throws {
    try b.withUnsafeBufferPointer { pb in
      try products.withUnsafeMutableBufferPointer { pc in
        try SymmetricRankK.compute(
          .transposed, n: d, k: c, a: pb.baseAddress!, lda: d, beta: 1, c: pc.baseAddress!,
          ldc: d)
      }
    }
  }

  /// Adds the statistics of `other` (the same p and q), as if its rows had
  /// been appended after this one's (equal up to rounding; see the header).
  public mutating func merge(_ other: CrossProductAccumulator) throws {
    guard other.xFeatures == xFeatures, other.yFeatures == yFeatures else {
      throw RepriseError.shapeMismatch(
        operation: "CrossProductAccumulator.merge", expected: [xFeatures, yFeatures],
        got: [other.xFeatures, other.yFeatures])
    }
    guard let otherShift = other.shift, other.samples > 0 else { return }
    guard let s = shift else {
      self = other
      return
    }
    let d = width
    let delta = (0..<d).map { otherShift[$0] - s[$0] }
    let m = Double(other.samples)
    for i in 0..<d {
      for j in i..<d {
        // Σ(z − s)(z − s)ᵀ with z − s = (z − s_other) + δ.
        var t = other.products[i * d + j]
        t = t.addingProduct(other.sums[i], delta[j])
        t = t.addingProduct(delta[i], other.sums[j])
        t = t.addingProduct(m * delta[i], delta[j])
        products[i * d + j] += t
      }
    }
    for j in 0..<d { sums[j] += other.sums[j].addingProduct(m, delta[j]) }
    samples += other.samples
  }

  /// The centred cross-products C = S₂ − S₁S₁ᵀ/n as a full symmetric
  /// (p + q)² row-major array (n ≥ 1).
  func centredProducts() -> [Double] {
    let d = width
    let n = Double(samples)
    var c = [Double](repeating: 0, count: d * d)
    for i in 0..<d {
      for j in i..<d {
        let v = products[i * d + j] - sums[i] * sums[j] / n
        c[i * d + j] = v
        c[j * d + i] = v
      }
    }
    return c
  }
}
