// The gated-context task (papers.md §11) against its definition: shapes,
// the gate pattern, reproducibility by seed, and the closed-form statistics
// the construction promises — per-context whitening X_cᵀX_c/n_c = I, the
// input–output correlation Y_cᵀX_c/n_c = A_c, A's singular values equal to
// the prescribed ones (by SVD and by ‖A‖²_F = Σ s²), and B_c = A_c − A with
// its own prescribed spectrum.
import RepriseNN
import Testing

@Suite struct GatedContextTaskTests {
  /// Mᵀ·N / scale for row-major M (rows×a) and N (rows×b), in Double.
  static func crossMoment(
    _ m: [Double], _ n: [Double], rows: Range<Int>, a: Int, b: Int, scale: Double
  ) -> [Double] {
    var out = [Double](repeating: 0, count: a * b)
    for r in rows {
      for i in 0..<a {
        for j in 0..<b { out[i * b + j] += m[r * a + i] * n[r * b + j] }
      }
    }
    return out.map { $0 / scale }
  }

  static func maxDifference(_ x: [Double], _ y: [Double]) -> Double {
    zip(x, y).map { abs($0 - $1) }.max() ?? 0
  }

  @Test func theMinimalExperimentHasTheShapesOfSection11() throws {
    var random = RandomStream(seed: 3)
    let task: GatedContextTask<Double> = try .generate(using: &random)
    #expect(task.inputs.shape == [256, 16] && task.targets.shape == [256, 16])
    #expect(task.contextCount == 4 && task.count == 256 && task.examplesPerContext == 64)
    #expect(task.sharedMap.shape == [16, 16] && task.contextMaps.count == 4)
    // Eight values evenly spaced from 3 down to 1: s_k = 3 − 2k/7.
    for (k, value) in task.sharedSingularValues.enumerated() {
      #expect(abs(value - (3 - 2 * Double(k) / 7)) < 1e-15)
    }
    #expect(task.sharedSingularValues.count == 8)
    for c in 0..<4 { #expect(task.contexts.filter { $0 == c }.count == 64) }
    // Without context-specific parts every context has the shared map.
    for map in task.contextMaps { #expect(map.scalars == task.sharedMap.scalars) }
  }

  @Test func gatesSwitchTheSharedPathwayOnEverywhereAndEachContextPathwayOnItsRows() throws {
    var random = RandomStream(seed: 5)
    let task: GatedContextTask<Float> = try .generate(
      contexts: 3, inputDimension: 4, outputDimension: 2, examplesPerContext: 5,
      sharedSingularValues: [2, 1], using: &random)
    let gates = try task.gates()
    #expect(gates.shape == [15, 4])
    for row in 0..<15 {
      let line = Array(gates.scalars[(row * 4)..<(row * 4 + 4)])
      #expect(line[0] == 1)
      #expect(line[1...].filter { $0 == 1 }.count == 1)
      #expect(line[1...].allSatisfy { $0 == 0 || $0 == 1 })
      #expect(line[1 + task.contexts[row]] == 1)
      #expect(try task.rows(inContext: task.contexts[row]).contains(row))
    }
    #expect(try task.rows(inContext: 1) == 5..<10)
    #expect(throws: RepriseError.self) { try task.rows(inContext: 3) }
  }

  @Test func theSameSeedGivesTheSameBitsAndAnotherSeedDoesNot() throws {
    func make(_ seed: UInt64) throws -> GatedContextTask<Float> {
      var random = RandomStream(seed: seed)
      return try .generate(
        contexts: 2, inputDimension: 6, outputDimension: 5, examplesPerContext: 8,
        sharedSingularValues: [2, 1], contextSingularValues: [0.5], using: &random)
    }
    let (a, b, c) = (try make(7), try make(7), try make(8))
    #expect(a.inputs.scalars == b.inputs.scalars && a.targets.scalars == b.targets.scalars)
    #expect(a.contextMaps.map(\.scalars) == b.contextMaps.map(\.scalars))
    #expect(a.inputs.scalars != c.inputs.scalars && a.sharedMap.scalars != c.sharedMap.scalars)
  }

  @Test func inputsAreWhitenedPerContextAndTheCorrelationIsTheContextMap() throws {
    var random = RandomStream(seed: 11)
    let (d, out, n) = (6, 5, 9)
    let task: GatedContextTask<Double> = try .generate(
      contexts: 3, inputDimension: d, outputDimension: out, examplesPerContext: n,
      sharedSingularValues: [3, 2, 1], contextSingularValues: [0.5, 0.25], using: &random)
    let x = task.inputs.scalars
    let y = task.targets.scalars
    var identity = [Double](repeating: 0, count: d * d)
    for i in 0..<d { identity[i * d + i] = 1 }
    var total = [Double](repeating: 0, count: d * d)
    for c in 0..<3 {
      let rows = try task.rows(inContext: c)
      let sxx = Self.crossMoment(x, x, rows: rows, a: d, b: d, scale: Double(n))
      #expect(Self.maxDifference(sxx, identity) < 1e-13)
      total = zip(total, sxx).map { $0 + $1 / 3 }
      // Σ_yx,c = Y_cᵀX_c/n is [out, d], which is A_c itself.
      let syx = Self.crossMoment(y, x, rows: rows, a: out, b: d, scale: Double(n))
      #expect(Self.maxDifference(syx, task.contextMaps[c].scalars) < 1e-13)
    }
    #expect(Self.maxDifference(total, identity) < 1e-13)  // whitened overall too
  }

  @Test func mapsHaveThePrescribedSpectra() throws {
    var random = RandomStream(seed: 13)
    let shared = [3, 2.5, 1.25, 1]
    let specific = [0.75, 0.5]
    let task: GatedContextTask<Double> = try .generate(
      contexts: 2, inputDimension: 7, outputDimension: 6, examplesPerContext: 7,
      sharedSingularValues: shared, contextSingularValues: specific, using: &random)
    func spectrum(_ m: Tensor<Double>) throws -> [Double] {
      try SingularValueDecomposition(m, vectors: .none).singularValues.scalars
    }
    let a = try spectrum(task.sharedMap)
    #expect(Self.maxDifference(Array(a[..<4]), shared) < 1e-13)
    #expect(a[4...].allSatisfy { $0 < 1e-13 })  // rank 4
    // ‖A‖²_F = Σ s², independently of the SVD.
    let frobenius = task.sharedMap.scalars.reduce(0) { $0 + $1 * $1 }
    #expect(abs(frobenius - shared.reduce(0) { $0 + $1 * $1 }) < 1e-12)
    var specificMaps: [[Double]] = []
    for map in task.contextMaps {
      let b = zip(map.scalars, task.sharedMap.scalars).map { $0 - $1 }
      let s = try spectrum(try Tensor(shape: [6, 7], scalars: b))
      #expect(Self.maxDifference(Array(s[..<2]), specific) < 1e-13)
      #expect(s[2...].allSatisfy { $0 < 1e-13 })
      specificMaps.append(b)
    }
    #expect(Self.maxDifference(specificMaps[0], specificMaps[1]) > 0.1)  // independent draws
  }

  @Test func floatTasksAreTheDoubleTaskRounded() throws {
    var r1 = RandomStream(seed: 17)
    var r2 = RandomStream(seed: 17)
    let single: GatedContextTask<Float> = try .generate(using: &r1)
    let double: GatedContextTask<Double> = try .generate(using: &r2)
    #expect(single.inputs.scalars == double.inputs.scalars.map { Float($0) })
    #expect(single.targets.scalars == double.targets.scalars.map { Float($0) })
  }

  @Test func badArgumentsAreNamed() throws {
    var random = RandomStream(seed: 1)
    let cases: [(String, () throws -> GatedContextTask<Double>)] = [
      (
        "examplesPerContext",
        { try .generate(inputDimension: 8, examplesPerContext: 7, using: &random) }
      ),
      (
        "sharedSingularValues",
        {
          try .generate(
            inputDimension: 2, outputDimension: 3, sharedSingularValues: [1, 1, 1], using: &random)
        }
      ),
      ("contextSingularValues[0]", { try .generate(contextSingularValues: [-1], using: &random) }),
      ("contexts", { try .generate(contexts: 0, using: &random) }),
    ]
    for (name, make) in cases {
      do {
        _ = try make()
        Issue.record("expected an error naming \(name)")
      } catch let error as RepriseError {
        #expect("\(error)".contains(name))
      }
    }
  }
}
