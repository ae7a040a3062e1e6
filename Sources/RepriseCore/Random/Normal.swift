// Standard normal variates by the Box–Muller transform, on Reprise's own
// log, sin and cos, so they are the same bits everywhere.
//
// From two uniform words u₁ ∈ (0, 1] and u₂ ∈ [0, 1) (u₁ = (w₁ >> 11 + 1)·2⁻⁵³,
// u₂ = (w₂ >> 11)·2⁻⁵³), r = √(−2 ln u₁), θ = 2πu₂, the pair
// (r·cos θ, r·sin θ) is two independent N(0, 1) values (Box & Muller 1958).
// Reprise always uses both: `normals(n)` consumes ⌈n/2⌉ word pairs and
// returns cos-values and sin-values alternately; a single `normal()` draws
// a fresh pair and returns its cos-value (no hidden cached state, so a
// stream's position is always just the number of words it has used).
// Float variates are the Double ones rounded once.

extension RandomStream {
  /// One Box–Muller pair from two words.
  mutating func boxMullerPair() -> (Double, Double) {
    let u1 = Double((nextWord() >> 11) + 1) * 0x1p-53
    let u2 = Double(nextWord() >> 11) * 0x1p-53
    let radius = (-2 * Double.log(u1)).squareRoot()
    let angle = 2 * Double.pi * u2
    return (radius * Double.cos(angle), radius * Double.sin(angle))
  }

  /// One N(0, 1) value (uses two words).
  public mutating func normal() -> Double {
    boxMullerPair().0
  }

  /// `count` N(0, 1) values (uses 2·⌈count/2⌉ words).
  public mutating func normals<S: RealScalar>(_ count: Int, _: S.Type = S.self) -> [S] {
    var result: [S] = []
    result.reserveCapacity(count)
    while result.count < count {
      let (a, b) = boxMullerPair()
      result.append(S(a))
      if result.count < count { result.append(S(b)) }
    }
    return result
  }

  /// N(mean, std²) values.
  public mutating func normals<S: RealScalar>(_ count: Int, mean: S, standardDeviation: S) -> [S] {
    normals(count, S.self).map { mean + standardDeviation * $0 }
  }
}

extension Tensor {
  /// A tensor of independent N(0, 1) entries, in row-major order.
  public static func normal(_ shape: [Int], using random: inout RandomStream) throws -> Tensor {
    let count = try Shape.elementCount(shape, operation: "Tensor.normal")
    return try Tensor(shape: shape, scalars: random.normals(count, Scalar.self))
  }

  /// A tensor of independent U[low, high) entries, in row-major order.
  public static func uniform(
    _ shape: [Int], in range: Range<Scalar>, using random: inout RandomStream
  ) throws -> Tensor {
    let count = try Shape.elementCount(shape, operation: "Tensor.uniform")
    return try Tensor(shape: shape, scalars: (0..<count).map { _ in random.uniform(in: range) })
  }
}
