// Growing a hidden layer of an MLP by k neurons (GradMax, Evci et al., ICLR
// 2022, and its random baseline).
//
// Layer ℓ maps h_{ℓ−1} to h_ℓ with W_ℓ (d_{ℓ−1} × d_ℓ) and b_ℓ; the next layer
// reads h_ℓ with W_{ℓ+1} (d_ℓ × d_{ℓ+1}). Adding k neurons appends k columns
// to W_ℓ (their incoming weights), k entries to b_ℓ and k rows to W_{ℓ+1}
// (their outgoing weights). With zero incoming weights and bias the function
// is unchanged; GradMax then chooses the outgoing weights from an SVD. The
// optimizer's state grows the same way (zeros), as if the new weights had
// always been there with zero gradient.

extension MLP {
  /// The MLP with hidden layer `layer` (0-based, < layers.count − 1) widened
  /// by `incoming.shape[1]` neurons. `incoming` is [d_{ℓ−1}, k], `outgoing`
  /// [k, d_{ℓ+1}]; new biases are zero.
  public func growingHiddenLayer<O: Optimizer>(
    _ layer: Int, incoming: Tensor<Scalar>, outgoing: Tensor<Scalar>,
    store: inout ParameterStore<Scalar>,
    optimizer: inout O
  ) throws -> MLP where O.Scalar == Scalar {
    guard layer >= 0, layer < layers.count - 1 else {
      throw RepriseError.invalidArgument(
        operation: "MLP.growingHiddenLayer", name: "layer",
        reason: "\(layer) is not a hidden layer of \(widths)")
    }
    let k = incoming.columnCount
    guard incoming.shape == [widths[layer], k], outgoing.shape == [k, widths[layer + 2]], k > 0
    else {
      throw RepriseError.shapeMismatch(
        operation: "MLP.growingHiddenLayer (incoming [d_in, k], outgoing [k, d_out])",
        expected: [widths[layer], k, k, widths[layer + 2]], got: incoming.shape + outgoing.shape)
    }
    let into = layers[layer]
    let out = layers[layer + 1]
    try store.grow(into.weight, axis: 1, appending: incoming)
    try optimizer.grow(into.weight, axis: 1, by: k)
    if let bias = into.bias {
      try store.grow(bias, axis: 0, appending: try Tensor.zeros([k]))
      try optimizer.grow(bias, axis: 0, by: k)
    }
    try store.grow(out.weight, axis: 0, appending: outgoing)
    try optimizer.grow(out.weight, axis: 0, by: k)
    var newWidths = widths
    newWidths[layer + 1] += k
    return MLP(layers: layers, widths: newWidths, activation: activation)
  }

  init(layers: [Dense], widths: [Int], activation: Activation<Scalar>) {
    self.layers = layers
    self.widths = widths
    self.activation = activation
  }
}
