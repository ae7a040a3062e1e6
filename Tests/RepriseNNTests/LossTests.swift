import RepriseNN
import RepriseTestSupport
import Testing

@Suite struct LossTests {
  let logits = try! Tensor<Double>(rows: [[2, -1, 0.5], [0, 0, 3]])
  let labels = [0, 2]

  /// −log softmax(z)_y for one row, written out.
  func crossEntropy(_ row: [Double], _ label: Int) -> Double {
    let m = row.max()!
    let lse = m + Double.log(row.map { Double.exp($0 - m) }.reduce(0, +))
    return lse - row[label]
  }

  @Test func closedFormValues() throws {
    let z = Variable(constant: logits)
    let rows = try logits.rowArrays()
    let ce = (crossEntropy(rows[0], 0) + crossEntropy(rows[1], 2)) / 2
    #expect(abs(try Loss.softmaxCrossEntropy(z, labels: labels).value.scalars[0] - ce) < 1e-14)
    // Label smoothing: (1 − α)·CE + α·mean over classes of −log p_k.
    let alpha = 0.1
    let uniformPart =
      rows.map { r in (0..<3).map { crossEntropy(r, $0) }.reduce(0, +) / 3 }.reduce(0, +) / 2
    let smoothed = try Loss.softmaxCrossEntropy(z, labels: labels, labelSmoothing: alpha).value
      .scalars[0]
    #expect(abs(smoothed - ((1 - alpha) * ce + alpha * uniformPart)) < 1e-14)
    // Sigmoid CE: Σ softplus(z) − t·z per row, averaged.
    var sigmoid = 0.0
    for (r, row) in rows.enumerated() {
      for (k, v) in row.enumerated() { sigmoid += Double.softplus(v) - (k == labels[r] ? v : 0) }
    }
    #expect(
      abs(try Loss.sigmoidCrossEntropy(z, labels: labels).value.scalars[0] - sigmoid / 2) < 1e-14)
    // Squared error against one-hot: ½‖z − t‖² averaged over rows.
    let se = (pow2(1) + pow2(-1) + pow2(0.5) + pow2(0) + pow2(0) + pow2(2)) / 4
    #expect(abs(try Loss.squaredError(z, labels: labels).value.scalars[0] - se) < 1e-14)
    let penalty = try Loss.logitPenalty(z, labels: labels, beta: 0.01).value.scalars[0]
    #expect(abs(penalty - (ce + 0.01 * (4 + 1 + 0.25 + 9) / 2)) < 1e-14)
    let mse = try Loss.meanSquaredError(
      z, Variable(constant: try Tensor(shape: [2, 3], repeating: 1)))
    #expect(abs(mse.value.scalars[0] - (1 + 4 + 0.25 + 1 + 1 + 4) / 6) < 1e-14)
    let weighted = try Loss.importanceWeightedSquaredError(
      z, Variable(constant: try Tensor.zeros([2, 3])), importance: Tensor([1, 0.5, 0.25]))
    #expect(abs(weighted.value.scalars[0] - (4 + 0.5 + 0.0625 + 0 + 0 + 2.25) / 2) < 1e-14)
    let logistic = try Loss.logistic(
      Variable(constant: Tensor([2.0, -1])), signs: Tensor([1.0, 1]))
    #expect(abs(logistic.value.scalars[0] - (Double.softplus(-2) + Double.softplus(1)) / 2) < 1e-14)
  }

  @Test func gradientsByFiniteDifferences() throws {
    try checkGradients([[4, 3]]) { v in
      try Loss.softmaxCrossEntropy(v[0], labels: [0, 2, 1, 1], labelSmoothing: 0.2)
    }
    try checkGradients([[4, 3]]) { v in try Loss.sigmoidCrossEntropy(v[0], labels: [0, 2, 1, 1]) }
    try checkGradients([[4, 3]]) { v in
      try Loss.squaredError(v[0], labels: [0, 2, 1, 1], targetScale: 2)
    }
    try checkGradients([[4, 3]]) { v in
      try Loss.logitPenalty(v[0], labels: [0, 2, 1, 1], beta: 0.3)
    }
    try checkGradients([[4, 3]]) { v in
      try Loss.logitNormalization(v[0], labels: [0, 2, 1, 1], temperature: 0.5)
    }
  }

  @Test func badLabelsAreTypedErrors() {
    let z = Variable(constant: logits)
    #expect(throws: RepriseError.self) { try Loss.softmaxCrossEntropy(z, labels: [0]) }
    #expect(throws: RepriseError.self) { try Loss.softmaxCrossEntropy(z, labels: [0, 3]) }
    #expect(throws: RepriseError.self) { try Loss.sigmoidCrossEntropy(z, labels: [-1, 0]) }
    #expect(throws: RepriseError.self) {
      try Loss.logistic(Variable(constant: Tensor([1.0])), signs: Tensor([0.5]))
    }
    #expect(throws: RepriseError.self) {
      try Loss.meanSquaredError(z, Variable(constant: Tensor([1.0])))
    }
  }

  func pow2(_ x: Double) -> Double { x * x }
}
