// Smooth elementwise functions and their derivatives, on Reprise's own
// elementary functions (RepriseCore/Elementary), so values and gradients are
// the same bits on every platform.
//   exp:      (eˣ)' = eˣ                 log:      (ln x)' = 1/x
//   tanh:     (tanh x)' = 1 − tanh²x     sigmoid:  σ' = σ(1 − σ)
//   softplus: (ln(1 + eˣ))' = σ(x)      gelu:     x·Φ(x), Φ(x) = ½(1 + erf(x/√2)),
//             (x·Φ(x))' = Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π)
// Each rule is written with differentiable operations of the input, so the
// second derivatives needed by double backprop come out of the same rules.
// (GELU: Hendrycks & Gimpel 2016, exact erf form as in PyTorch's default.)

extension Variable {
  /// Elementwise eˣ.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func exp() -> Variable {
    let y = value.applying(.exp)
    return Variable.make(y, "exp", [self]) { [self] g in [try g * self.recomputed(y) { $0.exp() }] }
  }

  /// Elementwise natural logarithm.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func log() -> Variable {
    Variable.make(value.applying(.log), "log", [self]) { [self] g in [try g / self] }
  }

  /// Elementwise hyperbolic tangent.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func tanh() -> Variable {
    let y = value.applying(.tanh)
    return Variable.make(y, "tanh", [self]) { [self] g in
      let t = self.recomputed(y) { $0.tanh() }
      return [try g * (try t * t * -1 + 1)]
    }
  }

  /// Elementwise logistic sigmoid 1/(1 + e⁻ˣ).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func sigmoid() -> Variable {
    let y = value.applying(.sigmoid)
    return Variable.make(y, "sigmoid", [self]) { [self] g in
      let s = self.recomputed(y) { $0.sigmoid() }
      return [try g * s * (s * -1 + 1)]
    }
  }

  /// Elementwise softplus ln(1 + eˣ).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func softplus() -> Variable {
    Variable.make(value.applying(.softplus), "softplus", [self]) { [self] g in
      [try g * self.sigmoid()]
    }
  }

  /// Elementwise GELU x·Φ(x) with the exact (erf) Gaussian CDF.
  public func gelu() -> Variable {
    let cdf = value.map { Self.gaussianCDF($0) }
    let y = try! value * cdf  // same shape
    return Variable.make(y, "gelu", [self]) { [self] g in
      [try g * (try self.gaussianCDFVariable() + self * self.gaussianDensityVariable())]
    }
  }

  /// Φ(x) = ½(1 + erf(x/√2)).
  static func gaussianCDF(_ x: Scalar) -> Scalar {
    (1 + Scalar.erf(x * Scalar(0.70710678118654752440))) / 2
  }

  /// Φ as a differentiable variable (its derivative is φ).
  func gaussianCDFVariable() -> Variable {
    Variable.make(value.map { Self.gaussianCDF($0) }, "gaussian cdf", [self]) { [self] g in
      [try g * self.gaussianDensityVariable()]
    }
  }

  /// φ(x) = e^(−x²/2)/√(2π), differentiable (φ' = −x·φ).
  func gaussianDensityVariable() throws -> Variable {
    try (self * self * Scalar(-0.5)).exp() * Scalar(0.39894228040143267794)
  }

  /// Elementwise |x| with derivative sign(x) (0 at 0).
  public func absoluteValue() -> Variable {
    let signs = value.applying(.sign)
    return Variable.make(value.applying(.absoluteValue), "abs", [self]) { g in
      [try g * Variable(constant: signs)]
    }
  }
}
