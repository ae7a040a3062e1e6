// The diversity coefficient of a benchmark: the expected cosine distance
// between the Task2Vec embeddings of two distinct tasks.
//
// Miranda, Yu, Wang & Koyejo, "The curse of low task diversity",
// arXiv:2208.01545 (papers.md §13):
//   div(B) = (1/(N² − N)) Σ_{i≠j} d_cos(F̂_i, F̂_j),
//   d_cos(a, b) = 1 − aᵀb/(‖a‖‖b‖),
// over a batch of N tasks; d_cos is symmetric, so this is the mean over the
// N(N−1)/2 unordered pairs. Optionally a seeded random sample of the pairs
// is used instead of all of them (for large N): `pairSample` distinct
// unordered pairs drawn by RandomStream(seed:, stream: 14).sample, pair
// index t ↦ (i, j) in row-major order of the strict upper triangle.
//
// Uncertainty: the standard deviation s of the pair distances (ddof = 1) and
// a normal-approximation interval mean ± z·s/√m over the m pairs used
// (z = 1.96 for 95 %), which treats the pair distances as independent — the
// paper's "mean ± CI"; pairs sharing a task are correlated, so for a
// calibrated interval repeat over independent batches of tasks.
//
// Cost O(m·P) for m pairs of P-dimensional embeddings (dot products are fma
// chains, means pairwise sums). Invariances: positive scaling of each
// embedding. Degenerate input: fewer than 2 embeddings, different lengths,
// a zero embedding (its angle is undefined, named), NaN/Inf, or a sample
// size < 1 throw typed errors; one pair gives s = 0 and a zero-width
// interval.

/// Task diversity (Miranda et al. 2022).
public enum DiversityCoefficient {
  /// The random stream number of the pair sample.
  public static let pairSamplingStream: UInt64 = 14

  /// d_cos(a, b) = 1 − aᵀb/(‖a‖‖b‖).
  public static func cosineDistance(_ a: [Double], _ b: [Double]) throws -> Double {
    try distance(a, b, 0, 1, operation: "DiversityCoefficient.cosineDistance")
  }

  /// The estimate and its spread.
  public struct Estimate: Sendable, Equatable {
    /// The mean cosine distance over the pairs used: div(B).
    public var mean: Double
    /// Sample standard deviation (ddof = 1) of the pair distances (0 for one pair).
    public var standardDeviation: Double
    /// Pairs used.
    public var pairs: Int
    /// Lower and upper ends of mean ± z·s/√pairs.
    public var lower: Double
    public var upper: Double
  }

  /// div(B) of task embeddings (one array per task, all the same length).
  ///
  /// - Parameters:
  ///   - pairSample: if given and smaller than N(N−1)/2, the number of
  ///     distinct pairs drawn at random (seeded); otherwise every pair.
  ///   - seed: seed of the pair sample.
  ///   - criticalValue: z of the interval (default 1.959963984540054, 95 %).
  public static func estimate(
    embeddings: [[Double]], pairSample: Int? = nil, seed: UInt64 = 0,
    criticalValue: Double = 1.959963984540054
  ) throws -> Estimate {
    let operation = "DiversityCoefficient.estimate"
    let n = embeddings.count
    guard n >= 2 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "embeddings", reason: "needs at least 2 tasks, got \(n)")
    }
    let total = n * (n - 1) / 2
    var pairIndices = Array(0..<total)
    if let sample = pairSample {
      guard sample >= 1 else {
        throw RepriseError.invalidArgument(
          operation: operation, name: "pairSample", reason: "must be ≥ 1, got \(sample)")
      }
      if sample < total {
        var random = RandomStream(seed: seed, stream: pairSamplingStream)
        pairIndices = try random.sample(sample, from: total).sorted()
      }
    }
    var upperTriangle: [(Int, Int)] = []
    upperTriangle.reserveCapacity(total)
    for i in 0..<n { for j in (i + 1)..<n { upperTriangle.append((i, j)) } }
    let distances = try pairIndices.map { t in
      let (i, j) = upperTriangle[t]
      return try distance(embeddings[i], embeddings[j], i, j, operation: operation)
    }
    let m = Double(distances.count)
    let mean = DoubleSums.pairwise(distances) / m
    let squares = distances.map { ($0 - mean) * ($0 - mean) }
    let deviation = distances.count > 1 ? (DoubleSums.pairwise(squares) / (m - 1)).squareRoot() : 0
    let halfWidth = criticalValue * deviation / m.squareRoot()
    return Estimate(
      mean: mean, standardDeviation: deviation, pairs: distances.count, lower: mean - halfWidth,
      upper: mean + halfWidth)
  }

  static func distance(_ a: [Double], _ b: [Double], _ i: Int, _ j: Int, operation: String) throws
    -> Double
  {
    guard a.count == b.count else {
      throw RepriseError.shapeMismatch(
        operation: "\(operation): embedding \(j) vs embedding \(i)", expected: [a.count],
        got: [b.count])
    }
    for (index, vector) in [(i, a), (j, b)] {
      if let k = vector.firstIndex(where: { !$0.isFinite }) {
        throw RepriseError.nonFinite(operation: operation, row: index, column: k, value: vector[k])
      }
    }
    let aa = DoubleSums.dot(a, a)
    let bb = DoubleSums.dot(b, b)
    guard aa > 0, bb > 0 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "embeddings[\(aa > 0 ? j : i)]",
        reason: "is zero: its cosine distance is undefined")
    }
    return 1 - DoubleSums.dot(a, b) / (aa.squareRoot() * bb.squareRoot())
  }
}
