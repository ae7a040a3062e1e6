// Gated deep linear networks (Saxe, Sodhani & Lewallen, "The Neural Race
// Reduction", ICML 2022).
//
// A set of linear pathways, each a product of weight matrices, whose outputs
// add up; a pathway is switched on or off per example by a gate that depends
// on the example's context, never on the weights:
//   ŷ(x, c) = Σ_p g_p(c) · x·W_{p,1}·W_{p,2}⋯
// This network has one shared pathway (always on) and one pathway per
// context (on only in its own context). It is linear in x for a fixed
// context and nonlinear overall; with small initialisation the pathways
// "race", and the one that collects gradient from more contexts (the shared
// one) wins. `pathwayMaps` returns each pathway's end-to-end matrix so the
// race can be measured.

/// A shared linear pathway plus one pathway per context.
public struct GatedLinearNetwork<Scalar: RealScalar>: Sendable {
  /// The layers of each pathway: index 0 is shared, 1…K context-specific.
  public let pathways: [[ParameterID]]
  public let contexts: Int

  /// - Parameter widths: [input, hidden…, output] of every pathway.
  public init(
    _ name: String = "gdln", widths: [Int], contexts: Int, initScale: Scalar,
    store: inout ParameterStore<Scalar>, random: inout RandomStream
  ) throws {
    guard widths.count >= 2, widths.allSatisfy({ $0 > 0 }), contexts > 0 else {
      throw RepriseError.invalidArgument(
        operation: "GatedLinearNetwork.init", name: "widths/contexts",
        reason: "need ≥ 2 positive widths and ≥ 1 context")
    }
    var pathways: [[ParameterID]] = []
    for p in 0...contexts {
      var layers: [ParameterID] = []
      for l in 0..<(widths.count - 1) {
        let w = try Initializer<Scalar>.normal(standardDeviation: initScale).make(
          [widths[l], widths[l + 1]], fanIn: widths[l], fanOut: widths[l + 1], using: &random)
        layers.append(try store.add("\(name).path\(p).\(l)", w))
      }
      pathways.append(layers)
    }
    self.pathways = pathways
    self.contexts = contexts
  }

  /// Output for a batch x [batch, input] whose rows have the given contexts.
  public func callAsFunction(
    _ x: Variable<Scalar>, contexts rowContexts: [Int], _ parameters: BoundParameters<Scalar>
  )
    throws -> Variable<Scalar>
  {
    guard rowContexts.count == x.shape[0] else {
      throw RepriseError.shapeMismatch(
        operation: "GatedLinearNetwork (contexts)", expected: [x.shape[0]], got: [rowContexts.count]
      )
    }
    for (row, c) in rowContexts.enumerated() where c < 0 || c >= contexts {
      throw RepriseError.invalidArgument(
        operation: "GatedLinearNetwork", name: "contexts[\(row)]",
        reason: "\(c) is not in 0..<\(contexts)")
    }
    var total: Variable<Scalar>?
    for (p, layers) in pathways.enumerated() {
      var h = x
      for id in layers { h = try h.matmul(parameters[id]) }
      if p > 0 {
        // Gate: 1 for rows in this pathway's context, 0 elsewhere (a constant).
        let gate = try Tensor<Scalar>(
          shape: [rowContexts.count, 1], scalars: rowContexts.map { $0 == p - 1 ? 1 : 0 })
        h = try h * Variable(constant: gate)
      }
      total = try total.map { try $0 + h } ?? h
    }
    return total!
  }

  /// The end-to-end matrix of each pathway (shared first).
  public func pathwayMaps(_ store: ParameterStore<Scalar>) throws -> [Tensor<Scalar>] {
    try pathways.map { layers in
      try layers.dropFirst().reduce(store[layers[0]]) { try matmul($0, store[$1]) }
    }
  }
}
