// Streaming accumulators against the in-memory measures and the numpy
// reference, bit-identity across chunkings, merging, and float32 precision
// far from the origin.
import RepriseMetrics
import Testing

@Suite struct StreamingTests {
  /// Feeds x, y in chunks of the given sizes (cycled until the rows run out).
  func accumulate<S: RealScalar>(
    _ x: Tensor<S>, _ y: Tensor<S>, chunks: [Int], shift: [Double]? = nil
  ) throws -> CrossProductAccumulator {
    var acc = try CrossProductAccumulator(
      xFeatures: x.shape[1], yFeatures: y.shape[1], shift: shift)
    var start = 0
    var k = 0
    while start < x.shape[0] {
      let end = min(x.shape[0], start + chunks[k % chunks.count])
      try acc.append(x.rows(start..<end), y.rows(start..<end))
      start = end
      k += 1
    }
    return acc
  }

  @Test func streamingMatchesTheReferenceOnEveryFixture() throws {
    for c in try SimilarityCase.all() {
      let acc = try accumulate(c.x, c.y, chunks: [5, 3])
      expectClose(try acc.linearCKA(), c.value("linear_cka"), relative: 1e-11, "\(c.name) CKA")
      expectClose(
        try acc.procrustesSquared(), c.value("procrustes_squared"), relative: 1e-11,
        "\(c.name) Procrustes")
      let cca = try acc.canonicalCorrelations()
      expectClose(cca.correlations, c.values("cca_correlations"), relative: 1e-8, "\(c.name) CCA")
      #expect([cca.xDimensions, cca.yDimensions] == c.integers("cca_dimensions"), "\(c.name)")
      expectClose(
        try acc.canonicalCorrelations(ridge: 0.1).correlations,
        c.values("cca_ridge_0.1_correlations"), relative: 1e-8, "\(c.name) ridge CCA")
    }
  }

  @Test func streamingEqualsInMemory() throws {
    let x = try gaussian(300, 6, seed: 71) + 50
    let y =
      try matmul(x, gaussian(6, 9, seed: 72)).map { abs($0).squareRoot() } + gaussian(300, 9, seed: 73)
    let acc = try accumulate(x, y, chunks: [64])
    expectClose(try acc.linearCKA(), try CKA.linear(x, y), relative: 1e-12, "CKA")
    expectClose(
      try acc.procrustesSquared(), try ShapeMetric.procrustesSquared(x, y), relative: 1e-12,
      "Procrustes")
    expectClose(
      try acc.canonicalCorrelations().correlations, try CCA.correlations(x, y).correlations,
      relative: 1e-10, "CCA")
  }

  @Test func anyChunkingGivesIdenticalBits() throws {
    let x = try gaussian(97, 5, seed: 81) * 3 + 1e3
    let y = try gaussian(97, 7, seed: 82) - 2e3
    let whole = try accumulate(x, y, chunks: [97])
    for chunks in [[1], [7, 13, 1], [50, 47], [2, 30]] {
      let other = try accumulate(x, y, chunks: chunks)
      #expect(other == whole, "chunks \(chunks)")
      #expect(try other.linearCKA().bitPattern == whole.linearCKA().bitPattern)
      #expect(try other.canonicalCorrelations() == whole.canonicalCorrelations())
    }
    // Float input too (converted exactly to Double on entry).
    let xf = try Tensor<Float>(shape: x.shape, scalars: x.scalars.map { Float($0) })
    let yf = try Tensor<Float>(shape: y.shape, scalars: y.scalars.map { Float($0) })
    #expect(try accumulate(xf, yf, chunks: [3, 11]) == accumulate(xf, yf, chunks: [97]))
  }

  @Test func mergedPartsEqualOnePass() throws {
    let x = try gaussian(120, 4, seed: 91) + 7
    let y = try gaussian(120, 3, seed: 92) + matmul(x, gaussian(4, 3, seed: 93))
    let whole = try accumulate(x, y, chunks: [120])
    var first = try accumulate(x.rows(0..<37), y.rows(0..<37), chunks: [10])
    // A different shift on the second part exercises the re-expression.
    let second = try accumulate(
      x.rows(37..<120), y.rows(37..<120), chunks: [20], shift: [1, -2, 3, 0.5, 9, 9, -9])
    try first.merge(second)
    #expect(first.samples == 120)
    expectClose(try first.linearCKA(), try whole.linearCKA(), relative: 1e-13, "merged CKA")
    expectClose(
      try first.canonicalCorrelations().correlations,
      try whole.canonicalCorrelations().correlations,
      relative: 1e-12, "merged CCA")
    var empty = try CrossProductAccumulator(xFeatures: 4, yFeatures: 3)
    try empty.merge(whole)
    #expect(empty == whole)
  }

  @Test func float32FarFromTheOriginKeepsItsPrecision() throws {
    // float32 activations around 1e3 with unit spread: the accumulator works
    // in Double after shifting, so it matches the in-memory Double result on
    // the same (exactly widened) values to 1e-12.
    let base = try gaussian(256, 8, seed: 95)
    let xf = try Tensor<Float>(shape: base.shape, scalars: base.scalars.map { Float($0 + 1000) })
    let yf = try Tensor<Float>(
      shape: [256, 4],
      scalars: (0..<1024).map { Float(base.scalars[($0 / 4) * 8 + $0 % 4] * 2 - 3000) })
    let xd = try Tensor<Double>(shape: xf.shape, scalars: xf.scalars.map { Double($0) })
    let yd = try Tensor<Double>(shape: yf.shape, scalars: yf.scalars.map { Double($0) })
    let acc = try accumulate(xf, yf, chunks: [100])
    expectClose(try acc.linearCKA(), try CKA.linear(xd, yd), relative: 1e-12, "float32 CKA")
  }

  @Test func badInputIsRejected() throws {
    var acc = try CrossProductAccumulator(xFeatures: 2, yFeatures: 1)
    #expect(throws: RepriseError.self) { try acc.linearCKA() }  // no rows
    try acc.append(
      Tensor<Double>(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6]),
      Tensor<Double>(shape: [3, 1], scalars: [1, 1, 1]))
    #expect(throws: RepriseError.self) { try acc.linearCKA() }  // Y constant
    do {
      try acc.append(
        Tensor<Double>(shape: [2, 2], scalars: [0, 0, 0, .infinity]),
        Tensor<Double>(shape: [2, 1], scalars: [0, 0]))
      Issue.record("infinity accepted")
    } catch RepriseError.nonFinite(_, let row, let column, _) {
      #expect(row == 4 && column == 1)  // counted from the start of the stream
    }
    #expect(acc.samples == 3)
    #expect(throws: RepriseError.self) {
      try acc.append(
        Tensor<Double>(shape: [2, 3], repeating: 0), Tensor<Double>(shape: [2, 1], repeating: 0))
    }
    #expect(throws: RepriseError.self) { try CrossProductAccumulator(xFeatures: 0, yFeatures: 1) }
  }
}
