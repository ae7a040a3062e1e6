import RepriseAutodiff
import RepriseTestSupport
import Testing

@Suite struct CustomGradientTests {
  @Test func gradientReversalNegatesAndScales() throws {
    let tape = Tape<Double>()
    let x = tape.variable(Tensor([1.0, -2, 3]))
    let y = x.gradientReversal(lambda: 0.5)
    #expect(y.value == x.value)
    let g = try tape.gradients(of: try (y * y).sum(), withRespectTo: [x])[0]
    #expect(g.value.scalars == [-1, 2, -3])  // −0.5 · 2x
    let s = tape.variable(Tensor([2.0]))
    let gs = try tape.gradients(of: try (s.scaledGradient(4) * 3.0).sum(), withRespectTo: [s])[0]
    #expect(gs.value.scalars == [12])
  }
}

@Suite struct IndexingGradientTests {
  @Test func gatherScatterAndPick() throws {
    try checkGradients([[4, 3], [5, 3]]) { v in try (v[0].gatherRows([3, 0, 0, 2, 3]) * v[1]).sum()
    }
    try checkGradients([[3, 4], [3]]) { v in try (v[0].pick(columns: [2, 0, 3]) * v[1]).sum() }
    try checkGradients([[2, 3], [4, 3]]) { v in
      try (v[0].scatterAddRows([1, 1], rowCount: 4) * v[1]).sum()
    }
    let t = Variable(constant: try Tensor<Double>(rows: [[1, 2], [3, 4]]))
    #expect(try t.gatherRows([1, 1, 0]).value == Tensor(rows: [[3, 4], [3, 4], [1, 2]]))
    #expect(throws: RepriseError.self) { try t.gatherRows([2]) }
    #expect(throws: RepriseError.self) { try t.pick(columns: [0, 2]) }
    #expect(throws: RepriseError.self) { try t.pick(columns: [0]) }
  }

  @Test func maxRoutesToFirstMaximum() throws {
    try checkGradients([[3, 5], [5]]) { v in try (v[0].max(alongAxis: 0) * v[1]).sum() }
    try checkGradients([[3, 5], [3, 1]]) { v in
      try (v[0].max(alongAxis: 1, keepingAxis: true) * v[1]).sum()
    }
    let tape = Tape<Double>()
    let x = tape.variable(Tensor([2.0, 5, 5, 1]))
    let g = try tape.gradients(of: try x.max(alongAxis: 0).sum(), withRespectTo: [x])[0]
    #expect(g.value.scalars == [0, 1, 0, 0])
  }
}

@Suite struct NormalizationGradientTests {
  @Test func squareRootAndStandardization() throws {
    try checkGradients([[3, 4]]) { v in try (v[0] * v[0] + 0.5).squareRoot().sum() }
    try checkGradients([[6, 3], [6, 3]]) { v in try (v[0].standardized(alongAxis: 0) * v[1]).sum() }
    try checkGradients([[4, 5], [5], [5], [4, 5]]) { v in
      try (v[0].batchNormalized(scale: v[1], shift: v[2]) * v[3]).sum()
    }
    try checkGradients([[4, 5], [5], [5], [4, 5]]) { v in
      try (v[0].layerNormalized(scale: v[1], shift: v[2]) * v[3]).sum()
    }
    try checkGradients([[8, 3], [1, 3]]) { v in
      try (v[0].batchStatistics(epsilon: 1e-3).standardDeviation * v[1]).sum()
    }
  }

  @Test func batchNormOutputIsStandardized() throws {
    var random = RandomStream(seed: 3)
    let x = Variable(constant: try random.tensor([50, 4], in: 2..<9))
    let y = try x.standardized(alongAxis: 0, epsilon: 0).value
    for column in 0..<4 {
      let c = try y.column(column)
      #expect(abs(c.sum()) < 1e-12)
      #expect(abs((try c * c).sum() / 50 - 1) < 1e-12)
    }
  }

  @Test func dropoutIsReproducibleAndMasksGradients() throws {
    var first = RandomStream(seed: 8, stream: 2)
    var second = RandomStream(seed: 8, stream: 2)
    let tape = Tape<Double>()
    let x = tape.variable(try Tensor(shape: [20, 10], repeating: 1))
    let a = try x.dropout(probability: 0.25, using: &first)
    let b = try x.dropout(probability: 0.25, using: &second)
    #expect(a.value == b.value)
    #expect(a.value.scalars.allSatisfy { $0 == 0 || $0 == 1 / 0.75 })
    let kept = a.value.scalars.filter { $0 != 0 }.count
    #expect(kept > 120 && kept < 180)
    let g = try tape.gradients(of: a.sum(), withRespectTo: [x])[0]
    #expect(g.value == a.value)
    #expect(throws: RepriseError.self) { try x.dropout(probability: 1, using: &first) }
  }
}

@Suite struct ConvolutionTests {
  /// Direct 2-D cross-correlation, the definition.
  func directConvolution(_ x: Tensor<Double>, _ w: Tensor<Double>, stride: Int, padding: Int)
    -> Tensor<Double>
  {
    let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
    let ho = (h + 2 * padding - kh) / stride + 1
    let wo = (wd + 2 * padding - kw) / stride + 1
    var out = try! Tensor<Double>.zeros([n, o, ho, wo])
    for i in 0..<n {
      for oc in 0..<o {
        for oy in 0..<ho {
          for ox in 0..<wo {
            var s = 0.0
            for ic in 0..<c {
              for ky in 0..<kh {
                for kx in 0..<kw {
                  let y = oy * stride - padding + ky
                  let xx = ox * stride - padding + kx
                  if y >= 0 && y < h && xx >= 0 && xx < wd {
                    s += x[i, ic, y, xx] * w[oc, ic, ky, kx]
                  }
                }
              }
            }
            out[i, oc, oy, ox] = s
          }
        }
      }
    }
    return out
  }

  @Test func conv2dMatchesTheDefinition() throws {
    var random = RandomStream(seed: 12)
    let x = try random.tensor([2, 3, 6, 5])
    let w = try random.tensor([4, 3, 3, 2])
    for (stride, padding) in [(1, 0), (2, 1), (1, 2)] {
      let y = try Variable(constant: x).conv2d(
        weights: Variable(constant: w), stride: (stride, stride), padding: (padding, padding))
      let reference = directConvolution(x, w, stride: stride, padding: padding)
      #expect(y.shape == reference.shape)
      #expect(FiniteDifference.maxRelativeError(y.value, reference) < 1e-13)
    }
  }

  @Test func convolutionAndPoolingGradients() throws {
    try checkGradients([[2, 2, 5, 4], [3, 2, 2, 2], [3], [2, 3, 3, 3]]) { v in
      try (v[0].conv2d(weights: v[1], bias: v[2], stride: (2, 1), padding: (1, 0)) * v[3]).sum()
    }
    try checkGradients([[2, 3, 9], [4, 3, 3], [2, 4, 4]]) { v in
      try (v[0].conv1d(weights: v[1], stride: 2, padding: 0) * v[2]).sum()
    }
    try checkGradients([[2, 2, 4, 6], [2, 2, 2, 3]]) { v in
      try (v[0].pool2d(.max, window: (2, 2)) * v[1]).sum()
    }
    try checkGradients([[1, 2, 4, 4], [1, 2, 3, 3]]) { v in
      try (v[0].pool2d(.average, window: (2, 2), stride: (1, 1)) * v[1]).sum()
    }
  }

  @Test func badGeometryIsATypedError() throws {
    let x = Variable(constant: try Tensor<Double>.zeros([1, 1, 3, 3]))
    let w = Variable(constant: try Tensor<Double>.zeros([1, 1, 4, 4]))
    #expect(throws: RepriseError.self) { try x.conv2d(weights: w) }
    #expect(throws: RepriseError.self) {
      try x.conv2d(weights: Variable(constant: try Tensor<Double>.zeros([1, 2, 1, 1])))
    }
    #expect(throws: RepriseError.self) { try x.pool2d(.max, window: (0, 1)) }
  }
}

@Suite struct JacobianTests {
  @Test func jacobianJvpAndPerExampleGradients() throws {
    var random = RandomStream(seed: 21)
    let w = try random.tensor([3, 4])
    let x0 = try random.tensor([4, 1])
    let f = { (x: Variable<Double>) throws -> Variable<Double> in
      try Variable(constant: w).matmul(x).relu().squared()
    }
    let tape = Tape<Double>()
    let x = tape.variable(x0)
    let y = try f(x)
    let jacobian = try tape.jacobian(of: y, withRespectTo: x)
    #expect(jacobian.shape == [3, 4])
    // Columns of the Jacobian by central differences of f.
    for j in 0..<4 {
      let h = 1e-6
      var up = x0
      up[j, 0] += h
      var down = x0
      down[j, 0] -= h
      let column =
        try (try f(Variable(constant: up)).value - f(Variable(constant: down)).value)
        / Tensor(scalar: 2 * h)
      #expect(
        FiniteDifference.maxRelativeError(try jacobian.column(j).reshaped([3, 1]), column) < 1e-7)
    }
    let v = try random.tensor([4, 1])
    let jv = try tape.jvp(of: y, withRespectTo: x, tangent: v).value
    #expect(FiniteDifference.maxRelativeError(jv, try matmul(jacobian, v)) < 1e-12)

    // Per-example gradients equal separate single-example backward passes.
    let data = try random.tensor([5, 4])
    let perExample = try perExampleGradients(parameters: [w], examples: 5) { e, p in
      try p[0].matmul(Variable(constant: try data.row(e).reshaped([4, 1]))).squared().sum()
    }
    for e in 0..<5 {
      let t = Tape<Double>()
      let wv = t.variable(w)
      let xe = try data.row(e).reshaped([4, 1])
      let single = try t.gradients(
        of: try wv.matmul(Variable(constant: xe)).squared().sum(), withRespectTo: [wv])[0]
      #expect(perExample[e][0] == single.value)
      // Closed form: ∂‖Wx‖²/∂W = 2(Wx)xᵀ.
      let closed = try matmul(try matmul(w, xe), xe, transposeB: true) * 2
      #expect(FiniteDifference.maxRelativeError(single.value, closed) < 1e-14)
    }
  }
}
