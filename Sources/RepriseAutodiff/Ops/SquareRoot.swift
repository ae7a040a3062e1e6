// √x elementwise. IEEE square root is correctly rounded, so it is
// reproducible without a Reprise implementation. d√x/dx = 1/(2√x): the rule
// reuses the result, ḡ·0.5/√x, and is itself differentiable.

extension Variable {
  /// Elementwise square root (NaN for negative entries, as IEEE defines).
  public func squareRoot() throws -> Variable {
    let root = value.applying(.squareRoot)
    return Variable.make(root, "square root", [self]) { [self] g in
      [try g * 0.5 / self.recomputed(root) { try $0.squareRoot() }]
    }
  }

  /// A function of this variable for use inside a derivative rule: while the
  /// tape records (a backward pass with `createGraph`), `f(self)` is recorded
  /// again so the rule stays differentiable in `self`; otherwise the value
  /// already computed by the forward pass is reused as a constant.
  func recomputed(_ cached: Tensor<Scalar>, _ f: (Variable) throws -> Variable) rethrows -> Variable
  {
    if let tape, tape.isRecording { return try f(self) }
    return Variable(constant: cached)
  }
}
