// Inverted dropout (Srivastava et al., JMLR 2014): each entry is kept with
// probability 1 − p and scaled by 1/(1 − p), so the expected activation is
// unchanged and evaluation needs no rescaling. The mask comes from an explicit
// `RandomStream` (one Bernoulli draw per entry, in row-major order), so a
// training run is reproducible; the gradient is multiplied by the same mask.

extension Variable {
  /// Drops entries with probability `p` during training.
  public func dropout(probability p: Scalar, using random: inout RandomStream) throws -> Variable {
    guard p >= 0 && p < 1 else {
      throw RepriseError.invalidArgument(
        operation: "Variable.dropout", name: "probability", reason: "must be in [0, 1), got \(p)")
    }
    if p == 0 { return self }
    let scale = 1 / (1 - p)
    let keep = Double(1 - p)
    let mask = try (0..<value.count).map { _ in try random.bernoulli(keep) ? scale : 0 }
    return try self * Variable(constant: try Tensor(shape: shape, scalars: mask))
  }
}
