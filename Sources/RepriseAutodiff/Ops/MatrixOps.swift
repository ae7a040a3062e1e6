// Differentiable matrix product (through Reprise's GEMM).
//
// For Z = op(X)·op(Y): X̄ and Ȳ come from two more products,
//   Z = X·Y:    X̄ = Z̄·Yᵀ,  Ȳ = Xᵀ·Z̄
// and for transposed operands: op(X) = Xᵀ gives X̄ = op(Y)·Z̄ᵀ, op(Y) = Yᵀ gives
// Ȳ = Z̄ᵀ·op(X) — all expressed through GEMM transposes, so no
// transpose is ever materialised. Cost: twice the forward product, or once
// when one operand is a constant (an input batch): its adjoint is skipped.

extension Variable {
  /// op(self)·op(other) for matrices.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func matmul(_ other: Variable, transposeSelf: Bool = false, transposeOther: Bool = false)
    throws
    -> Variable
  {
    let x = self
    let y = other
    let value = try RepriseLinalg.matmul(
      x.value, y.value, transposeA: transposeSelf, transposeB: transposeOther)
    return Variable.make(value, "matmul", [x, y]) { needs, g in
      let xBar: Variable? =
        !needs[0]
        ? nil
        : transposeSelf
          ? try y.matmul(g, transposeSelf: transposeOther, transposeOther: true)
          : try g.matmul(y, transposeOther: !transposeOther)
      let yBar: Variable? =
        !needs[1]
        ? nil
        : transposeOther
          ? try g.matmul(x, transposeSelf: true, transposeOther: transposeSelf)
          : try x.matmul(g, transposeSelf: !transposeSelf)
      return [xBar, yBar]
    }
  }
}
