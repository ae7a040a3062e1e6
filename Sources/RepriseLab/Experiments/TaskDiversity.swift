// Task diversity; MAML vs transfer learning (Miranda, Yu, Wang, Koyejo 2022).
//
// The claim: when a few-shot benchmark has low task diversity, model-agnostic
// meta-learning (MAML) and plain supervised pre-training followed by a fresh
// linear head per task ("USL") reach statistically equivalent meta-test
// accuracy and learn similar representations. Diversity is measured by the
// diversity coefficient: embed each task by Task2Vec — the diagonal Fisher
// information F̂_τ = E_{x∼τ, ŷ∼p_θ(·|x)}[(∇_θ log p_θ(ŷ|x))²] of a probe
// network whose head was fitted to τ (RepriseMetrics/TaskDiversity) — and
// average the cosine distance 1 − aᵀb/(‖a‖‖b‖) over pairs of tasks.
//
// Experiment (papers.md §13), on digits (pixels in [0, 1], centred with the
// meta-training mean), split by a seeded permutation into a meta-training
// pool (1197 examples) and a meta-test pool (600), all ten classes in both.
// A task is 5-way 5-shot with 15 queries per class: 5 classes drawn at
// random and labelled 0…4 in the order drawn.
// - Diversity: benchmark P = 1 = tasks of raw digits; P = 16 = each task
//   also applies one of 16 fixed random pixel permutations. Probe: the USL
//   network's first layer (fixed) and second layer plus a 5-way head fitted
//   per task by `LinearProbe` (penalty 1/n, its standardisation folded into
//   the head); Task2Vec on 100 examples per task (20 per class), Fisher of
//   the last two layers with labels sampled from the model; div over the
//   task pairs, with a 95 % normal-approximation interval.
// - MAML (Finn et al. 2017): a 64→h→h→5 ReLU MLP; the inner loop takes 5
//   SGD steps (rate 0.5) on the support set, the outer loss is the query
//   cross-entropy at the adapted weights, differentiated through the inner
//   steps (second order: the inner gradients are recorded with
//   `createGraph`, so the meta-gradient contains Hessian–vector products)
//   or with the inner gradients treated as constants (first order); Adam
//   (lr 1e-3) on the mean meta-gradient of a meta-batch of tasks. Both
//   orders start from the same initialisation and see the same tasks. At
//   meta-test the same 5 inner steps adapt the learned initialisation.
// - USL: a 64→h→h→10 MLP pre-trained with Adam on all meta-training examples
//   (10-way cross-entropy); per test task a fresh head (`LinearProbe`, L2
//   penalty λ = 1/25, i.e. scikit-learn's C = 1) is fitted on the support
//   examples' penultimate features and scored on the queries.
// - Representations: penultimate (second hidden layer) activations of the
//   MAML initialisations (before adaptation) and of the USL trunk on 500
//   meta-test examples, compared by SVCCA, PWCCA and linear CKA distances
//   (1 − similarity) and the orthogonal Procrustes distance (squared form,
//   Ding et al. 2021), as in the authors' `main2_distance_sl_vs_maml.py`;
//   the untrained initialisation vs USL is the control.
// All methods see the same 200 test tasks (quick: 60).
//
// Scaling to the budget (≤ 60 s full, ≤ 10 s quick on 2 cores): papers.md
// asks for 500 meta-iterations and 200 test tasks with a 64-wide probe.
// Full size is that: h = 64, 500 meta-iterations of meta-batch 2 (1000
// training tasks per order), 200 test tasks, 20 diversity tasks of 100
// examples per benchmark, 20 pre-training epochs. Quick size differs only
// in 250 meta-iterations and 60 test tasks. Networks train in Float;
// metrics are computed in Double.
// Quick sizes tested (issue 6, seed 0; h, meta-iterations, pre-training
// epochs, diversity tasks, examples per class → claims, user seconds):
// (32, 60, 8, 8, 10) → 2/4, 1.2 s (the quick size until session 6, now
// replaced, see below); (32, 60, 8, 20, 20) → 2/4 with
// div difference −0.069; (64, 60, 20, 20, 20) → 1/4 (diversity holds,
// MAML−USL gap 0.059), 2.7 s; (64, 150, 20, 20, 20) → 2/4 (diversity and
// CKA 0.85 hold, gap 0.028 and the intervals miss by 0.013), 4.8 s;
// (32, 150, 20, 12, 20) → 0/4. No quick size within 10 s holds all four:
// the diversity claim needs h = 64, the accuracy claims need more
// meta-training than the quick budget allows.
// Session 6 (sizes only; no threshold or claim changed). With h = 32 the
// diversity coefficient ranks the permuted benchmark *below* raw digits
// (−0.069 with 20 tasks above), so the old quick failure was not noise: a
// 32-wide probe trained on raw digits maps permuted inputs to features its
// heads cannot read, and their Fisher embeddings look alike. The full size
// had 300 meta-iterations (budget estimate of an earlier session) and
// missed the interval overlap by 0.003 (MAML 0.957 vs USL 0.967): MAML was
// under-trained relative to USL. Full size now runs papers.md's 500
// meta-iterations (10.9 s of CPU on the loaded machine): MAML 0.966
// [0.963, 0.970] vs USL 0.967 [0.964, 0.971], gap 0.0009, overlap +0.006,
// CKA 0.896, div(P = 16) − div(P = 1) = 0.761 − 0.700 = +0.061 — 4/4.
// Quick size (64, 250, 20, 20, 20; 60 test tasks; the only quick size
// tried this session), 5.5 s of CPU: MAML 0.955 [0.948, 0.962] vs USL
// 0.967 [0.960, 0.973], gap 0.012, overlap +0.002 (narrow), CKA 0.870,
// diversity +0.061 (the same tasks as full size) — 4/4. First-order MAML
// stays clearly below (0.892 quick, 0.925 full).
//
// Seed robustness (issue 6, session 8), from
// `reprise robustness task-diversity-maml --seeds 0-4 [--quick]`:
// div(P = 16) − div(P = 1), the same
// tasks at both sizes: +0.061/+0.046/−0.004/+0.003/+0.106, so it holds at
// 4 of 5 seeds (seed 2 ranks the permuted benchmark a hair below raw
// digits; seed 3 barely above). Interval overlap: quick +0.002/+0.006/
// −0.006/+0.004/−0.003 (holds at seeds 0, 1, 3: at quick size MAML is
// still a little under-trained and its interval can miss USL's); full
// +0.006/+0.004/+0.005/+0.004/+0.006 (all five). MAML–USL accuracy gap
// and CKA hold at every seed at both sizes. The two claims' statements
// say how often they hold.
//
// Claims (papers.md §13 expected outcome):
// - div(P = 16) > div(P = 1) ([derived]);
// - at P = 1, |acc_MAML − acc_USL| ≤ 0.02 (second-order MAML; [paper
//   direction], tolerance [guess]) and the two 95 % intervals overlap
//   ([paper]);
// - linear CKA between the MAML and USL penultimate layers ≥ 0.8 ([guess]).

public struct TaskDiversityExperiment: Experiment {
  public init() {}

  public let name = "task-diversity-maml"
  public let paper = PaperReference(
    authors: "Miranda, Yu, Wang, Koyejo",
    title:
      "The Curse of Low Task Diversity: On the Failure of Transfer Learning to Outperform MAML and Their Empirical Equivalence",
    venue: "arXiv", year: 2022, identifier: "arXiv:2208.01545")
  public let summary =
    "on a low-diversity few-shot benchmark MAML and pre-training + linear probe reach the same accuracy with similar representations"

  struct Configuration {
    var hidden: Int
    var ways = 5
    var shots = 5
    var queries = 15
    var innerSteps = 5
    var innerRate: Float = 0.5
    var metaIterations: Int
    var metaBatch = 2
    var testTasks: Int
    var pretrainEpochs: Int
    var diversityTasks: Int
    var diversityExamplesPerClass: Int
    var permutationCounts = [1, 16]
    var representationExamples = 500
  }

  /// One few-shot task: support and query examples, labels 0..<ways.
  struct FewShotTask {
    var supportX: Tensor<Float>
    var supportY: [Int]
    var queryX: Tensor<Float>
    var queryY: [Int]
  }

  public func run(_ context: ExperimentContext) throws -> ExperimentOutcome {
    let config = Configuration(
      hidden: 64,
      metaIterations: context.size(quick: 250, full: 500),
      testTasks: context.size(quick: 60, full: 200),
      pretrainEpochs: 20,
      diversityTasks: 20,
      diversityExamplesPerClass: 20)
    var metrics = MetricTable()
    let (trainPool, testPool) = try Self.pools(context: context)

    context.progress("pre-training the USL network")
    let usl = try Self.pretrain(pool: trainPool, config: config, context: context)

    // Task diversity of the two benchmarks.
    var diversity: [(permutations: Int, estimate: DiversityCoefficient.Estimate)] = []
    for p in config.permutationCounts {
      context.progress("Task2Vec embeddings, P = \(p)")
      let estimate = try Self.diversity(
        permutations: p, pool: trainPool, probe: usl.values, config: config, context: context)
      diversity.append((p, estimate))
      metrics["diversity.P\(p).mean"] = estimate.mean
      metrics["diversity.P\(p).lower"] = estimate.lower
      metrics["diversity.P\(p).upper"] = estimate.upper
    }

    // MAML, both orders, from the same initialisation on the same tasks.
    var initStream = context.stream(400)
    var initial = ParameterStore<Float>()
    _ = try MLP(
      "maml", widths: [Digits.pixelCount, config.hidden, config.hidden, config.ways],
      weightInit: .kaimingNormal, biasInit: .zeros, store: &initial, random: &initStream)
    var maml: [Bool: [Tensor<Float>]] = [:]
    for secondOrder in [true, false] {
      context.progress("meta-training MAML (\(secondOrder ? "second" : "first") order)")
      maml[secondOrder] = try Self.metaTrain(
        initial, secondOrder: secondOrder, pool: trainPool, config: config, context: context)
    }

    // Meta-test on shared tasks.
    context.progress("meta-testing on \(config.testTasks) tasks")
    var testStream = context.stream(500)
    var accuracies: [String: [Double]] = ["maml2": [], "maml1": [], "usl": []]
    for _ in 0..<config.testTasks {
      let task = try Self.sampleTask(pool: testPool, config: config, random: &testStream)
      accuracies["maml2"]!.append(try Self.mamlAccuracy(maml[true]!, task, config))
      accuracies["maml1"]!.append(try Self.mamlAccuracy(maml[false]!, task, config))
      accuracies["usl"]!.append(try Self.uslAccuracy(usl.values, task, config))
    }
    var intervals: [String: (mean: Double, lower: Double, upper: Double)] = [:]
    for key in ["maml2", "maml1", "usl"] {
      let interval = Self.meanInterval(accuracies[key]!)
      intervals[key] = interval
      metrics["accuracy.\(key).mean"] = interval.mean
      metrics["accuracy.\(key).lower"] = interval.lower
      metrics["accuracy.\(key).upper"] = interval.upper
    }

    // Penultimate representations on meta-test examples.
    context.progress("representation distances")
    let examples = try testPool.subset(Array(0..<config.representationExamples)).features
    let features: [String: Tensor<Double>] = [
      "maml2": try Self.penultimate(maml[true]!, examples),
      "maml1": try Self.penultimate(maml[false]!, examples),
      "usl": try Self.penultimate(usl.values, examples),
      "untrained": try Self.penultimate(initial.values, examples),
    ]
    let pairs = [("maml2", "usl"), ("maml1", "usl"), ("maml2", "maml1"), ("untrained", "usl")]
    var distances: [String: [Double]] = [:]
    for (a, b) in pairs {
      let d = try Self.distances(features[a]!, features[b]!)
      distances["\(a)-\(b)"] = d
      for (name, value) in zip(Self.distanceNames, d) {
        metrics["distance.\(a)_vs_\(b).\(name)"] = value
      }
    }

    let low = diversity.first { $0.permutations == 1 }!.estimate
    let high = diversity.first { $0.permutations == 16 }!.estimate
    let (m, u) = (intervals["maml2"]!, intervals["usl"]!)
    let ckaSimilarity = 1 - distances["maml2-usl"]![2]
    let claims = [
      Claim(
        id: "diversity-grows-with-permutations",
        statement:
          "div(P = 16) − div(P = 1) (Task2Vec diagonal Fisher, cosine distance; holds at 4 of seeds 0–4, see header)",
        value: high.mean - low.mean, .greaterThan, 0, provenance: "[derived]"),
      Claim(
        id: "maml-usl-equal-accuracy",
        statement: "|meta-test accuracy of MAML (second order) − USL| at P = 1",
        value: abs(m.mean - u.mean), .atMost, 0.02,
        provenance: "[paper direction]; tolerance [guess] from papers.md §13"),
      Claim(
        id: "maml-usl-intervals-overlap",
        statement:
          "overlap of the 95 % intervals of MAML and USL accuracy (≥ 0 overlaps; holds at 3 of seeds 0–4 quick, 5 full; see header)",
        value: min(m.upper, u.upper) - max(m.lower, u.lower), .atLeast, 0,
        provenance: "[paper]"),
      Claim(
        id: "maml-usl-similar-representations",
        statement: "linear CKA between MAML and USL penultimate layers on meta-test data",
        value: ckaSimilarity, .atLeast, 0.8, provenance: "[guess] from papers.md §13"),
    ]
    return ExperimentOutcome(
      claims: claims, metrics: metrics,
      figures: try Self.figures(
        diversity: diversity, intervals: intervals, distances: distances, pairs: pairs,
        config: config))
  }

  // MARK: - Data and tasks

  /// Meta-training and meta-test pools of digits, centred by the training
  /// mean.
  static func pools(context: ExperimentContext) throws -> (
    LabeledDataset<Float>, LabeledDataset<Float>
  ) {
    let digits = try Digits.load(Float.self)
    var splitStream = context.stream(1)
    let (train, test) = try digits.split(trainCount: 1197, using: &splitStream)
    let center = try Tensor(
      shape: [1, Digits.pixelCount], scalars: try FeatureMatrix.columnMeans(train.features))
    let unit = try Tensor<Float>(shape: [1, Digits.pixelCount], repeating: 1)
    return (
      try train.standardized(mean: center, deviation: unit),
      try test.standardized(mean: center, deviation: unit)
    )
  }

  /// A `ways`-way task: classes drawn at random, then `perClass` examples of
  /// each; the first `shots` of a class go to the support set.
  static func sampleTask(
    pool: LabeledDataset<Float>, config: Configuration, random: inout RandomStream,
    shots: Int? = nil, queries: Int? = nil
  ) throws -> FewShotTask {
    let (s, q) = (shots ?? config.shots, queries ?? config.queries)
    let classes = try random.sample(config.ways, from: pool.classCount)
    var support: [Int] = []
    var query: [Int] = []
    var supportY: [Int] = []
    var queryY: [Int] = []
    for (label, c) in classes.enumerated() {
      let members = pool.labels.indices.filter { pool.labels[$0] == c }
      let picked = try random.sample(s + q, from: members.count).map { members[$0] }
      support += picked[0..<s]
      query += picked[s...]
      supportY += Array(repeating: label, count: s)
      queryY += Array(repeating: label, count: q)
    }
    return FewShotTask(
      supportX: try pool.subset(support).features, supportY: supportY,
      // A task without queries (Task2Vec) repeats its support set there.
      queryX: try pool.subset(q > 0 ? query : support).features,
      queryY: q > 0 ? queryY : supportY)
  }

  /// The columns of x reordered by `permutation` (a pixel shuffle).
  static func permutedPixels(_ x: Tensor<Float>, _ permutation: [Int]) throws -> Tensor<Float> {
    let (n, d) = (x.shape[0], x.shape[1])
    var out = [Float](repeating: 0, count: n * d)
    for i in 0..<n {
      for j in 0..<d { out[i * d + j] = x.scalars[i * d + permutation[j]] }
    }
    return try Tensor(shape: [n, d], scalars: out)
  }

  // MARK: - Networks

  /// Logits and penultimate activations of a ReLU MLP given its parameters
  /// [W₀, b₀, W₁, b₁, …] as variables (tracked, adapted or constant).
  /// Generic so that the MAML meta-gradient test can run it in Double.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func forward<Scalar: RealScalar>(_ x: Variable<Scalar>, _ p: [Variable<Scalar>]) throws
    -> (logits: Variable<Scalar>, penultimate: Variable<Scalar>)
  {
    let layers = p.count / 2
    var h = x
    for l in 0..<(layers - 1) {
      h = try h.affine(weight: p[2 * l], bias: p[2 * l + 1], activation: .relu(derivativeAtZero: 0))
    }
    return (try h.affine(weight: p[2 * layers - 2], bias: p[2 * layers - 1]), h)
  }

  /// Penultimate activations of a network (Double).
  static func penultimate(_ values: [Tensor<Float>], _ x: Tensor<Float>) throws -> Tensor<Double> {
    try forward(Variable(constant: x), values.map { Variable(constant: $0) }).penultimate.value
      .converted(to: Double.self)
  }

  /// USL: pre-trains a 64→h→h→10 MLP on the meta-training pool.
  static func pretrain(
    pool: LabeledDataset<Float>, config: Configuration, context: ExperimentContext
  )
    throws -> ParameterStore<Float>
  {
    var initStream = context.stream(300)
    var orderStream = context.stream(301)
    var store = ParameterStore<Float>()
    let mlp = try MLP(
      "usl", widths: [Digits.pixelCount, config.hidden, config.hidden, Digits.classCount],
      weightInit: .kaimingNormal, biasInit: .zeros, store: &store, random: &initStream)
    var trainer = Trainer(optimizer: Adam<Float>(learningRate: 1e-3), batchSize: 64)
    trainer.showsProgress = false
    _ = try trainer.fit(
      &store, data: pool, epochs: config.pretrainEpochs, random: &orderStream
    ) { parameters, x, labels in
      try Loss.softmaxCrossEntropy(try mlp(x, parameters), labels: labels)
    }
    return store
  }

  /// USL accuracy on a task: a fresh linear head on the trunk's features.
  static func uslAccuracy(_ values: [Tensor<Float>], _ task: FewShotTask, _ config: Configuration)
    throws -> Double
  {
    let probe = LinearProbe(penalty: 1 / Double(task.supportY.count))
    return try probe.evaluate(
      train: try penultimate(values, task.supportX), trainLabels: task.supportY,
      test: try penultimate(values, task.queryX), testLabels: task.queryY,
      classCount: config.ways
    ).testAccuracy
  }

  // MARK: - MAML

  /// `steps` SGD steps (rate `rate`) on the cross-entropy of (x, y) from
  /// `start`, recorded on the tape. With `createGraph` the inner gradients
  /// are themselves differentiable (second-order MAML); otherwise they enter
  /// as constants (first order). The graph is retained: the outer pass runs
  /// through it.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func adapt<Scalar: RealScalar>(
    _ start: [Variable<Scalar>], x: Variable<Scalar>, y: [Int], steps: Int, rate: Scalar,
    tape: Tape<Scalar>, createGraph: Bool
  ) throws -> [Variable<Scalar>] {
    var fast = start
    for _ in 0..<steps {
      let loss = try Loss.softmaxCrossEntropy(try forward(x, fast).logits, labels: y)
      let gradients = try tape.gradients(
        of: loss, withRespectTo: fast, createGraph: createGraph, retainGraph: true)
      fast = try zip(fast, gradients).map { try $0 - $1 * rate }
    }
    return fast
  }

  /// The MAML objective of one task and its gradient with respect to the
  /// initialisation `values`: the query cross-entropy after `steps` inner
  /// SGD steps on the support set. Second order differentiates through the
  /// inner gradients (Hessian–vector products); first order treats them as
  /// constants.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func metaGradient<Scalar: RealScalar>(
    _ values: [Tensor<Scalar>], supportX: Tensor<Scalar>, supportY: [Int],
    queryX: Tensor<Scalar>, queryY: [Int], steps: Int, rate: Scalar, secondOrder: Bool
  ) throws -> (loss: Scalar, gradients: [Tensor<Scalar>]) {
    let tape = Tape<Scalar>()
    let leaves = values.map { tape.variable($0) }
    let fast = try adapt(
      leaves, x: Variable(constant: supportX), y: supportY, steps: steps, rate: rate, tape: tape,
      createGraph: secondOrder)
    let queryLoss = try Loss.softmaxCrossEntropy(
      try forward(Variable(constant: queryX), fast).logits, labels: queryY)
    let gradients = try tape.gradients(of: queryLoss, withRespectTo: leaves).map(\.value)
    return (queryLoss.value.scalars[0], gradients)
  }

  /// Meta-trains an initialisation; returns the learned parameter values.
  static func metaTrain(
    _ initial: ParameterStore<Float>, secondOrder: Bool, pool: LabeledDataset<Float>,
    config: Configuration, context: ExperimentContext
  ) throws -> [Tensor<Float>] {
    var store = initial
    var optimizer = Adam<Float>(learningRate: 1e-3)
    var taskStream = context.stream(401)  // the same tasks for both orders
    let scale = 1 / Float(config.metaBatch)
    for _ in 0..<config.metaIterations {
      var sum: [Tensor<Float>] = []
      for _ in 0..<config.metaBatch {
        let task = try sampleTask(pool: pool, config: config, random: &taskStream)
        let gradients = try metaGradient(
          store.values, supportX: task.supportX, supportY: task.supportY, queryX: task.queryX,
          queryY: task.queryY, steps: config.innerSteps, rate: config.innerRate,
          secondOrder: secondOrder
        ).gradients
        sum = sum.isEmpty ? gradients : try zip(sum, gradients).map { try $0 + $1 }
      }
      var gradients: [ParameterID: Tensor<Float>] = [:]
      for (id, g) in zip(store.ids, sum) { gradients[id] = g * scale }
      try optimizer.step(&store, gradients: gradients)
    }
    return store.values
  }

  /// MAML accuracy on a task: adapt on the support set, score the queries.
  static func mamlAccuracy(_ values: [Tensor<Float>], _ task: FewShotTask, _ config: Configuration)
    throws -> Double
  {
    let tape = Tape<Float>()
    let fast = try adapt(
      values.map { tape.variable($0) }, x: Variable(constant: task.supportX), y: task.supportY,
      steps: config.innerSteps, rate: config.innerRate, tape: tape, createGraph: false)
    let logits = try forward(
      Variable(constant: task.queryX), fast.map { Variable(constant: $0.value) }
    ).logits
    return try accuracy(logits.value, labels: task.queryY)
  }

  // MARK: - Task diversity

  /// div(B) of the benchmark whose tasks apply one of `permutations` fixed
  /// pixel permutations (1 = raw digits).
  static func diversity(
    permutations: Int, pool: LabeledDataset<Float>, probe usl: [Tensor<Float>],
    config: Configuration, context: ExperimentContext
  ) throws -> DiversityCoefficient.Estimate {
    var random = context.stream(UInt64(600 + permutations))
    let shuffles =
      permutations == 1
      ? [Array(0..<Digits.pixelCount)]
      : try (0..<permutations).map { _ in try random.permutation(Digits.pixelCount) }
    var embeddings: [[Double]] = []
    for _ in 0..<config.diversityTasks {
      let task = try sampleTask(
        pool: pool, config: config, random: &random, shots: config.diversityExamplesPerClass,
        queries: 0)
      let which = permutations == 1 ? 0 : Int(try random.integer(below: UInt64(permutations)))
      let x = try permutedPixels(task.supportX, shuffles[which])
      embeddings.append(
        try task2vec(x: x, labels: task.supportY, probe: usl, config: config, seed: random.next()))
    }
    return try DiversityCoefficient.estimate(embeddings: embeddings)
  }

  /// Task2Vec embedding of one task: the USL trunk's first layer fixed, its
  /// second layer and a head fitted to the task (LinearProbe, standardisation
  /// folded in) carry the Fisher.
  static func task2vec(
    x: Tensor<Float>, labels: [Int], probe usl: [Tensor<Float>], config: Configuration,
    seed: UInt64
  ) throws -> [Double] {
    let features = try penultimate(usl, x)
    let fit = try LinearProbe(penalty: 1 / Double(labels.count)).fit(
      features: features, labels: labels, classCount: config.ways)
    // logits = ((h − μ)/s)·W + b = h·(W/s) + (b − (μ/s)·W)
    let (p, k) = (config.hidden, config.ways)
    var weights = [Float](repeating: 0, count: p * k)
    var bias = fit.bias
    for j in 0..<p {
      for c in 0..<k {
        let w = fit.weights.scalars[j * k + c] / fit.featureScales[j]
        weights[j * k + c] = Float(w)
        bias[c] -= fit.featureMeans[j] * w
      }
    }
    let head = [try Tensor(shape: [p, k], scalars: weights), Tensor(bias.map { Float($0) })]
    let fixed = [Variable(constant: usl[0]), Variable(constant: usl[1])]
    return try Task2Vec.embedding(
      parameters: [usl[2], usl[3]] + head, inputs: x, labels: labels,
      labelSource: .sampledFromModel(seed: seed)
    ) { input, tracked in
      try forward(input, fixed + tracked).logits
    }
  }

  // MARK: - Statistics and distances

  /// Mean and 95 % normal-approximation interval of per-task accuracies.
  static func meanInterval(_ values: [Double]) -> (mean: Double, lower: Double, upper: Double) {
    let n = Double(values.count)
    let mean = Tensor(values).sum() / n
    let variance = Tensor(values.map { ($0 - mean) * ($0 - mean) }).sum() / (n - 1)
    let half = 1.959963984540054 * (variance / n).squareRoot()
    return (mean, mean - half, mean + half)
  }

  static let distanceNames = ["svcca", "pwcca", "cka", "procrustes"]

  /// 1 − SVCCA, 1 − PWCCA, 1 − linear CKA and the squared Procrustes
  /// distance between two representations.
  static func distances(_ x: Tensor<Double>, _ y: Tensor<Double>) throws -> [Double] {
    [
      1 - (try CCA.svcca(x, y).meanCorrelation), 1 - (try CCA.pwcca(x, y)),
      1 - (try CKA.linear(x, y)), try ShapeMetric.procrustesSquared(x, y),
    ]
  }

  // MARK: - Figures

  static func figures(
    diversity: [(permutations: Int, estimate: DiversityCoefficient.Estimate)],
    intervals: [String: (mean: Double, lower: Double, upper: Double)],
    distances: [String: [Double]], pairs: [(String, String)], config: Configuration
  ) throws -> [LabFigure] {
    var accuracyChart = Chart(
      title: "Meta-test accuracy, 5-way 5-shot digits (P = 1)", xLabel: "method",
      yLabel: "query accuracy (mean and 95 % interval)")
    accuracyChart.legendPosition = .bottomRight
    let methods = [("maml2", "MAML (2nd order)"), ("maml1", "MAML (1st order)"), ("usl", "USL")]
    let lowest = methods.map { intervals[$0.0]!.lower }.min()!
    accuracyChart.yRange = max(0, (lowest * 10).rounded(.down) / 10 - 0.1)...1
    accuracyChart.bars(
      categories: methods.map(\.1),
      series: [BarSeries("mean accuracy", values: methods.map { intervals[$0.0]!.mean })])
    for (index, method) in methods.enumerated() {
      let interval = intervals[method.0]!
      accuracyChart.line(
        index == 0 ? "95 % interval" : nil, x: [Double(index), Double(index)],
        y: [interval.lower, interval.upper], color: .black, lineWidth: 2.5)
    }

    var diversityChart = Chart(
      title: "Task diversity coefficient (Task2Vec, \(config.diversityTasks) tasks)",
      xLabel: "benchmark", yLabel: "mean pairwise cosine distance of task embeddings")
    diversityChart.legendPosition = .topLeft
    diversityChart.bars(
      categories: diversity.map {
        $0.permutations == 1 ? "raw digits (P = 1)" : "P = \($0.permutations) pixel permutations"
      },
      series: [BarSeries("diversity", values: diversity.map(\.estimate.mean))])
    for (index, entry) in diversity.enumerated() {
      diversityChart.line(
        index == 0 ? "95 % interval" : nil, x: [Double(index), Double(index)],
        y: [entry.estimate.lower, entry.estimate.upper], color: .black, lineWidth: 2.5)
    }

    var distanceChart = Chart(
      title: "Distances between penultimate representations (meta-test data)",
      xLabel: "distance", yLabel: "distance (0 = identical up to the measure's invariances)")
    distanceChart.legendPosition = .topLeft
    let label = [
      "maml2": "MAML-2", "maml1": "MAML-1", "usl": "USL", "untrained": "untrained init",
    ]
    distanceChart.bars(
      categories: ["1 − SVCCA", "1 − PWCCA", "1 − CKA", "Procrustes²"],
      series: pairs.map { a, b in
        BarSeries("\(label[a]!) vs \(label[b]!)", values: distances["\(a)-\(b)"]!)
      })
    return [
      try LabFigure(
        name: "meta-test-accuracy",
        caption:
          "Query accuracy on \(config.testTasks) meta-test tasks (5-way 5-shot digits): MAML adapted with \(config.innerSteps) SGD steps vs a fresh linear head on pre-trained features (USL).",
        chart: accuracyChart),
      try LabFigure(
        name: "task-diversity",
        caption:
          "Diversity coefficient of raw-digit tasks and of tasks that each apply one of 16 random pixel permutations.",
        chart: diversityChart),
      try LabFigure(
        name: "representation-distances",
        caption:
          "Distances between penultimate-layer activations of the meta-learned initialisations, the pre-trained USL network and an untrained network.",
        chart: distanceChart),
    ]
  }
}
