// Task2Vec embeddings: the diagonal of a probe network's empirical Fisher
// information on a task.
//
// Achille et al., "Task2Vec: task embedding for meta-learning", ICCV 2019, as
// used by Miranda, Yu, Wang & Koyejo, "The curse of low task diversity",
// arXiv:2208.01545 (papers.md §13): for a probe with parameters θ and a
// task's examples x_1…x_n,
//   F̂ = (1/n) Σ_i (∇_θ log p_θ(ŷ_i | x_i))²      (elementwise squares),
// where ŷ_i is either sampled from the model's own predictive distribution
// p_θ(·|x_i) (the Fisher proper, as in the paper) or the task's true label
// y_i (the "empirical Fisher"); `LabelSource` chooses. The probe's head is
// assumed already fitted to the task by the caller; which weights enter the
// embedding is the caller's choice of `parameters` (or, for a
// ParameterStore, its trainable parameters — freeze the rest).
//
// Method: one tape per example (memory of one example, same bits at any
// thread count, as `perExampleGradients`), log p from a log-softmax of the
// logits, the squared gradient accumulated in example order, then divided
// by n; in Double. A sampled label uses one uniform draw of
// RandomStream(seed:, stream: 13) per example, in example order, inverted
// through the cumulative probabilities (Reprise's own exp).
// Cost: n forward and backward passes of the probe.
// Invariances: the order of the examples (for true labels; sampled labels
// follow the example order); adding a constant to all logits. Not invariant
// to reparametrising the probe (the Fisher diagonal depends on coordinates).
// Degenerate input: labels out of 0..<K, a label count ≠ n, NaN/Inf inputs
// or parameters throw typed errors; the model's output must be [1, K] (or K
// values) per example.

/// Task2Vec-style diagonal-Fisher task embeddings.
public enum Task2Vec {
  /// Which label the log-likelihood gradient is taken at.
  public enum LabelSource: Sendable, Equatable {
    /// The task's true labels (the empirical Fisher).
    case trueLabels
    /// Labels drawn from the model's predictive distribution with
    /// RandomStream(seed: seed, stream: 13) (the Fisher information).
    case sampledFromModel(seed: UInt64)
  }

  /// The random stream number used for sampled labels.
  public static let samplingStream: UInt64 = 13

  /// The diagonal Fisher F̂ of `parameters` (flattened in order, row-major)
  /// on a task.
  ///
  /// - Parameters:
  ///   - inputs: n × d; row i is passed to `logits` as a [1, d] constant.
  ///   - labels: the task's labels in 0..<K (used for `.trueLabels`; checked
  ///     in either case).
  ///   - logits: the probe, mapping a [1, d] input and tracked parameters to
  ///     its K class logits.
  public static func embedding<Scalar: RealScalar>(
    parameters: [Tensor<Scalar>], inputs: Tensor<Scalar>, labels: [Int],
    labelSource: LabelSource = .trueLabels,
    logits: (_ input: Variable<Scalar>, _ parameters: [Variable<Scalar>]) throws -> Variable<Scalar>
  ) throws -> [Double] {
    let operation = "Task2Vec.embedding"
    for (index, parameter) in parameters.enumerated() {
      try parameter.requireFinite(operation: "\(operation) parameters[\(index)]")
    }
    return try fisherDiagonal(
      inputs: inputs, labels: labels, labelSource: labelSource, operation: operation
    ) { tape, x in
      let tracked = parameters.map { tape.variable($0) }
      return (try logits(x, tracked), tracked)
    }
  }

  /// The diagonal Fisher of a `ParameterStore` probe's trainable parameters.
  public static func embedding<Scalar: RealScalar>(
    store: ParameterStore<Scalar>, inputs: Tensor<Scalar>, labels: [Int],
    labelSource: LabelSource = .trueLabels,
    logits: (_ input: Variable<Scalar>, _ parameters: BoundParameters<Scalar>) throws -> Variable<
      Scalar
    >
  ) throws -> [Double] {
    let operation = "Task2Vec.embedding"
    for (index, value) in store.values.enumerated() {
      try value.requireFinite(operation: "\(operation) \(store.names[index])")
    }
    return try fisherDiagonal(
      inputs: inputs, labels: labels, labelSource: labelSource, operation: operation
    ) { tape, x in
      let bound = try store.bind(to: tape)
      return (try logits(x, bound), store.trainableIDs.map { bound.leaves[$0.index] })
    }
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func fisherDiagonal<Scalar: RealScalar>(
    inputs: Tensor<Scalar>, labels: [Int], labelSource: LabelSource, operation: String,
    forward: (Tape<Scalar>, Variable<Scalar>) throws -> (Variable<Scalar>, [Variable<Scalar>])
  ) throws -> [Double] {
    let (n, d) = try FeatureMatrix.validate(inputs, operation: operation)
    guard labels.count == n else {
      throw RepriseError.shapeMismatch(
        operation: "\(operation): one label per example", expected: [n], got: [labels.count])
    }
    var random: RandomStream? = nil
    if case .sampledFromModel(let seed) = labelSource {
      random = RandomStream(seed: seed, stream: samplingStream)
    }
    var fisher: [Double] = []
    for i in 0..<n {
      let tape = Tape<Scalar>()
      let x = Variable(constant: try inputs.rows(i..<(i + 1)).reshaped([1, d]))
      let (output, leaves) = try forward(tape, x)
      let k = output.value.count
      guard labels[i] >= 0 && labels[i] < k else {
        throw RepriseError.invalidArgument(
          operation: operation, name: "labels[\(i)]",
          reason: "label \(labels[i]) is outside 0..<\(k) (the probe's class count)")
      }
      let logProbabilities = try output.reshaped([1, k]).logSoftmax(alongAxis: 1)
      var label = labels[i]
      if random != nil {
        label = sample(logProbabilities.value.scalars.map { Double($0) }, using: &random!)
      }
      if fisher.isEmpty {
        fisher = [Double](repeating: 0, count: leaves.reduce(0) { $0 + $1.value.count })
      }
      guard logProbabilities.isTracked else { continue }
      let logLikelihood = try logProbabilities.pick(columns: [label]).sum()
      var offset = 0
      for gradient in try tape.gradients(of: logLikelihood, withRespectTo: leaves) {
        for value in gradient.value.scalars {
          let g = Double(value)
          fisher[offset] = fisher[offset].addingProduct(g, g)
          offset += 1
        }
      }
    }
    return fisher.map { $0 / Double(n) }
  }

  /// A class drawn from log-probabilities by inverting one uniform draw.
  static func sample(_ logProbabilities: [Double], using random: inout RandomStream) -> Int {
    let u = random.uniformDouble()
    var cumulative = 0.0
    for (c, logP) in logProbabilities.enumerated() {
      cumulative += Double.exp(logP)
      if u < cumulative { return c }
    }
    return logProbabilities.count - 1
  }
}
