// GEMM must equal the reference loop bit for bit: every path (small, packed),
// every blocking, every transpose, α/β special values, padded leading
// dimensions, and any thread count.

import RepriseCore
import RepriseLinalg
import Testing

@Suite struct GEMMBitEqualityTests {
  static let shapes: [(Int, Int, Int)] = [
    (1, 1, 1), (2, 3, 1), (3, 2, 7), (7, 13, 3), (13, 7, 31), (31, 31, 31), (64, 64, 64),
    (65, 64, 65), (64, 65, 13), (1, 65, 64), (65, 1, 64), (257, 3, 7), (3, 257, 13),
    (7, 2, 257), (13, 65, 257), (120, 2, 3), (2, 100, 3), (7, 7, 0), (0, 7, 7), (7, 0, 7),
  ]
  static let transposes: [(Transpose, Transpose)] = [
    (.none, .none), (.none, .transposed), (.transposed, .none), (.transposed, .transposed),
  ]

  @Test(arguments: 0..<4)
  func oddShapesEveryTransposeEveryBlocking(blockingIndex: Int) throws {
    let blocking = Blockings.all[blockingIndex]
    for (m, n, k) in Self.shapes {
      for (ta, tb) in Self.transposes {
        let test = GEMMCase(
          m: m, n: n, k: k, transA: ta, transB: tb, alpha: 1, beta: 0, threads: 2,
          blocking: blocking)
        let d = try test.run(Double.self)
        #expect(bitsOf(d.fast) == bitsOf(d.reference), "Double \(test)")
        let f = try test.run(Float.self)
        #expect(bitsOf(f.fast) == bitsOf(f.reference), "Float \(test)")
      }
    }
  }

  @Test(arguments: [1.0, 0.0, -0.5, 3.0])
  func alphaBetaCombinations(alpha: Double) throws {
    for beta in [0.0, 1.0, 0.25] {
      for blocking in Blockings.all {
        for (m, n, k) in [(13, 17, 19), (6, 16, 5), (1, 9, 40)] {
          for (ta, tb) in [(Transpose.none, Transpose.none), (.transposed, .transposed)] {
            let test = GEMMCase(
              m: m, n: n, k: k, transA: ta, transB: tb, alpha: alpha, beta: beta, threads: 2,
              blocking: blocking)
            let d = try test.run(Double.self)
            #expect(bitsOf(d.fast) == bitsOf(d.reference), "Double \(test)")
            let f = try test.run(Float.self)
            #expect(bitsOf(f.fast) == bitsOf(f.reference), "Float \(test)")
          }
        }
      }
    }
  }

  @Test(arguments: [1, 2, 3])
  func threadCountsAndPaddedLeadingDimensions(threads: Int) throws {
    for blocking in Blockings.all {
      for (ta, tb) in Self.transposes {
        for (m, n, k) in [(65, 31, 33), (13, 70, 9), (30, 20, 40)] {
          let test = GEMMCase(
            m: m, n: n, k: k, transA: ta, transB: tb, alpha: -0.5, beta: 0.25, padA: 3,
            padB: 5, padC: 2, threads: threads, blocking: blocking)
          let d = try test.run(Double.self)
          #expect(bitsOf(d.fast) == bitsOf(d.reference), "Double \(test)")
          let f = try test.run(Float.self)
          #expect(bitsOf(f.fast) == bitsOf(f.reference), "Float \(test)")
        }
      }
    }
  }

  /// Default blocking with k crossing KC (so the chain continues across
  /// packed slices) and enough work to fork threads.
  @Test(arguments: [Transpose.none, .transposed])
  func defaultBlockingAcrossKC(transA: Transpose) throws {
    for threads in [1, 2, 3] {
      let test = GEMMCase(
        m: 77, n: 45, k: 530, transA: transA, transB: transA == .none ? .transposed : .none,
        alpha: 3, beta: 1, padC: 1, threads: threads)
      let d = try test.run(Double.self)
      #expect(bitsOf(d.fast) == bitsOf(d.reference), "Double \(test)")
      let f = try test.run(Float.self)
      #expect(bitsOf(f.fast) == bitsOf(f.reference), "Float \(test)")
    }
  }

  /// Many KC slices (k = 301 over KC = 16): the running sums wait in the
  /// driver's buffer between slices — started from β·C (or from zero, with
  /// C full of NaN, when β = 0), copied into C after the last — in every
  /// worker's band, across several MC blocks and with edge tiles on both
  /// sides; each entry must still be the reference loop's single chain.
  @Test(arguments: [0.0, 0.25, 1.0])
  func runningSumsAcrossManySlices(beta: Double) throws {
    let blocking = GEMMBlocking(mc: 12, kc: 16, nc: 24, smallLimit: 0, parallelLimit: 0)
    for threads in [1, 2, 3] {
      for (ta, tb) in [(Transpose.transposed, Transpose.none), (.none, .transposed)] {
        let test = GEMMCase(
          m: 40, n: 37, k: 301, transA: ta, transB: tb, alpha: 1, beta: beta, padC: 3,
          threads: threads, blocking: blocking)
        let d = try test.run(Double.self)
        #expect(bitsOf(d.fast) == bitsOf(d.reference), "Double \(test)")
        let f = try test.run(Float.self)
        #expect(bitsOf(f.fast) == bitsOf(f.reference), "Float \(test)")
      }
    }
  }

  /// Wide op(B) with the default block sizes but the packed path forced:
  /// B packing walks several groups of 16 panels plus a partial panel.
  @Test(arguments: [Transpose.none, .transposed])
  func widePackedB(transB: Transpose) throws {
    let blocking = GEMMBlocking(mc: 72, kc: 512, nc: 512, smallLimit: 0, parallelLimit: 0)
    for threads in [1, 2] {
      let test = GEMMCase(
        m: 9, n: 2 * 16 * 16 + 13, k: 21, transB: transB, alpha: -0.5, beta: 1, padB: 2,
        threads: threads, blocking: blocking)
      let d = try test.run(Double.self)
      #expect(bitsOf(d.fast) == bitsOf(d.reference), "Double \(test)")
      let f = try test.run(Float.self)
      #expect(bitsOf(f.fast) == bitsOf(f.reference), "Float \(test)")
    }
  }

  @Test func workspaceReuseAcrossShapes() throws {
    let workspace = GEMMWorkspace<Double>()
    var rng = TestRNG(seed: 7)
    for (m, n, k) in [(40, 30, 20), (13, 70, 9), (40, 30, 20), (65, 64, 65)] {
      let a: [Double] = rng.fill(Double.self, count: m * k)
      let b: [Double] = rng.fill(Double.self, count: k * n)
      var fast = [Double](repeating: 0, count: m * n)
      var reference = fast
      try GEMM.compute(
        .none, .none, m: m, n: n, k: k, a: a, b: b, c: &fast, threads: 2, workspace: workspace)
      a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
          reference.withUnsafeMutableBufferPointer { pc in
            ReferenceGEMM.compute(
              .none, .none, m: m, n: n, k: k, alpha: 1, a: pa.baseAddress!, lda: k,
              b: pb.baseAddress!, ldb: n, beta: 0, c: pc.baseAddress!, ldc: n)
          }
        }
      }
      #expect(bitsOf(fast) == bitsOf(reference))
    }
    #expect(workspace.allocatedBytes > 0)
  }

  /// Calls without a workspace borrow packing buffers from a shared pool;
  /// concurrent calls must not interfere.
  @Test func concurrentCallsWithoutWorkspace() throws {
    let blocking = GEMMBlocking(mc: 12, kc: 16, nc: 24, smallLimit: 0, parallelLimit: 0)
    let cases = (0..<6).map { i in
      GEMMCase(
        m: 20 + i, n: 30 - i, k: 25 + 3 * i, alpha: 1, beta: 0.25, threads: 2, blocking: blocking)
    }
    let results = UncheckedSendable(
      UnsafeMutableBufferPointer<Bool>.allocate(capacity: cases.count))
    defer { results.value.deallocate() }
    ParallelFor.run(chunks: cases.count, threads: 3) { i in
      let r = try? cases[i].run(Double.self)
      results.value[i] = r.map { bitsOf($0.fast) == bitsOf($0.reference) } ?? false
    }
    #expect(Array(results.value) == Array(repeating: true, count: cases.count))
  }

  @Test func productConvenience() throws {
    let a: [Float] = [1, 2, 3, 4, 5, 6]  // 2×3
    let b: [Float] = [1, 0, 0, 1, 1, 1]  // 3×2
    #expect(try GEMM.product(a, b, m: 2, n: 2, k: 3) == [4, 5, 10, 11])
    #expect(
      try GEMM.product(a, b, m: 3, n: 3, k: 2, transA: .transposed, transB: .transposed) == [
        1, 4, 5, 2, 5, 7, 3, 6, 9,
      ])
  }
}
