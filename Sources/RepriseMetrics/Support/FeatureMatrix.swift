// Checking and centring samples × features matrices, the input of every metric.
//
// Every similarity measure starts by removing column means. Done naively
// (mean = sum / n, then subtract) a constant column does not always centre to
// exactly zero: the rounded mean of n copies of 0.1 need not be 0.1, and a
// phantom feature of size 1e-17 then survives into CCA's whitening, where it
// is blown up to order one. We centre in two steps instead:
//
//   1. shift every column by its first entry, d_ij = x_ij − x_0j, and
//   2. subtract the mean of the shifted column, c_ij = d_ij − mean_i(d_ij).
//
// For a constant column step 1 gives exact zeros, so the result is exactly
// zero. For other columns the shift removes most of the offset before the
// mean is taken, which also protects float32 data far from the origin (the
// unbiased HSIC loses every digit on uncentred float32 activations). The mean
// is a pairwise sum in a fixed order, so the result does not depend on threads.
// Cost: three passes over the n × p matrix.

/// Validation and centring of samples × features matrices.
public enum FeatureMatrix {
  /// Checks that `x` is a finite samples × features matrix with at least
  /// `minimumSamples` rows and returns its extents.
  @discardableResult
  public static func validate<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, operation: String, minimumSamples: Int = 1
  ) throws -> (samples: Int, features: Int) {
    guard x.rank == 2 else {
      throw RepriseError.invalidShape(
        operation: operation, shape: x.shape,
        reason: "expected a samples × features matrix (rank 2)")
    }
    let samples = x.shape[0]
    let features = x.shape[1]
    guard samples >= minimumSamples else {
      throw RepriseError.invalidShape(
        operation: operation, shape: x.shape,
        reason: "needs at least \(minimumSamples) samples (rows), got \(samples)")
    }
    try x.requireFinite(operation: operation)
    return (samples, features)
  }

  /// Checks that two representations of the same samples have the same
  /// number of rows.
  public static func validatePair<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, operation: String, minimumSamples: Int = 1
  ) throws -> (samples: Int, xFeatures: Int, yFeatures: Int) {
    let (n, p) = try validate(x, operation: operation, minimumSamples: minimumSamples)
    let (m, q) = try validate(y, operation: operation, minimumSamples: minimumSamples)
    guard n == m else {
      throw RepriseError.shapeMismatch(operation: operation, expected: [n, q], got: [m, q])
    }
    return (n, p, q)
  }

  /// Column means, computed from the first-row shift described above
  /// (mean_j = x_0j + mean_i(x_ij − x_0j)).
  public static func columnMeans<Scalar: RealScalar>(_ x: Tensor<Scalar>) throws -> [Scalar] {
    let (n, p) = try validate(x, operation: "FeatureMatrix.columnMeans")
    let (shifted, shiftMeans) = shiftedColumns(x.scalars, n, p)
    _ = shifted
    return (0..<p).map { x.scalars[$0] + shiftMeans[$0] }
  }

  /// `x` with every column centred; constant columns become exactly zero.
  public static func centered<Scalar: RealScalar>(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
    let (n, p) = try validate(x, operation: "FeatureMatrix.centered")
    var (shifted, means) = shiftedColumns(x.scalars, n, p)
    for i in 0..<n {
      for j in 0..<p { shifted[i * p + j] -= means[j] }
    }
    return try Tensor(shape: [n, p], scalars: shifted)
  }

  /// The shifted matrix d_ij = x_ij − x_0j and its column means, each a
  /// pairwise sum over rows in a fixed order.
  static func shiftedColumns<Scalar: RealScalar>(
    _ x: [Scalar], _ n: Int, _ p: Int
  ) -> (shifted: [Scalar], means: [Scalar]) {
    var shifted = x
    for i in 0..<n {
      for j in 0..<p { shifted[i * p + j] = x[i * p + j] - x[j] }
    }
    var means = [Scalar](repeating: 0, count: p)
    if n > 0 {
      let sums = try! Tensor(shape: [n, p], scalars: shifted).sum(alongAxis: 0)
      for j in 0..<p { means[j] = sums.scalars[j] / Scalar(n) }
    }
    return (shifted, means)
  }
}
