import Foundation
import RepriseNN
import RepriseTestSupport
import Testing

@Suite struct ParameterStoreTests {
  @Test func masksZeroValuesAndGradients() throws {
    var store = ParameterStore<Double>()
    let w = try store.add("w", try Tensor(rows: [[1, 2], [3, 4]]))
    #expect(throws: RepriseError.self) { try store.add("w", Tensor([1.0])) }
    try store.setMask(try Tensor(rows: [[1, 0], [0, 1]]), for: w)
    #expect(store[w].scalars == [1, 0, 0, 4])
    #expect(throws: RepriseError.self) {
      try store.setMask(try Tensor(rows: [[2, 0], [0, 1]]), for: w)
    }
    let tape = Tape<Double>()
    let bound = try store.bind(to: tape)
    let loss = try (bound[w] * Variable(constant: try Tensor(rows: [[5, 6], [7, 8]]))).sum()
    let gradients = try bound.gradients(of: loss)
    #expect(gradients[w]?.scalars == [5, 0, 0, 8])
  }

  @Test func snapshotRestoreFreezeAndGrow() throws {
    var store = ParameterStore<Double>()
    let a = try store.add("a", Tensor([1.0, 2]))
    let b = try store.add("b", Tensor([3.0]))
    let snapshot = store.snapshot()
    try store.setValue(Tensor([9.0, 9]), for: a)
    #expect(throws: RepriseError.self) { try store.setValue(Tensor([9.0]), for: a) }
    try store.restore(snapshot)
    #expect(store[a].scalars == [1, 2])
    store.setFrozen(true, for: b)
    #expect(store.trainableIDs == [a])
    let tape = Tape<Double>()
    let bound = try store.bind(to: tape)
    #expect(try bound.gradients(of: try (bound[a] * bound[b]).sum()).keys.sorted() == [a])
    try store.grow(a, axis: 0, appending: Tensor([5.0]))
    #expect(store[a].scalars == [1, 2, 5])
    #expect(try store.id(named: "b") == b)
    #expect(throws: RepriseError.self) { try store.id(named: "c") }
  }
}

@Suite struct OptimizerTests {
  /// One parameter w with gradient g applied by an optimizer for a few steps.
  func run<O: Optimizer>(_ optimizer: inout O, start: [Double], gradients: [[Double]]) throws
    -> [Double]
  where O.Scalar == Double {
    var store = ParameterStore<Double>()
    let id = try store.add("w", Tensor(start))
    for g in gradients { try optimizer.step(&store, gradients: [id: Tensor(g)]) }
    return store[id].scalars
  }

  @Test func sgdAndMomentumMatchTheirRecurrences() throws {
    var plain = SGD<Double>(learningRate: 0.1)
    #expect(try run(&plain, start: [1], gradients: [[2], [4]]) == [1 - 0.2 - 0.4])
    var momentum = SGD<Double>(learningRate: 0.1, momentum: 0.9)
    // v1 = 2, w1 = 1 − 0.2; v2 = 0.9·2 + 4 = 5.8, w2 = w1 − 0.58.
    #expect(
      try run(&momentum, start: [1], gradients: [[2], [4]]) == [(1 - 0.1 * 2) - 0.1 * (0.9 * 2 + 4)]
    )
    var nesterov = SGD<Double>(learningRate: 0.1, momentum: 0.5, nesterov: true)
    // v1 = 2, update g + μv = 3.
    #expect(try run(&nesterov, start: [0], gradients: [[2]]) == [-0.1 * (2 + 0.5 * 2)])
    var decayed = SGD<Double>(learningRate: 0.5, weightDecay: 0.1)
    #expect(try run(&decayed, start: [2], gradients: [[0]]) == [2 - 0.5 * 0.2])
  }

  @Test func adamFirstStepIsSignLikeAndDecaysCorrectly() throws {
    var adam = Adam<Double>(learningRate: 0.01, epsilon: 0)
    // After bias correction m̂ = g and v̂ = g², so the first step is lr·sign(g).
    let w = try run(&adam, start: [1, 1, 1], gradients: [[3, -0.001, 1e6]])
    #expect(zip(w.map { ($0 - 1) / 0.01 }, [-1.0, 1, -1]).allSatisfy { abs($0 - $1) < 1e-12 })
    var adamW = Adam<Double>.adamW(learningRate: 0.1, weightDecay: 0.5)
    let w2 = try run(&adamW, start: [2], gradients: [[0]])
    #expect(abs(w2[0] - 2 * (1 - 0.05)) < 1e-15)
    // Two steps against the recurrence written out.
    var two = Adam<Double>(learningRate: 0.1)
    let result = try run(&two, start: [0.5], gradients: [[1], [-2]])
    var m = 0.0
    var v = 0.0
    var x = 0.5
    for (t, g) in [1.0, -2.0].enumerated() {
      m = 0.9 * m + 0.1 * g
      v = 0.999 * v + 0.001 * g * g
      let step = Double(t + 1)
      let mHat = m / (1 - [0.9, 0.81][t])
      let vHat = v / (1 - [0.999, 0.999 * 0.999][t])
      x -= 0.1 * mHat / (vHat.squareRoot() + 1e-8)
      _ = step
    }
    #expect(abs(result[0] - x) < 1e-15)
  }

  @Test func growingKeepsStateConsistent() throws {
    var store = ParameterStore<Double>()
    let id = try store.add("w", try Tensor(rows: [[1, 2]]))
    var adam = Adam<Double>(learningRate: 0.1)
    try adam.step(&store, gradients: [id: try Tensor(rows: [[1, 1]])])
    try store.grow(id, axis: 1, appending: try Tensor(rows: [[0]]))
    // Stepping before growing the optimizer is an error, not a silent misuse.
    #expect(throws: RepriseError.self) {
      try adam.step(&store, gradients: [id: try Tensor(rows: [[1, 1, 1]])])
    }
    try adam.grow(id, axis: 1, by: 1)
    try adam.step(&store, gradients: [id: try Tensor(rows: [[0, 0, 1]])])
    #expect(store[id].shape == [1, 3])
    #expect(store[id][0, 2] < 0)
  }

  @Test func globalNormClipping() throws {
    var store = ParameterStore<Double>()
    let a = try store.add("a", Tensor([3.0]))
    let b = try store.add("b", Tensor([4.0]))
    var gradients: [ParameterID: Tensor<Double>] = [a: Tensor([3.0]), b: Tensor([4.0])]
    let norm = try GradientClipping.clipByGlobalNorm(&gradients, maxNorm: 1)
    #expect(norm == 5)
    #expect(
      abs(gradients[a]!.scalars[0] - 0.6) < 1e-15 && abs(gradients[b]!.scalars[0] - 0.8) < 1e-15)
    gradients[a] = Tensor([.nan])
    #expect(throws: RepriseError.self) {
      try GradientClipping.clipByGlobalNorm(&gradients, maxNorm: 1)
    }
    var values: [ParameterID: Tensor<Double>] = [a: Tensor([-5.0, 0.5, 7])]
    GradientClipping.clipByValue(&values, limit: 1)
    #expect(values[a]!.scalars == [-1, 0.5, 1])
  }
}

@Suite struct CheckpointTests {
  @Test func saveAndLoadRestoresTheBits() throws {
    var random = RandomStream(seed: 12)
    var store = ParameterStore<Float>()
    _ = try MLP(widths: [4, 3, 2], store: &store, random: &random)
    let path = "/tmp/reprise-checkpoint-\(random.next()).safetensors"
    defer { unlink(path) }
    try store.saveCheckpoint(to: path)
    let saved = store.snapshot()
    for id in store.ids {
      try store.setValue(try Tensor(shape: store[id].shape, repeating: 0), for: id)
    }
    try store.loadCheckpoint(from: path)
    #expect(store.snapshot() == saved)
    // A differently shaped model or a different scalar type is refused by name.
    var other = ParameterStore<Float>()
    _ = try MLP(widths: [4, 5, 2], store: &other, random: &random)
    let error = #expect(throws: RepriseError.self) { try other.loadCheckpoint(from: path) }
    #expect(error?.description.contains("mlp.0.weight") == true)
    var double = ParameterStore<Double>()
    _ = try MLP(widths: [4, 3, 2], store: &double, random: &random)
    #expect(throws: RepriseError.self) { try double.loadCheckpoint(from: path) }
  }
}

@Suite struct LearningRateScheduleTests {
  @Test func schedulesFollowTheirFormulas() throws {
    let base = 0.1
    #expect(try LearningRateSchedule<Double>.constant.rate(at: 7, base: base) == 0.1)
    let step = LearningRateSchedule<Double>.stepDecay(factor: 0.5, every: 10)
    #expect(try step.rate(at: 9, base: base) == 0.1)
    #expect(abs(try step.rate(at: 25, base: base) - 0.025) < 1e-16)
    #expect(
      abs(
        try LearningRateSchedule<Double>.exponential(factor: 0.9).rate(at: 3, base: base) - 0.0729)
        < 1e-15)
    let warm = LearningRateSchedule<Double>.warmup(steps: 4, then: .constant)
    #expect(
      try [0, 1, 2, 3, 10].map { try warm.rate(at: $0, base: base) } == [
        0.025, 0.05, 0.07500000000000001, 0.1, 0.1,
      ])
    let cosine = LearningRateSchedule<Double>.cosine(totalSteps: 100, minimum: 0.001)
    #expect(try cosine.rate(at: 0, base: base) == 0.1)
    #expect(abs(try cosine.rate(at: 50, base: base) - (0.001 + 0.099 / 2)) < 1e-15)
    #expect(abs(try cosine.rate(at: 100, base: base) - 0.001) < 1e-15)
    #expect(try cosine.rate(at: 500, base: base) == cosine.rate(at: 100, base: base))
    #expect(
      abs(
        try LearningRateSchedule<Double>.inverseSquareRoot(timescale: 3).rate(at: 9, base: base)
          - 0.05) < 1e-16)
    #expect(throws: RepriseError.self) {
      try LearningRateSchedule<Double>.stepDecay(factor: 0.5, every: 0).rate(at: 1, base: base)
    }
    #expect(throws: RepriseError.self) {
      try LearningRateSchedule<Double>.constant.rate(at: -1, base: base)
    }
  }

  @Test func trainerAppliesTheSchedulePerStep() throws {
    var store = ParameterStore<Double>()
    let w = try store.add("w", Tensor([0.0]))
    var trainer = Trainer(optimizer: SGD<Double>(learningRate: 1), batchSize: 1)
    trainer.schedule = .stepDecay(factor: 0.5, every: 1)
    // Loss = w·1: gradient 1, so each step moves w by −rate: −1, −0.5, −0.25.
    for _ in 0..<3 {
      try trainer.step(&store) { p in try (p[w] * Variable(constant: Tensor([1.0]))).sum() }
    }
    #expect(store[w].scalars == [-1.75])
    #expect(trainer.stepCount == 3)
  }
}
