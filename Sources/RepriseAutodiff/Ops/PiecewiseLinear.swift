// Piecewise-linear activations: ReLU and leaky ReLU.
//
// ReLU(x) = max(x, 0). Its derivative is 1 for x > 0 and 0 for x < 0; at
// x = 0 it is undefined and frameworks pick 0. GradMax (Evci et al. 2022)
// needs 1 there, so new neurons with zero incoming weights can learn: the
// value at 0 is an argument. The gradient multiplies by a constant 0/1 mask,
// so second derivatives through ReLU are (correctly) zero almost everywhere.

extension Variable {
  /// max(x, 0), with the derivative at exactly 0 given by `derivativeAtZero`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func relu(derivativeAtZero: Scalar = 0) -> Variable {
    let mask = value.applying(.reluDerivative(atZero: Double(derivativeAtZero)))
    return Variable.make(value.applying(.relu), "relu", [self]) { g in
      [try g * Variable(constant: mask)]
    }
  }

  /// x for x > 0, slope·x otherwise.
  public func leakyReLU(slope: Scalar = 0.01) -> Variable {
    let factor = value.applying(.leakyReLUDerivative(slope: Double(slope)))
    let output = value.applying(.leakyReLU(slope: Double(slope)))
    return Variable.make(output, "leaky relu", [self]) { g in [try g * Variable(constant: factor)] }
  }
}
