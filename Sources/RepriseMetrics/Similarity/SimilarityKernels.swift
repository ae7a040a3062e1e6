// Building blocks shared by the similarity measures.
//
// What: centred (and power-of-two scaled) copies of a representation;
// cross-products AᵀB by GEMM; the squared Frobenius norm of a Gram matrix
// AᵀA from its upper block triangle only; sums of squares and pairwise sums
// accumulated in Double; singular values of a small matrix.
// Method: validation is FeatureMatrix's (same errors) with the finiteness
// scan compiled here for the concrete scalar type (the generic
// `Tensor.requireFinite` costs more than the GEMMs of a large CKA; it is only
// called to build the error once a bad value is found). Centring is
// FeatureMatrix's two-step shift-then-mean (constant columns become exact
// zeros), with the column sums taken in a cache-friendly order
// (`shiftedColumns` below). Scaling multiplies by the power of two that puts the largest
// entry in [1/2, 1): exact, and it keeps Float cross-products far from
// overflow; every measure here is invariant to isotropic scaling, so nothing
// else changes. Each GEMM output element is one fused multiply-add chain over
// the samples (GEMM.swift), so a tile of AᵀA has the same bits as the same
// entries of the full product; the symmetric norm tiles the upper triangle by
// recursive halving (`upperTiles`) and counts off-diagonal tiles twice, in a
// fixed order.
// Cost: centring 3 passes over n×p; AᵀB 2npq flops; ‖AᵀA‖²_F about
// np² + 64np flops (half of the full product).

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
  static func centred<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, operation: String, minimumSamples: Int = 2, scaled: Bool = true
  ) throws -> CentredMatrix<Scalar> {
    let (n, p) = try validate(x, operation: operation, minimumSamples: minimumSamples)
    var (values, means) = shiftedColumns(x.scalars, n, p)
    var largest: Scalar = 0
    values.withUnsafeMutableBufferPointer { b in
      for i in 0..<n {
        for j in 0..<p {
          let v = b[i * p + j] - means[j]
          b[i * p + j] = v
          largest = max(largest, abs(v))
        }
      }
    }
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
    return CentredMatrix(values: values, samples: n, features: p, isZero: largest == 0)
  }

  /// FeatureMatrix's two-step centring, d_ij = x_ij − x_0j then the column
  /// means of d, with the means summed over rows in a cache-friendly fixed
  /// pairwise order: runs of at most 8 rows are added row after row into a
  /// vector, longer runs split at ⌊n/2⌋ and their vectors added. (Summing
  /// each column separately with stride p, as `Tensor.sum(alongAxis: 0)`
  /// does, missed the cache on every element and cost more than the GEMMs
  /// of a 10,000 × 500 CKA.) Constant columns still give exact zeros.
  static func shiftedColumns<Scalar: RealScalar>(
    _ x: [Scalar], _ n: Int, _ p: Int
  ) -> (shifted: [Scalar], means: [Scalar]) {
    var shifted = x
    shifted.withUnsafeMutableBufferPointer { d in
      for i in 1..<max(n, 1) {
        for j in 0..<p { d[i * p + j] -= x[j] }
      }
      for j in 0..<p { d[j] = 0 }
    }
    func rowSums(_ start: Int, _ count: Int, _ d: UnsafeBufferPointer<Scalar>) -> [Scalar] {
      if count <= 8 {
        var out = [Scalar](repeating: 0, count: p)
        for i in start..<(start + count) {
          for j in 0..<p { out[j] += d[i * p + j] }
        }
        return out
      }
      let half = count / 2
      var left = rowSums(start, half, d)
      let right = rowSums(start + half, count - half, d)
      for j in 0..<p { left[j] += right[j] }
      return left
    }
    let sums = shifted.withUnsafeBufferPointer { rowSums(0, n, $0) }
    return (shifted, sums.map { $0 / Scalar(max(n, 1)) })
  }

  /// Validates a pair of representations of the same samples and centres both.
  static func centredPair<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, operation: String, minimumSamples: Int = 2,
    scaled: Bool = true
  ) throws -> (CentredMatrix<Scalar>, CentredMatrix<Scalar>) {
    _ = try validatePair(x, y, operation: operation, minimumSamples: minimumSamples)
    return (
      try centred(x, operation: operation, minimumSamples: minimumSamples, scaled: scaled),
      try centred(y, operation: operation, minimumSamples: minimumSamples, scaled: scaled)
    )
  }

  /// `FeatureMatrix.validate` with a fast finiteness scan: a finite rank-2
  /// tensor with at least `minimumSamples` rows; returns (n, p).
  @discardableResult
  static func validate<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, operation: String, minimumSamples: Int = 1
  ) throws -> (samples: Int, features: Int) {
    let allFinite = x.scalars.withUnsafeBufferPointer { b -> Bool in
      for v in b where !v.isFinite { return false }
      return true
    }
    if allFinite && x.rank == 2 && x.shape[0] >= minimumSamples {
      return (x.shape[0], x.shape[1])
    }
    return try FeatureMatrix.validate(x, operation: operation, minimumSamples: minimumSamples)
  }

  /// `FeatureMatrix.validatePair` with the fast scan.
  @discardableResult
  static func validatePair<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, operation: String, minimumSamples: Int = 1
  ) throws -> (samples: Int, xFeatures: Int, yFeatures: Int) {
    let (n, p) = try validate(x, operation: operation, minimumSamples: minimumSamples)
    let (m, q) = try validate(y, operation: operation, minimumSamples: minimumSamples)
    guard n == m else {
      throw RepriseError.shapeMismatch(operation: operation, expected: [n, q], got: [m, q])
    }
    return (n, p, q)
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

  /// AAᵀ (n×n, row-major) for A n×p: the linear-kernel Gram matrix.
  static func rowGram<Scalar: RealScalar>(
    _ a: [Scalar], samples n: Int, features p: Int, threads: Int = ThreadSettings.defaultCount
  ) throws -> [Scalar] {
    var c = [Scalar](repeating: 0, count: n * n)
    try GEMM.compute(.none, .transposed, m: n, n: n, k: p, a: a, b: a, c: &c, threads: threads)
    return c
  }

  /// Rectangles (rows, columns) of a p×p symmetric product that tile its
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

  /// ‖AᵀA‖²_F for A n×p (row-major) from the upper tiles: diagonal squares
  /// count once, off-diagonal rectangles twice. About np² flops (half the
  /// full product). A is transposed first (one blocked pass), so every tile
  /// reads whole contiguous rows of Aᵀ instead of narrow strided column
  /// ranges of A (2.5× faster at n = 10,000); the products are the same fma
  /// chains over the samples either way.
  static func gramSumOfSquares<Scalar: RealScalar>(
    _ a: [Scalar], samples n: Int, features p: Int, threads: Int = ThreadSettings.defaultCount
  ) throws -> Double {
    if p == 0 || n == 0 { return 0 }
    let at = transposed(a, rows: n, columns: p)
    let tiles = upperTiles(p)
    let largest = tiles.map { $0.rows.count * $0.columns.count }.max()!
    var buffer = [Scalar](repeating: 0, count: largest)
    var partials: [Double] = []
    try at.withUnsafeBufferPointer { pa in
      try buffer.withUnsafeMutableBufferPointer { pc in
        for tile in tiles {
          let (m, w) = (tile.rows.count, tile.columns.count)
          try tileProduct(
            pa.baseAddress!, samples: n, tile: tile, beta: 0, into: pc.baseAddress!, ldc: w,
            threads: threads)
          let squares = sumOfSquares(UnsafeBufferPointer(start: pc.baseAddress!, count: m * w))
          partials.append(tile.rows == tile.columns ? squares : 2 * squares)
        }
      }
    }
    return pairwiseSum(partials)
  }

  /// C ← β·C + A[:, rows]ᵀ·A[:, columns] for one tile, from Aᵀ stored as a
  /// features × samples row-major array `at`; C has leading dimension `ldc`.
  static func tileProduct<Scalar: RealScalar>(
    _ at: UnsafePointer<Scalar>, samples k: Int,
    tile: (rows: Range<Int>, columns: Range<Int>), beta: Scalar,
    into c: UnsafeMutablePointer<Scalar>, ldc: Int, threads: Int = ThreadSettings.defaultCount
  ) throws {
    try GEMM.compute(
      .none, .transposed, m: tile.rows.count, n: tile.columns.count, k: k, alpha: 1,
      a: at + tile.rows.lowerBound * k, lda: max(1, k), b: at + tile.columns.lowerBound * k,
      ldb: max(1, k), beta: beta, c: c, ldc: ldc, threads: threads)
  }

  /// The p×n transpose of a row-major n×p array, copied in 32×32 blocks.
  static func transposed<Scalar>(_ a: [Scalar], rows n: Int, columns p: Int) -> [Scalar] {
    guard n > 0 && p > 0 else { return [] }
    var out = [Scalar](repeating: a[0], count: n * p)
    let block = 32
    a.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for i0 in stride(from: 0, to: n, by: block) {
          for j0 in stride(from: 0, to: p, by: block) {
            for i in i0..<min(n, i0 + block) {
              for j in j0..<min(p, j0 + block) { dst[j * n + i] = src[i * p + j] }
            }
          }
        }
      }
    }
    return out
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
