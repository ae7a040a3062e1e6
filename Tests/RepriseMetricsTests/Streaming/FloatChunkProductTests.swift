// The opt-in Float chunk products of CrossProductAccumulator against its
// Double path (which the other streaming tests tie to the in-memory measures
// and the numpy fixtures): the accuracy the file header promises, determinism
// for a fixed chunking, and exact zeros for constant columns.
import RepriseMetrics
import Testing

@Suite struct FloatChunkProductTests {
  func accumulate(
    _ x: Tensor<Float>, _ y: Tensor<Float>, chunk: Int,
    precision: CrossProductAccumulator.ChunkProducts
  ) throws -> CrossProductAccumulator {
    var acc = try CrossProductAccumulator(
      xFeatures: x.shape[1], yFeatures: y.shape[1], chunkProducts: precision)
    var start = 0
    while start < x.shape[0] {
      let end = min(x.shape[0], start + chunk)
      try acc.append(x.rows(start..<end), y.rows(start..<end))
      start = end
    }
    return acc
  }

  /// Float32 activations far from the origin (offset 1e3; uncentred Float
  /// products would keep no digit of the variance): CKA and the Procrustes
  /// distance within 2e-5 relative of the Double path, which itself equals
  /// the in-memory CKA to 1e-12.
  @Test func agreesWithTheDoublePathToFloatAccuracy() throws {
    let n = 2000
    let base = try gaussian(n, 6, seed: 301)
    let x = try Tensor<Float>(shape: [n, 6], scalars: base.scalars.map { Float($0 * 3 + 1e3) })
    let mixed = try matmul(base, gaussian(6, 5, seed: 302)) + gaussian(n, 5, seed: 303) * 0.5
    let y = try Tensor<Float>(shape: [n, 5], scalars: mixed.scalars.map { Float($0 - 400) })
    let reference = try accumulate(x, y, chunk: 500, precision: .double)
    let xd = try Tensor<Double>(shape: x.shape, scalars: x.scalars.map { Double($0) })
    let yd = try Tensor<Double>(shape: y.shape, scalars: y.scalars.map { Double($0) })
    expectClose(try reference.linearCKA(), try CKA.linear(xd, yd), relative: 1e-12, "Double path")
    for chunk in [1, 37, 500, 2000] {
      let fast = try accumulate(x, y, chunk: chunk, precision: .float)
      expectClose(
        try fast.linearCKA(), try reference.linearCKA(), relative: 2e-5, absolute: 0,
        "CKA, \(chunk)-row chunks")
      expectClose(
        try fast.procrustesSquared(), try reference.procrustesSquared(), relative: 2e-5,
        absolute: 0, "Procrustes, \(chunk)-row chunks")
    }
  }

  /// The same rows in the same chunks give the same bits; constant columns
  /// contribute exact zeros, so an all-constant Y is still an error.
  @Test func deterministicAndExactOnConstantColumns() throws {
    let base = try gaussian(300, 4, seed: 311)
    let x = try Tensor<Float>(shape: [300, 4], scalars: base.scalars.map { Float($0) })
    let y = try Tensor<Float>(shape: [300, 2], repeating: 0.1)
    let first = try accumulate(x, x, chunk: 64, precision: .float)
    let second = try accumulate(x, x, chunk: 64, precision: .float)
    #expect(first == second)
    #expect(abs(try first.linearCKA() - 1) < 1e-6)
    let constant = try accumulate(x, y, chunk: 64, precision: .float)
    #expect(throws: RepriseError.self) { try constant.linearCKA() }
  }
}
