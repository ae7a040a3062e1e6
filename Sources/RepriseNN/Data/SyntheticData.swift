// Seeded synthetic data generators for the reproduced experiments: Gaussian
// mixtures, linear and ReLU teachers, two moons, sparse features
// (superposition), sinusoid sums on a periodic grid (spectral bias) and data
// on a linear subspace.
//
// Method: direct sampling. Every random value comes from the caller's
// `RandomStream` in the order stated on each function (row-major, examples
// outer), so a data set is a pure function of (seed, stream, arguments).
// Cost: O(count · dimension) draws, plus O(count · d · k) for the teachers.
// Sources: shared/papers.md §C.3; two moons follows
// `sklearn.datasets.make_moons` (BSD-3-Clause), re-written from its
// documented definition.

public enum SyntheticData {
  // MARK: Gaussian mixtures

  /// Covariance of each mixture component.
  public enum Covariance: Sendable, Equatable {
    /// σ²·I.
    case isotropic(standardDeviation: Double)
    /// diag(variances).
    case diagonal(variances: [Double])
    /// L·Lᵀ for a lower-triangular (or any square) factor L, rows outer:
    /// x = μ + L·z.
    case factor([[Double]])
  }

  /// `countPerClass` points of each class c ~ N(means[c], Σ), class-ordered
  /// (all of class 0, then class 1, …). Draws: per point, `dimension` normals.
  public static func gaussianMixture<S: RealScalar>(
    means: [[Double]], covariance: Covariance, countPerClass: Int,
    using random: inout RandomStream
  ) throws -> LabeledDataset<S> {
    let op = "SyntheticData.gaussianMixture"
    guard !means.isEmpty, let dimension = means.first?.count, dimension > 0 else {
      throw RepriseError.invalidArgument(operation: op, name: "means", reason: "must be non-empty")
    }
    guard means.allSatisfy({ $0.count == dimension }) else {
      throw RepriseError.invalidArgument(
        operation: op, name: "means", reason: "all means need \(dimension) entries")
    }
    guard countPerClass > 0 else {
      throw RepriseError.invalidArgument(
        operation: op, name: "countPerClass", reason: "must be positive")
    }
    let factor = try covarianceFactor(covariance, dimension: dimension, operation: op)
    var scalars: [S] = []
    var labels: [Int] = []
    scalars.reserveCapacity(means.count * countPerClass * dimension)
    for (label, mean) in means.enumerated() {
      for _ in 0..<countPerClass {
        let z: [Double] = random.normals(dimension)
        for i in 0..<dimension {
          var v = mean[i]
          for j in 0..<dimension { v += factor[i][j] * z[j] }
          scalars.append(S(v))
        }
        labels.append(label)
      }
    }
    return try LabeledDataset(
      features: Tensor(shape: [labels.count, dimension], scalars: scalars), labels: labels,
      classCount: means.count)
  }

  /// The dense factor L of a covariance specification.
  static func covarianceFactor(_ covariance: Covariance, dimension: Int, operation: String)
    throws -> [[Double]]
  {
    var factor = [[Double]](repeating: [Double](repeating: 0, count: dimension), count: dimension)
    switch covariance {
    case .isotropic(let sigma):
      guard sigma >= 0, sigma.isFinite else {
        throw RepriseError.invalidArgument(
          operation: operation, name: "standardDeviation", reason: "must be finite and ≥ 0")
      }
      for i in 0..<dimension { factor[i][i] = sigma }
    case .diagonal(let variances):
      guard variances.count == dimension, variances.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
        throw RepriseError.invalidArgument(
          operation: operation, name: "variances",
          reason: "need \(dimension) finite non-negative entries")
      }
      for i in 0..<dimension { factor[i][i] = variances[i].squareRoot() }
    case .factor(let rows):
      guard rows.count == dimension, rows.allSatisfy({ $0.count == dimension }) else {
        throw RepriseError.invalidArgument(
          operation: operation, name: "factor", reason: "must be \(dimension)×\(dimension)")
      }
      factor = rows
    }
    return factor
  }

  // MARK: Teachers

  /// Inputs x ~ N(0, diag(inputVariances)) and targets y = W·x + noise·ε,
  /// with `weights` W given as rows (outputs × inputs). Draws: all inputs
  /// (row-major), then, if noise > 0, all noise values (row-major).
  public static func linearTeacher<S: RealScalar>(
    count: Int, weights: [[Double]], inputVariances: [Double], noiseStandardDeviation: Double = 0,
    using random: inout RandomStream
  ) throws -> RegressionDataset<S> {
    let op = "SyntheticData.linearTeacher"
    let d = inputVariances.count
    guard count > 0 else {
      throw RepriseError.invalidArgument(operation: op, name: "count", reason: "must be positive")
    }
    guard d > 0, inputVariances.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
      throw RepriseError.invalidArgument(
        operation: op, name: "inputVariances", reason: "need ≥ 1 finite non-negative entries")
    }
    guard !weights.isEmpty, weights.allSatisfy({ $0.count == d }) else {
      throw RepriseError.invalidArgument(
        operation: op, name: "weights", reason: "need ≥ 1 rows of \(d) entries")
    }
    guard noiseStandardDeviation >= 0, noiseStandardDeviation.isFinite else {
      throw RepriseError.invalidArgument(
        operation: op, name: "noiseStandardDeviation", reason: "must be finite and ≥ 0")
    }
    let z: [Double] = random.normals(count * d)
    var x = [Double](repeating: 0, count: count * d)
    for n in 0..<count {
      for i in 0..<d { x[n * d + i] = inputVariances[i].squareRoot() * z[n * d + i] }
    }
    let k = weights.count
    let noise: [Double] =
      noiseStandardDeviation > 0
      ? random.normals(count * k) : [Double](repeating: 0, count: count * k)
    var y = [Double](repeating: 0, count: count * k)
    for n in 0..<count {
      for o in 0..<k {
        var s = 0.0
        for i in 0..<d { s += weights[o][i] * x[n * d + i] }
        y[n * k + o] = s + noiseStandardDeviation * noise[n * k + o]
      }
    }
    return try RegressionDataset(
      inputs: Tensor(shape: [count, d], scalars: x.map { S($0) }),
      targets: Tensor(shape: [count, k], scalars: y.map { S($0) }))
  }

  /// Random weights with entries N(0, scale²/columns), rows outer (the usual
  /// teacher normalisation: each output has variance ≈ scale² for unit x).
  public static func randomWeights(
    rows: Int, columns: Int, scale: Double = 1, using random: inout RandomStream
  ) throws -> [[Double]] {
    guard rows > 0, columns > 0 else {
      throw RepriseError.invalidArgument(
        operation: "SyntheticData.randomWeights", name: "rows/columns", reason: "must be positive")
    }
    let z: [Double] = random.normals(rows * columns)
    let s = scale / Double(columns).squareRoot()
    return (0..<rows).map { r in (0..<columns).map { s * z[r * columns + $0] } }
  }

  /// A two-layer ReLU teacher y = W₂·relu(W₁·x + b₁).
  public struct ReLUTeacher: Sendable, Equatable {
    public let first: [[Double]]
    public let bias: [Double]
    public let second: [[Double]]

    /// Checks that the shapes chain.
    public init(first: [[Double]], bias: [Double], second: [[Double]]) throws {
      let op = "SyntheticData.ReLUTeacher"
      guard let d = first.first?.count, d > 0, first.allSatisfy({ $0.count == d }) else {
        throw RepriseError.invalidArgument(
          operation: op, name: "first", reason: "must be a non-empty matrix")
      }
      guard bias.count == first.count else {
        throw RepriseError.invalidArgument(
          operation: op, name: "bias", reason: "needs \(first.count) entries")
      }
      guard !second.isEmpty, second.allSatisfy({ $0.count == first.count }) else {
        throw RepriseError.invalidArgument(
          operation: op, name: "second", reason: "rows need \(first.count) entries")
      }
      self.first = first
      self.bias = bias
      self.second = second
    }

    /// W₁ ~ N(0, 1/inputs), b₁ = 0, W₂ ~ N(0, 2/hidden) (so outputs have
    /// variance ≈ 1 for unit-variance inputs). Draws: W₁ then W₂, row-major.
    public static func random(
      inputs: Int, hidden: Int, outputs: Int, using random: inout RandomStream
    ) throws -> ReLUTeacher {
      guard inputs > 0, hidden > 0, outputs > 0 else {
        throw RepriseError.invalidArgument(
          operation: "SyntheticData.ReLUTeacher.random", name: "inputs/hidden/outputs",
          reason: "must be positive")
      }
      let w1 = try randomWeights(rows: hidden, columns: inputs, using: &random)
      let w2 = try randomWeights(
        rows: outputs, columns: hidden, scale: 2.0.squareRoot(), using: &random)
      return try ReLUTeacher(
        first: w1, bias: [Double](repeating: 0, count: hidden), second: w2)
    }

    public var inputCount: Int { first[0].count }
    public var outputCount: Int { second.count }

    /// The teacher's output for one input vector.
    public func callAsFunction(_ x: [Double]) -> [Double] {
      let hidden = first.indices.map { h -> Double in
        var s = bias[h]
        for i in 0..<x.count { s += first[h][i] * x[i] }
        return s > 0 ? s : 0
      }
      return second.map { row in
        var s = 0.0
        for h in 0..<hidden.count { s += row[h] * hidden[h] }
        return s
      }
    }
  }

  /// Inputs x ~ N(0, diag(inputVariances)) labelled by `teacher`, plus
  /// noise·ε. Draws: all inputs (row-major), then, if noise > 0, all noise.
  public static func reluTeacher<S: RealScalar>(
    count: Int, teacher: ReLUTeacher, inputVariances: [Double]? = nil,
    noiseStandardDeviation: Double = 0, using random: inout RandomStream
  ) throws -> RegressionDataset<S> {
    let op = "SyntheticData.reluTeacher"
    let d = teacher.inputCount
    let variances = inputVariances ?? [Double](repeating: 1, count: d)
    guard count > 0 else {
      throw RepriseError.invalidArgument(operation: op, name: "count", reason: "must be positive")
    }
    guard variances.count == d, variances.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
      throw RepriseError.invalidArgument(
        operation: op, name: "inputVariances", reason: "need \(d) finite non-negative entries")
    }
    guard noiseStandardDeviation >= 0, noiseStandardDeviation.isFinite else {
      throw RepriseError.invalidArgument(
        operation: op, name: "noiseStandardDeviation", reason: "must be finite and ≥ 0")
    }
    let z: [Double] = random.normals(count * d)
    let x = (0..<count * d).map { variances[$0 % d].squareRoot() * z[$0] }
    let k = teacher.outputCount
    let noise: [Double] =
      noiseStandardDeviation > 0
      ? random.normals(count * k) : [Double](repeating: 0, count: count * k)
    var y: [Double] = []
    y.reserveCapacity(count * k)
    for n in 0..<count {
      let out = teacher(Array(x[n * d..<(n + 1) * d]))
      for o in 0..<k { y.append(out[o] + noiseStandardDeviation * noise[n * k + o]) }
    }
    return try RegressionDataset(
      inputs: Tensor(shape: [count, d], scalars: x.map { S($0) }),
      targets: Tensor(shape: [count, k], scalars: y.map { S($0) }))
  }

  // MARK: Two moons

  /// sklearn's `make_moons`: ⌊count/2⌋ points of class 0 on the upper half
  /// circle (cos t, sin t), t = linspace(0, π), and the rest of class 1 on
  /// (1 − cos t, 1 − sin t − 0.5); optionally shuffled; then N(0, noise²)
  /// added to both coordinates; finally rotated by `rotationDegrees` about
  /// the origin (counter-clockwise). Draws: the permutation (if shuffled),
  /// then 2·count normals (row-major) if noise > 0.
  public static func twoMoons<S: RealScalar>(
    count: Int, noise: Double = 0, rotationDegrees: Double = 0, shuffle: Bool = true,
    using random: inout RandomStream
  ) throws -> LabeledDataset<S> {
    let op = "SyntheticData.twoMoons"
    guard count >= 2 else {
      throw RepriseError.invalidArgument(operation: op, name: "count", reason: "must be ≥ 2")
    }
    guard noise >= 0, noise.isFinite else {
      throw RepriseError.invalidArgument(
        operation: op, name: "noise", reason: "must be finite and ≥ 0")
    }
    guard rotationDegrees.isFinite else {
      throw RepriseError.invalidArgument(
        operation: op, name: "rotationDegrees", reason: "must be finite")
    }
    let outer = count / 2
    let inner = count - outer
    var points: [(Double, Double)] = []
    var labels: [Int] = []
    for t in MNIST1D.linspace(0, Double.pi, outer) {
      points.append((Double.cos(t), Double.sin(t)))
      labels.append(0)
    }
    for t in MNIST1D.linspace(0, Double.pi, inner) {
      points.append((1 - Double.cos(t), 1 - Double.sin(t) - 0.5))
      labels.append(1)
    }
    if shuffle {
      let order = try random.permutation(count)
      points = order.map { points[$0] }
      labels = order.map { labels[$0] }
    }
    if noise > 0 {
      let e: [Double] = random.normals(2 * count)
      for n in 0..<count {
        points[n].0 += noise * e[2 * n]
        points[n].1 += noise * e[2 * n + 1]
      }
    }
    let angle = rotationDegrees * Double.pi / 180
    let (c, s) = (Double.cos(angle), Double.sin(angle))
    var scalars: [S] = []
    scalars.reserveCapacity(2 * count)
    for (x, y) in points {
      scalars.append(S(c * x - s * y))
      scalars.append(S(s * x + c * y))
    }
    return try LabeledDataset(
      features: Tensor(shape: [count, 2], scalars: scalars), labels: labels, classCount: 2)
  }

  // MARK: Sparse features

  /// Superposition inputs: x_ij = Bernoulli(1 − sparsity)·U[0, 1), with the
  /// targets equal to the inputs (reconstruction). Draws: per entry
  /// (row-major), one word for the Bernoulli mask, then one for the value
  /// (always drawn, so the stream position does not depend on the mask).
  public static func sparseFeatures<S: RealScalar>(
    count: Int, featureCount: Int, sparsity: Double, using random: inout RandomStream
  ) throws -> RegressionDataset<S> {
    let op = "SyntheticData.sparseFeatures"
    guard count > 0 else {
      throw RepriseError.invalidArgument(operation: op, name: "count", reason: "must be positive")
    }
    guard featureCount > 0 else {
      throw RepriseError.invalidArgument(
        operation: op, name: "featureCount", reason: "must be positive")
    }
    guard sparsity >= 0, sparsity <= 1 else {
      throw RepriseError.invalidArgument(
        operation: op, name: "sparsity", reason: "\(sparsity) is not in [0, 1]")
    }
    var scalars: [S] = []
    scalars.reserveCapacity(count * featureCount)
    for _ in 0..<count * featureCount {
      let present = try random.bernoulli(1 - sparsity)
      let value = random.uniformDouble()
      scalars.append(present ? S(value) : 0)
    }
    let x = try Tensor(shape: [count, featureCount], scalars: scalars)
    return try RegressionDataset(inputs: x, targets: x)
  }

  // MARK: Sinusoid sums

  /// The spectral-bias target on the periodic grid z_j = j/N, j = 0…N−1:
  /// λ(z) = Σ_i A_i sin(2π k_i z + φ_i). Inputs [N, 1] (z), targets [N, 1].
  /// With `phases == nil` the φ_i are drawn U[0, 2π) from `random`, one per
  /// frequency in order; otherwise nothing is drawn.
  public static func sinusoidSum<S: RealScalar>(
    pointCount: Int, frequencies: [Int], amplitudes: [Double], phases: [Double]? = nil,
    using random: inout RandomStream
  ) throws -> RegressionDataset<S> {
    let op = "SyntheticData.sinusoidSum"
    guard pointCount > 0 else {
      throw RepriseError.invalidArgument(
        operation: op, name: "pointCount", reason: "must be positive")
    }
    guard !frequencies.isEmpty, frequencies.allSatisfy({ $0 >= 0 }) else {
      throw RepriseError.invalidArgument(
        operation: op, name: "frequencies", reason: "need ≥ 1 non-negative entries")
    }
    guard amplitudes.count == frequencies.count else {
      throw RepriseError.invalidArgument(
        operation: op, name: "amplitudes", reason: "need \(frequencies.count) entries")
    }
    if let phases, phases.count != frequencies.count {
      throw RepriseError.invalidArgument(
        operation: op, name: "phases", reason: "need \(frequencies.count) entries")
    }
    let phi = phases ?? frequencies.map { _ in 2 * Double.pi * random.uniformDouble() }
    var z: [S] = []
    var y: [S] = []
    for j in 0..<pointCount {
      let zj = Double(j) / Double(pointCount)
      var s = 0.0
      for i in frequencies.indices {
        s += amplitudes[i] * Double.sin(2 * Double.pi * Double(frequencies[i]) * zj + phi[i])
      }
      z.append(S(zj))
      y.append(S(s))
    }
    return try RegressionDataset(
      inputs: Tensor(shape: [pointCount, 1], scalars: z),
      targets: Tensor(shape: [pointCount, 1], scalars: y))
  }

  // MARK: Linear subspace

  /// Points x = (z, 0) ∈ ℝ^ambientDimension with z ~ N(0, σ²·I) in the
  /// first `subspaceDimension` coordinates and exact zeros elsewhere.
  /// Draws: count·subspaceDimension normals, row-major.
  public static func linearSubspace<S: RealScalar>(
    count: Int, ambientDimension: Int, subspaceDimension: Int, standardDeviation: Double = 1,
    using random: inout RandomStream
  ) throws -> Tensor<S> {
    let op = "SyntheticData.linearSubspace"
    guard count > 0 else {
      throw RepriseError.invalidArgument(operation: op, name: "count", reason: "must be positive")
    }
    guard subspaceDimension > 0, subspaceDimension <= ambientDimension else {
      throw RepriseError.invalidArgument(
        operation: op, name: "subspaceDimension",
        reason: "\(subspaceDimension) is not in 1...\(ambientDimension) (ambientDimension)")
    }
    guard standardDeviation >= 0, standardDeviation.isFinite else {
      throw RepriseError.invalidArgument(
        operation: op, name: "standardDeviation", reason: "must be finite and ≥ 0")
    }
    let z: [Double] = random.normals(count * subspaceDimension)
    var scalars = [S](repeating: 0, count: count * ambientDimension)
    for n in 0..<count {
      for i in 0..<subspaceDimension {
        scalars[n * ambientDimension + i] = S(standardDeviation * z[n * subspaceDimension + i])
      }
    }
    return try Tensor(shape: [count, ambientDimension], scalars: scalars)
  }

  /// A labelled data set embedded as x = (features, 0) in a larger space
  /// (the §19 off-manifold setting). No random draws.
  public static func embeddedInSubspace<S: RealScalar>(
    _ data: LabeledDataset<S>, ambientDimension: Int
  ) throws -> LabeledDataset<S> {
    let k = data.featureCount
    guard ambientDimension >= k else {
      throw RepriseError.invalidArgument(
        operation: "SyntheticData.embeddedInSubspace", name: "ambientDimension",
        reason: "\(ambientDimension) < feature count \(k)")
    }
    var scalars = [S](repeating: 0, count: data.count * ambientDimension)
    for n in 0..<data.count {
      for i in 0..<k { scalars[n * ambientDimension + i] = data.features.scalars[n * k + i] }
    }
    return try LabeledDataset(
      features: Tensor(shape: [data.count, ambientDimension], scalars: scalars),
      labels: data.labels, classCount: data.classCount)
  }
}
