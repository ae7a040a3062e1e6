// Linear centred kernel alignment (CKA) between two representations.
//
// What: for X (n×p) and Y (n×q) holding the same n samples in their rows,
//     CKA(X, Y) = ‖YᵀX‖²_F / (‖XᵀX‖_F · ‖YᵀY‖_F)
// with X and Y column-centred. It equals HSIC(K, L)/√(HSIC(K, K)·HSIC(L, L))
// for the linear kernels K = XXᵀ, L = YYᵀ (Kornblith et al. 2019, eq. 5 and
// §4: the feature-space form; Gretton et al. 2005 for HSIC). Values lie in
// [0, 1].
// Method: centre both inputs exactly (FeatureMatrix), scale each by a power
// of two (exact; CKA is scale-invariant), then
//   • feature form (n ≥ p + q): YᵀX by GEMM, XᵀX and YᵀY by the symmetric
//     product (SymmetricRankK, half a GEMM's flops, as numpy's BLAS syrk);
//   • Gram form (n < p + q): K = XXᵀ and L = YYᵀ by the symmetric product, then
//     ⟨K, L⟩/(‖K‖_F‖L‖_F); both forms are the same number.
// All sums of squares and inner products are accumulated in Double in a
// fixed pairwise order, so the result is deterministic at any thread count.
// Cost: feature form n(p + q)² flops (2npq + np² + nq²); Gram form
// n²(p + q) + O(n²). Memory: a centred copy of each input plus p×q (or n×n).
// Source: Kornblith, Norouzi, Lee, Hinton, "Similarity of Neural Network
// Representations Revisited", ICML 2019.

/// Centred kernel alignment (Kornblith et al. 2019) and its variants.
///
/// Inputs are samples × features matrices with the same number of rows.
/// Every function validates its inputs and throws `RepriseError` instead of
/// returning NaN:
/// - `invalidShape` for non-matrices or too few samples, `shapeMismatch` when
///   the row counts differ, `nonFinite` (with row and column) for NaN/±∞;
/// - `invalidArgument` when every feature of X or of Y is constant: its
///   kernel is zero after centring and CKA is 0/0, undefined.
///
/// Constant features are harmless otherwise: they centre to exact zeros and
/// contribute nothing. n < p is fine (the Gram form is used); CKA does not
/// need full column rank.
public enum CKA {
  /// Linear CKA, ‖YᵀX‖²_F / (‖XᵀX‖_F‖YᵀY‖_F) on column-centred X, Y
  /// (Kornblith et al. 2019, feature-space form).
  ///
  /// Invariant to orthogonal transforms of either input's features, to
  /// isotropic scaling of either input and to adding a constant to any
  /// feature; not invariant to general invertible linear maps. Symmetric in
  /// X and Y. Range [0, 1]; 1 when Y = c·X·Q (Q orthogonal).
  /// Needs n ≥ 2. Computed in the Gram form when n < p + q.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func linear<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, threads: Int = ThreadSettings.defaultCount
  ) throws -> Scalar {
    let operation = "CKA.linear"
    // Feature form when n ≥ p + q (the row count of X decides; a mismatch
    // throws the same error, in the same order, on either path).
    if x.rank == 2 && y.rank == 2 && x.shape[0] >= x.shape[1] + y.shape[1] {
      let terms = try featureFormTerms(x, y, operation: operation, threads: threads)
      return Scalar(min(1, terms.cross / (terms.xNorm * terms.yNorm)))
    }
    let (cx, cy) = try SimilarityKernels.centredPair(x, y, operation: operation)
    try SimilarityKernels.requireVariance(cx, name: "x", operation: operation)
    try SimilarityKernels.requireVariance(cy, name: "y", operation: operation)
    let n = cx.samples
    let k = try SimilarityKernels.rowGram(
      cx.values, samples: n, features: cx.features, threads: threads)
    let l = try SimilarityKernels.rowGram(
      cy.values, samples: n, features: cy.features, threads: threads)
    let cross = SimilarityKernels.pairwiseSum(n * n) { Double(k[$0]) * Double(l[$0]) }
    let xNorm = SimilarityKernels.sumOfSquares(k).squareRoot()
    let yNorm = SimilarityKernels.sumOfSquares(l).squareRoot()
    return Scalar(min(1, cross / (xNorm * yNorm)))
  }

  /// ‖ỸᵀX̃‖²_F, ‖X̃ᵀX̃‖_F and ‖ỸᵀỸ‖_F of the centred inputs from one pass over
  /// the samples: X̃ and Ỹ are centred side by side into Z = [X̃ Ỹ] and the
  /// upper triangle of ZᵀZ (one symmetric product) holds X̃ᵀX̃, X̃ᵀỸ and ỸᵀỸ.
  /// Each entry is the fma chain GEMM or the symmetric product gives for its
  /// own block, and each sum of squares reads its block in the order of a
  /// separate product's result, so the value has the bits of three products.
  static func featureFormTerms<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, operation: String, threads: Int
  ) throws -> (cross: Double, xNorm: Double, yNorm: Double) {
    let z = try SimilarityKernels.centredSideBySide(x, y, operation: operation, threads: threads)
    let (n, p, q) = (z.samples, z.xFeatures, z.yFeatures)
    try SimilarityKernels.requireVariance(
      isZero: z.xIsZero, features: p, samples: n, name: "x", operation: operation)
    try SimilarityKernels.requireVariance(
      isZero: z.yIsZero, features: q, samples: n, name: "y", operation: operation)
    let width = p + q
    // β = 0 writes every entry it computes without reading C, and only the
    // upper triangle is read below, so the product starts uninitialised.
    let gram = try [Scalar](unsafeUninitializedCapacity: width * width) { c, initialized in
      initialized = width * width
      HugePages.advise(
        UnsafeMutableRawPointer(c.baseAddress!), bytes: width * width * MemoryLayout<Scalar>.stride)
      try z.values.withUnsafeBufferPointer { a in
        try SymmetricRankK.compute(
          .transposed, n: width, k: n, a: a.baseAddress!, lda: width, c: c.baseAddress!,
          ldc: width, threads: threads, mirror: false)
      }
    }
    return gram.withUnsafeBufferPointer { g in
      let c = g.baseAddress!
      return (
        SimilarityKernels.blockSumOfSquares(c + p, rows: p, columns: q, stride: width),
        SimilarityKernels.symmetricSumOfSquares(c, size: p, stride: width).squareRoot(),
        SimilarityKernels.symmetricSumOfSquares(c + p * width + p, size: q, stride: width)
          .squareRoot()
      )
    }
  }
}
