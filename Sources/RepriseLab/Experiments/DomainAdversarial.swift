// Domain-adversarial training with gradient reversal (Ganin, Ustinova,
// Ajakan, Germain, Larochelle, Laviolette, Marchand, Lempitsky; JMLR 2016;
// conference version Ganin & Lempitsky, ICML 2015).
//
// Method: a feature extractor G_f, a label predictor G_y on its features and
// a domain classifier G_d that tells source from target features. The saddle
// point min_{f,y} max_d  L_y(source) − λ L_d(source ∪ target) is reached by
// plain SGD on L_y + L_d with a gradient-reversal layer between G_f and G_d
// (identity forward, −λ·gradient backward: `Variable.gradientReversal`), so
// G_d learns to separate the domains while G_f learns features it cannot
// separate. Schedules (paper §5.2.2): adaptation weight
// λ_p = 2/(1 + exp(−γp)) − 1 with γ = 10, and learning rate
// μ_p = μ₀/(1 + αp)^β with α = 10, β = 0.75, p ∈ [0, 1] the training
// progress. Both are computed here with Reprise's exp/log (the library's
// LearningRateSchedule has no such annealing case). Diagnostic: the proxy
// A-distance d_A = 2(1 − 2ε), ε the held-out error of a linear classifier
// (here the Lab's `LinearProbe`, L2 logistic regression; the paper uses a
// linear SVM) separating source from target features.
//
// Experiment (papers.md §14, the paper's toy, §5.1.1): inter-twinning moons.
// Source: `SyntheticData.twoMoons` (sklearn's `make_moons`: class 0 on
// (cos t, sin t), class 1 on (1 − cos t, 0.5 − sin t), t = linspace(0, π),
// N(0, 0.1²) noise; checked against sklearn's definition), 300 per class.
// Target: a fresh draw rotated by 35° about the centre of the moons
// (0.5, 0.25), unlabelled during training; a second labelled rotated draw is
// the target test set. Network: 2 → 15 sigmoid features → linear label head
// (logistic loss on ±1); domain head 15 → 1 (logistic loss, source −1,
// target +1) behind the reversal layer. Each iteration draws a minibatch of
// 32 source and 32 target points. Baseline: the same network and schedule
// without the domain branch. Training in Double (the network is tiny; the
// cost is the tape, not the arithmetic). 3000 iterations per network;
// results are averaged over 3 seeds (quick) or 5 (full), each seed with its
// own data, initialisation and batches.
//
// Calibration: papers.md gives μ₀ = 0.01. With it (3000 iterations, batch
// 32 + 32) the network does not even fit the source moons (held-out source
// accuracy 0.79); a sweep of μ₀ ∈ {0.1, 0.3, 1, 3} for sigmoid and ReLU
// features found only sigmoid, μ₀ = 3 fitting the source (0.997), so μ₀ = 3
// is used; the schedules' shapes (α, β, γ) are the paper's.
//
// RESULT, stated plainly: in this setting DANN does NOT reproduce the
// paper's toy result. Over the whole sweep DANN's target accuracy stayed
// within 0.05 of the source-only network's (≈ 0.70–0.80), and the domain
// branch lowers the proxy A-distance of the features only in some runs
// (one-seed quick size: −0.11; three-seed quick +0.02; full size, 5
// seeds: +0.04). The
// claims below are kept at the paper's direction and fail. Also tried, with
// no better result: λ_p scaled by 6 and by 0.3 at μ₀ ∈ {0.3, 1, 3} (DANN
// target accuracy 0.70–0.79, never more than 0.05 above source-only).
//
// Bug hunt (issue 6). (1) The reversal layer is checked by finite
// differences (Tests/RepriseAutodiffTests/GradientReversalTests.swift): the
// features receive exactly ∂(L_y − λ L_d), the domain head ∂L_d unreversed,
// with and without createGraph — no bug there. (2) The wiring read line by
// line: label loss on the source batch only, domain loss (mean over the 64
// source + target rows, source −1, target +1) on features after the
// reversal, one backward pass of the sum, all three layers in the store
// updated, λ_p and μ_p as in the paper with p = step/iterations. (3) An
// independent numpy re-implementation of the same setup (same data recipe,
// PyTorch-default init, minibatch 32 + 32, μ₀ = 3, 3 seeds) gives the same
// picture: source 0.99–1.0, source-only target 0.73–0.75, DANN target
// 0.75–0.94. So μ₀ = 3 is not hiding a loss or rate bug: with μ₀ = 0.01 and
// 3000 minibatch steps the net simply moves too little. In that numpy
// reference none of these reached DANN ≥ 0.95 either (3 seeds each): full
// batch at μ₀ ∈ {1, 3}; Adam (η 0.01, 0.03) minibatch and full batch; λ_p
// ×3 with Adam; ReLU features; a 15-unit ReLU hidden layer in the domain
// head (SGD and Adam). Best seen: DANN 0.94 on one seed, 0.74–0.89 on the
// others. Most consistent: inputs centred on (0.5, 0.25), full batch, Adam
// η = 0.01, 6000 steps: DANN 0.83–0.85 vs source-only 0.69–0.73 (3 seeds),
// the paper's direction but short of 0.95. Per-example SGD as in the
// paper's Algorithm 1 (numpy, hand-written gradients, one source and one
// target example per step, constant λ = 6 and μ = 0.05, 15 sigmoid units,
// 3 seeds; issue 6, session 4): 100 epochs DANN 0.81–0.83 vs source-only
// 0.74–0.76; 400 epochs 0.86–0.90 vs 0.71–0.72; 1000 epochs 0.84–0.89 vs
// 0.69–0.71 — a larger gap than the minibatch runs, still short of 0.95
// and too many tape steps (≥ 60 000 per network) for the time budget.
// A wider net was checked in session 6 (below: 100 sigmoid units).
//
// Audit against the paper (issue 6, session 6). Checked, no defect found:
// (a) reversal sign and scale — the features get −λ_p·∂L_d, the domain
// head the unreversed ∂L_d (the finite-difference test above); (b) balance
// — every step draws 32 source and 32 target points and the domain loss is
// the mean over all 64 (source −1, target +1); (c) λ_p = 2/(1 + e^{−10p}) − 1
// and μ_p = μ₀/(1 + 10p)^0.75 with p = step/iterations, as in §5.2.2;
// (d) d_A = 2(1 − 2ε), ε the error of a linear domain classifier on a
// held-out half of the source-test and target-test features (the paper
// uses a linear SVM; ours is L2 logistic regression — same family). The
// rotation is 35° as in §5.1.1; the network, 2 → 15 sigmoid → label head,
// with a logistic domain regressor on the 15 features, is the shallow DANN
// of the paper's Algorithm 1. Differences from the paper that remain, by
// design: the paper trains the toy with Algorithm 1 — one source and one
// target example per step, constant λ and μ — while this file uses the
// deep-network recipe (§5.2.2 schedules, minibatches, 3000 steps) that
// papers.md §14 asks for; and, as we read Algorithm 1, it also multiplies
// the domain regressor's own update by λ (the regressor ascends λ·L_d),
// which the reversal layer does not do. Measured in an independent re-implementation
// (this session; 3 seeds, data recipe and 35° rotation about (0.5, 0.25)
// as here, target test = a fresh rotated draw):
// - Algorithm 1 transcribed line by line in numpy (λ = 6, μ = 0.05 as in
//   session 4's run, 100 epochs over the 600 source points): DANN 0.80 / 0.90 / 0.85 vs
//   source-only 0.77 / 0.76 / 0.73; the same without the λ factor on the
//   regressor's update: DANN 0.84 / 0.79 / 0.79. The λ factor helps a
//   little on average and neither reaches 0.95.
// - PyTorch, this file's recipe (minibatch 32 + 32, μ₀ = 3, 3000 steps):
//   DANN 0.78 / 0.77 / 0.77 vs source-only 0.73 / 0.74 / 0.75 — our Swift
//   numbers (one-seed quick: 0.762 vs 0.747), so the Swift training is not the
//   cause. With Algorithm 1's λ factor on the domain head's update added
//   to this recipe: DANN 0.76 / 0.75 / 0.77 — no gain, so not adopted.
//   A wider feature layer (100 sigmoid units, otherwise this recipe):
//   DANN 0.84 / 0.89 / 0.91 vs 0.76 / 0.72 / 0.76 — a clear gain, still
//   short of 0.95; not adopted (the paper's toy has 15 units). Four
//   times the steps (12 000): DANN 0.79 / 0.76 / 0.88 vs 0.73 / 0.71 / 0.70.
//   Rotating about the origin instead of the moons' centre (a
//   reading of "rotated by 35°" some re-implementations use) makes both
//   worse: DANN 0.72 / 0.68 / 0.69 vs 0.64 / 0.66 / 0.66.
// So the shallow DANN, in the paper's own algorithm, moves the target
// accuracy in the paper's direction (+0.03 to +0.14) but does not separate
// the rotated moons "almost perfectly" in any run we made. A plausible
// reason (not proven): the adversary is one logistic direction in a 15-d
// feature space, and features can become hard to separate along it
// without each rotated moon landing on its source moon. The claims keep
// the paper's direction and thresholds and fail.
//
// The authors' own toy script (session 8). The first author's public
// repository (GRAAL-Research/domain_adversarial_neural_network, read, not
// copied) trains the moons figure with settings that differ from
// papers.md §14: 150 moons points in all (75 per class) with noise 0.05
// rather than 300 per class with noise 0.1; source and target centred on
// the source mean and scaled by 2 before the target is rotated by 35°;
// Algorithm 1 (one source and one random target example per step,
// constant λ = 6, μ = 0.05, 15 sigmoid units, uniform ±√(6/(fan-in +
// fan-out)) label-side weights, zero domain weights) for 500 epochs, i.e.
// 75 000 steps. Re-implemented in numpy from that description (own code,
// our moons recipe; target test set = a fresh rotated draw of 600
// points; `Fixtures/scripts/investigations/dann_authors_toy.py --seeds
// 5`): DANN target accuracy 0.832 / 0.818 / 0.827 / 0.927 / 0.872
// (mean 0.855) against the same network without the domain branch
// 0.793 / 0.823 / 0.807 / 0.850 / 0.817 (mean 0.818), source accuracy 1.0
// for both. So even the authors' own recipe gains only +0.04 on average
// here and reaches 0.95 in no seed; the "almost perfect" figure of the
// paper is one run (their seed 42), which this does not contradict but
// does not confirm either. Not adopted: it is slower (75 000 steps per
// network) and no closer to the claims.
//
// Seed dependence (issue 6, session 7). With one seed the quick claims
// flipped with the master seed. Quick run with one moons seed and one
// digits seed, `reprise reproduce dann --quick --seed S`, S = 0…4:
// DANN − source-only target accuracy 0.015/0.018/0.047/0.070/0.033 (holds
// only for S = 3); d_A(DANN) − d_A(NN) −0.107/−0.047/−0.107/+0.253/−0.120
// (fails for S = 3); digits background gap 0.160/0.151/0.136/0.183/0.055
// (fails for S = 4); the other claims kept their verdict (source-only
// target 0.740–0.767, DANN target 0.762–0.825, DANN source ≥ 0.987,
// digits DANN gain ≥ 0.056, digits DANN source ≥ 0.945). The quick run now
// averages three moons seeds and three digits seeds (2000 steps), as the
// full run averages five and three; the moons seeds are the full run's
// first three. The verdicts still depend on the seed, because the effects
// are about the size of the seed-to-seed spread: S = 0…4 give DANN −
// source-only 0.031/0.042/0.029/0.072/0.053 (holds for S = 3, 4);
// d_A difference +0.024/−0.067/−0.040/+0.171/0.000 (holds for S = 1, 2);
// digits background gap 0.140/0.119/0.083/0.186/0.111 (fails for S = 2);
// source-only target 0.744–0.757, DANN target 0.777–0.828, DANN source
// ≥ 0.991, digits DANN gain 0.098–0.160 and digits DANN source ≥ 0.943
// keep their verdicts. So the three claims above are unstable at this size
// (their statements say so); no threshold was changed. With seed 0 the
// three-seed quick run agrees with the full run on d_A (both fail) and
// misses the ≥ 0.05 gain that the full run meets by 0.0003. Quick cost:
// 5.1 s of CPU (7.8 s wall at load 8), was ≈ 2 s with one seed.
//
// Second case, a digits shift (digits → digits on a fixed ramp background,
// where DANN does reproduce the paper's direction): see
// DomainAdversarialDigits.swift for its setup, claims and results. The
// network type and `train` are shared; `train` takes the base rate and a
// scale of λ_p (1 here; the label-shift case of lar-domain-shift uses 3).
//
// Claims on the moons (thresholds from papers.md's [guess]es):
// - the source-only network misclassifies a chunk of the rotated target:
//   target accuracy ≤ 0.92. One-sided on purpose: the paper's statement is
//   only that the standard network misclassifies part of the rotated
//   target, which an upper bound tests; the lower end of papers.md's
//   "[guess] NN ≈ 80–90 %" is no claim of the paper (a baseline that
//   misses more would not contradict it). Ours misses more: 0.74–0.76,
//   below that guessed range, which a two-sided claim would fail. 0.92
//   is the guess's upper end with a margin of 0.02 set in an earlier
//   session, not from the paper;
// - DANN target accuracy ≥ 0.95 [guess];
// - DANN beats source-only on the target by ≥ 0.05 [paper: direction];
// - DANN features are harder to tell apart by domain: d_A(DANN) < d_A(NN)
//   [guess/paper];
// - DANN still fits the source: source accuracy ≥ 0.95 [paper].

public struct DomainAdversarialExperiment: Experiment {
  public init() {}

  public let name = "dann"
  public let paper = PaperReference(
    authors: "Ganin, Ustinova, Ajakan, Germain, Larochelle, Laviolette, Marchand, Lempitsky",
    title: "Domain-Adversarial Training of Neural Networks", venue: "JMLR", year: 2016,
    identifier: "arXiv:1505.07818")
  public let summary =
    "a gradient-reversal domain classifier makes features domain-invariant, so a classifier trained on two moons also separates the rotated moons"

  static let perClass = 300
  static let noise = 0.1
  static let rotationDegrees = 35.0
  static let centre = (0.5, 0.25)
  static let hidden = 15
  static let batch = 32
  static let baseRate = 3.0
  static let gamma = 10.0
  static let alpha = 10.0
  static let beta = 0.75

  /// A trained network and its measurements.
  struct Run {
    var store: ParameterStore<Double>
    var net: Network
    var sourceAccuracy: Double
    var targetAccuracy: Double
    var proxyADistance: Double
  }

  /// inputs → hidden sigmoid features → label head (one logit for two
  /// classes, else one per class); linear domain head on the features.
  /// The moons network is 2 → 15 → 1.
  struct Network {
    var features: Dense
    var label: Dense
    var domain: Dense
    var classCount: Int

    init(
      inputs: Int = 2, hidden: Int = DomainAdversarialExperiment.hidden, classCount: Int = 2,
      store: inout ParameterStore<Double>, random: inout RandomStream
    ) throws {
      features = try Dense(
        "features", inputs: inputs, outputs: hidden, store: &store, random: &random)
      label = try Dense(
        "label", inputs: hidden, outputs: classCount == 2 ? 1 : classCount, store: &store,
        random: &random)
      domain = try Dense("domain", inputs: hidden, outputs: 1, store: &store, random: &random)
      self.classCount = classCount
    }

    func hidden(_ x: Variable<Double>, _ p: BoundParameters<Double>) throws -> Variable<Double> {
      try features(x, p).sigmoid()
    }

    /// Logistic loss on ±1 for two classes, softmax cross-entropy otherwise.
    func labelLoss(_ h: Variable<Double>, labels: [Int], _ p: BoundParameters<Double>) throws
      -> Variable<Double>
    {
      let z = try label(h, p)
      guard classCount == 2 else { return try Loss.softmaxCrossEntropy(z, labels: labels) }
      return try Loss.logistic(z, signs: DomainAdversarialExperiment.signs(labels))
    }

    /// Predicted classes of the rows of x.
    func predict(_ x: Tensor<Double>, _ store: ParameterStore<Double>) throws -> [Int] {
      let p = store.constants()
      let z = try label(try hidden(Variable(constant: x), p), p).value
      guard classCount != 2 else { return z.scalars.map { $0 > 0 ? 1 : 0 } }
      let width = z.shape[1]
      return (0..<z.shape[0]).map { row in
        let values = z.scalars[(row * width)..<((row + 1) * width)]
        return values.indices.max { values[$0] < values[$1] }! - row * width
      }
    }
  }

  public func run(_ context: ExperimentContext) throws -> ExperimentOutcome {
    let seeds = context.size(quick: 3, full: 5)
    let iterations = context.size(quick: 3000, full: 3000)
    var metrics = MetricTable()
    var runs: [String: [Run]] = [:]
    var firstData: (source: LabeledDataset<Double>, target: LabeledDataset<Double>)?
    for seed in 0..<seeds {
      var dataStream = context.stream(UInt64(100 + seed))
      let source: LabeledDataset<Double> = try SyntheticData.twoMoons(
        count: 2 * Self.perClass, noise: Self.noise, using: &dataStream)
      let target = try Self.rotatedMoons(random: &dataStream)
      let targetTest = try Self.rotatedMoons(random: &dataStream)
      let sourceTest: LabeledDataset<Double> = try SyntheticData.twoMoons(
        count: 2 * Self.perClass, noise: Self.noise, using: &dataStream)
      if seed == 0 { firstData = (source, targetTest) }
      for adversarial in [false, true] {
        let kind = adversarial ? "dann" : "source-only"
        context.progress("\(kind), seed \(seed + 1)/\(seeds)")
        var initStream = context.stream(UInt64(200 + seed))
        var batchStream = context.stream(UInt64(300 + seed))
        var store = ParameterStore<Double>()
        let net = try Network(store: &store, random: &initStream)
        try Self.train(
          net, &store, source: source, target: target, adversarial: adversarial,
          iterations: iterations, random: &batchStream)
        var probeStream = context.stream(UInt64(400 + seed))
        let run = Run(
          store: store, net: net,
          sourceAccuracy: try Self.accuracy(net, store, sourceTest),
          targetAccuracy: try Self.accuracy(net, store, targetTest),
          proxyADistance: try ProxyADistance.estimate(
            source: try Self.features(net, store, sourceTest.features),
            target: try Self.features(net, store, targetTest.features), random: &probeStream))
        runs[kind, default: []].append(run)
        metrics["seed\(seed).\(kind).source_accuracy"] = run.sourceAccuracy
        metrics["seed\(seed).\(kind).target_accuracy"] = run.targetAccuracy
        metrics["seed\(seed).\(kind).proxy_a_distance"] = run.proxyADistance
      }
      var probeStream = context.stream(UInt64(500 + seed))
      metrics["seed\(seed).inputs.proxy_a_distance"] = try ProxyADistance.estimate(
        source: sourceTest.features, target: targetTest.features, random: &probeStream)
    }
    func mean(_ kind: String, _ value: (Run) -> Double) -> Double {
      let values = runs[kind]!.map(value)
      return values.reduce(0, +) / Double(values.count)
    }
    for kind in ["source-only", "dann"] {
      metrics["mean.\(kind).source_accuracy"] = mean(kind) { $0.sourceAccuracy }
      metrics["mean.\(kind).target_accuracy"] = mean(kind) { $0.targetAccuracy }
      metrics["mean.\(kind).proxy_a_distance"] = mean(kind) { $0.proxyADistance }
    }
    let nnTarget = mean("source-only") { $0.targetAccuracy }
    let dannTarget = mean("dann") { $0.targetAccuracy }
    let claims = [
      Claim(
        id: "source-only-misses-target",
        statement: "source-only network: accuracy on the rotated target",
        value: nnTarget, .atMost, 0.92,
        provenance:
          "[paper] direction (misclassifies a chunk); one-sided, 0.92 above [guess] NN ≈ 80–90 %"),
      Claim(
        id: "dann-separates-target",
        statement: "DANN: accuracy on the rotated target",
        value: dannTarget, .atLeast, 0.95, provenance: "[guess] ≥ 95 %"),
      Claim(
        id: "dann-beats-source-only",
        statement: "target accuracy: DANN − source-only (verdict varies with the seed, see header)",
        value: dannTarget - nnTarget, .atLeast, 0.05, provenance: "[paper] direction"),
      Claim(
        id: "dann-features-domain-invariant",
        statement:
          "proxy A-distance of the features: DANN − source-only (sign varies with the seed, see header)",
        value: mean("dann") { $0.proxyADistance } - mean("source-only") { $0.proxyADistance },
        .lessThan, 0, provenance: "[guess] d_A(DANN) < d_A(NN)"),
      Claim(
        id: "dann-fits-source",
        statement: "DANN: accuracy on held-out source",
        value: mean("dann") { $0.sourceAccuracy }, .atLeast, 0.95, provenance: "[paper]"),
    ]
    let digits = try Self.digitsShift(context, metrics: &metrics)
    metrics["digits.mean.source-only.target_accuracy"] = digits.sourceOnlyTarget
    metrics["digits.mean.dann.target_accuracy"] = digits.dannTarget
    metrics["digits.mean.source-only.source_accuracy"] = digits.sourceOnlySource
    metrics["digits.mean.dann.source_accuracy"] = digits.dannSource
    let figures = try Self.figures(runs: runs, source: firstData!.source, target: firstData!.target)
    return ExperimentOutcome(
      claims: claims + Self.digitsClaims(digits), metrics: metrics,
      figures: figures + [try Self.digitsFigure(digits)])
  }

  // MARK: Data

  /// Two moons rotated by 35° about (0.5, 0.25): the library rotates about
  /// the origin, R·x; adding c − R·c gives R·(x − c) + c.
  static func rotatedMoons(random: inout RandomStream) throws -> LabeledDataset<Double> {
    let moons: LabeledDataset<Double> = try SyntheticData.twoMoons(
      count: 2 * perClass, noise: noise, rotationDegrees: rotationDegrees, using: &random)
    let angle = rotationDegrees * Double.pi / 180
    let (c, s) = (Double.cos(angle), Double.sin(angle))
    let shift = (centre.0 - (c * centre.0 - s * centre.1), centre.1 - (s * centre.0 + c * centre.1))
    var scalars = moons.features.scalars
    for n in 0..<moons.count {
      scalars[2 * n] += shift.0
      scalars[2 * n + 1] += shift.1
    }
    return try LabeledDataset(
      features: Tensor(shape: [moons.count, 2], scalars: scalars), labels: moons.labels,
      classCount: 2)
  }

  static func signs(_ labels: [Int]) -> Tensor<Double> {
    Tensor(labels.map { $0 == 1 ? 1.0 : -1.0 })
  }

  // MARK: Training

  /// λ_p = 2/(1 + e^{−γp}) − 1.
  static func adaptationWeight(progress p: Double) -> Double {
    DomainAdversarialSchedule.adaptationWeight(progress: p, gamma: gamma)
  }

  /// μ_p = μ₀/(1 + αp)^β.
  static func learningRate(progress p: Double, base: Double) -> Double {
    DomainAdversarialSchedule.learningRate(progress: p, base: base, alpha: alpha, beta: beta)
  }

  static func train(
    _ net: Network, _ store: inout ParameterStore<Double>, source: LabeledDataset<Double>,
    target: LabeledDataset<Double>, adversarial: Bool, iterations: Int,
    baseRate: Double = DomainAdversarialExperiment.baseRate, lambdaScale: Double = 1,
    random: inout RandomStream
  ) throws {
    var optimizer = SGD<Double>(learningRate: baseRate)
    let domainSigns = Tensor(
      [Double](repeating: -1, count: batch) + [Double](repeating: 1, count: batch))
    for step in 0..<iterations {
      let progress = Double(step) / Double(iterations)
      let sourceBatch = try source.subset(try random.sample(batch, from: source.count))
      let targetBatch = try target.subset(try random.sample(batch, from: target.count))
      let lambda = adaptationWeight(progress: progress) * lambdaScale
      let gradients = try lossGradients(store) { p in
        let hs = try net.hidden(Variable(constant: sourceBatch.features), p)
        let labelLoss = try net.labelLoss(hs, labels: sourceBatch.labels, p)
        guard adversarial else { return labelLoss }
        let ht = try net.hidden(Variable(constant: targetBatch.features), p)
        let both = try Variable.concatenate([hs, ht], axis: 0).gradientReversal(lambda: lambda)
        let domainLoss = try Loss.logistic(try net.domain(both, p), signs: domainSigns)
        return try labelLoss + domainLoss
      }
      optimizer.learningRate = learningRate(progress: progress, base: baseRate)
      try optimizer.step(&store, gradients: gradients)
    }
  }

  /// Loss and gradients on a tape that is gone when this returns (so the
  /// optimizer updates the weights in place).
  static func lossGradients(
    _ store: ParameterStore<Double>,
    _ loss: (BoundParameters<Double>) throws -> Variable<Double>
  ) throws -> [ParameterID: Tensor<Double>] {
    let tape = Tape<Double>()
    let parameters = try store.bind(to: tape)
    let value = try loss(parameters)
    guard value.value.scalars[0].isFinite else {
      throw RepriseError.nonFinite(
        operation: "dann: training loss", row: 0, column: 0, value: value.value.scalars[0])
    }
    return try parameters.gradients(of: value)
  }

  // MARK: Evaluation

  static func features(_ net: Network, _ store: ParameterStore<Double>, _ x: Tensor<Double>)
    throws -> Tensor<Double>
  {
    try net.hidden(Variable(constant: x), store.constants()).value
  }

  /// Label-head outputs (logits) for the rows of x.
  static func logits(_ net: Network, _ store: ParameterStore<Double>, _ x: Tensor<Double>)
    throws -> [Double]
  {
    let p = store.constants()
    return try net.label(try net.hidden(Variable(constant: x), p), p).value.scalars
  }

  static func accuracy(
    _ net: Network, _ store: ParameterStore<Double>, _ data: LabeledDataset<Double>
  ) throws -> Double {
    let predicted = try net.predict(data.features, store)
    var correct = 0
    for (guess, label) in zip(predicted, data.labels) where guess == label { correct += 1 }
    return Double(correct) / Double(data.count)
  }

  // MARK: Figures

  static let plotX = -1.5...2.5
  static let plotY = -1.5...2.0

  /// P(y = 1 | x) over a grid, with the given source (training) and target
  /// (test) points on top.
  static func boundaryChart(
    _ run: Run, title: String, source: LabeledDataset<Double>, target: LabeledDataset<Double>
  ) throws -> Chart {
    let (columns, rows) = (80, 70)
    var grid: [Double] = []
    for i in 0..<rows {
      let y =
        plotY.lowerBound + (Double(i) + 0.5) * (plotY.upperBound - plotY.lowerBound) / Double(rows)
      for j in 0..<columns {
        let x =
          plotX.lowerBound + (Double(j) + 0.5) * (plotX.upperBound - plotX.lowerBound)
          / Double(columns)
        grid += [x, y]
      }
    }
    let z = try logits(run.net, run.store, try Tensor(shape: [rows * columns, 2], scalars: grid))
    let probability = z.map { 1 / (1 + Double.exp(-$0)) }
    var chart = Chart(title: title, xLabel: "x₁", yLabel: "x₂")
    chart.xRange = plotX
    chart.yRange = plotY
    chart.legendPosition = .bottomRight
    chart.heatmap(
      (0..<rows).map { Array(probability[($0 * columns)..<(($0 + 1) * columns)]) }, x: plotX,
      y: plotY, colorMap: .diverging, valueRange: 0...1, colorBarLabel: "P(class 1)")
    let sets: [(String, LabeledDataset<Double>, Int, Color)] = [
      ("source, class 0", source, 0, Color.series(0)),
      ("source, class 1", source, 1, Color.series(2)),
      ("target, class 0", target, 0, Color.series(3)),
      ("target, class 1", target, 1, Color.black),
    ]
    for (name, data, label, color) in sets {
      let points = try data.features.rowArrays().enumerated().filter {
        data.labels[$0.offset] == label && $0.offset % 2 == 0
      }.map(\.element)
      chart.scatter(
        name, x: points.map { $0[0] }, y: points.map { $0[1] }, color: color, radius: 2)
    }
    return chart
  }

  static func figures(
    runs: [String: [Run]], source: LabeledDataset<Double>, target: LabeledDataset<Double>
  ) throws -> [LabFigure] {
    func mean(_ kind: String, _ value: (Run) -> Double) -> Double {
      let values = runs[kind]!.map(value)
      return values.reduce(0, +) / Double(values.count)
    }
    let (sourceOnly, dann) = (runs["source-only"]![0], runs["dann"]![0])
    var bars = Chart(
      title: "Two moons rotated by 35°: source-only vs DANN", xLabel: "measure",
      yLabel: "value (mean over seeds)")
    bars.yRange = 0...2
    bars.legendPosition = .topRight
    let kinds = ["source-only", "dann"]
    bars.bars(
      categories: ["source accuracy", "target accuracy", "proxy A-distance"],
      series: kinds.map { kind in
        BarSeries(
          kind == "dann" ? "DANN" : "source only",
          values: [
            mean(kind) { $0.sourceAccuracy }, mean(kind) { $0.targetAccuracy },
            mean(kind) { $0.proxyADistance },
          ])
      })
    return [
      try LabFigure(
        name: "boundary-source-only",
        caption:
          "Source-only network (first seed): predicted probability of class 1 over the input plane, with the source training points and the labelled rotated target test points (every other point shown). Accuracy of this network: source test \(Format.fixed(sourceOnly.sourceAccuracy, digits: 3)), rotated target test \(Format.fixed(sourceOnly.targetAccuracy, digits: 3)).",
        chart: try boundaryChart(
          sourceOnly, title: "Source-only network: decision surface",
          source: source, target: target)),
      try LabFigure(
        name: "boundary-dann",
        caption:
          "DANN (first seed), the same view and points. Accuracy of this network: source test \(Format.fixed(dann.sourceAccuracy, digits: 3)), rotated target test \(Format.fixed(dann.targetAccuracy, digits: 3)).",
        chart: try boundaryChart(
          dann, title: "DANN: decision surface", source: source, target: target)),
      try LabFigure(
        name: "accuracy-and-a-distance",
        caption:
          "Held-out source accuracy, rotated-target accuracy and the proxy A-distance of the 15 hidden features (2 = domains perfectly separable by a linear probe, 0 = indistinguishable).",
        chart: bars),
    ]
  }
}
