// Log-sum-exp, softmax and log-softmax along an axis, computed stably by
// shifting with the maximum: log Σ eˣⁱ = m + log Σ e^(xᵢ − m), m = max xᵢ.
// The shift is a constant (its derivative cancels exactly), so
//   ∂ logsumexp/∂x = softmax(x),   log-softmax(x) = x − logsumexp(x),
// and every derivative follows from the differentiable parts, including
// second derivatives. Cost: a few passes over the input.

extension Variable {
  /// log Σ exp along `axis` (kept with extent 1 when `keepingAxis`).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func logSumExp(alongAxis axis: Int, keepingAxis: Bool = false) throws -> Variable {
    let shift = try max(alongAxis: axis, keepingAxis: true).detached
    // An all −∞ line would give NaN from −∞ − (−∞); use shift 0 there.
    let safeShift = Variable(constant: shift.value.applying(.zeroingNonFinite))
    let summed =
      try (self - safeShift).exp().sum(alongAxis: axis, keepingAxis: true).log() + safeShift
    guard !keepingAxis else { return summed }
    var reduced = shape
    reduced.remove(at: axis)
    return try summed.reshaped(reduced)
  }

  /// log-softmax along `axis`: x − logsumexp(x).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func logSoftmax(alongAxis axis: Int) throws -> Variable {
    try self - logSumExp(alongAxis: axis, keepingAxis: true)
  }

  /// softmax along `axis`: exp(log-softmax).
  public func softmax(alongAxis axis: Int) throws -> Variable {
    try logSoftmax(alongAxis: axis).exp()
  }
}
