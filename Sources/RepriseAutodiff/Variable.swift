// A value in a differentiable computation: a tensor plus, when it is tracked,
// its position on a tape. Untracked variables are constants: operations on
// them compute values but record nothing.

/// A tensor that may be tracked on a `Tape` for differentiation.
public struct Variable<Scalar: RealScalar> {
  /// The value computed by the forward pass.
  public let value: Tensor<Scalar>
  /// The tape this variable is recorded on; `nil` for constants.
  public let tape: Tape<Scalar>?
  /// Its node index on `tape` (−1 for constants).
  public let id: Int

  init(value: Tensor<Scalar>, tape: Tape<Scalar>, id: Int) {
    self.value = value
    self.tape = tape
    self.id = id
  }

  /// An untracked constant.
  public init(constant value: Tensor<Scalar>) {
    self.value = value
    self.tape = nil
    self.id = -1
  }

  /// Whether gradients can flow to or through this variable.
  public var isTracked: Bool { tape != nil }
  public var shape: [Int] { value.shape }

  /// The same value, cut off from the tape (stop-gradient).
  public var detached: Variable { Variable(constant: value) }

  /// The tape shared by a set of operands (the first tracked one's).
  static func commonTape(_ operands: [Variable]) -> Tape<Scalar>? {
    operands.lazy.compactMap(\.tape).first
  }
}
