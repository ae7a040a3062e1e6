// Permutation tests for the similarity of two representations.
//
// What: the null hypothesis is that X and Y are unrelated sample by sample.
// Permuting the rows of Y breaks the pairing while keeping both marginal
// distributions; the statistic recomputed on N permutations gives a null
// distribution, and the p-value is
//     p = (1 + #{null ≥ observed}) / (1 + N)
// (for a distance, where small means similar: #{null ≤ observed}). Counting
// the observed pairing as one of the permutations keeps p > 0 and makes the
// test exact in level (Phipson & Smyth, "Permutation p-values should never
// be zero", Stat. Appl. Genet. Mol. Biol. 9, 2010).
// Randomness: one `RandomStream(seed:stream:)`; permutation i is the i-th
// Fisher–Yates permutation drawn from it (RandomStream.permutation), so a
// seed fixes every permutation and the result bits at any thread count.
// Cost: N + 1 evaluations of the statistic plus O(N·n·q) copying.

/// The outcome of a permutation test.
public struct PermutationTestResult<Scalar: RealScalar>: Sendable, Equatable {
  /// The statistic on the original pairing.
  public let observed: Scalar
  /// (1 + #{null at least as extreme as observed}) / (1 + permutations).
  public let pValue: Double
  /// The statistic on each permutation, in the order drawn.
  public let nullDistribution: [Scalar]
}

/// Which tail of the null distribution counts as extreme.
public enum PermutationTail: Sendable, Equatable {
  /// Large values are extreme (similarities): count null ≥ observed.
  case greater
  /// Small values are extreme (distances): count null ≤ observed.
  case less
}

public enum PermutationTest {
  /// Permutation test of `statistic(X, Y)` against row permutations of Y.
  ///
  /// - Parameters:
  ///   - permutations: N ≥ 1.
  ///   - seed, stream: the `RandomStream` the permutations are drawn from.
  ///   - tail: `.greater` for similarities, `.less` for distances.
  /// - Throws: `invalidArgument` for N < 1, `shapeMismatch`/`invalidShape`
  ///   for inputs that are not matrices with the same rows, and whatever the
  ///   statistic throws (on the original or a permuted pairing).
  public static func run<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, permutations: Int, seed: UInt64,
    stream: UInt64 = 0, tail: PermutationTail = .greater,
    statistic: (Tensor<Scalar>, Tensor<Scalar>) throws -> Scalar
  ) throws -> PermutationTestResult<Scalar> {
    let operation = "PermutationTest.run"
    guard permutations >= 1 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "permutations",
        reason: "must be at least 1, got \(permutations)")
    }
    let (n, _, q) = try FeatureMatrix.validatePair(x, y, operation: operation)
    let observed = try statistic(x, y)
    var random = RandomStream(seed: seed, stream: stream)
    var null: [Scalar] = []
    null.reserveCapacity(permutations)
    var extreme = 0
    for _ in 0..<permutations {
      let order = try random.permutation(n)
      let permuted = try Tensor(
        shape: [n, q], scalars: RowSelection.gather(y.scalars, rows: order, width: q))
      let value = try statistic(x, permuted)
      null.append(value)
      if tail == .greater ? value >= observed : value <= observed { extreme += 1 }
    }
    return PermutationTestResult(
      observed: observed, pValue: Double(1 + extreme) / Double(1 + permutations),
      nullDistribution: null)
  }

  /// Permutation test of a named measure with its default settings; the
  /// tail follows `measure.isDistance`.
  public static func run<Scalar: RealScalar>(
    _ measure: SimilarityMeasure, _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, permutations: Int,
    seed: UInt64, stream: UInt64 = 0
  ) throws -> PermutationTestResult<Scalar> {
    try run(
      x, y, permutations: permutations, seed: seed, stream: stream,
      tail: measure.isDistance ? .less : .greater
    ) { try measure.evaluate($0, $1) }
  }
}

/// Copies of chosen rows of a row-major matrix.
enum RowSelection {
  static func gather<Scalar>(_ values: [Scalar], rows: [Int], width: Int) -> [Scalar] {
    var out: [Scalar] = []
    out.reserveCapacity(rows.count * width)
    for r in rows { out.append(contentsOf: values[(r * width)..<((r + 1) * width)]) }
    return out
  }
}
