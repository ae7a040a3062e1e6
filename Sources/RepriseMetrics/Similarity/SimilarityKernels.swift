// Building blocks shared by the similarity measures.
//
// What: centred (and power-of-two scaled) copies of a representation;
// cross-products AᵀB by GEMM; the squared Frobenius norm of a Gram matrix
// AᵀA from its upper block triangle only; sums of squares and pairwise sums
// accumulated in Double; singular values of a small matrix.
// Method: centring is `FeatureMatrix.centered` (constant columns become
// exact zeros). Scaling multiplies by the power of two that puts the largest
// entry in [1/2, 1): exact, and it keeps Float cross-products far from
// overflow; every measure here is invariant to isotropic scaling, so nothing
// else changes. Each GEMM output element is one fused multiply-add chain over
// the samples (GEMM.swift), so a block of AᵀA has the same bits as the same
// entries of the full product; the symmetric norm counts each off-diagonal
// block twice and each diagonal block once, in a fixed block order.
// Cost: centring 3 passes over n×p; AᵀB 2npq flops; ‖AᵀA‖²_F about np²
// flops (half of the full product, plus the diagonal blocks).

/// A centred n×p matrix (row-major), multiplied by a power of two.
struct CentredMatrix<Scalar: RealScalar> {
  var values: [Scalar]
  let samples: Int
  let features: Int
  /// True when every column was constant, so every centred entry is zero.
  let isZero: Bool
}

enum SimilarityKernels {
  /// Columns per block of the symmetric Gram products.
  static let gramBlock = 256

  /// Validates `x`, centres its columns and scales it by a power of two
  /// (unless `scaled` is false).
  static func centred<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, operation: String, minimumSamples: Int = 2, scaled: Bool = true
  ) throws -> CentredMatrix<Scalar> {
    let (n, p) = try FeatureMatrix.validate(x, operation: operation, minimumSamples: minimumSamples)
    var values = try FeatureMatrix.centered(x).scalars
    var largest: Scalar = 0
    for v in values { largest = max(largest, abs(v)) }
    if scaled && largest > 0 {
      let limit = Scalar.greatestFiniteMagnitude.exponent
      let e = max(-limit, min(limit, -(largest.exponent + 1)))
      let factor = Scalar(sign: .plus, exponent: e, significand: 1)
      values.withUnsafeMutableBufferPointer { b in
        for i in b.indices { b[i] *= factor }
      }
    }
    return CentredMatrix(values: values, samples: n, features: p, isZero: largest == 0)
  }

  /// Validates a pair of representations of the same samples and centres both.
  static func centredPair<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, operation: String, minimumSamples: Int = 2,
    scaled: Bool = true
  ) throws -> (CentredMatrix<Scalar>, CentredMatrix<Scalar>) {
    _ = try FeatureMatrix.validatePair(x, y, operation: operation, minimumSamples: minimumSamples)
    return (
      try centred(x, operation: operation, minimumSamples: minimumSamples, scaled: scaled),
      try centred(y, operation: operation, minimumSamples: minimumSamples, scaled: scaled)
    )
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

  /// ‖AᵀA‖²_F for A n×p, from the blocks on and above the diagonal.
  static func gramSumOfSquares<Scalar: RealScalar>(
    _ a: [Scalar], samples n: Int, features p: Int, threads: Int = ThreadSettings.defaultCount
  ) throws -> Double {
    if p == 0 || n == 0 { return 0 }
    var partials: [Double] = []
    var block = [Scalar](repeating: 0, count: p * min(gramBlock, p))
    try a.withUnsafeBufferPointer { pa in
      try block.withUnsafeMutableBufferPointer { pc in
        var j0 = 0
        while j0 < p {
          let width = min(gramBlock, p - j0)
          let rows = j0 + width
          // C (rows × width) = A[:, 0..<rows]ᵀ · A[:, j0..<j0+width].
          try GEMM.compute(
            .transposed, .none, m: rows, n: width, k: n, alpha: 1, a: pa.baseAddress!, lda: p,
            b: pa.baseAddress! + j0, ldb: p, beta: 0, c: pc.baseAddress!, ldc: width,
            threads: threads)
          let above = sumOfSquares(UnsafeBufferPointer(start: pc.baseAddress!, count: j0 * width))
          let diagonal = sumOfSquares(
            UnsafeBufferPointer(start: pc.baseAddress! + j0 * width, count: width * width))
          partials.append(2 * above + diagonal)
          j0 += width
        }
      }
    }
    return pairwiseSum(partials)
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
