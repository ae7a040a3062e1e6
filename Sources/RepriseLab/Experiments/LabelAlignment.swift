// Representation alignment: true vs random labels (Imani, Hu, White, TMLR 2022).
//
// The claim: gradient descent on a linear head fits the part of the labels
// that lies along the top singular directions of the representation first
// (the residual along left singular vector uᵢ shrinks like (1 − η sᵢ²)ᵗ), so a
// representation is good for a task when the labels are *aligned* with its
// top singular directions. Alignment of a representation Φ (n × p) with
// labels y is measured as in the authors' demo: append a constant-1 column,
// L2-normalise every row, take the SVD Φ = U S Vᵀ, and report
// align@k = Σ_{i≤k} (uᵢᵀy)² / ‖y‖², the fraction of label energy in the top k
// directions (k ≥ 5: u₁ is close to the constant direction).
//
// Experiment (papers.md §1): digits, y = +1 for digits ≥ 5 and −1 otherwise;
// random labels are a seeded permutation of y. An MLP 64→256→256→256→1 (ReLU,
// Kaiming-normal weights, zero biases) is trained full-batch with Adam
// (lr 1e-3) on the logistic loss until every training label is fitted
// (cap 3000 steps). We measure align@k of the input and of each hidden layer
// and the number of steps to fit. Pixels are scaled to [0, 1] and centred,
// as in the numpy reference run (`shared/refs/label_alignment_ref.py`).
// Networks train in Float (speed); the spectrum is computed in Double.
// Quick size: one seed per label kind; full size: three.
//
// Claims (all thresholds from the paper's direction and the reference run,
// none calibrated on our own output):
// input align@10 true/random ≥ 10 (ref 0.456/0.005 ≈ 90); steps to fit
// random/true ≥ 1.5 (ref ≈ 2.1); last hidden align@10 ≥ 0.9 for true labels
// (ref 0.944); alignment grows with depth for true labels; last hidden
// align@10 ≥ 0.7 for random labels (ref 0.831); last(true) > last(random);
// last(random) ≥ 100 × input(random); the first and second hidden layers
// stay unaligned with random labels, align@10 ≤ 0.05 (ref h1 0.006, h2
// 0.008: papers.md §1 says the alignment appears only in the layers closest
// to the output but gives no number for h1 or h2, so both use the same
// 0.05, six times the larger reference value; the last layer reaches 0.831).

public struct LabelAlignmentExperiment: Experiment {
  public init() {}

  public let name = "label-alignment"
  public let paper = PaperReference(
    authors: "Imani, Hu, White", title: "Representation Alignment in Neural Networks",
    venue: "TMLR", year: 2022, identifier: "arXiv:2112.07806")
  public let summary =
    "labels aligned with the top singular directions of a representation are fitted fast; training aligns hidden layers even with random labels"

  static let ks = [5, 10, 20]

  /// Per run: steps to fit and align@k for every layer (input first).
  struct Run {
    var steps: Int
    var alignment: [[Double]]  // [layer][k index]
    var curve: [(threshold: Double, fraction: Double)]  // last hidden layer, A(τ)
    var inputCurve: [(threshold: Double, fraction: Double)]
  }

  public func run(_ context: ExperimentContext) throws -> ExperimentOutcome {
    let digits = try Digits.load(Float.self)
    let inputs = try FeatureMatrix.centered(digits.features)
    let trueSigns = digits.labels.map { $0 >= 5 ? Float(1) : -1 }
    let seeds = context.size(quick: 1, full: 3)
    var metrics = MetricTable()
    var runs: [String: [Run]] = [:]
    for kind in ["true", "random"] {
      for seed in 0..<seeds {
        var labelStream = context.stream(UInt64(100 + seed))
        let signs =
          kind == "true"
          ? trueSigns : try labelStream.permutation(trueSigns.count).map { trueSigns[$0] }
        context.progress("training on \(kind) labels, seed \(seed)")
        let run = try train(inputs: inputs, signs: signs, context: context, seed: seed)
        runs[kind, default: []].append(run)
        metrics["\(kind).seed\(seed).steps_to_fit"] = Double(run.steps)
        for (layer, values) in run.alignment.enumerated() {
          for (index, k) in Self.ks.enumerated() {
            metrics["\(kind).seed\(seed).\(Self.layerName(layer)).align@\(k)"] = values[index]
          }
        }
      }
    }
    func mean(_ kind: String, _ value: (Run) -> Double) -> Double {
      let values = runs[kind]!.map(value)
      return values.reduce(0, +) / Double(values.count)
    }
    let k10 = Self.ks.firstIndex(of: 10)!
    let layerCount = runs["true"]![0].alignment.count
    let trueByLayer = (0..<layerCount).map { l in mean("true") { $0.alignment[l][k10] } }
    let randomByLayer = (0..<layerCount).map { l in mean("random") { $0.alignment[l][k10] } }
    let stepsTrue = mean("true") { Double($0.steps) }
    let stepsRandom = mean("random") { Double($0.steps) }
    for l in 0..<layerCount {
      metrics["mean.true.\(Self.layerName(l)).align@10"] = trueByLayer[l]
      metrics["mean.random.\(Self.layerName(l)).align@10"] = randomByLayer[l]
    }
    metrics["mean.true.steps_to_fit"] = stepsTrue
    metrics["mean.random.steps_to_fit"] = stepsRandom

    let depthIncrease = zip(trueByLayer.dropFirst(), trueByLayer).map { $0 - $1 }.min()!
    let claims = [
      Claim(
        id: "input-alignment-true-vs-random",
        statement: "input align@10: true labels / random labels",
        value: trueByLayer[0] / randomByLayer[0], .atLeast, 10,
        provenance: "[ref] 0.456 / 0.005 ≈ 90"),
      Claim(
        id: "random-labels-fit-slower",
        statement: "steps to fit: random labels / true labels",
        value: stepsRandom / stepsTrue, .atLeast, 1.5, provenance: "[ref] 95–100 vs 44–46 steps"),
      Claim(
        id: "last-hidden-aligned-true",
        statement: "last hidden layer align@10, true labels",
        value: trueByLayer[layerCount - 1], .atLeast, 0.9, provenance: "[ref] 0.944"),
      Claim(
        id: "alignment-grows-with-depth",
        statement: "smallest increase of align@10 from one layer to the next (true labels)",
        value: depthIncrease, .greaterThan, 0, provenance: "[ref] 0.456 → 0.61 → 0.88 → 0.944"),
      Claim(
        id: "last-hidden-aligned-random",
        statement: "last hidden layer align@10, random labels",
        value: randomByLayer[layerCount - 1], .atLeast, 0.7, provenance: "[ref] 0.831"),
      Claim(
        id: "true-above-random-last-layer",
        statement: "last hidden align@10: true − random",
        value: trueByLayer[layerCount - 1] - randomByLayer[layerCount - 1], .greaterThan, 0,
        provenance: "[paper]"),
      Claim(
        id: "random-alignment-is-learned",
        statement: "random labels: last hidden align@10 / input align@10",
        value: randomByLayer[layerCount - 1] / randomByLayer[0], .atLeast, 100,
        provenance: "[ref] 0.831 / 0.005"),
      Claim(
        id: "random-alignment-only-near-output",
        statement: "random labels: first hidden layer align@10",
        value: randomByLayer[1], .atMost, 0.05, provenance: "[ref] 0.006"),
      Claim(
        id: "random-alignment-not-in-h2",
        statement: "random labels: second hidden layer align@10",
        value: randomByLayer[2], .atMost, 0.05,
        provenance: "[ref] 0.008; papers.md gives no threshold, 0.05 as for h1"),
    ]
    return ExperimentOutcome(
      claims: claims, metrics: metrics,
      figures: try figures(trueByLayer: trueByLayer, randomByLayer: randomByLayer, runs: runs))
  }

  func figures(trueByLayer: [Double], randomByLayer: [Double], runs: [String: [Run]]) throws
    -> [LabFigure]
  {
    var byLayer = Chart(
      title: "Label alignment by layer (align@10)", xLabel: "representation",
      yLabel: "fraction of label energy in top 10 directions")
    byLayer.yRange = 0...1
    byLayer.legendPosition = .topLeft
    byLayer.bars(
      categories: trueByLayer.indices.map { Self.layerName($0) },
      series: [
        BarSeries("true labels", values: trueByLayer),
        BarSeries("random labels", values: randomByLayer),
      ])
    var curve = Chart(
      title: "Alignment curve A(τ)", xLabel: "singular-value threshold τ",
      yLabel: "label energy in directions with s ≥ τ")
    curve.yRange = 0...1
    for (index, kind) in ["true", "random"].enumerated() {
      let run = runs[kind]![0]
      curve.line(
        "input, \(kind) labels", x: run.inputCurve.map(\.threshold),
        y: run.inputCurve.map(\.fraction), color: Color.series(index), dashed: true)
      curve.line(
        "last hidden, \(kind) labels", x: run.curve.map(\.threshold), y: run.curve.map(\.fraction),
        color: Color.series(index))
    }
    return [
      try LabFigure(
        name: "alignment-by-layer",
        caption:
          "Fraction of the label energy in the top 10 singular directions of each representation, after training to fit true or random labels (mean over seeds).",
        chart: byLayer),
      try LabFigure(
        name: "alignment-curve",
        caption:
          "Label energy along singular directions whose singular value is at least τ (first seed), for the input and the trained last hidden layer, with true and random labels.",
        chart: curve),
    ]
  }

  static func layerName(_ layer: Int) -> String { layer == 0 ? "input" : "h\(layer)" }

  /// Trains one network and measures its alignment.
  func train(inputs: Tensor<Float>, signs: [Float], context: ExperimentContext, seed: Int) throws
    -> Run
  {
    var initStream = context.stream(UInt64(200 + seed))
    var store = ParameterStore<Float>()
    let mlp = try MLP(
      widths: [64, 256, 256, 256, 1], weightInit: .kaimingNormal, biasInit: .zeros,
      store: &store, random: &initStream)
    var trainer = Trainer(optimizer: Adam<Float>(learningRate: 1e-3), batchSize: inputs.shape[0])
    let signTensor = Tensor(signs)
    let x = Variable(constant: inputs)
    var steps = 0
    var fitted = false
    while steps < 3000 {
      try trainer.step(&store) { parameters in
        let output = try mlp(x, parameters)
        fitted = zip(output.value.scalars, signs).allSatisfy { $0 * $1 > 0 }
        return try Loss.logistic(output, signs: signTensor)
      }
      if fitted { break }  // the step taken after fitting is not counted
      steps += 1
    }
    if !fitted {
      throw RepriseError.noConvergence(
        operation: "label-alignment: fitting the training labels", iterations: steps,
        residual: 0)
    }
    let hidden = try mlp.forward(x, store.constants()).hidden.map(\.value)
    let y = Tensor(signs)
    var alignment: [[Double]] = []
    var curves: [[(Double, Double)]] = []
    for representation in [inputs] + hidden {
      let (topK, curve) = try Self.alignment(representation, y)
      alignment.append(topK)
      curves.append(curve)
    }
    return Run(
      steps: steps + 1, alignment: alignment, curve: curves.last!, inputCurve: curves[0])
  }

  /// align@k for `ks` and the threshold curve A(τ)/‖y‖², after the demo's
  /// preprocessing (constant column, unit rows).
  static func alignment(_ phi: Tensor<Float>, _ y: Tensor<Float>) throws -> (
    [Double], [(Double, Double)]
  ) {
    let spectrum = try LabelAlignment.spectrum(
      representation: phi, targets: y, preprocessing: .biasAndRowNormalization)
    let topK = ks.map { spectrum.fraction(topK: $0) }
    let curve = stride(from: 0.0, through: 30, by: 0.5).map {
      ($0, spectrum.energy(aboveThreshold: $0) / spectrum.totalEnergy)
    }
    return (topK, curve)
  }
}
