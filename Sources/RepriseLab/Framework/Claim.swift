// A claim: one falsifiable statement an experiment checks against its data.
//
// Each claim comes from an "Expected outcome" of the paper's entry in
// `papers.md`: a measured value, a threshold and a direction. A value that is
// not a number never passes, so a broken run cannot satisfy a claim by
// producing NaN.

/// A checked statement: `value comparison threshold`.
public struct Claim: Sendable, Equatable {
  /// How the measured value must relate to the threshold.
  public enum Comparison: String, Sendable {
    case atLeast = ">="
    case atMost = "<="
    case greaterThan = ">"
    case lessThan = "<"
  }

  /// Short stable identifier, e.g. "input-alignment-true-vs-random".
  public var id: String
  /// The statement in words, as a reader would check it.
  public var statement: String
  public var value: Double
  public var comparison: Comparison
  public var threshold: Double
  /// Where the threshold comes from: "[paper]", "[ref]", "[derived]",
  /// "[guess]", or a note on how it was calibrated.
  public var provenance: String

  public init(
    id: String, statement: String, value: Double, _ comparison: Comparison, _ threshold: Double,
    provenance: String
  ) {
    self.id = id
    self.statement = statement
    self.value = value
    self.comparison = comparison
    self.threshold = threshold
    self.provenance = provenance
  }

  /// Whether the claim holds; false for a NaN value.
  public var passed: Bool {
    guard !value.isNaN else { return false }
    switch comparison {
    case .atLeast: return value >= threshold
    case .atMost: return value <= threshold
    case .greaterThan: return value > threshold
    case .lessThan: return value < threshold
    }
  }
}
