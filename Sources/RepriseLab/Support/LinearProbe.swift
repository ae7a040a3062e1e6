// Linear probe: L2-penalised multinomial logistic regression on frozen
// features, the standard way to ask how much of a task a representation
// already holds linearly (Kornblith et al. 2021, papers.md §4; Li et al.,
// §17).
//
// Preprocessing (`standardizesFeatures`, on by default): every feature
// column is standardised with the *training* mean and population standard
// deviation (ddof = 0); a constant training column has scale 1, so it
// becomes exactly zero and carries no weight. Test features are mapped with
// the same statistics. With standardisation off the probe reads the raw
// features (means 0, scales 1 in the fit), as Kornblith et al. describe
// their transfer probe; the penalty then acts on the features' own scale.
//
// Objective, for standardised training rows x_i, labels y_i ∈ 0..<K, weights
// W (p × K) and bias b (K, not penalised):
//   f(W, b) = (1/n) Σ_i [logsumexp(z_i) − z_{i,y_i}] + (λ/2)‖W‖²_F,
//   z_i = Wᵀx_i + b,
//   ∇_W f = Xᵀ(P − Y)/n + λW,   ∇_b f = 1ᵀ(P − Y)/n,
// P the row-wise softmax of Z and Y the one-hot labels. f is convex (strictly
// in W for λ > 0), so any stationary point is the minimum; b is fixed up to a
// common shift, and starting from b = 0 every iterate keeps Σ_k b_k = 0.
// (scikit-learn's C corresponds to λ = 1/(C·n).)
//
// Method: L-BFGS (memory 10, two-loop recursion with the usual sᵀy/yᵀy
// initial scaling) from W = 0, b = 0, with a backtracking Armijo line search
// (c₁ = 1e-4, halving from step 1); a curvature pair with sᵀy ≤ 1e-12·yᵀy is
// not stored. Stops when the largest gradient entry is ≤ `tolerance`
// (`converged = true`), or after `maxIterations` iterations or a line search
// that cannot decrease f within 60 halvings (`converged = false`; the
// reached gradient is reported, callers decide). Everything is sequential or
// a GEMM (whose bits do not depend on threads), with our own exp/log, so the
// result is bit-reproducible. Cost per iteration: two n × p × K GEMMs.
// Ties in predictions go to the lowest class index.

/// L2-penalised multinomial logistic regression on standardised features.
public struct LinearProbe: Sendable {
  /// λ in (λ/2)‖W‖²_F; ≥ 0.
  public var penalty: Double
  /// Stop when max |∂f| ≤ tolerance.
  public var tolerance: Double
  /// L-BFGS iteration cap.
  public var maxIterations: Int
  /// Standardise every column with the training statistics (else raw).
  public var standardizesFeatures: Bool

  public init(
    penalty: Double = 1e-3, tolerance: Double = 1e-6, maxIterations: Int = 2000,
    standardizesFeatures: Bool = true
  ) {
    self.penalty = penalty
    self.standardizesFeatures = standardizesFeatures
    self.tolerance = tolerance
    self.maxIterations = maxIterations
  }

  /// A fitted probe.
  public struct Fit: Sendable {
    /// p × K weights acting on standardised features.
    public var weights: Tensor<Double>
    /// K biases (Σ b_k = 0 up to rounding).
    public var bias: [Double]
    /// Training means and scales used to standardise features.
    public var featureMeans: [Double]
    public var featureScales: [Double]
    /// Value of the penalised objective at the solution.
    public var objective: Double
    /// Largest gradient entry at the solution.
    public var gradientNorm: Double
    public var iterations: Int
    public var converged: Bool

    public var classCount: Int { bias.count }

    /// Standardised features (train statistics) of a matrix with p columns.
    public func standardized<Scalar: RealScalar>(_ features: Tensor<Scalar>) throws -> Tensor<
      Double
    > {
      let operation = "LinearProbe.standardized"
      let (n, p) = try FeatureMatrix.validate(features, operation: operation)
      guard p == featureMeans.count else {
        throw RepriseError.shapeMismatch(
          operation: operation, expected: [n, featureMeans.count], got: features.shape)
      }
      var scalars = [Double](repeating: 0, count: n * p)
      for i in 0..<n {
        for j in 0..<p {
          scalars[i * p + j] =
            (Double(features.scalars[i * p + j]) - featureMeans[j]) / featureScales[j]
        }
      }
      return try Tensor(shape: [n, p], scalars: scalars)
    }

    /// Logits Wᵀx + b for every row (n × K).
    public func logits<Scalar: RealScalar>(_ features: Tensor<Scalar>) throws -> Tensor<Double> {
      try LinearProbe.logits(try standardized(features), weights, bias)
    }

    /// Predicted classes (argmax of the logits, lowest index on ties).
    public func predict<Scalar: RealScalar>(_ features: Tensor<Scalar>) throws -> [Int] {
      let z = try logits(features)
      let k = classCount
      return (0..<z.shape[0]).map { i in
        var best = 0
        for c in 1..<k where z.scalars[i * k + c] > z.scalars[i * k + best] { best = c }
        return best
      }
    }

    /// Fraction of rows whose predicted class is the label.
    public func accuracy<Scalar: RealScalar>(features: Tensor<Scalar>, labels: [Int]) throws
      -> Double
    {
      let predicted = try predict(features)
      try Loss.checkLabels(
        labels, rows: predicted.count, classes: classCount, operation: "LinearProbe.accuracy")
      let correct = zip(predicted, labels).filter { $0 == $1 }.count
      return Double(correct) / Double(labels.count)
    }
  }

  /// A probe fitted on training features and scored on test features.
  public struct Evaluation: Sendable {
    public var fit: Fit
    public var trainAccuracy: Double
    public var testAccuracy: Double
  }

  /// Fits on (train, trainLabels) and reports accuracy on (test, testLabels).
  public func evaluate<Scalar: RealScalar>(
    train: Tensor<Scalar>, trainLabels: [Int], test: Tensor<Scalar>, testLabels: [Int],
    classCount: Int
  ) throws -> Evaluation {
    let fitted = try fit(features: train, labels: trainLabels, classCount: classCount)
    return Evaluation(
      fit: fitted, trainAccuracy: try fitted.accuracy(features: train, labels: trainLabels),
      testAccuracy: try fitted.accuracy(features: test, labels: testLabels))
  }

  /// Fits the probe to n × p features with labels in 0..<classCount.
  ///
  /// - Throws: `invalidShape`/`nonFinite` for bad features, `shapeMismatch`
  ///   for a label count ≠ n, `invalidArgument` for a label outside
  ///   0..<classCount, classCount < 2, a negative or non-finite penalty, a
  ///   non-positive tolerance or iteration cap.
  public func fit<Scalar: RealScalar>(features: Tensor<Scalar>, labels: [Int], classCount: Int)
    throws -> Fit
  {
    let operation = "LinearProbe.fit"
    let (n, p) = try FeatureMatrix.validate(features, operation: operation)
    guard classCount >= 2 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "classCount",
        reason: "needs at least 2 classes, got \(classCount)")
    }
    try Loss.checkLabels(labels, rows: n, classes: classCount, operation: operation)
    guard penalty.isFinite && penalty >= 0 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "penalty", reason: "must be finite and ≥ 0, got \(penalty)")
    }
    guard tolerance > 0 && tolerance.isFinite, maxIterations >= 1 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: tolerance > 0 ? "maxIterations" : "tolerance",
        reason: "must be positive (tolerance \(tolerance), maxIterations \(maxIterations))")
    }
    let raw = try Tensor<Double>(shape: [n, p], scalars: features.scalars.map { Double($0) })
    var means = [Double](repeating: 0, count: p)
    var scales = [Double](repeating: 1, count: p)
    var x = raw
    if standardizesFeatures {
      // Standardisation with training statistics.
      let centred = try FeatureMatrix.centered(raw)
      means = try FeatureMatrix.columnMeans(raw)
      for j in 0..<p {
        var sumOfSquares = 0.0
        for i in 0..<n {
          sumOfSquares.addProduct(centred.scalars[i * p + j], centred.scalars[i * p + j])
        }
        let deviation = (sumOfSquares / Double(n)).squareRoot()
        if deviation > 0 { scales[j] = deviation }
      }
      var standardised = centred.scalars
      for i in 0..<n { for j in 0..<p { standardised[i * p + j] /= scales[j] } }
      x = try Tensor(shape: [n, p], scalars: standardised)
    }

    let problem = Objective(x: x, labels: labels, classCount: classCount, penalty: penalty)
    let solution = try LBFGS.minimize(
      problem, start: [Double](repeating: 0, count: (p + 1) * classCount), tolerance: tolerance,
      maxIterations: maxIterations)
    let (weights, bias) = problem.split(solution.point)
    return Fit(
      weights: weights, bias: bias, featureMeans: means, featureScales: scales,
      objective: solution.value, gradientNorm: solution.gradientNorm,
      iterations: solution.iterations, converged: solution.converged)
  }

  /// The penalised objective and its gradient, parameters packed as
  /// [W row-major (p × K), b (K)].
  struct Objective {
    let x: Tensor<Double>
    let labels: [Int]
    let classCount: Int
    let penalty: Double

    func split(_ theta: [Double]) -> (Tensor<Double>, [Double]) {
      let p = x.shape[1]
      let k = classCount
      let w = try! Tensor(shape: [p, k], scalars: Array(theta[0..<(p * k)]))
      return (w, Array(theta[(p * k)...]))
    }

    func valueAndGradient(_ theta: [Double]) throws -> (Double, [Double]) {
      let n = x.shape[0]
      let k = classCount
      let (w, b) = split(theta)
      let z = try LinearProbe.logits(x, w, b)
      var losses = [Double](repeating: 0, count: n)
      var residual = [Double](repeating: 0, count: n * k)  // (P − Y)/n
      for i in 0..<n {
        var largest = z.scalars[i * k]
        for c in 1..<k { largest = max(largest, z.scalars[i * k + c]) }
        var total = 0.0
        for c in 0..<k {
          let e = Double.exp(z.scalars[i * k + c] - largest)
          residual[i * k + c] = e
          total += e
        }
        losses[i] = largest + Double.log(total) - z.scalars[i * k + labels[i]]
        for c in 0..<k { residual[i * k + c] /= total }
        residual[i * k + labels[i]] -= 1
        for c in 0..<k { residual[i * k + c] /= Double(n) }
      }
      var squaredNorm = 0.0
      for value in w.scalars { squaredNorm.addProduct(value, value) }
      let value = Tensor(losses).sum() / Double(n) + 0.5 * penalty * squaredNorm
      let r = try Tensor(shape: [n, k], scalars: residual)
      var gradient = try matmul(x, r, transposeA: true).scalars
      for index in gradient.indices { gradient[index].addProduct(penalty, w.scalars[index]) }
      for c in 0..<k {
        var column = 0.0
        for i in 0..<n { column += residual[i * k + c] }
        gradient.append(column)
      }
      return (value, gradient)
    }
  }

  static func logits(_ x: Tensor<Double>, _ w: Tensor<Double>, _ b: [Double]) throws -> Tensor<
    Double
  > {
    var z = try matmul(x, w)
    let k = b.count
    var scalars = z.scalars
    for i in 0..<x.shape[0] { for c in 0..<k { scalars[i * k + c] += b[c] } }
    z = try Tensor(shape: z.shape, scalars: scalars)
    return z
  }
}

/// Limited-memory BFGS with a backtracking Armijo line search (see the file
/// header), for the probe's smooth convex objective.
enum LBFGS {
  struct Solution {
    var point: [Double]
    var value: Double
    var gradientNorm: Double
    var iterations: Int
    var converged: Bool
  }

  static func dot(_ a: [Double], _ b: [Double]) -> Double {
    var total = 0.0
    for i in a.indices { total.addProduct(a[i], b[i]) }
    return total
  }

  static func maxMagnitude(_ a: [Double]) -> Double { a.reduce(0) { max($0, $1.magnitude) } }

  static func minimize(
    _ problem: LinearProbe.Objective, start: [Double], tolerance: Double, maxIterations: Int,
    memory: Int = 10
  ) throws -> Solution {
    var theta = start
    var (value, gradient) = try problem.valueAndGradient(theta)
    var pairs: [(s: [Double], y: [Double], rho: Double)] = []
    var iterations = 0
    while iterations < maxIterations {
      if maxMagnitude(gradient) <= tolerance { break }
      // Two-loop recursion: direction = −H·gradient.
      var q = gradient
      var alphas = [Double](repeating: 0, count: pairs.count)
      for index in pairs.indices.reversed() {
        alphas[index] = pairs[index].rho * dot(pairs[index].s, q)
        for j in q.indices { q[j].addProduct(-alphas[index], pairs[index].y[j]) }
      }
      if let last = pairs.last {
        let gamma = dot(last.s, last.y) / dot(last.y, last.y)
        for j in q.indices { q[j] *= gamma }
      }
      for index in pairs.indices {
        let beta = pairs[index].rho * dot(pairs[index].y, q)
        for j in q.indices { q[j].addProduct(alphas[index] - beta, pairs[index].s[j]) }
      }
      var direction = q.map { -$0 }
      var slope = dot(gradient, direction)
      if !(slope < 0) {  // not a descent direction: restart from steepest descent
        pairs.removeAll()
        direction = gradient.map { -$0 }
        slope = dot(gradient, direction)
      }
      // Backtracking Armijo search.
      var step = 1.0
      var accepted: (theta: [Double], value: Double, gradient: [Double])? = nil
      for _ in 0..<60 {
        var trial = theta
        for j in trial.indices { trial[j].addProduct(step, direction[j]) }
        let (trialValue, trialGradient) = try problem.valueAndGradient(trial)
        if trialValue.isFinite && trialValue <= value + 1e-4 * step * slope {
          accepted = (trial, trialValue, trialGradient)
          break
        }
        step *= 0.5
      }
      guard let next = accepted else { break }
      iterations += 1
      var s = next.theta
      var y = next.gradient
      for j in s.indices {
        s[j] -= theta[j]
        y[j] -= gradient[j]
      }
      let sy = dot(s, y)
      let yy = dot(y, y)
      if sy > 1e-12 * yy && sy > 0 {
        pairs.append((s, y, 1 / sy))
        if pairs.count > memory { pairs.removeFirst() }
      }
      (theta, value, gradient) = next
    }
    let norm = maxMagnitude(gradient)
    return Solution(
      point: theta, value: value, gradientNorm: norm, iterations: iterations,
      converged: norm <= tolerance)
  }
}
