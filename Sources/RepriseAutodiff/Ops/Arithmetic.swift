// Differentiable elementwise arithmetic with broadcasting.
//
// For z = x ∘ y with broadcasting, ∂z/∂x is applied elementwise and then
// summed back over the axes along which x was broadcast (`sum(toShape:)`), so
// every gradient has its operand's shape. The rules:
//   z = x + y:  x̄ = z̄,        ȳ = z̄
//   z = x − y:  x̄ = z̄,        ȳ = −z̄
//   z = x · y:  x̄ = z̄ · y,    ȳ = z̄ · x
//   z = x / y:  x̄ = z̄ / y,    ȳ = −z̄ · x / y²
// each followed by the reduction to the operand's shape. A rule skips the
// adjoint of an operand that is not recorded on the tape (a constant such as
// a ReLU mask or an input batch): it would be discarded anyway.

extension Variable {
  /// Records `value` computed from `parents` on their common tape.
  static func make(
    _ value: Tensor<Scalar>, _ operation: String, _ parents: [Variable],
    rule: @escaping Tape<Scalar>.DerivativeRule
  ) -> Variable {
    guard let tape = commonTape(parents) else { return Variable(constant: value) }
    return tape.record(value, operation: operation, parents: parents, rule: rule)
  }

  /// As `make`, but the rule also receives, per parent, whether that parent
  /// is recorded on the tape; it may return nil for the others (their
  /// adjoints would be discarded) and skip computing them.
  static func make(
    _ value: Tensor<Scalar>, _ operation: String, _ parents: [Variable],
    ruleNeeding rule: @escaping ([Bool], Variable) throws -> [Variable?]
  ) -> Variable {
    guard let tape = commonTape(parents), tape.isRecording else { return Variable(constant: value) }
    let needs = parents.map { $0.tape === tape }
    return tape.record(value, operation: operation, parents: parents) { g in try rule(needs, g) }
  }

  /// Sums a gradient back to this variable's shape (differentiably).
  func reduced(_ gradient: Variable) throws -> Variable {
    try gradient.sum(toShape: shape)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func + (x: Variable, y: Variable) throws -> Variable {
    make(try x.value + y.value, "add", [x, y]) { needs, g in
      [needs[0] ? try x.reduced(g) : nil, needs[1] ? try y.reduced(g) : nil]
    }
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func - (x: Variable, y: Variable) throws -> Variable {
    make(try x.value - y.value, "subtract", [x, y]) { needs, g in
      [needs[0] ? try x.reduced(g) : nil, needs[1] ? try y.reduced(-g) : nil]
    }
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func * (x: Variable, y: Variable) throws -> Variable {
    make(try x.value * y.value, "multiply", [x, y]) { needs, g in
      [needs[0] ? try x.reduced(g * y) : nil, needs[1] ? try y.reduced(g * x) : nil]
    }
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func / (x: Variable, y: Variable) throws -> Variable {
    make(try x.value / y.value, "divide", [x, y]) { needs, g in
      [
        needs[0] ? try x.reduced(g / y) : nil,
        needs[1] ? try y.reduced(-(try g * x / (y * y))) : nil,
      ]
    }
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static prefix func - (x: Variable) -> Variable {
    make(-x.value, "negate", [x]) { g in [-g] }
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func * (x: Variable, s: Scalar) -> Variable {
    make(x.value * s, "scale", [x]) { g in [g * s] }
  }

  public static func * (s: Scalar, x: Variable) -> Variable { x * s }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func + (x: Variable, s: Scalar) -> Variable {
    make(x.value + s, "add scalar", [x]) { g in [g] }
  }

  public static func - (x: Variable, s: Scalar) -> Variable { x + (-s) }

  /// x² elementwise.
  public func squared() throws -> Variable { try self * self }
}
