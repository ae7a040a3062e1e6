// Building blocks shared by the similarity measures.
//
// What: centred (and power-of-two scaled) copies of a representation;
// cross-products AᵀB by GEMM; the squared Frobenius norm of a Gram matrix
// AᵀA from its upper block triangle only; sums of squares and pairwise sums
// accumulated in Double; singular values of a small matrix.
// Method: validation and centring are FeatureMatrix's (its two-step
// shift-then-mean, so constant columns become exact zeros). Scaling
// multiplies by the power of two that puts the largest entry in [1/2, 1): exact, and it keeps Float cross-products far from
// overflow; every measure here is invariant to isotropic scaling, so nothing
// else changes. Gram matrices AᵀA and AAᵀ come from the symmetric product
// (SymmetricRankK: half of a GEMM's flops, the same bits); the squared norm of
// a symmetric matrix sums its upper triangle by tiles of recursive halving
// (`upperTiles`), off-diagonal tiles twice, in a fixed order.
// Cost: centring 3 passes over n×p; AᵀB 2npq flops; AᵀA about np² flops.

/// A centred n×p matrix (row-major), multiplied by a power of two.
struct CentredMatrix<Scalar: RealScalar> {
  var values: [Scalar]
  let samples: Int
  let features: Int
  /// True when every column was constant, so every centred entry is zero.
  let isZero: Bool
}

/// Two centred inputs X̃ (n×p) and Ỹ (n×q) side by side in one n×(p+q)
/// row-major matrix (`SimilarityKernels.centredSideBySide`).
struct CentredSideBySide<Scalar: RealScalar> {
  var values: [Scalar]
  let samples: Int
  let xFeatures: Int
  let yFeatures: Int
  /// True when every column of X (of Y) was constant.
  let xIsZero: Bool
  let yIsZero: Bool
}

enum SimilarityKernels {
  /// Widest column range a symmetric product computes as a full square.
  static let gramBase = 64

  /// Validates `x`, centres its columns and scales it by a power of two
  /// (unless `scaled` is false).
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func centred<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, operation: String, minimumSamples: Int = 2, scaled: Bool = true
  ) throws -> CentredMatrix<Scalar> {
    let centring = try FeatureMatrix.validatedCentring(
      x, operation: operation, minimumSamples: minimumSamples)
    var values = centring.values
    if scaled, let factor = scaleFactor(largest: centring.largest) {
      values.withUnsafeMutableBufferPointer { b in
        for i in b.indices { b[i] *= factor }
      }
    }
    return CentredMatrix(
      values: values, samples: x.shape[0], features: x.shape[1], isZero: centring.largest == 0)
  }

  /// The power of two that puts `largest` in [1/2, 1), or nil when products
  /// of the data cannot leave the safe range (largest within
  /// 2^(±emax/4)) and nothing needs rescaling.
  static func scaleFactor<Scalar: RealScalar>(largest: Scalar) -> Scalar? {
    let limit = Scalar.greatestFiniteMagnitude.exponent
    guard largest > 0 && abs(Int(largest.exponent)) > Int(limit) / 4 else { return nil }
    let e = max(-limit, min(limit, -(largest.exponent + 1)))
    return Scalar(sign: .plus, exponent: e, significand: 1)
  }

  /// Validates X (n×p) and Y (n×q) and centres both, each scaled as
  /// `centred` scales it, side by side into one n×(p+q) row-major matrix
  /// Z = [X̃ Ỹ]: its Gram matrix ZᵀZ holds X̃ᵀX̃, X̃ᵀỸ and ỸᵀỸ as blocks, so
  /// one symmetric product over the samples forms all three (the same bits
  /// as three separate products: each entry is the same fma chain). Errors
  /// as `centredPair`: X, then Y, then the row counts. Every entry is the
  /// value `centred` gives, so measures keep their bits.
  static func centredSideBySide<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, operation: String, threads: Int
  ) throws -> CentredSideBySide<Scalar> {
    let (n, p) = try FeatureMatrix.validateShape(x, operation: operation, minimumSamples: 2)
    let xMeans = try FeatureMatrix.checkedShiftMeans(
      x, operation: operation, minimumSamples: 2, threads: threads)
    let (m, q) = try FeatureMatrix.validateShape(y, operation: operation, minimumSamples: 2)
    let yMeans = try FeatureMatrix.checkedShiftMeans(
      y, operation: operation, minimumSamples: 2, threads: threads)
    guard n == m else {
      throw RepriseError.shapeMismatch(operation: operation, expected: [n, q], got: [m, q])
    }
    let width = p + q
    var largest: (x: Scalar, y: Scalar) = (0, 0)
    let values = [Scalar](unsafeUninitializedCapacity: n * width) { out, initialized in
      if let z = out.baseAddress {
        HugePages.advise(UnsafeMutableRawPointer(z), bytes: n * width * MemoryLayout<Scalar>.stride)
        largest.x = FeatureMatrix.writeCentred(
          x, means: xMeans, into: z, stride: width, threads: threads)
        largest.y = FeatureMatrix.writeCentred(
          y, means: yMeans, into: z + p, stride: width, threads: threads)
        for (factor, columns) in [
          (scaleFactor(largest: largest.x), 0..<p), (scaleFactor(largest: largest.y), p..<width),
        ] {
          guard let factor else { continue }
          for i in 0..<n { for j in columns { z[i * width + j] *= factor } }
        }
      }
      initialized = n * width
    }
    return CentredSideBySide(
      values: values, samples: n, xFeatures: p, yFeatures: q, xIsZero: largest.x == 0,
      yIsZero: largest.y == 0)
  }

  /// Validates a pair of representations of the same samples and centres
  /// both (errors in FeatureMatrix.validatePair's order: X, then Y, then
  /// the row counts).
  static func centredPair<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, operation: String, minimumSamples: Int = 2,
    scaled: Bool = true
  ) throws -> (CentredMatrix<Scalar>, CentredMatrix<Scalar>) {
    let cx = try centred(x, operation: operation, minimumSamples: minimumSamples, scaled: scaled)
    let cy = try centred(y, operation: operation, minimumSamples: minimumSamples, scaled: scaled)
    guard cx.samples == cy.samples else {
      throw RepriseError.shapeMismatch(
        operation: operation, expected: [cx.samples, cy.features],
        got: [cy.samples, cy.features])
    }
    return (cx, cy)
  }

  /// Throws the error every measure uses for an input whose features are all
  /// constant (no variance, so the measure is undefined).
  static func requireVariance<Scalar>(
    _ m: CentredMatrix<Scalar>, name: String, operation: String
  ) throws {
    try requireVariance(
      isZero: m.isZero, features: m.features, samples: m.samples, name: name,
      operation: operation)
  }

  static func requireVariance(
    isZero: Bool, features: Int, samples: Int, name: String, operation: String
  ) throws {
    if isZero {
      throw RepriseError.invalidArgument(
        operation: operation, name: name,
        reason: "all \(features) features are constant over the \(samples) samples: "
          + "the measure is undefined")
    }
  }

  /// AᵀB (p×q, row-major) for A n×p and B n×q.
  static func crossProduct<Scalar: RealScalar>(
    _ a: [Scalar], _ b: [Scalar], samples n: Int, _ p: Int, _ q: Int,
    threads: Int = ThreadSettings.defaultCount
  ) throws -> [Scalar] {
    var c = [Scalar](repeating: 0, count: p * q)
    try GEMM.compute(
      .transposed, .none, m: p, n: q, k: n, a: a, b: b, c: &c, threads: threads)
    return c
  }

  /// AAᵀ (n×n, row-major) for A n×p: the linear-kernel Gram matrix, by the
  /// symmetric product (half of a GEMM's flops; the same bits as GEMM).
  static func rowGram<Scalar: RealScalar>(
    _ a: [Scalar], samples n: Int, features p: Int, threads: Int = ThreadSettings.defaultCount
  ) throws -> [Scalar] {
    try SymmetricRankK.product(.none, a, n: n, k: p, threads: threads)
  }

  /// Rectangles (rows, columns) of a p×p symmetric matrix that tile its
  /// upper triangle: the columns are halved recursively; each split adds the
  /// off-diagonal rectangle (first half × second half), and ranges of at most
  /// `gramBase` columns become full diagonal squares. Every entry (i, j) with
  /// i ≤ j lies in exactly one tile; the tiles hold about p²/2 + 32p entries.
  static func upperTiles(_ p: Int) -> [(rows: Range<Int>, columns: Range<Int>)] {
    var tiles: [(rows: Range<Int>, columns: Range<Int>)] = []
    func split(_ start: Int, _ width: Int) {
      if width <= gramBase {
        if width > 0 { tiles.append((start..<(start + width), start..<(start + width))) }
        return
      }
      let half = width / 2
      split(start, half)
      tiles.append((start..<(start + half), (start + half)..<(start + width)))
      split(start + half, width - half)
    }
    split(0, p)
    return tiles
  }

  /// ‖AᵀA‖²_F for A n×p (row-major): AᵀA by the symmetric product (about
  /// np² flops, half of a GEMM), then `symmetricSumOfSquares`.
  static func gramSumOfSquares<Scalar: RealScalar>(
    _ a: [Scalar], samples n: Int, features p: Int, threads: Int = ThreadSettings.defaultCount
  ) throws -> Double {
    if p == 0 || n == 0 { return 0 }
    let gram = try SymmetricRankK.product(.transposed, a, n: p, k: n, threads: threads)
    return symmetricSumOfSquares(gram, size: p)
  }

  /// ‖C‖²_F of a symmetric p×p C (row-major) from its upper tiles, in a fixed
  /// order: each tile's squares summed pairwise in row-major order, diagonal
  /// squares counted once and off-diagonal rectangles twice, then the tile
  /// totals summed pairwise.
  static func symmetricSumOfSquares<Scalar: RealScalar>(_ c: [Scalar], size p: Int) -> Double {
    c.withUnsafeBufferPointer { b in
      guard let base = b.baseAddress else { return 0 }
      return symmetricSumOfSquares(base, size: p, stride: p)
    }
  }

  /// `symmetricSumOfSquares` of the p×p symmetric block at `c` (row stride
  /// `stride`), reading only its upper triangle: an entry below the diagonal
  /// of a diagonal tile is read from its mirror image above it (the same
  /// value), so the lower triangle may hold anything.
  static func symmetricSumOfSquares<Scalar: RealScalar>(
    _ c: UnsafePointer<Scalar>, size p: Int, stride: Int
  ) -> Double {
    let partials = upperTiles(p).map { tile -> Double in
      let diagonal = tile.rows == tile.columns
      let squares = blockSumOfSquares(
        c + tile.rows.lowerBound * stride + tile.columns.lowerBound, rows: tile.rows.count,
        columns: tile.columns.count, stride: stride, upperOnly: diagonal)
      return diagonal ? squares : 2 * squares
    }
    return pairwiseSum(partials)
  }

  /// Σ of the squares (in Double) of a rows×columns block at `a` with row
  /// stride `stride`, pairwise in the row-major order of its entries: the
  /// bits of `sumOfSquares` on a dense copy of the block. Each run of ≤ 8
  /// entries finds its row and column once, then walks on. With `upperOnly`
  /// (a square block on the diagonal of a symmetric matrix) entry (r, c) with
  /// r > c is read at (c, r).
  static func blockSumOfSquares<Scalar: RealScalar>(
    _ a: UnsafePointer<Scalar>, rows: Int, columns: Int, stride: Int, upperOnly: Bool = false
  ) -> Double {
    guard rows > 0 && columns > 0 else { return 0 }
    func sum(_ start: Int, _ count: Int) -> Double {
      if count <= 8 {
        var (row, column) = start.quotientAndRemainder(dividingBy: columns)
        var total = 0.0
        for _ in 0..<count {
          let v = Double(
            upperOnly && row > column ? a[column * stride + row] : a[row * stride + column])
          total += v * v
          column += 1
          if column == columns { (row, column) = (row + 1, 0) }
        }
        return total
      }
      let half = count / 2
      return sum(start, half) + sum(start + half, count - half)
    }
    return sum(0, rows * columns)
  }

  /// Σ aᵢ², squares and sums in Double, pairwise order.
  static func sumOfSquares<Scalar: RealScalar>(_ a: UnsafeBufferPointer<Scalar>) -> Double {
    pairwiseSum(a.count) { i in
      let v = Double(a[i])
      return v * v
    }
  }

  static func sumOfSquares<Scalar: RealScalar>(_ a: [Scalar]) -> Double {
    a.withUnsafeBufferPointer { sumOfSquares($0) }
  }

  /// Pairwise sum of Double values (runs of ≤ 8 left to right, halves
  /// split at ⌊n/2⌋: the order of `Tensor.sum`).
  static func pairwiseSum(_ values: [Double]) -> Double {
    values.withUnsafeBufferPointer { b in pairwiseSum(b.count) { b[$0] } }
  }

  /// Pairwise sum of term(0) … term(count − 1).
  @inline(__always)
  static func pairwiseSum(_ count: Int, _ term: (Int) -> Double) -> Double {
    func sum(_ start: Int, _ count: Int) -> Double {
      if count <= 8 {
        var total = 0.0
        for i in start..<(start + count) { total += term(i) }
        return total
      }
      let half = count / 2
      return sum(start, half) + sum(start + half, count - half)
    }
    return sum(0, count)
  }

  /// Singular values (descending) of a rows×columns row-major matrix.
  static func singularValues<Scalar: RealScalar>(
    _ m: [Scalar], rows: Int, columns: Int
  ) throws -> [Scalar] {
    if rows == 0 || columns == 0 { return [] }
    let t = try Tensor(shape: [rows, columns], scalars: m)
    return try SingularValueDecomposition(t, vectors: .none).singularValues.scalars
  }

  /// ‖M‖_* (sum of singular values, pairwise in Double).
  static func nuclearNorm<Scalar: RealScalar>(
    _ m: [Scalar], rows: Int, columns: Int
  ) throws -> Double {
    pairwiseSum(try singularValues(m, rows: rows, columns: columns).map { Double($0) })
  }
}
