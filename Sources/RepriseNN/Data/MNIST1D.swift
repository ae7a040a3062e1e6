// MNIST-1D: a procedural 10-class data set of 40-point curves, generated in
// Swift on Reprise's own RandomStream.
//
// Source: S. Greydanus and D. Kobak, "Scaling down deep learning with
// MNIST-1D", ICML 2024 (arXiv:2011.14439); reference package `mnist1d`
// 0.0.2.post1, Apache-2.0. Only the ten 12-point template curves are copied
// from that package (numeric constants of `get_templates`, Apache-2.0,
// © the MNIST-1D authors); the procedure below is written from the
// specification in shared/papers.md §C.
//
// Method: each template is standardised (mean 0, population std 1), shifted
// to start at 0 and divided by 6. Per example: pad with p ∈ [36, 60] zeros,
// linearly resample to 72 points, scale by 1 + 0.4(U − 0.5), shift circularly
// right by k ∈ [0, 48), replace the exactly-zero (padding) entries by
// correlated noise (0.25·N(0,1) smoothed by a σ = 2, radius 8 Gaussian with
// half-sample-symmetric boundaries), add 0.02·N(0,1) white noise, subtract a
// shear 0.75(U − 0.5)·linspace(−0.5, 0.5, 72), and resample to 40 points.
// The class-ordered examples are permuted once, standardised with the global
// scalar mean and std, and split train/test.
//
// The result is statistically equivalent to the canonical arrays, not
// bit-identical: numpy's MT19937 stream is not reproduced.
//
// Cost: O(n · 72 · 17) flops for n examples (≈ 6 M for 5000), one pass.

public enum MNIST1D {
  /// Points per final sequence, classes, points per template, padded length.
  public static let sequenceLength = 40
  public static let classCount = 10
  public static let templateLength = 12
  public static let paddedLength = 72

  /// The raw 12-point template curves for digits 0…9 (MNIST-1D package,
  /// Apache-2.0).
  public static let rawTemplates: [[Double]] = [
    [5, 6, 6.5, 6.75, 7, 7, 7, 7, 6.75, 6.5, 6, 5],
    [5, 3, 3, 3.4, 3.8, 4.2, 4.6, 5, 5.4, 5.8, 5, 5],
    [5, 6, 6.5, 6.5, 6, 5.25, 4.75, 4, 3.5, 3.5, 4, 5],
    [5, 6, 6.5, 6.5, 6, 5, 5, 6, 6.5, 6.5, 6, 5],
    [5, 4.4, 3.8, 3.2, 2.6, 2.6, 5, 5, 5, 5, 5, 5],
    [5, 3, 3, 3, 3, 5, 6, 6.5, 6.5, 6, 4.5, 5],
    [5, 4, 3.5, 3.25, 3, 3, 3, 3, 3.25, 3.5, 4, 5],
    [5, 7, 7, 6.6, 6.2, 5.8, 5.4, 5, 4.6, 4.2, 5, 5],
    [5, 4, 3.5, 3.5, 4, 5, 5, 4, 3.5, 3.5, 4, 5],
    [5, 4, 3.5, 3.5, 4, 5, 5, 5, 5, 4.7, 4.3, 5],
  ]

  /// The normalised templates: (x − mean)/std (population), minus the first
  /// value, divided by 6.
  public static let templates: [[Double]] = rawTemplates.map { raw in
    let n = Double(raw.count)
    var mean = 0.0
    for v in raw { mean += v }
    mean /= n
    var variance = 0.0
    for v in raw { variance += (v - mean) * (v - mean) }
    let std = (variance / n).squareRoot()
    let white = raw.map { ($0 - mean) / std }
    return white.map { ($0 - white[0]) / 6 }
  }

  /// Generates MNIST-1D with the canonical settings (5000 examples split
  /// 4000/1000 by default).
  ///
  /// Random streams (all from `seed`):
  /// - stream 0: the per-example transforms, examples in class order
  ///   (500 of class 0, then class 1, …); per example, in this order:
  ///   padding `36 + integer(below: 25)`, scale `uniformDouble()`, shift
  ///   `integer(below: 48)`, 72 `normals` for the correlated noise (always
  ///   drawn), 72 `normals` for the white noise, shear `uniformDouble()`;
  /// - stream 1: one `permutation(trainCount + testCount)` of the stacked
  ///   examples.
  ///
  /// `trainCount + testCount` must be a positive multiple of 10 (equal
  /// examples per class, as in the reference).
  public static func generate<S: RealScalar>(
    seed: UInt64, trainCount: Int = 4000, testCount: Int = 1000
  ) throws -> (train: LabeledDataset<S>, test: LabeledDataset<S>) {
    guard trainCount > 0 else {
      throw RepriseError.invalidArgument(
        operation: "MNIST1D.generate", name: "trainCount", reason: "must be positive")
    }
    guard testCount >= 0 else {
      throw RepriseError.invalidArgument(
        operation: "MNIST1D.generate", name: "testCount", reason: "must be non-negative")
    }
    let total = trainCount + testCount
    guard total % classCount == 0 else {
      throw RepriseError.invalidArgument(
        operation: "MNIST1D.generate", name: "trainCount + testCount",
        reason: "\(total) is not a multiple of \(classCount)")
    }
    let perClass = total / classCount
    var transforms = RandomStream(seed: seed, stream: 0)
    var rows: [[Double]] = []
    var classOf: [Int] = []
    rows.reserveCapacity(total)
    for label in 0..<classCount {
      for _ in 0..<perClass {
        rows.append(try transform(templates[label], using: &transforms))
        classOf.append(label)
      }
    }
    var shuffle = RandomStream(seed: seed, stream: 1)
    let order = try shuffle.permutation(total)

    // Global standardisation (population std), sums in a fixed order.
    let valueCount = Double(total * sequenceLength)
    var sum = 0.0
    for row in rows { for v in row { sum += v } }
    let mean = sum / valueCount
    var squares = 0.0
    for row in rows { for v in row { squares += (v - mean) * (v - mean) } }
    let std = (squares / valueCount).squareRoot()

    func dataset(_ indices: ArraySlice<Int>) throws -> LabeledDataset<S> {
      var scalars: [S] = []
      scalars.reserveCapacity(indices.count * sequenceLength)
      for index in indices { for v in rows[index] { scalars.append(S((v - mean) / std)) } }
      return try LabeledDataset(
        features: Tensor(shape: [indices.count, sequenceLength], scalars: scalars),
        labels: indices.map { classOf[$0] }, classCount: classCount)
    }
    return (try dataset(order[..<trainCount]), try dataset(order[trainCount...]))
  }

  /// The random values one example uses, in draw order.
  struct Draws {
    var padding: Int
    var scaleUniform: Double
    var shift: Int
    var correlatedNormals: [Double]
    var whiteNormals: [Double]
    var shearUniform: Double

    /// Six draws from `random`, in the order documented on `generate`.
    init(using random: inout RandomStream) throws {
      padding = 36 + Int(try random.integer(below: 25))
      scaleUniform = random.uniformDouble()
      shift = Int(try random.integer(below: 48))
      correlatedNormals = random.normals(paddedLength)
      whiteNormals = random.normals(paddedLength)
      shearUniform = random.uniformDouble()
    }

    init(
      padding: Int, scaleUniform: Double, shift: Int, correlatedNormals: [Double],
      whiteNormals: [Double], shearUniform: Double
    ) {
      self.padding = padding
      self.scaleUniform = scaleUniform
      self.shift = shift
      self.correlatedNormals = correlatedNormals
      self.whiteNormals = whiteNormals
      self.shearUniform = shearUniform
    }
  }

  /// One example from a normalised template (six draws from `random`).
  /// Returns 40 unstandardised values.
  static func transform(_ template: [Double], using random: inout RandomStream) throws
    -> [Double]
  {
    transform(template, draws: try Draws(using: &random))
  }

  /// One example from a normalised template with the given draws.
  static func transform(_ template: [Double], draws: Draws) -> [Double] {
    // 1. Pad with p zeros after template + 1e-8, resample to 72 points.
    var x = template.map { $0 + 1e-8 } + [Double](repeating: 0, count: draws.padding)
    x = resample(x, to: paddedLength)
    // 2. Scale.
    let scale = 1 + 0.4 * (draws.scaleUniform - 0.5)
    for i in 0..<x.count { x[i] *= scale }
    // 3. Circular shift right by k: y[i] = x[(i − k) mod n].
    let n = x.count
    x = (0..<n).map { x[($0 - draws.shift + n) % n] }
    // 4. Correlated noise in the padding (entries exactly zero).
    let correlated = gaussianFilter(draws.correlatedNormals.map { 0.25 * $0 })
    for i in 0..<n where x[i] == 0 { x[i] = correlated[i] }
    // 5. White noise.
    for i in 0..<n { x[i] += 0.02 * draws.whiteNormals[i] }
    // 6. Shear, then resample to 40 points.
    let coefficient = 0.75 * (draws.shearUniform - 0.5)
    let grid = linspace(-0.5, 0.5, n)
    for i in 0..<n { x[i] -= coefficient * grid[i] }
    return resample(x, to: sequenceLength)
  }

  /// numpy's `linspace(start, stop, count)`: start + i·step, last = stop.
  static func linspace(_ start: Double, _ stop: Double, _ count: Int) -> [Double] {
    guard count > 1 else { return count == 1 ? [start] : [] }
    let step = (stop - start) / Double(count - 1)
    return (0..<count).map { $0 == count - 1 ? stop : start + Double($0) * step }
  }

  /// Linear interpolation of `values` (knots at linspace(0, 1, n)) onto
  /// linspace(0, 1, count), with scipy `interp1d`'s formula
  /// slope·(t − t_lo) + y_lo, so runs of zeros stay exactly zero.
  static func resample(_ values: [Double], to count: Int) -> [Double] {
    let knots = linspace(0, 1, values.count)
    let targets = linspace(0, 1, count)
    var result = [Double](repeating: 0, count: count)
    var hi = 1
    for (j, t) in targets.enumerated() {
      // First knot ≥ t (searchsorted, side left), clipped to 1…n−1.
      while hi < values.count - 1 && knots[hi] < t { hi += 1 }
      let lo = hi - 1
      let slope = (values[hi] - values[lo]) / (knots[hi] - knots[lo])
      result[j] = slope * (t - knots[lo]) + values[lo]
    }
    return result
  }

  /// scipy `gaussian_filter1d(x, 2)`: normalised Gaussian weights over
  /// offsets −8…8, boundary mode `reflect` (d c b a | a b c d | d c b a).
  static func gaussianFilter(_ x: [Double]) -> [Double] {
    let sigma = 2.0
    let radius = 8
    var weights = (-radius...radius).map { k in
      Double.exp(-0.5 * Double(k * k) / (sigma * sigma))
    }
    var total = 0.0
    for w in weights { total += w }
    weights = weights.map { $0 / total }
    let n = x.count
    func reflect(_ index: Int) -> Int {
      var i = index
      while i < 0 || i >= n { i = i < 0 ? -i - 1 : 2 * n - i - 1 }
      return i
    }
    return (0..<n).map { i in
      var s = 0.0
      for k in -radius...radius { s += weights[k + radius] * x[reflect(i + k)] }
      return s
    }
  }
}
