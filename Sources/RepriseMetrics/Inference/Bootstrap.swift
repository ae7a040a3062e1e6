// Bootstrap confidence intervals for the similarity of two representations.
//
// What: the percentile bootstrap (Efron & Tibshirani, "An Introduction to
// the Bootstrap", 1993, §13.3). B resamples draw n row indices with
// replacement — the same indices for X and Y, so pairs stay together — the
// statistic is recomputed on each, and the interval is the (1 − level)/2 and
// (1 + level)/2 quantiles of the B replicates. Quantiles interpolate
// linearly between order statistics (numpy's default "linear" method,
// Hyndman & Fan type 7): with the sorted values v₀ ≤ … ≤ v_{B−1} and
// h = (B − 1)·q, Q(q) = v_⌊h⌋ + (h − ⌊h⌋)·(v_⌊h⌋₊₁ − v_⌊h⌋).
// Randomness: one `RandomStream(seed:stream:)`; resample b uses the b-th
// block of n draws of `RandomStream.choices`, so a seed fixes everything.
// Caveat: resamples repeat rows, so measures with a sample-size bias (biased
// HSIC, kNN) are biased in the replicates too; and a statistic that is
// undefined on some resample (e.g. all drawn rows equal) makes the whole
// call throw that error rather than silently dropping the resample.
// Cost: B + 1 evaluations of the statistic plus O(B·n·(p + q)) copying.

/// A percentile bootstrap interval.
public struct BootstrapInterval<Scalar: RealScalar>: Sendable, Equatable {
  /// The statistic on the original data.
  public let estimate: Scalar
  /// The lower and upper percentile bounds.
  public let lower: Scalar
  public let upper: Scalar
  /// The nominal coverage, e.g. 0.95.
  public let level: Double
  /// The statistic on each resample, in the order drawn.
  public let replicates: [Scalar]
}

public enum Bootstrap {
  /// Percentile bootstrap interval of `statistic(X, Y)` over row resamples.
  ///
  /// - Parameters:
  ///   - resamples: B ≥ 2.
  ///   - level: coverage in (0, 1).
  /// - Throws: `invalidArgument` for B or level out of range,
  ///   `shapeMismatch`/`invalidShape` for bad inputs, and whatever the
  ///   statistic throws.
  public static func interval<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, resamples: Int, level: Double = 0.95,
    seed: UInt64, stream: UInt64 = 0,
    statistic: (Tensor<Scalar>, Tensor<Scalar>) throws -> Scalar
  ) throws -> BootstrapInterval<Scalar> {
    let operation = "Bootstrap.interval"
    guard resamples >= 2 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "resamples", reason: "must be at least 2, got \(resamples)")
    }
    guard level > 0 && level < 1 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "level", reason: "must be in (0, 1), got \(level)")
    }
    let (n, p, q) = try FeatureMatrix.validatePair(x, y, operation: operation)
    let estimate = try statistic(x, y)
    var random = RandomStream(seed: seed, stream: stream)
    var replicates: [Scalar] = []
    replicates.reserveCapacity(resamples)
    for _ in 0..<resamples {
      let rows = try random.choices(n, from: n)
      let xs = try Tensor(
        shape: [n, p], scalars: RowSelection.gather(x.scalars, rows: rows, width: p))
      let ys = try Tensor(
        shape: [n, q], scalars: RowSelection.gather(y.scalars, rows: rows, width: q))
      replicates.append(try statistic(xs, ys))
    }
    let sorted = replicates.map { Double($0) }.sorted()
    return BootstrapInterval(
      estimate: estimate, lower: Scalar(percentile(sorted: sorted, (1 - level) / 2)),
      upper: Scalar(percentile(sorted: sorted, (1 + level) / 2)), level: level,
      replicates: replicates)
  }

  /// Percentile bootstrap interval of a named measure with its defaults.
  public static func interval<Scalar: RealScalar>(
    _ measure: SimilarityMeasure, _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, resamples: Int,
    level: Double = 0.95, seed: UInt64, stream: UInt64 = 0
  ) throws -> BootstrapInterval<Scalar> {
    try interval(x, y, resamples: resamples, level: level, seed: seed, stream: stream) {
      try measure.evaluate($0, $1)
    }
  }

  /// The q-quantile (q in [0, 1]) of ascending values by linear
  /// interpolation between order statistics (numpy's default). Requires a
  /// non-empty array.
  public static func percentile(sorted v: [Double], _ q: Double) -> Double {
    precondition(!v.isEmpty, "percentile of an empty array")
    let h = Double(v.count - 1) * min(1, max(0, q))
    let below = Int(h.rounded(.down))
    if below + 1 >= v.count { return v[v.count - 1] }
    return v[below] + (h - Double(below)) * (v[below + 1] - v[below])
  }
}
