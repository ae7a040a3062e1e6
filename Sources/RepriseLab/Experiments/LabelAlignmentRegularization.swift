// Label-alignment regularisation for domain shift (Imani, Zhang, Li, Luo,
// Poupart, Torr, Pan; JMLR 2024, arXiv:2211.14960).
//
// The idea: on the source data X = U S Vᵀ the labels lie mostly along the
// top left singular directions (the label-alignment property). Ask the same
// of the unlabelled target data X̃ = Ũ S̃ Ṽᵀ: the target predictions X̃w should
// have no component along the target's bottom left singular vectors, i.e.
// w should avoid the target's bottom right singular directions ṽᵢ, i > k̃.
// For a linear model f(x) = wᵀx the objective, as the authors' code
// (`synthetic_clf.py`) implements it, is
//   L(w) = [ ‖Xw − y‖² − Σ_{i>k} sᵢ² (vᵢᵀw)² + λ Σ_{i>k̃} sᵢ² (ṽᵢᵀw)² ] / n
// (the middle term removes the least-squares penalty on the source's bottom
// directions; the last term is the label-alignment regulariser; note the
// code weights the *target* directions by the *source* singular values sᵢ,
// which we follow). L is quadratic, so its gradient is (2/n)(G·w − Xᵀy) with
// G = Σ_{i≤k} sᵢ² vᵢvᵢᵀ + λ Σ_{i>k̃} sᵢ² ṽᵢṽᵢᵀ (G = XᵀX + ρI for the
// no-adaptation baseline with ridge ρ): we form G once from the SVDs and take
// the authors' 2000 full-batch gradient steps, lr 1e-4, from w = 0 (the
// same iterates as their autograd loop, without re-multiplying X each step).
// k = k̃ = 1. Cost: two 1000×2 SVDs and one least-squares solve per seed.
//
// Experiment (papers.md §2, the authors' `get_data_synthetic_clf`): source
// x ~ N(0, C) with C = [[1, .5], [.5, .5]] — the covariance in the authors'
// data code; papers.md transcribes it as [[1, .5], [.5, 1]] — labels
// y = sign(x·v₁) with v₁ the top eigenvector of C; target: fresh draws of the
// same process, labelled before the rotation, then rotated, x̃ = x·R(45°)
// (row vector times the rotation matrix, as in the code). 1000 source and
// 1000 target points; the target labels are used only for evaluation and for
// the optimal target weights w* (least squares on the labelled target,
// no intercept), whose distance ‖w − w*‖ the authors log as `wdiff`. A
// second, held-out target sample of 1000 points checks that the accuracy is
// not an artefact of evaluating on the regularised points. Methods: no
// adaptation (ρ = 0), L2 ridge ρ = 1000, LAR with λ ∈ {1, 10, 100, 1000}.
// Seeds: 10 (full, as the authors), 3 (quick).
//
// Claims:
// - no-adaptation target accuracy equals the closed form of this problem
//   within 0.03 [derived]. Least squares on the source gives w ∝ C⁻¹E[xy] ∝ v₁;
//   on the target (column form x̃ = Rᵀx) the true normal is b = Rᵀv₁, and
//   a linear rule a errs with probability φ/π, φ the angle between a and b in
//   the metric of the target covariance Σ̃ = RᵀCR:
//   cos φ = aᵀΣ̃b / √(aᵀΣ̃a · bᵀΣ̃b) ⇒ accuracy 0.884 here. (papers.md's "≈ 75 %"
//   is the isotropic approximation; the authors' own results file reports
//   0.880 mean over 10 seeds.)
// - LAR with λ ∈ {100, 1000}: target accuracy ≥ 0.95 on both [guess; the
//   authors' results: 0.987 and 0.998].
// - LAR (λ = 1000) gains ≥ 0.08 accuracy over no adaptation [ref: the
//   authors' results file, 0.998 − 0.880 = 0.118].
// - ‖w − w*‖ decreases strictly along no adaptation, λ = 1, 10, 100, 1000
//   [paper: the authors' wdiff log, 0.537 → 0.534 → 0.512 → 0.476 → 0.469].
// - Ridge is no substitute: ρ = 1000 changes target accuracy by ≤ 0.01 from
//   no adaptation [ref: identical to three digits in the authors' results].
// Nothing was calibrated on our own output.
// Not checked: papers.md's "[paper] mild gains over DANN on MNIST → USPS".
// Neither MNIST nor USPS is in the offline data (/work/shared/data holds
// the 8×8 digits and MNIST-1D only), and no offline substitute keeps what
// that comparison is about (two independently collected handwriting sets
// at different resolutions); digits → digits with a synthetic shift would
// be a different experiment (DANN's own digits case does that), so no
// claim stands in for it.
//
// Second case, label shift, where a domain-adversarial baseline fails: see
// LabelShiftCase.swift (its setup, claims and results are described there).

public struct LabelAlignmentRegularizationExperiment: Experiment {
  public init() {}

  public let name = "lar-domain-shift"
  public let paper = PaperReference(
    authors: "Imani, Zhang, Li, Luo, Poupart, Torr, Pan",
    title: "Label Alignment Regularization for Distribution Shift", venue: "JMLR", year: 2024,
    identifier: "arXiv:2211.14960")
  public let summary =
    "asking target predictions to lie in the target's top singular directions recovers a rotated decision boundary that no adaptation and ridge miss"

  static let lambdas: [Double] = [1, 10, 100, 1000]
  static let ridge: Double = 1000
  static let rotationDegrees: Double = 45
  static let sampleCount = 1000
  static let epochs = 2000
  static let learningRate: Double = 1e-4
  /// Cholesky factor of C = [[1, .5], [.5, .5]].
  static let covarianceFactor: [[Double]] = [[1, 0], [0.5, 0.5]]

  /// One method on one seed.
  struct Fit {
    var weights: [Double]
    var targetAccuracy: Double
    var heldOutAccuracy: Double
    var sourceAccuracy: Double
    var distanceToTargetOptimum: Double
  }

  /// Source, target and held-out target of one seed.
  struct Problem {
    var source: [[Double]]
    var sourceSigns: [Double]
    var target: [[Double]]
    var targetSigns: [Double]
    var heldOut: [[Double]]
    var heldOutSigns: [Double]
  }

  public func run(_ context: ExperimentContext) throws -> ExperimentOutcome {
    let seeds = context.size(quick: 3, full: 10)
    let topDirection = try Self.topEigenvector()
    let methods = ["no-adaptation", "ridge-1000"] + Self.lambdas.map { "lar-\(Self.format($0))" }
    var fits: [String: [Fit]] = [:]
    var firstProblem: Problem?
    var firstTargetOptimum: [Double] = []
    var metrics = MetricTable()
    for seed in 0..<seeds {
      context.progress("seed \(seed + 1)/\(seeds)")
      var random = context.stream(UInt64(100 + seed))
      let problem = try Self.problem(topDirection: topDirection, random: &random)
      let targetOptimum = try LeastSquares.solveQR(
        try Self.matrix(problem.target), Tensor(problem.targetSigns)
      ).solution.scalars
      if seed == 0 {
        firstProblem = problem
        firstTargetOptimum = targetOptimum
      }
      let model = try QuadraticModel(problem: problem)
      for method in methods {
        let weights: [Double]
        switch method {
        case "no-adaptation": weights = model.train(ridge: 0)
        case "ridge-1000": weights = model.train(ridge: Self.ridge)
        default:
          let lambda = Self.lambdas[methods.firstIndex(of: method)! - 2]
          weights = model.train(lambda: lambda)
        }
        let fit = Fit(
          weights: weights,
          targetAccuracy: Self.accuracy(weights, problem.target, problem.targetSigns),
          heldOutAccuracy: Self.accuracy(weights, problem.heldOut, problem.heldOutSigns),
          sourceAccuracy: Self.accuracy(weights, problem.source, problem.sourceSigns),
          distanceToTargetOptimum: Self.distance(weights, targetOptimum))
        fits[method, default: []].append(fit)
        metrics["seed\(seed).\(method).target_accuracy"] = fit.targetAccuracy
        metrics["seed\(seed).\(method).wdiff"] = fit.distanceToTargetOptimum
      }
    }
    func mean(_ method: String, _ value: (Fit) -> Double) -> Double {
      let values = fits[method]!.map(value)
      return values.reduce(0, +) / Double(values.count)
    }
    for method in methods {
      metrics["mean.\(method).source_accuracy"] = mean(method) { $0.sourceAccuracy }
      metrics["mean.\(method).target_accuracy"] = mean(method) { $0.targetAccuracy }
      metrics["mean.\(method).heldout_target_accuracy"] = mean(method) { $0.heldOutAccuracy }
      metrics["mean.\(method).wdiff"] = mean(method) { $0.distanceToTargetOptimum }
    }
    let closedForm = try Self.noAdaptationAccuracy(topDirection: topDirection)
    metrics["derived.no-adaptation.target_accuracy"] = closedForm

    let noAdaptation = mean("no-adaptation") { $0.targetAccuracy }
    let larStrong = ["lar-100", "lar-1000"].map { m in mean(m) { $0.targetAccuracy } }
    let wdiffPath = (["no-adaptation"] + Self.lambdas.map { "lar-\(Self.format($0))" }).map {
      m in mean(m) { $0.distanceToTargetOptimum }
    }
    let largestStep = zip(wdiffPath.dropFirst(), wdiffPath).map { $0 - $1 }.max()!
    let claims = [
      Claim(
        id: "no-adaptation-matches-closed-form",
        statement: "|no-adaptation target accuracy − closed form \(Self.format3(closedForm))|",
        value: abs(noAdaptation - closedForm), .atMost, 0.03,
        provenance: "[derived] error = angle/π in the target covariance metric; authors' run 0.880"),
      Claim(
        id: "lar-strong-lambda-adapts",
        statement: "LAR target accuracy, worst of λ = 100 and λ = 1000",
        value: larStrong.min()!, .atLeast, 0.95,
        provenance: "[guess] authors' results 0.987 (λ = 100), 0.998 (λ = 1000)"),
      Claim(
        id: "lar-beats-no-adaptation",
        statement: "target accuracy: LAR (λ = 1000) − no adaptation",
        value: larStrong[1] - noAdaptation, .atLeast, 0.08,
        provenance: "[ref] authors' results 0.998 − 0.880"),
      Claim(
        id: "wdiff-decreases-with-lambda",
        statement:
          "largest change of ‖w − w*_target‖ from one step to the next along no adaptation, λ = 1, 10, 100, 1000",
        value: largestStep, .lessThan, 0,
        provenance: "[paper] authors' wdiff 0.537 → 0.534 → 0.512 → 0.476 → 0.469"),
      Claim(
        id: "ridge-does-not-adapt",
        statement: "|target accuracy: ridge (ρ = 1000) − no adaptation|",
        value: abs(mean("ridge-1000") { $0.targetAccuracy } - noAdaptation), .atMost, 0.01,
        provenance: "[ref] identical to three digits in the authors' results"),
    ]
    let labelShift = try Self.labelShift(context, metrics: &metrics)
    let figures = try Self.figures(
      methods: methods, fits: fits, closedForm: closedForm, problem: firstProblem!,
      targetOptimum: firstTargetOptimum)
    return ExperimentOutcome(
      claims: claims + Self.labelShiftClaims(labelShift), metrics: metrics,
      figures: figures + [try Self.labelShiftFigure(labelShift)])
  }

  // MARK: Data

  /// v₁ of C from its eigendecomposition (values ascending: the last column).
  static func topEigenvector() throws -> [Double] {
    let l = covarianceFactor
    let c = try Tensor(
      shape: [2, 2],
      scalars: [
        l[0][0] * l[0][0], l[0][0] * l[1][0], l[1][0] * l[0][0],
        l[1][0] * l[1][0] + l[1][1] * l[1][1],
      ])
    let vectors = try SymmetricEigen(c).vectors!
    return [vectors[0, 1], vectors[1, 1]]
  }

  /// Rows of `count` draws from N(0, C) with their signs, optionally rotated.
  static func sample(
    count: Int, topDirection: [Double], rotated: Bool, random: inout RandomStream
  ) throws -> ([[Double]], [Double]) {
    let draws: LabeledDataset<Double> = try SyntheticData.gaussianMixture(
      means: [[0, 0]], covariance: .factor(covarianceFactor), countPerClass: count, using: &random)
    let rows = try draws.features.rowArrays()
    let signs = rows.map { $0[0] * topDirection[0] + $0[1] * topDirection[1] > 0 ? 1.0 : -1.0 }
    guard rotated else { return (rows, signs) }
    let angle = rotationDegrees * Double.pi / 180
    let (c, s) = (Double.cos(angle), Double.sin(angle))
    // x·R with R = [[c, −s], [s, c]].
    return (rows.map { [$0[0] * c + $0[1] * s, -$0[0] * s + $0[1] * c] }, signs)
  }

  static func problem(topDirection: [Double], random: inout RandomStream) throws -> Problem {
    let (source, sourceSigns) = try sample(
      count: sampleCount, topDirection: topDirection, rotated: false, random: &random)
    let (target, targetSigns) = try sample(
      count: sampleCount, topDirection: topDirection, rotated: true, random: &random)
    let (heldOut, heldOutSigns) = try sample(
      count: sampleCount, topDirection: topDirection, rotated: true, random: &random)
    return Problem(
      source: source, sourceSigns: sourceSigns, target: target, targetSigns: targetSigns,
      heldOut: heldOut, heldOutSigns: heldOutSigns)
  }

  static func matrix(_ rows: [[Double]]) throws -> Tensor<Double> {
    try Tensor(shape: [rows.count, 2], scalars: rows.flatMap { $0 })
  }

  // MARK: The quadratic objective

  /// The pieces of L(w) that do not depend on w: the source spectrum, the
  /// target's bottom right singular vector, Xᵀy and n.
  struct QuadraticModel {
    var sourceValues: [Double]
    var sourceVectors: [[Double]]  // rows vᵢᵀ
    var targetVectors: [[Double]]  // rows ṽᵢᵀ
    var correlation: [Double]  // Xᵀy
    var count: Double

    init(problem: Problem) throws {
      let x = try LabelAlignmentRegularizationExperiment.matrix(problem.source)
      let source = try SingularValueDecomposition(x)
      let target = try SingularValueDecomposition(
        try LabelAlignmentRegularizationExperiment.matrix(problem.target))
      sourceValues = source.singularValues.scalars
      sourceVectors = try source.vt!.rowArrays()
      targetVectors = try target.vt!.rowArrays()
      correlation = try matmul(
        x, try Tensor(shape: [problem.sourceSigns.count, 1], scalars: problem.sourceSigns),
        transposeA: true
      ).scalars
      count = Double(problem.source.count)
    }

    /// Σ weight·v vᵀ over (weight, v) pairs, as a row-major 2×2.
    static func gram(_ terms: [(Double, [Double])]) -> [Double] {
      var g = [Double](repeating: 0, count: 4)
      for (weight, v) in terms {
        for i in 0..<2 {
          for j in 0..<2 { g[2 * i + j] = g[2 * i + j].addingProduct(weight * v[i], v[j]) }
        }
      }
      return g
    }

    /// No adaptation: G = XᵀX + ρI.
    func train(ridge: Double) -> [Double] {
      var g = Self.gram(zip(sourceValues, sourceVectors).map { ($0 * $0, $1) })
      g[0] += ridge
      g[3] += ridge
      return descend(g)
    }

    /// LAR (k = k̃ = 1): G = s₁²v₁v₁ᵀ + λ s₂² ṽ₂ṽ₂ᵀ.
    func train(lambda: Double) -> [Double] {
      let s = sourceValues
      return descend(
        Self.gram([(s[0] * s[0], sourceVectors[0]), (lambda * s[1] * s[1], targetVectors[1])]))
    }

    /// The authors' schedule: w ← w − η (2/n)(G w − Xᵀy) from w = 0.
    func descend(_ g: [Double]) -> [Double] {
      var w: [Double] = [0, 0]
      let step = LabelAlignmentRegularizationExperiment.learningRate * 2 / count
      for _ in 0..<LabelAlignmentRegularizationExperiment.epochs {
        let r0 = (g[0] * w[0]).addingProduct(g[1], w[1]) - correlation[0]
        let r1 = (g[2] * w[0]).addingProduct(g[3], w[1]) - correlation[1]
        w[0] -= step * r0
        w[1] -= step * r1
      }
      return w
    }
  }

  // MARK: Evaluation

  static func accuracy(_ w: [Double], _ rows: [[Double]], _ signs: [Double]) -> Double {
    var correct = 0
    for (row, sign) in zip(rows, signs) where (row[0] * w[0]).addingProduct(row[1], w[1]) * sign > 0
    {
      correct += 1
    }
    return Double(correct) / Double(rows.count)
  }

  static func distance(_ a: [Double], _ b: [Double]) -> Double {
    ((a[0] - b[0]) * (a[0] - b[0])).addingProduct(a[1] - b[1], a[1] - b[1]).squareRoot()
  }

  /// 1 − φ/π for the rule a = v₁ on the target, whose true normal is
  /// b = Rᵀv₁ (column form) and whose covariance is Σ̃ = RᵀCR.
  static func noAdaptationAccuracy(topDirection v: [Double]) throws -> Double {
    let l = covarianceFactor
    let c = [
      [l[0][0] * l[0][0], l[0][0] * l[1][0]],
      [l[1][0] * l[0][0], l[1][0] * l[1][0] + l[1][1] * l[1][1]],
    ]
    let angle = rotationDegrees * Double.pi / 180
    let (cs, sn) = (Double.cos(angle), Double.sin(angle))
    let r = [[cs, -sn], [sn, cs]]
    let rt = [[cs, sn], [-sn, cs]]
    func times(_ m: [[Double]], _ x: [Double]) -> [Double] {
      [m[0][0] * x[0] + m[0][1] * x[1], m[1][0] * x[0] + m[1][1] * x[1]]
    }
    func dot(_ x: [Double], _ y: [Double]) -> Double { x[0] * y[0] + x[1] * y[1] }
    func sigma(_ x: [Double]) -> [Double] { times(rt, times(c, times(r, x))) }
    let a = v
    let b = times(rt, v)
    let cosine = dot(a, sigma(b)) / (dot(a, sigma(a)) * dot(b, sigma(b))).squareRoot()
    return 1 - arccos(cosine) / Double.pi
  }

  /// arccos by bisection on Reprise's cos (decreasing on [0, π]); 64
  /// halvings reach the spacing of doubles near the answer.
  static func arccos(_ x: Double) -> Double {
    var (low, high) = (0.0, Double.pi)
    for _ in 0..<64 {
      let middle = (low + high) / 2
      if Double.cos(middle) > x { low = middle } else { high = middle }
    }
    return (low + high) / 2
  }

  // MARK: Figures

  static func figures(
    methods: [String], fits: [String: [Fit]], closedForm: Double, problem: Problem,
    targetOptimum: [Double]
  ) throws -> [LabFigure] {
    func mean(_ method: String, _ value: (Fit) -> Double) -> Double {
      let values = fits[method]!.map(value)
      return values.reduce(0, +) / Double(values.count)
    }
    let larMethods = lambdas.map { "lar-\(format($0))" }
    var accuracy = Chart(
      title: "Rotated 2-D problem: target accuracy vs LAR strength",
      xLabel: "label-alignment weight λ", yLabel: "target accuracy (mean over seeds)",
      xScale: .log)
    accuracy.yRange = 0.8...1
    accuracy.legendPosition = .bottomRight
    accuracy.line(
      "LAR, regularised target points", x: lambdas,
      y: larMethods.map { m in mean(m) { $0.targetAccuracy } }, markers: true)
    accuracy.line(
      "LAR, held-out target points", x: lambdas,
      y: larMethods.map { m in mean(m) { $0.heldOutAccuracy } }, dashed: true, markers: true)
    let ends = [lambdas.first!, lambdas.last!]
    let flat: [(String, Double, Color, Bool)] = [
      ("no adaptation", mean("no-adaptation") { $0.targetAccuracy }, Color.series(2), false),
      ("closed form, no adaptation", closedForm, Color.gray, true),
      ("ridge ρ = 1000", mean("ridge-1000") { $0.targetAccuracy }, Color.series(5), true),
    ]
    for (name, value, color, dashed) in flat {
      accuracy.line(name, x: ends, y: [value, value], color: color, dashed: dashed)
    }

    var distance = Chart(
      title: "Distance to the optimal target weights",
      xLabel: "label-alignment weight λ", yLabel: "‖w − w*_target‖ (mean over seeds)",
      xScale: .log)
    distance.legendPosition = .topRight
    distance.line(
      "LAR", x: lambdas, y: larMethods.map { m in mean(m) { $0.distanceToTargetOptimum } },
      markers: true)
    let noAdaptationDistance = mean("no-adaptation") { $0.distanceToTargetOptimum }
    distance.line(
      "no adaptation", x: [lambdas.first!, lambdas.last!],
      y: [noAdaptationDistance, noAdaptationDistance], color: Color.series(2))

    var boundary = Chart(
      title: "Target data (rotated 45°) and decision boundaries, seed 0",
      xLabel: "x₁", yLabel: "x₂")
    boundary.xRange = -4...4
    boundary.yRange = -4...4
    boundary.width = 560
    boundary.height = 520
    boundary.legendPosition = .bottomRight
    let shown = Array(0..<min(400, problem.target.count))
    for (label, sign) in [("target, y = +1", 1.0), ("target, y = −1", -1.0)] {
      let rows = shown.filter { problem.targetSigns[$0] == sign }.map { problem.target[$0] }
      boundary.scatter(
        label, x: rows.map { $0[0] }, y: rows.map { $0[1] },
        color: sign > 0 ? Color.series(4) : Color.series(5), radius: 2)
    }
    let lines: [(String, [Double], Color, Bool)] = [
      ("no adaptation", fits["no-adaptation"]![0].weights, Color.black, true),
      ("LAR λ = 1000", fits["lar-1000"]![0].weights, Color.series(0), false),
      ("least squares on labelled target", targetOptimum, Color.gray, true),
    ]
    for (name, w, color, dashed) in lines {
      let (x, y) = boundarySegment(w, halfWidth: 4)
      boundary.line(name, x: x, y: y, color: color, dashed: dashed, lineWidth: 2.5)
    }
    return [
      try LabFigure(
        name: "target-accuracy",
        caption:
          "Target accuracy of the linear classifier against the label-alignment weight λ (log scale), on the unlabelled target points used by the regulariser and on a held-out target sample; horizontal lines: no adaptation (measured and closed form) and L2 ridge.",
        chart: accuracy),
      try LabFigure(
        name: "distance-to-target-optimum",
        caption:
          "Distance between the learned weights and the least-squares weights on the labelled target (the authors' wdiff), against the label-alignment weight λ.",
        chart: distance),
      try LabFigure(
        name: "decision-boundaries",
        caption:
          "Rotated target data coloured by their (hidden) labels, with the decision boundaries of no adaptation, LAR (λ = 1000) and least squares fitted on the labelled target.",
        chart: boundary),
    ]
  }

  /// The line wᵀx = 0 clipped to the square [−h, h]².
  static func boundarySegment(_ w: [Double], halfWidth h: Double) -> ([Double], [Double]) {
    let norm = (w[0] * w[0] + w[1] * w[1]).squareRoot()
    let d = [-w[1] / norm, w[0] / norm]
    let t = min(
      abs(d[0]) > 1e-12 ? h / abs(d[0]) : .infinity, abs(d[1]) > 1e-12 ? h / abs(d[1]) : .infinity)
    return ([-t * d[0], t * d[0]], [-t * d[1], t * d[1]])
  }

  static func format(_ x: Double) -> String { String(Int(x)) }

  static func format3(_ x: Double) -> String {
    let thousandths = Int((x * 1000).rounded())
    let fraction = String(thousandths % 1000)
    return "\(thousandths / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
  }
}
