// Matrix products of `Tensor`s: the entry point most code uses.
//
// `matmul(a, b)` is `op(A)·op(B)` for rank-2 tensors, computed by the GEMM
// (GEMM/GEMM.swift) with α = 1, β = 0, so its bits are those of one
// sequential fused multiply-add chain per output element (CONTRIBUTING.md,
// determinism rule 2), whatever the thread count.
@_exported import RepriseCore

/// `op(A)·op(B)`; op transposes when asked. Throws on non-matrices and on
/// inner dimensions that disagree.
public func matmul<T: RealScalar>(
  _ a: Tensor<T>, _ b: Tensor<T>, transposeA: Bool = false, transposeB: Bool = false,
  threads: Int = ThreadSettings.defaultCount, workspace: GEMMWorkspace<T>? = nil
) throws -> Tensor<T> {
  let (ar, ac) = try a.matrixShape(operation: "matmul (left operand)")
  let (br, bc) = try b.matrixShape(operation: "matmul (right operand)")
  let (m, k) = transposeA ? (ac, ar) : (ar, ac)
  let (kb, n) = transposeB ? (bc, br) : (br, bc)
  guard k == kb else {
    throw RepriseError.shapeMismatch(
      operation: "matmul: inner dimensions of op(A) \([m, k]) and op(B) \([kb, n])",
      expected: [k], got: [kb])
  }
  // β = 0: GEMM writes every element of C without reading it, so Float and
  // Double outputs start uninitialised (no zero-fill pass; k = 0 writes zeros).
  var c =
    T.self == Float.self || T.self == Double.self
    ? [T](unsafeUninitializedCapacity: m * n) { _, initialized in initialized = m * n }
    : Tensor<T>.filled(0, count: m * n)
  try GEMM.compute(
    transposeA ? .transposed : .none, transposeB ? .transposed : .none, m: m, n: n, k: k,
    a: a.scalars, b: b.scalars, c: &c, threads: threads, workspace: workspace)
  return try Tensor(shape: [m, n], scalars: c)
}

/// The symmetric product `op(A)·op(A)ᵀ` by `SymmetricRankK` (half of a
/// GEMM's flops): with `transposeA` (the default) AᵀA, the Gram matrix of A's
/// columns; otherwise AAᵀ. Entries on and above the diagonal have the bits of
/// `matmul(a, a, transposeA: true)` (resp. `transposeB: true`), and so does
/// the mirrored lower triangle. Throws on non-matrices.
public func gram<T: RealScalar>(
  _ a: Tensor<T>, transposeA: Bool = true, threads: Int = ThreadSettings.defaultCount,
  workspace: GEMMWorkspace<T>? = nil
) throws -> Tensor<T> {
  let (rows, columns) = try a.matrixShape(operation: "gram")
  let (n, k) = transposeA ? (columns, rows) : (rows, columns)
  let c = try SymmetricRankK.product(
    transposeA ? .transposed : .none, a.scalars, n: n, k: k, threads: threads,
    workspace: workspace)
  return try Tensor(shape: [n, n], scalars: c)
}
