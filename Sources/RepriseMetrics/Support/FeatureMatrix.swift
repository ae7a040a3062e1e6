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
// is a pairwise sum over rows in a fixed order (`Tensor.sum(alongAxis: 0)`'s:
// runs of at most 8 rows added in order, longer runs split at ⌊n/2⌋), so the
// result does not depend on threads.
// Speed: these routines run on every input of every metric and on large
// inputs cost as much as a GEMM if written naively, so they are specialised
// for Float and Double, the finiteness scan runs on the concrete type (the
// generic `Tensor.requireFinite` is only called to build the error once a
// bad value is found), and the column sums walk whole rows (a vector of p
// partial sums per run of rows) instead of striding down each column, which
// missed the cache on every element of a 10,000 × 1,000 input.
// Cost: two passes over the n × p matrix (shift + sums + finiteness, then
// subtraction of the means) after allocating the output.

/// Validation and centring of samples × features matrices.
public enum FeatureMatrix {
  /// Checks that `x` is a finite samples × features matrix with at least
  /// `minimumSamples` rows and returns its extents.
  @discardableResult
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func validate<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, operation: String, minimumSamples: Int = 1
  ) throws -> (samples: Int, features: Int) {
    let extents = try validateShape(x, operation: operation, minimumSamples: minimumSamples)
    let allFinite = x.scalars.withUnsafeBufferPointer { b -> Bool in
      for v in b where !v.isFinite { return false }
      return true
    }
    if !allFinite { try x.requireFinite(operation: operation) }
    return extents
  }

  /// `validate` without the finiteness scan: rank 2 and enough rows.
  static func validateShape<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, operation: String, minimumSamples: Int
  ) throws -> (samples: Int, features: Int) {
    guard x.rank == 2 else {
      throw RepriseError.invalidShape(
        operation: operation, shape: x.shape,
        reason: "expected a samples × features matrix (rank 2)")
    }
    guard x.shape[0] >= minimumSamples else {
      throw RepriseError.invalidShape(
        operation: operation, shape: x.shape,
        reason: "needs at least \(minimumSamples) samples (rows), got \(x.shape[0])")
    }
    return (x.shape[0], x.shape[1])
  }

  /// Validates `x` and centres it in two passes: the first shifts by row 0,
  /// sums the columns and detects non-finite entries (any NaN or ±∞ makes its
  /// column's sum non-finite; row 0 is checked directly), the second
  /// subtracts the means. Returns the centred values and max |c_ij|. The
  /// same bits as `centered`, and the same errors as `validate` (a
  /// non-finite sum from finite data — overflow — is not an error here).
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func validatedCentring<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, operation: String, minimumSamples: Int
  ) throws -> (values: [Scalar], largest: Scalar) {
    let (n, p) = try validateShape(x, operation: operation, minimumSamples: minimumSamples)
    let shifted = shiftedColumns(x.scalars, n, p)
    let means = shifted.means
    var values = shifted.shifted
    let firstRowFinite = x.scalars.prefix(n > 0 ? p : 0).allSatisfy(\.isFinite)
    if !firstRowFinite || !means.allSatisfy(\.isFinite) {
      try validate(x, operation: operation, minimumSamples: minimumSamples)
    }
    let largest = subtractMeans(&values, means, n, p)
    return (values, largest)
  }

  /// Checks that two representations of the same samples have the same
  /// number of rows.
  @discardableResult
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
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func columnMeans<Scalar: RealScalar>(_ x: Tensor<Scalar>) throws -> [Scalar] {
    let (n, p) = try validate(x, operation: "FeatureMatrix.columnMeans")
    let shiftMeans = shiftedColumns(x.scalars, n, p).means
    return (0..<p).map { x.scalars[$0] + shiftMeans[$0] }
  }

  /// `x` with every column centred; constant columns become exactly zero.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func centered<Scalar: RealScalar>(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
    let centred = try validatedCentring(x, operation: "FeatureMatrix.centered", minimumSamples: 1)
    return try Tensor(shape: x.shape, scalars: centred.values)
  }

  /// c_ij = d_ij − mean_j in place; returns max |c_ij| (0 when every column
  /// was constant).
  @discardableResult
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func subtractMeans<Scalar: RealScalar>(
    _ d: inout [Scalar], _ means: [Scalar], _ n: Int, _ p: Int
  ) -> Scalar {
    var largest: Scalar = 0
    means.withUnsafeBufferPointer { m in
      d.withUnsafeMutableBufferPointer { b in
        for i in 0..<n {
          let row = b.baseAddress! + i * p
          for j in 0..<p {
            let v = row[j] - m[j]
            row[j] = v
            largest = max(largest, abs(v))
          }
        }
      }
    }
    return largest
  }

  /// The shifted matrix d_ij = x_ij − x_0j and its column means, each a
  /// pairwise sum over rows in `Tensor.sum(alongAxis: 0)`'s order, taken row
  /// by row: runs of at most 8 rows are added in order into a vector of p
  /// sums, longer runs split at ⌊n/2⌋ and their vectors added.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func shiftedColumns<Scalar: RealScalar>(
    _ x: [Scalar], _ n: Int, _ p: Int
  ) -> (shifted: [Scalar], means: [Scalar]) {
    // One pass: each run of ≤ 8 rows is shifted into the output and added
    // into its vector of partial sums while it is in cache. Row 0 shifts to
    // exact zeros and adds nothing (+0 + +0 = +0 where it would be added).
    var sums = [Scalar](repeating: 0, count: p)
    let shifted = [Scalar](unsafeUninitializedCapacity: n * p) { out, initialized in
      x.withUnsafeBufferPointer { source in
        guard n > 0 && p > 0 else { return }
        let first = source.baseAddress!
        func rowSums(_ start: Int, _ count: Int) -> [Scalar] {
          if count > 8 {
            let half = count / 2
            var left = rowSums(start, half)
            let right = rowSums(start + half, count - half)
            for j in 0..<p { left[j] += right[j] }
            return left
          }
          var partial = [Scalar](repeating: 0, count: p)
          partial.withUnsafeMutableBufferPointer { total in
            for i in start..<(start + count) {
              let (s, d) = (first + i * p, out.baseAddress! + i * p)
              if i == 0 {
                for j in 0..<p { d[j] = 0 }
                continue
              }
              for j in 0..<p {
                let v = s[j] - first[j]
                d[j] = v
                total[j] += v
              }
            }
          }
          return partial
        }
        sums = rowSums(0, n)
      }
      initialized = n * p
    }
    return (shifted, sums.map { $0 / Scalar(max(n, 1)) })
  }
}
