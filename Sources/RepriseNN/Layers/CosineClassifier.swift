// Cosine-softmax classifier (the "cosine softmax" objective of Kornblith et
// al., NeurIPS 2021; also Wang et al. 2018): logits are cosine similarities
// between the feature vector and one weight vector per class, divided by a
// temperature τ:
//   z_k = (h·w_k) / (‖h‖ ‖w_k‖ τ)
// trained with ordinary softmax cross-entropy. A small ε inside the norms
// keeps zero vectors finite.

/// Class logits from cosine similarity.
public struct CosineClassifier: Sendable, Equatable {
  public let weight: ParameterID
  public let temperature: Double

  public init<Scalar: RealScalar>(
    _ name: String, inputs: Int, classes: Int, temperature: Double = 0.05,
    store: inout ParameterStore<Scalar>, random: inout RandomStream
  ) throws {
    guard inputs > 0, classes > 0, temperature > 0 else {
      throw RepriseError.invalidArgument(
        operation: "CosineClassifier.init(\(name))", name: "inputs/classes/temperature",
        reason: "must be positive")
    }
    weight = try store.add(
      "\(name).weight",
      try Initializer<Scalar>.xavierNormal.make(
        [inputs, classes], fanIn: inputs, fanOut: classes, using: &random))
    self.temperature = temperature
  }

  /// Logits [batch, classes] for features h [batch, inputs].
  public func callAsFunction<Scalar>(_ h: Variable<Scalar>, _ parameters: BoundParameters<Scalar>)
    throws
    -> Variable<Scalar>
  {
    let w = parameters[weight]
    let epsilon = Scalar(1e-12)
    // ‖h_i‖ per row, [batch, 1], and ‖w_k‖ per column, [1, classes].
    let featureNorms = try (h.squared().sum(alongAxis: 1, keepingAxis: true) + epsilon).squareRoot()
    let weightNorms = try (w.squared().sum(alongAxis: 0, keepingAxis: true) + epsilon).squareRoot()
    return try h.matmul(w) / (featureNorms * weightNorms * Scalar(temperature))
  }
}
