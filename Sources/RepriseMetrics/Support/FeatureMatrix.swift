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
// missed the cache on every element of a 10,000 × 1,000 input. The shifted
// matrix d is never stored: the first pass only reads x (sums and
// finiteness), the second writes c = (x − x₀) − mean straight into its
// destination, which may be a block of a wider matrix (linear CKA centres X
// and Y side by side into one array). Both passes split the columns between
// threads; every column keeps its own order of additions.
// Cost: two reads of the n × p input and one write of the output.

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

  /// Validates `x` and centres it in two passes over the input: the first
  /// sums the shifted columns without writing anything (`shiftMeans`), the
  /// second writes c_ij = (x_ij − x_0j) − mean_j into a new array
  /// (`writeCentred`). Returns the centred values and max |c_ij|. The same
  /// bits as `centered`, and the same errors as `validate`. Both passes
  /// split the columns between `threads` workers (each column's sums keep
  /// their order, so the thread count never changes a bit).
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func validatedCentring<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, operation: String, minimumSamples: Int,
    threads: Int = ThreadSettings.defaultCount
  ) throws -> (values: [Scalar], largest: Scalar) {
    let (n, p) = try validateShape(x, operation: operation, minimumSamples: minimumSamples)
    let means = try checkedShiftMeans(
      x, operation: operation, minimumSamples: minimumSamples, threads: threads)
    var largest: Scalar = 0
    let values = [Scalar](unsafeUninitializedCapacity: n * p) { out, initialized in
      if let base = out.baseAddress {
        HugePages.advise(UnsafeMutableRawPointer(base), bytes: n * p * MemoryLayout<Scalar>.stride)
        largest = writeCentred(
          x, means: means, into: base, stride: p, threads: threads)
      }
      initialized = n * p
    }
    return (values, largest)
  }

  /// The column means of the first-row shift (`shiftMeans`) after the
  /// finiteness check of `validate`: any NaN or ±∞ makes its column's sum
  /// non-finite (row 0 is checked directly), and only then is the input
  /// scanned again to name the first bad entry. (A non-finite sum from
  /// finite data — overflow — is not an error here.)
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func checkedShiftMeans<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, operation: String, minimumSamples: Int,
    threads: Int = ThreadSettings.defaultCount
  ) throws -> [Scalar] {
    let (n, p) = try validateShape(x, operation: operation, minimumSamples: minimumSamples)
    let means = shiftMeans(x, threads: threads)
    let firstRowFinite = x.scalars.prefix(n > 0 ? p : 0).allSatisfy(\.isFinite)
    if !firstRowFinite || !means.allSatisfy(\.isFinite) {
      try validate(x, operation: operation, minimumSamples: minimumSamples)
    }
    return means
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
    let p = try validate(x, operation: "FeatureMatrix.columnMeans").features
    let means = shiftMeans(x, threads: ThreadSettings.defaultCount)
    return (0..<p).map { x.scalars[$0] + means[$0] }
  }

  /// `x` with every column centred; constant columns become exactly zero.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func centered<Scalar: RealScalar>(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
    let centred = try validatedCentring(x, operation: "FeatureMatrix.centered", minimumSamples: 1)
    return try Tensor(shape: x.shape, scalars: centred.values)
  }

  /// Column bands for `threads` workers over an n × p input: one band when
  /// the input is too small to pay for a fork (~20 µs), otherwise up to
  /// `threads` bands of whole 8-column groups (so two workers never write
  /// the same cache line of a Double row).
  static func columnBands(samples n: Int, features p: Int, threads: Int) -> [Range<Int>] {
    let groups = (p + 7) / 8
    let parts = n * p >= 1 << 17 ? max(1, min(threads, groups)) : 1
    return (0..<parts).map { part in
      min(p, groups * part / parts * 8)..<min(p, groups * (part + 1) / parts * 8)
    }
  }

  /// The means of the shifted columns d_ij = x_ij − x_0j, each a pairwise
  /// sum over rows in `Tensor.sum(alongAxis: 0)`'s order divided by n, taken
  /// row by row without writing d: runs of at most 8 rows are added in order
  /// into a vector of sums (one per column of the band), longer runs split at
  /// ⌊n/2⌋ and their vectors added. Row 0 shifts to exact zeros and adds
  /// nothing (+0 + +0 = +0 where it would be added).
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func shiftMeans<Scalar: RealScalar>(_ x: Tensor<Scalar>, threads: Int) -> [Scalar] {
    let (n, p) = (x.shape[0], x.shape[1])
    var means = [Scalar](repeating: 0, count: p)
    guard n > 0 && p > 0 else { return means }
    let divisor = Scalar(n)
    x.scalars.withUnsafeBufferPointer { source in
      means.withUnsafeMutableBufferPointer { result in
        let first = UncheckedSendable(source.baseAddress!)
        let out = UncheckedSendable(result.baseAddress!)
        let bands = columnBands(samples: n, features: p, threads: threads)
        ParallelFor.run(chunks: bands.count, threads: bands.count) { part in
          let (j0, width) = (bands[part].lowerBound, bands[part].count)
          let top = first.value + j0
          func rowSums(_ start: Int, _ count: Int) -> [Scalar] {
            if count > 8 {
              let half = count / 2
              var left = rowSums(start, half)
              let right = rowSums(start + half, count - half)
              left.withUnsafeMutableBufferPointer { l in
                right.withUnsafeBufferPointer { r in
                  for j in 0..<width { l[j] += r[j] }
                }
              }
              return left
            }
            var partial = [Scalar](repeating: 0, count: width)
            partial.withUnsafeMutableBufferPointer { total in
              let t = total.baseAddress!
              for i in start..<(start + count) where i != 0 {
                let s = top + i * p
                for j in 0..<width { t[j] += s[j] - top[j] }
              }
            }
            return partial
          }
          let sums = rowSums(0, n)
          for j in 0..<width { out.value[j0 + j] = sums[j] / divisor }
        }
      }
    }
    return means
  }

  /// Writes c_ij = (x_ij − x_0j) − mean_j for every row i into
  /// `destination[i·stride + j]` (so a caller can place several centred
  /// inputs side by side in one matrix) and returns max |c_ij| (0 when every
  /// column was constant). Row 0 gives (x_0j − x_0j) − mean_j = −mean_j, the
  /// value of the definition.
  @discardableResult
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func writeCentred<Scalar: RealScalar>(
    _ x: Tensor<Scalar>, means: [Scalar], into destination: UnsafeMutablePointer<Scalar>,
    stride: Int, threads: Int
  ) -> Scalar {
    let (n, p) = (x.shape[0], x.shape[1])
    guard n > 0 && p > 0 else { return 0 }
    let bands = columnBands(samples: n, features: p, threads: threads)
    var largest = [Scalar](repeating: 0, count: bands.count)
    x.scalars.withUnsafeBufferPointer { source in
      means.withUnsafeBufferPointer { m in
        largest.withUnsafeMutableBufferPointer { bandLargest in
          let first = UncheckedSendable(source.baseAddress!)
          let meanBase = UncheckedSendable(m.baseAddress!)
          let out = UncheckedSendable(destination)
          let results = UncheckedSendable(bandLargest.baseAddress!)
          ParallelFor.run(chunks: bands.count, threads: bands.count) { part in
            let (j0, width) = (bands[part].lowerBound, bands[part].count)
            let (top, mean) = (first.value + j0, meanBase.value + j0)
            // Per-column maxima (a vector, so the loop stays elementwise).
            var columnLargest = [Scalar](repeating: 0, count: width)
            columnLargest.withUnsafeMutableBufferPointer { c in
              let largestOf = c.baseAddress!
              for i in 0..<n {
                let (s, d) = (top + i * p, out.value + i * stride + j0)
                for j in 0..<width {
                  let v = (s[j] - top[j]) - mean[j]
                  d[j] = v
                  largestOf[j] = max(largestOf[j], abs(v))
                }
              }
            }
            results.value[part] = columnLargest.max() ?? 0
          }
        }
      }
    }
    return largest.max() ?? 0
  }
}
