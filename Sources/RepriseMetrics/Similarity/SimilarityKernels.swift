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
    let largest = centring.largest
    // Rescale only when products could leave the safe range (largest
    // beyond 2^(±emax/4)); otherwise the data are already fine.
    let limit = Scalar.greatestFiniteMagnitude.exponent
    if scaled && largest > 0 && abs(Int(largest.exponent)) > Int(limit) / 4 {
      let e = max(-limit, min(limit, -(largest.exponent + 1)))
      let factor = Scalar(sign: .plus, exponent: e, significand: 1)
      values.withUnsafeMutableBufferPointer { b in
        for i in b.indices { b[i] *= factor }
      }
    }
    return CentredMatrix(
      values: values, samples: x.shape[0], features: x.shape[1], isZero: largest == 0)
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
    if m.isZero {
      throw RepriseError.invalidArgument(
        operation: operation, name: name,
        reason: "all \(m.features) features are constant over the \(m.samples) samples: "
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
      let partials = upperTiles(p).map { tile -> Double in
        let (r0, c0, w) = (tile.rows.lowerBound, tile.columns.lowerBound, tile.columns.count)
        let squares = pairwiseSum(tile.rows.count * w) { i in
          let v = Double(b[(r0 + i / w) * p + c0 + i % w])
          return v * v
        }
        return tile.rows == tile.columns ? squares : 2 * squares
      }
      return pairwiseSum(partials)
    }
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
