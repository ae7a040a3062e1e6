// Class labels and the Double working copies every collapse, alignment and
// geometry metric starts from.
//
// The metrics in Alignment/, Collapse/, Geometry/ and TaskDiversity/ accept
// Float or Double tensors and compute in Double: a Float input is widened
// exactly, so a Float and a Double tensor holding the same values give the
// same result bits, and sums of many float32 activations keep their digits.
// Labels are integers in 0..<classCount; a label outside that range, or a
// class that no sample belongs to, is reported with the label named.

extension Tensor {
  /// The same values as a Double tensor (exact for Float and Double).
  /// Dispatches to concrete Float code: a generic `Double(x)` per element
  /// is a protocol call (CONTRIBUTING.md, rule 8).
  func widenedToDouble() -> Tensor<Double> {
    if let same = self as? Tensor<Double> { return same }
    if let single = scalars as? [Float] {
      return try! Tensor<Double>(shape: shape, scalars: single.map { Double($0) })
    }
    return try! Tensor<Double>(shape: shape, scalars: scalars.map { Double($0) })
  }
}

/// Validated class labels: every label in 0..<classCount, every class used.
struct ClassLabels {
  let labels: [Int]
  let classCount: Int
  /// Samples per class.
  let counts: [Int]

  /// Checks `labels` against `samples` rows and `classCount` classes.
  /// - Throws: `shapeMismatch` (wrong number of labels), `invalidArgument`
  ///   (classCount < minimumClasses, a label out of range, an empty class
  ///   when `requireEveryClass`).
  init(
    _ labels: [Int], samples: Int, classCount: Int, minimumClasses: Int = 1,
    requireEveryClass: Bool = true, operation: String
  ) throws {
    guard labels.count == samples else {
      throw RepriseError.shapeMismatch(
        operation: "\(operation): one label per sample", expected: [samples], got: [labels.count])
    }
    guard classCount >= minimumClasses else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "classCount",
        reason: "needs at least \(minimumClasses) classes, got \(classCount)")
    }
    var counts = [Int](repeating: 0, count: classCount)
    for (index, label) in labels.enumerated() {
      guard label >= 0 && label < classCount else {
        throw RepriseError.invalidArgument(
          operation: operation, name: "labels[\(index)]",
          reason: "label \(label) is outside 0..<\(classCount)")
      }
      counts[label] += 1
    }
    if requireEveryClass, let empty = counts.firstIndex(of: 0) {
      throw RepriseError.invalidArgument(
        operation: operation, name: "labels",
        reason: "class \(empty) has no samples (classCount \(classCount))")
    }
    self.labels = labels
    self.classCount = classCount
    self.counts = counts
  }
}

/// Fixed-order sums in Double shared by the metrics of this module.
enum DoubleSums {
  /// Sequential fused dot product Σ a[i]·b[i] (one fma chain, fixed order).
  @inline(__always)
  static func dot(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Double {
    var total = 0.0
    for i in 0..<a.count { total = total.addingProduct(a[i], b[i]) }
    return total
  }

  /// Sequential fused dot product of two equal-length arrays.
  static func dot(_ a: [Double], _ b: [Double]) -> Double {
    a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in dot(pa, pb) } }
  }

  /// Pairwise (fixed-order) sum of an array, as `Tensor.sum()` defines it.
  static func pairwise(_ values: [Double]) -> Double { Tensor(values).sum() }
}
