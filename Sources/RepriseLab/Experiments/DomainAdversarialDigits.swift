// DANN's second case: a shift between two digit domains (papers.md §14,
// "and a digits shift"; the paper's MNIST → MNIST-M, §5.2.2, blends the
// digits with backgrounds cut from colour photographs). Here the source is
// the 8×8 digits and the target digits drawn on a fixed background: every
// image plus the diagonal ramp (r + c)/14 (0 at the top-left pixel, 1 at
// the bottom-right; pixels in [0, 1] before). A seeded permutation splits
// the 1797 digits into 700 labelled source training images, 200 source
// test images, 450 unlabelled target training images and 447 labelled
// target test images (each image is in one domain only).
//
// The network is the `dann` experiment's with a wider input and ten
// classes: 64 → 32 sigmoid features → 10 logits (softmax cross-entropy),
// linear domain head behind the gradient-reversal layer, minibatches of
// 32 source + 32 target rows, the paper's λ_p and μ_p schedules with
// μ₀ = 1 (chosen before the first run and not tuned; a look at other
// transformations on that run: shifting every image one pixel right gave
// source-only 0.46 vs DANN 0.56, inverting intensities defeated both,
// ≤ 0.01); the baseline is the same network without the domain branch.
// 2000 steps (quick), 3000 steps (full), three seeds at both sizes (quick
// had one seed until session 7: see the seed dependence in
// DomainAdversarial.swift). Cost ≈ 0.5 s per network.
//
// Results: quick, one seed (seed 0, before session 7), source-only 0.97
// source / 0.81 target, DANN 0.97 / 0.95; full (3 seeds), source-only
// 0.962 / 0.827, DANN 0.960 / 0.953 — the paper's direction, on a simpler
// shift than MNIST-M.
//
// Claims:
// - the background costs the source-only network ≥ 0.1 accuracy (source
//   test − target test) [paper: MNIST → MNIST-M source-only 0.52; the
//   threshold is a design check, not a result];
// - DANN beats source-only on the target by ≥ 0.05 [paper direction:
//   0.52 → 0.77 on MNIST → MNIST-M; threshold [guess]];
// - DANN still fits the source: source test accuracy ≥ 0.9 [paper].

extension DomainAdversarialExperiment {
  static let digitsHidden = 32
  static let digitsRate = 1.0

  /// Mean accuracies of the digits case.
  struct DigitsShiftResult {
    var sourceOnlySource: Double
    var sourceOnlyTarget: Double
    var dannSource: Double
    var dannTarget: Double
  }

  /// The target transformation: the image plus a fixed diagonal ramp
  /// background, (r + c)/14 at row r, column c (0 at the top-left pixel, 1
  /// at the bottom-right), pixels in [0, 1] before, [0, 2] after.
  static func withBackground(_ image: ArraySlice<Double>) -> [Double] {
    (0..<64).map { i in image[image.startIndex + i] + Double(i / 8 + i % 8) / 14 }
  }

  static func digitsShift(_ context: ExperimentContext, metrics: inout MetricTable) throws
    -> DigitsShiftResult
  {
    let seeds = context.size(quick: 3, full: 3)
    let iterations = context.size(quick: 2000, full: 3000)
    let digits: LabeledDataset<Double> = try Digits.load()
    var sums = [Double](repeating: 0, count: 4)
    for seed in 0..<seeds {
      var splitStream = context.stream(UInt64(900 + seed))
      let order = try splitStream.permutation(digits.count)
      let sourceTrain = try digits.subset(Array(order[0..<700]))
      let sourceTest = try digits.subset(Array(order[700..<900]))
      func transformed(_ rows: ArraySlice<Int>) throws -> LabeledDataset<Double> {
        let plain = try digits.subset(Array(rows))
        var scalars: [Double] = []
        for n in 0..<plain.count {
          scalars += withBackground(plain.features.scalars[(64 * n)..<(64 * n + 64)])
        }
        return try LabeledDataset(
          features: Tensor(shape: [plain.count, 64], scalars: scalars), labels: plain.labels,
          classCount: 10)
      }
      let targetTrain = try transformed(order[900..<1350])
      let targetTest = try transformed(order[1350...])
      var values: [Double] = []
      for adversarial in [false, true] {
        let kind = adversarial ? "dann" : "source-only"
        context.progress("digits \(kind), seed \(seed + 1)/\(seeds)")
        var initStream = context.stream(UInt64(1000 + seed))
        var batchStream = context.stream(UInt64(1100 + seed))
        var store = ParameterStore<Double>()
        let net = try Network(
          inputs: 64, hidden: digitsHidden, classCount: 10, store: &store, random: &initStream)
        try train(
          net, &store, source: sourceTrain, target: targetTrain, adversarial: adversarial,
          iterations: iterations, baseRate: digitsRate, random: &batchStream)
        let sourceAccuracy = try accuracy(net, store, sourceTest)
        let targetAccuracy = try accuracy(net, store, targetTest)
        metrics["digits.seed\(seed).\(kind).source_accuracy"] = sourceAccuracy
        metrics["digits.seed\(seed).\(kind).target_accuracy"] = targetAccuracy
        values += [sourceAccuracy, targetAccuracy]
      }
      for i in values.indices { sums[i] += values[i] }
    }
    let means = sums.map { $0 / Double(seeds) }
    return DigitsShiftResult(
      sourceOnlySource: means[0], sourceOnlyTarget: means[1], dannSource: means[2],
      dannTarget: means[3])
  }
}

extension DomainAdversarialExperiment {
  static func digitsClaims(_ r: DigitsShiftResult) -> [Claim] {
    [
      Claim(
        id: "digits-background-hurts-source-only",
        statement:
          "digits with a ramp background: source-only accuracy, source test − target test (verdict varies with the seed: DANN header)",
        value: r.sourceOnlySource - r.sourceOnlyTarget, .atLeast, 0.1,
        provenance: "[paper] MNIST → MNIST-M source-only 0.52; design check"),
      Claim(
        id: "digits-dann-beats-source-only",
        statement: "digits with a ramp background: target accuracy DANN − source-only",
        value: r.dannTarget - r.sourceOnlyTarget, .atLeast, 0.05,
        provenance: "[paper] direction, 0.52 → 0.77 on MNIST → MNIST-M; 0.05 [guess]"),
      Claim(
        id: "digits-dann-fits-source",
        statement: "digits: DANN accuracy on source test images",
        value: r.dannSource, .atLeast, 0.9, provenance: "[paper]"),
    ]
  }

  static func digitsFigure(_ r: DigitsShiftResult) throws -> LabFigure {
    var chart = Chart(
      title: "Digits → digits on a ramp background: source-only vs DANN", xLabel: "test set",
      yLabel: "accuracy (mean over seeds)")
    chart.yRange = 0...1
    chart.legendPosition = .bottomRight
    chart.bars(
      categories: ["source digits", "target digits (ramp background)"],
      series: [
        BarSeries("source only", values: [r.sourceOnlySource, r.sourceOnlyTarget]),
        BarSeries("DANN", values: [r.dannSource, r.dannTarget]),
      ])
    return try LabFigure(
      name: "digits-shift",
      caption:
        "8×8 digits (source, labelled) and other digits with a fixed diagonal ramp added (target, unlabelled during training): test accuracy of the network trained on the source alone and of the same network with DANN's gradient-reversal domain branch.",
      chart: chart)
  }
}
