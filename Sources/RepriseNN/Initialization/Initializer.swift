// Weight initialisers.
//
// For a weight matrix of shape [fanIn, fanOut]:
//   Kaiming/He (He et al. 2015): variance 2/fanIn, for ReLU networks;
//   Xavier/Glorot (Glorot & Bengio 2010): variance 2/(fanIn + fanOut);
//   PyTorch's `nn.Linear` default: U(±1/√fanIn) for weights and biases;
//   scaled normal: N(0, (σ/√fanIn)²), the "init scale" σ of lazy/rich-regime
//   experiments (σ = 1e-3 gives tiny networks that learn features).
// A uniform U(±a) has variance a²/3, so the uniform variants use a = √3·std.
// Draws come from an explicit `RandomStream`, in row-major order, one draw
// per entry (two words per pair of normals; see Random/Normal.swift).

/// How to fill a new parameter tensor.
public enum Initializer<Scalar: RealScalar>: Sendable {
  case zeros
  case constant(Scalar)
  /// U(−limit, limit).
  case uniform(limit: Scalar)
  /// N(0, std²).
  case normal(standardDeviation: Scalar)
  /// U(±√(6/fanIn)): He uniform.
  case kaimingUniform
  /// N(0, 2/fanIn): He normal.
  case kaimingNormal
  /// U(±√(6/(fanIn + fanOut))).
  case xavierUniform
  /// N(0, 2/(fanIn + fanOut)).
  case xavierNormal
  /// U(±1/√fanIn): PyTorch's default for linear and conv layers.
  case pytorchDefault
  /// N(0, (scale/√fanIn)²).
  case scaledNormal(scale: Scalar)

  /// A tensor of `shape` drawn from this initialiser.
  public func make(_ shape: [Int], fanIn: Int, fanOut: Int, using random: inout RandomStream) throws
    -> Tensor<Scalar>
  {
    let count = try Shape.elementCount(shape, operation: "Initializer.make")
    let fanInValue = Scalar(Swift.max(fanIn, 1))
    let fanSum = Scalar(Swift.max(fanIn + fanOut, 1))
    func uniformValues(_ limit: Scalar) -> [Scalar] {
      (0..<count).map { _ in random.uniform(in: -limit..<limit) }
    }
    func normalValues(_ std: Scalar) -> [Scalar] {
      random.normals(count, Scalar.self).map { $0 * std }
    }
    let scalars: [Scalar]
    switch self {
    case .zeros: scalars = [Scalar](repeating: 0, count: count)
    case .constant(let value): scalars = [Scalar](repeating: value, count: count)
    case .uniform(let limit): scalars = uniformValues(limit)
    case .normal(let std): scalars = normalValues(std)
    case .kaimingUniform: scalars = uniformValues((6 / fanInValue).squareRoot())
    case .kaimingNormal: scalars = normalValues((2 / fanInValue).squareRoot())
    case .xavierUniform: scalars = uniformValues((6 / fanSum).squareRoot())
    case .xavierNormal: scalars = normalValues((2 / fanSum).squareRoot())
    case .pytorchDefault: scalars = uniformValues(1 / fanInValue.squareRoot())
    case .scaledNormal(let scale): scalars = normalValues(scale / fanInValue.squareRoot())
    }
    return try Tensor(shape: shape, scalars: scalars)
  }
}
