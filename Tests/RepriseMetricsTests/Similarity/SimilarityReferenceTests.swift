// Every similarity measure against the independent numpy/scipy reference
// (Fixtures/scripts/make_similarity_fixtures.py) on seven shapes: tall, wide
// (n < p), rank deficient, constant columns, far from the origin, small
// integers with many ties, and equal widths (p = q, with a constant column in
// Y only: PWCCA's fewer-features rule ties there).
// Agreement: 1e-10 relative in Double (absolute 1e-13, or 1e-7 for angles
// near 0, where arccos turns rounding ε into √ε).
import RepriseMetrics
import Testing

@Suite struct SimilarityReferenceTests {
  @Test func ckaFamily() throws {
    for c in try SimilarityCase.all() {
      expectClose(try CKA.linear(c.x, c.y), c.value("linear_cka"), "\(c.name) linear CKA")
      expectClose(
        try CKA.rbf(c.x, c.y, bandwidth: .medianDistance(fraction: 0.8)),
        c.value("rbf_cka_median_0.8"), "\(c.name) RBF CKA")
      expectClose(
        try CKA.rbf(c.x, c.y, bandwidth: .kornblithMedian(fraction: 0.5)),
        c.value("rbf_cka_kornblith_0.5"), "\(c.name) RBF CKA (Kornblith median)")
      expectClose(
        try CKA.debiased(c.x, c.y), c.value("debiased_cka_linear"), "\(c.name) debiased CKA")
      expectClose(
        try CKA.debiased(c.x, c.y, kernel: .rbf(.medianDistance(fraction: 0.8))),
        c.value("debiased_cka_rbf_median_0.8"), "\(c.name) debiased RBF CKA")
      // Gram matrices supplied by the caller: uncentred linear kernels (the
      // biased HSIC centres them; the unbiased one is centring-invariant).
      let k = try matmul(c.x, c.x, transposeB: true)
      let l = try matmul(c.y, c.y, transposeB: true)
      if c.name != "offset" {  // uncentred Grams of data at 1e4 cancel 8 digits
        expectClose(try CKA.gram(k, l), c.value("linear_cka"), "\(c.name) CKA of Grams")
        expectClose(
          try CKA.gram(k, l, estimator: .unbiased), c.value("debiased_cka_linear"),
          "\(c.name) unbiased CKA of Grams")
      }
      if c.expected["minibatch_cka_8"] != nil {
        expectClose(
          try CKA.minibatch(c.x, c.y, batchSize: 8), c.value("minibatch_cka_8"),
          "\(c.name) minibatch CKA")
      }
      // Batches of 6 on every case, n < p and tied integers included; the
      // last n mod 6 rows form no batch.
      expectClose(
        try CKA.minibatch(c.x, c.y, batchSize: 6), c.value("minibatch_cka_6"),
        "\(c.name) minibatch CKA (6)")
    }
  }

  @Test func ccaFamily() throws {
    for c in try SimilarityCase.all() {
      let cca = try CCA.correlations(c.x, c.y)
      expectClose(cca.correlations, c.values("cca_correlations"), "\(c.name) CCA ρ")
      #expect([cca.xDimensions, cca.yDimensions] == c.integers("cca_dimensions"), "\(c.name)")
      expectClose(cca.meanCorrelation, c.value("cca_mean_rho"), "\(c.name) mean ρ")
      expectClose(cca.meanSquaredCorrelation, c.value("cca_mean_r2"), "\(c.name) mean R²")
      let ridge = try CCA.correlations(c.x, c.y, ridge: 0.1)
      expectClose(ridge.correlations, c.values("cca_ridge_0.1_correlations"), "\(c.name) ridge CCA")
      for f in [0.99, 0.9] {
        let sv = try CCA.svcca(c.x, c.y, varianceKept: f)
        expectClose(sv.correlations, c.values("svcca_\(f)_correlations"), "\(c.name) SVCCA \(f)")
        #expect(
          [sv.xDimensions, sv.yDimensions] == c.integers("svcca_\(f)_dimensions"), "\(c.name)")
      }
      expectClose(try CCA.pwcca(c.x, c.y), c.value("pwcca_x"), "\(c.name) PWCCA (x)")
      expectClose(
        try CCA.pwcca(c.x, c.y, weighting: .y), c.value("pwcca_y"), "\(c.name) PWCCA (y)")
      // The published code's side: fewer columns (constant ones count), ties to X.
      expectClose(
        try CCA.pwcca(c.x, c.y, weighting: .fewerFeatures), c.value("pwcca_fewer_features"),
        "\(c.name) PWCCA (fewer features)")
    }
  }

  @Test func shapeMetrics() throws {
    for c in try SimilarityCase.all() {
      expectClose(
        try ShapeMetric.procrustesSquared(c.x, c.y), c.value("procrustes_squared"),
        "\(c.name) Procrustes d²")
      for alpha in [1.0, 0.5, 0.0] {
        let expected = c.value("angular_\(alpha)")
        expectClose(
          try ShapeMetric.angular(c.x, c.y, alpha: alpha), expected,
          absolute: expected < 1e-6 ? 1e-7 : 1e-13, "\(c.name) angular α = \(alpha)")
      }
    }
  }

  @Test func rsaAndNeighbours() throws {
    for c in try SimilarityCase.all() {
      for dissimilarity in RSA.Dissimilarity.allCases {
        for comparison in RSA.Comparison.allCases {
          let key = "rsa_\(dissimilarity.rawValue)_\(comparison.rawValue)"
          if c.expected[key] as? String == "undefined" {  // a constant row
            #expect(throws: RepriseError.self, "\(c.name) \(key)") {
              try RSA.similarity(c.x, c.y, dissimilarity: dissimilarity, comparison: comparison)
            }
            continue
          }
          // Correlation distances of rows near 1e4 keep ~12 digits.
          expectClose(
            try RSA.similarity(c.x, c.y, dissimilarity: dissimilarity, comparison: comparison),
            c.value(key), relative: c.name == "offset" ? 1e-8 : 1e-10, "\(c.name) \(key)")
        }
      }
      for metric in NeighbourMetric.allCases {
        let key = "mutual_knn_\(metric.rawValue)_5"
        expectClose(
          try MutualKNN.alignment(c.x, c.y, k: 5, metric: metric), c.value(key), "\(c.name) \(key)")
      }
    }
  }
}
