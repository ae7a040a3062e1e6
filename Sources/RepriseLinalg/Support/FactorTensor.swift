// Building result tensors whose shapes are correct by construction.
//
// Factorization accessors (`q()`, `r()`, `l`…) assemble matrices from
// internal buffers whose sizes the factorization itself fixed, so a shape
// error there is a bug in Reprise, not in the caller's input: it stops with a
// precondition failure instead of asking every caller to write `try`.

extension Tensor {
  /// A rows×columns matrix from row-major scalars (sizes already consistent).
  init(factorRows rows: Int, columns: Int, scalars: [Scalar]) {
    do {
      try self.init(shape: [rows, columns], scalars: scalars)
    } catch {
      preconditionFailure("internal shape error: \(error)")
    }
  }
}
