// Pointwise nonlinearities as values, so a model can be described by data
// ("relu", "tanh") and rebuilt from a checkpoint.

/// A pointwise activation function.
public enum Activation<Scalar: RealScalar>: Sendable, Equatable {
  case identity
  /// ReLU with the derivative at 0 given (0 by default; GradMax needs 1).
  case relu(derivativeAtZero: Scalar)
  case leakyReLU(slope: Scalar)
  case tanh
  case sigmoid
  case gelu
  case softplus

  public static var relu: Activation { .relu(derivativeAtZero: 0) }

  /// Applies the activation to a variable.
  public func callAsFunction(_ x: Variable<Scalar>) throws -> Variable<Scalar> {
    switch self {
    case .identity: return x
    case .relu(let d0): return x.relu(derivativeAtZero: d0)
    case .leakyReLU(let slope): return x.leakyReLU(slope: slope)
    case .tanh: return x.tanh()
    case .sigmoid: return x.sigmoid()
    case .gelu: return x.gelu()
    case .softplus: return x.softplus()
    }
  }
}
