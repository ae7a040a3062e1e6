// The fused dense op act(x·W + b) against the unfused operations it replaces
// (bit for bit: values, first and second derivatives, Float and Double, with
// exact zeros in z so the ReLU derivative at 0 is exercised; narrow Float
// layers, whose products are computed transposed) and against central
// finite differences. Also: the skipped adjoint of a constant input
// changes no gradient of the tracked operands.
import RepriseAutodiff
import RepriseTestSupport
import Testing

@Suite struct AffineTests {
  /// x [5, 4] with row 2 all zeros, W [4, 7], b [7] with b[1] = b[4] = 0:
  /// z[2, 1] and z[2, 4] are exactly 0.
  static func operands<S: RealScalar>(_: S.Type, seed: UInt64) throws -> [Tensor<S>] {
    var random = RandomStream(seed: seed)
    var x = try Tensor<S>.uniform([5, 4], in: -1..<1, using: &random)
    x.withUnsafeMutableBufferPointer { for j in 0..<4 { $0[2 * 4 + j] = 0 } }
    let w = try Tensor<S>.uniform([4, 7], in: -1..<1, using: &random)
    var b = try Tensor<S>.uniform([7], in: -1..<1, using: &random)
    b.withUnsafeMutableBufferPointer {
      $0[1] = 0
      $0[4] = 0
    }
    let seed = try Tensor<S>.uniform([5, 7], in: -1..<1, using: &random)
    return [x, w, b, seed]
  }

  /// The fused or unfused layer on tracked x, W, b and the loss Σ y ⊙ seed.
  static func forward<S: RealScalar>(
    _ values: [Tensor<S>], fused: Bool, bias: Bool, activation: FusedActivation<S>
  ) throws -> (Tape<S>, Variable<S>, Variable<S>, Variable<S>, Variable<S>, Variable<S>) {
    let tape = Tape<S>()
    let (x, w, b) = (tape.variable(values[0]), tape.variable(values[1]), tape.variable(values[2]))
    let y: Variable<S>
    if fused {
      y = try x.affine(weight: w, bias: bias ? b : nil, activation: activation)
    } else {
      var h = try x.matmul(w)
      if bias { h = try h + b }
      if case .relu(let d0) = activation { h = h.relu(derivativeAtZero: d0) }
      y = h
    }
    return (tape, x, w, b, y, try (y * Variable(constant: values[3])).sum())
  }

  /// Value, first-order gradients, and the gradient of ‖∂L/∂W‖² (second
  /// order), for the fused or the unfused form.
  static func run<S: RealScalar>(
    _ values: [Tensor<S>], fused: Bool, bias: Bool, activation: FusedActivation<S>
  ) throws -> [[S]] {
    let (tape, x, w, b, y, loss) = try forward(
      values, fused: fused, bias: bias, activation: activation)
    let first = try tape.gradients(of: loss, withRespectTo: [x, w, b], createGraph: true)
    let penalty = try (first[1] * first[1]).sum()
    let second = try tape.gradients(of: penalty, withRespectTo: [x, w, b])
    return [y.value.scalars] + first.map(\.value.scalars) + second.map(\.value.scalars)
  }

  static func checkBitIdentical<S: RealScalar>(_ type: S.Type) throws {
    let values = try operands(S.self, seed: 3)
    for bias in [true, false] {
      for activation: FusedActivation<S> in [
        .identity, .relu(derivativeAtZero: 0), .relu(derivativeAtZero: 1),
      ] {
        let fused = try run(values, fused: true, bias: bias, activation: activation)
        let plain = try run(values, fused: false, bias: bias, activation: activation)
        #expect(
          fused.map { $0.map { Double($0).bitPattern } }
            == plain.map { $0.map { Double($0).bitPattern } })
      }
    }
  }

  @Test func fusedEqualsUnfusedBitForBitInDouble() throws {
    try Self.checkBitIdentical(Double.self)
  }

  @Test func fusedEqualsUnfusedBitForBitInFloat() throws { try Self.checkBitIdentical(Float.self) }

  /// Values and first-order gradients without a recorded backward pass (the
  /// raw-buffer kernels of the fused op), fused or unfused.
  static func runRaw<S: RealScalar>(
    _ values: [Tensor<S>], fused: Bool, bias: Bool, activation: FusedActivation<S>
  ) throws -> [[UInt64]] {
    let (tape, x, w, b, y, loss) = try forward(
      values, fused: fused, bias: bias, activation: activation)
    let gradients = try tape.gradients(of: loss, withRespectTo: [x, w, b])
    return ([y.value] + gradients.map(\.value)).map { $0.scalars.map { Double($0).bitPattern } }
  }

  /// Wide enough (45 columns, 37 rows) for the vectorized bias + ReLU and
  /// mask loops and their scalar remainders, with exact zeros in z (zero
  /// rows of x against zero biases), for every derivative at 0 including
  /// −0 (whose mask must still give +0 where z < 0).
  static func checkWideBitIdentical<S: RealScalar>(_: S.Type) throws {
    var random = RandomStream(seed: 21)
    var x = try Tensor<S>.uniform([37, 6], in: -1..<1, using: &random)
    x.withUnsafeMutableBufferPointer {
      for r in [0, 9, 36] { for j in 0..<6 { $0[r * 6 + j] = 0 } }
    }
    let w = try Tensor<S>.uniform([6, 45], in: -1..<1, using: &random)
    var b = try Tensor<S>.uniform([45], in: -1..<1, using: &random)
    b.withUnsafeMutableBufferPointer { for j in [0, 7, 8, 31, 44] { $0[j] = 0 } }
    let seed = try Tensor<S>.uniform([37, 45], in: -1..<1, using: &random)
    for bias in [true, false] {
      for activation: FusedActivation<S> in [
        .identity, .relu(derivativeAtZero: 0), .relu(derivativeAtZero: -0.0),
        .relu(derivativeAtZero: 1), .relu(derivativeAtZero: 0.5),
      ] {
        let fused = try runRaw([x, w, b, seed], fused: true, bias: bias, activation: activation)
        let plain = try runRaw([x, w, b, seed], fused: false, bias: bias, activation: activation)
        #expect(fused == plain, "bias \(bias), \(activation)")
      }
    }
  }

  @Test func wideFusedEqualsUnfusedBitForBitWithoutGraph() throws {
    try Self.checkWideBitIdentical(Float.self)
    try Self.checkWideBitIdentical(Double.self)
  }

  @Test func narrowFloatLayersComputedTransposedKeepTheBits() throws {
    // out < 16 on GEMM's packed path: x·W and xᵀ·Ḡ are computed as (Wᵀ·xᵀ)ᵀ
    // and (Ḡᵀ·x)ᵀ; the unfused ops use the products as written. 16 columns
    // and a product below the packed-path size keep the plain orientation.
    var random = RandomStream(seed: 12)
    let x = try Tensor<Float>.uniform([128, 400], in: -1..<1, using: &random)
    for (batch, out) in [(128, 1), (128, 10), (128, 15), (128, 16), (9, 10)] {
      let rows = try x.rows(0..<batch)
      let w = try Tensor<Float>.uniform([400, out], in: -1..<1, using: &random)
      let b = try Tensor<Float>.uniform([out], in: -1..<1, using: &random)
      let seed = try Tensor<Float>.uniform([batch, out], in: -1..<1, using: &random)
      for activation: FusedActivation<Float> in [.identity, .relu(derivativeAtZero: 0)] {
        let fused = try Self.runRaw(
          [rows, w, b, seed], fused: true, bias: true, activation: activation)
        let plain = try Self.runRaw(
          [rows, w, b, seed], fused: false, bias: true, activation: activation)
        #expect(fused == plain, "batch \(batch), out \(out), \(activation)")
      }
    }
  }

  @Test func backwardWithoutGraphEqualsTheRecordedBackward() throws {
    // The raw-buffer rule (no createGraph) against the composed one, on a
    // batch whose column count exercises the 8-wide and scalar column sums.
    var random = RandomStream(seed: 9)
    let x0 = try Tensor<Float>.uniform([37, 6], in: -1..<1, using: &random)
    let w0 = try Tensor<Float>.uniform([6, 21], in: -1..<1, using: &random)
    let b0 = try Tensor<Float>.uniform([21], in: -1..<1, using: &random)
    func gradients(createGraph: Bool) throws -> [[UInt32]] {
      let tape = Tape<Float>()
      let (x, w, b) = (tape.variable(x0), tape.variable(w0), tape.variable(b0))
      let y = try x.affine(weight: w, bias: b, activation: .relu(derivativeAtZero: 0))
      let loss = try (y * y).sum()
      return try tape.gradients(of: loss, withRespectTo: [x, w, b], createGraph: createGraph)
        .map { $0.value.scalars.map(\.bitPattern) }
    }
    #expect(try gradients(createGraph: false) == gradients(createGraph: true))
  }

  @Test func gradientsMatchFiniteDifferences() throws {
    try checkGradients([[4, 3], [3, 5], [5], [4, 5]], avoidingZero: true) { v in
      try (v[0].affine(weight: v[1], bias: v[2], activation: .relu(derivativeAtZero: 0)) * v[3])
        .sum()
    }
    try checkGradients([[4, 3], [3, 5], [4, 5]]) { v in
      try (v[0].affine(weight: v[1], bias: nil) * v[2]).sum()
    }
  }

  @Test func aConstantInputGetsNoAdjointAndChangesNothing() throws {
    let values = try Self.operands(Double.self, seed: 5)
    func gradients(inputTracked: Bool) throws -> [[Double]] {
      let tape = Tape<Double>()
      let x = inputTracked ? tape.variable(values[0]) : Variable(constant: values[0])
      let (w, b) = (tape.variable(values[1]), tape.variable(values[2]))
      let h = try x.matmul(w) + b
      let loss = try (h.relu() * Variable(constant: values[3])).sum()
      return try tape.gradients(of: loss, withRespectTo: [w, b]).map(\.value.scalars)
    }
    #expect(try gradients(inputTracked: false) == gradients(inputTracked: true))
  }

  @Test func badShapesThrow() throws {
    let tape = Tape<Double>()
    let x = tape.variable(try Tensor(shape: [2, 3], repeating: 1))
    let w = tape.variable(try Tensor(shape: [4, 2], repeating: 1))
    #expect(throws: RepriseError.self) { try x.affine(weight: w, bias: nil) }
    let w2 = tape.variable(try Tensor(shape: [3, 2], repeating: 1))
    let b = tape.variable(try Tensor(shape: [3], repeating: 1))
    #expect(throws: RepriseError.self) { try x.affine(weight: w2, bias: b) }
  }
}
