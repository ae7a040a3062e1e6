// The fused Adam update against the literal recurrence of Kingma & Ba
// (m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), w ← w − η·m̂/(√v̂ + ε)) written out per
// element in Double, on tensors long enough for the eight-lane path, its
// scalar tail and the split across threads; and bit equality across thread
// counts. The vectorized Float update against the same formula evaluated
// one element at a time with Swift's own `squareRoot()`, bit for bit,
// including zero, tiny, NaN and infinite gradients (the update takes the
// root of `v < 0 ? NaN : v`, which must be the root of v for every v ≥ 0
// and for NaN).
import Foundation
import Testing

@testable import RepriseNN

@Suite(.serialized) struct AdamUpdateTests {
  static func steps(
    count: Int, decoupled: Bool, threads: Int
  ) throws -> (result: [Double], reference: [Double]) {
    let saved = ThreadSettings.defaultCount
    try ThreadSettings.setDefaultCount(threads)
    defer { try? ThreadSettings.setDefaultCount(saved) }
    var random = RandomStream(seed: 4)
    let start = try Tensor<Double>.uniform([count], in: -1..<1, using: &random)
    let gradients = try (0..<3).map { _ in
      try Tensor<Double>.uniform([count], in: -2..<2, using: &random)
    }
    let (lr, b1, b2, eps, decay) = (0.01, 0.9, 0.999, 1e-8, 0.1)
    var adam = Adam<Double>(
      learningRate: lr, weightDecay: decay, decoupledWeightDecay: decoupled)
    var store = ParameterStore<Double>()
    let id = try store.add("w", start)
    for g in gradients { try adam.step(&store, gradients: [id: g]) }

    var w = start.scalars
    var m = [Double](repeating: 0, count: count)
    var v = m
    for (t, g) in gradients.enumerated() {
      let (c1, c2) = (1 - pow(b1, Double(t + 1)), 1 - pow(b2, Double(t + 1)))
      for i in 0..<count {
        var gi = g.scalars[i]
        if decoupled { w[i] -= lr * decay * w[i] } else { gi += decay * w[i] }
        m[i] = b1 * m[i] + (1 - b1) * gi
        v[i] = b2 * v[i] + (1 - b2) * gi * gi
        w[i] -= lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + eps)
      }
    }
    return (store[id].scalars, w)
  }

  @Test func fusedUpdateMatchesTheLiteralRecurrence() throws {
    for decoupled in [false, true] {
      for count in [3, 8, 37] {
        let (result, reference) = try Self.steps(count: count, decoupled: decoupled, threads: 1)
        let error = zip(result, reference).map { abs($0 - $1) / max(1, abs($1)) }.max()!
        #expect(error < 1e-14, "count \(count), decoupled \(decoupled): \(error)")
      }
    }
  }

  @Test func largeTensorsGiveTheSameBitsAtAnyThreadCount() throws {
    let count = (1 << 16) + 13
    let one = try Self.steps(count: count, decoupled: false, threads: 1)
    let three = try Self.steps(count: count, decoupled: false, threads: 3)
    #expect(one.result.map(\.bitPattern) == three.result.map(\.bitPattern))
    let error = zip(one.result, one.reference).map { abs($0 - $1) / max(1, abs($1)) }.max()!
    #expect(error < 1e-14)
  }

  @Test func floatUpdateEqualsTheScalarFormulaBitForBit() throws {
    // 1000 entries: vector body and remainder; both weight-decay modes.
    for decoupled in [false, true] {
      var random = RandomStream(seed: 8)
      let count = 1003
      let start = try Tensor<Float>.uniform([count], in: -1..<1, using: &random)
      var gradients = try (0..<3).map { _ in
        try Tensor<Float>.uniform([count], in: -2..<2, using: &random)
      }
      // Exact zeros and tiny gradients (v near the subnormal range); a NaN
      // and an infinite gradient (NaN or infinite m and v from then on).
      gradients[0].withUnsafeMutableBufferPointer {
        $0[0] = 0
        $0[5] = 1e-30
        $0[17] = -0.0
      }
      gradients[1].withUnsafeMutableBufferPointer {
        $0[3] = .nan
        $0[9] = .infinity
        $0[996] = -.infinity
      }
      let (lr, b1, b2, eps, decay): (Float, Float, Float, Float, Float) = (
        0.01, 0.9, 0.999, 1e-8, 0.1
      )
      var adam = Adam<Float>(learningRate: lr, weightDecay: decay, decoupledWeightDecay: decoupled)
      var store = ParameterStore<Float>()
      let id = try store.add("w", start)
      for g in gradients { try adam.step(&store, gradients: [id: g]) }

      // w ← w − s·m/(√v·r + ε), s = η/(1 − β₁ᵗ), r = 1/√(1 − β₂ᵗ), one element at a time.
      var w = start.scalars
      var m = [Float](repeating: 0, count: count)
      var v = m
      var (p1, p2): (Float, Float) = (1, 1)
      for g in gradients {
        p1 *= b1
        p2 *= b2
        let s = lr / (1 - p1)
        let r = 1 / (1 - p2).squareRoot()
        let d = decoupled ? lr * decay : decay
        for i in 0..<count {
          var gi = g.scalars[i]
          if decoupled { w[i] -= d * w[i] } else { gi += d * w[i] }
          m[i] = b1 * m[i] + (1 - b1) * gi
          v[i] = b2 * v[i] + (1 - b2) * gi * gi
          w[i] -= s * m[i] / (v[i].squareRoot() * r + eps)
        }
      }
      #expect(store[id].scalars.map(\.bitPattern) == w.map(\.bitPattern), "decoupled \(decoupled)")
    }
  }
}
