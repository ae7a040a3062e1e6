// The Gaussian (RBF) kernel matrix of a representation, with its bandwidth
// chosen from the data.
//
// What: K_ij = exp(−‖x_i − x_j‖² / (2σ²)) for the n rows of X.
// Bandwidth rules (`RBFBandwidth`):
//   • `.medianDistance(fraction:)` (default): σ = fraction × the median of the
//     n(n−1)/2 distances ‖x_i − x_j‖ over pairs i < j (the diagonal zeros are
//     not counted); for an even number of pairs the median is the mean of the
//     two middle distances. Kornblith et al. 2019 (§6) use fractions 0.2–0.8.
//   • `.kornblithMedian(fraction:)`: the rule in the code published with that
//     paper: σ² = fraction² × the median of all n² squared distances, the n
//     zeros of the diagonal included (numpy's median: mean of the two middle
//     values). It gives a smaller σ than the rule above for small n.
//   • `.fixed(sigma:)`: σ given.
// Method: squared distances from the Gram matrix of the centred rows,
// ‖x_i‖² + ‖x_j‖² − 2x_iᵀx_j (centring first keeps the cancellation small),
// clamped at 0, with exact zeros on the diagonal; exp is Reprise's own.
// Everything is computed in Double.
// Cost: n²p (Gram) + O(n² log n) (median by sorting) + n² exp.

/// How the RBF kernel's bandwidth σ is chosen.
public enum RBFBandwidth: Sendable, Equatable {
  /// σ = fraction × median of the off-diagonal pairwise distances (pairs
  /// i < j; mean of the two middle values for an even count).
  case medianDistance(fraction: Double)
  /// σ² = fraction² × median of all n² squared distances including the zero
  /// diagonal (the rule of Kornblith et al.'s published code).
  case kornblithMedian(fraction: Double)
  /// A fixed σ > 0.
  case fixed(sigma: Double)
}

extension RBFBandwidth {
  /// σ² under this rule for the n×n squared pairwise distances `d` (row-major,
  /// zero diagonal), for callers that build their own kernels (e.g. caching
  /// one kernel per representation). Throws `invalidArgument` when σ² is not
  /// a positive finite number.
  public func squaredBandwidth(squaredDistances d: [Double], samples n: Int) throws -> Double {
    try RBFKernel.squaredBandwidth(
      self, squaredDistances: d, samples: n, operation: "RBFBandwidth.squaredBandwidth")
  }
}

enum RBFKernel {
  /// Squared Euclidean distances between rows of a centred n×p matrix (Double).
  static func squaredDistances(_ c: [Double], samples n: Int, features p: Int) throws -> [Double] {
    let g = try SimilarityKernels.rowGram(c, samples: n, features: p)
    var d = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n where j != i {
        d[i * n + j] = max(0, g[i * n + i] + g[j * n + j] - 2 * g[i * n + j])
      }
    }
    return d
  }

  /// σ² for the given rule; throws if it is not a positive finite number.
  static func squaredBandwidth(
    _ rule: RBFBandwidth, squaredDistances d: [Double], samples n: Int, operation: String
  ) throws -> Double {
    let sigmaSquared: Double
    switch rule {
    case .medianDistance(let fraction):
      try requirePositive(fraction, name: "fraction", operation: operation)
      var upper: [Double] = []
      upper.reserveCapacity(n * (n - 1) / 2)
      for i in 0..<n {
        for j in (i + 1)..<max(n, i + 1) { upper.append(d[i * n + j]) }
      }
      upper.sort()
      let m = upper.count
      let median =
        m % 2 == 1
        ? upper[m / 2].squareRoot()
        : (upper[m / 2 - 1].squareRoot() + upper[m / 2].squareRoot()) / 2
      sigmaSquared = (fraction * median) * (fraction * median)
    case .kornblithMedian(let fraction):
      try requirePositive(fraction, name: "fraction", operation: operation)
      let all = d.sorted()
      let m = all.count
      let median = m % 2 == 1 ? all[m / 2] : (all[m / 2 - 1] + all[m / 2]) / 2
      sigmaSquared = fraction * fraction * median
    case .fixed(let sigma):
      try requirePositive(sigma, name: "sigma", operation: operation)
      sigmaSquared = sigma * sigma
    }
    guard sigmaSquared > 0 && sigmaSquared.isFinite else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "bandwidth",
        reason: "σ² = \(sigmaSquared): the median pairwise distance is zero "
          + "(more than half of the sample pairs coincide), so the RBF kernel is undefined")
    }
    return sigmaSquared
  }

  /// K_ij = exp(−d_ij / (2σ²)) for squared distances d.
  static func kernel(squaredDistances d: [Double], squaredBandwidth s: Double) -> [Double] {
    let scale = -1 / (2 * s)
    return d.map { Double.exp($0 * scale) }
  }

  /// The RBF kernel matrix of centred data `c` (n×p, Double) under `rule`.
  static func matrix(
    _ c: [Double], samples n: Int, features p: Int, bandwidth rule: RBFBandwidth,
    operation: String
  ) throws -> [Double] {
    let d = try squaredDistances(c, samples: n, features: p)
    let s = try squaredBandwidth(rule, squaredDistances: d, samples: n, operation: operation)
    return kernel(squaredDistances: d, squaredBandwidth: s)
  }

  static func requirePositive(_ value: Double, name: String, operation: String) throws {
    guard value > 0 && value.isFinite else {
      throw RepriseError.invalidArgument(
        operation: operation, name: name, reason: "must be a positive finite number, got \(value)")
    }
  }
}
