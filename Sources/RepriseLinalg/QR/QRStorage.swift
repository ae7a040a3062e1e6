// What both QR factorizations keep, and how Q and R are read from it.
//
// The factors are stored as LAPACK does: R on and above the diagonal of an
// m×n matrix, the Householder vectors (without their unit first entries)
// below it, plus τ for each reflector and the reflectors grouped in compact
// WY blocks (CompactWY.swift). From these, R is copied out, Q is formed by
// applying the reflectors to the leading columns of the identity (skipping
// the columns a block cannot touch), and Qᵀ·B or Q·B is applied without
// forming Q.
// Cost: thin Q 4mnk − 2(m+n)k² + 4k³/3 flops for k = min(m, n) (as
// LAPACK's xORGQR, plus the small T products); Qᵀ·B: 4mkp − 2k²p for p
// columns.
// Source: Golub & Van Loan, "Matrix Computations" 4th ed., §5.1.6 (factored
// form), §5.2.2 (thin QR); LAPACK xORGQR/xORMQR.

struct QRStorage<T: RealScalar>: Sendable {
  let rows: Int
  let columns: Int
  /// Packed R and Householder vectors, rows×columns row-major.
  let factors: [T]
  /// τ of each reflector (min(rows, columns) of them).
  let tau: [T]
  let reflectors: ReflectorSequence<T>

  var rank: Int { min(rows, columns) }

  /// R: min(m, n)×n when `thin`, m×n otherwise (zeros below the diagonal).
  func r(thin: Bool) -> Tensor<T> {
    let outRows = thin ? rank : rows
    var out = [T](repeating: 0, count: outRows * columns)
    for i in 0..<min(outRows, rank) {
      for j in i..<columns { out[i * columns + j] = factors[i * columns + j] }
    }
    return Tensor(factorRows: outRows, columns: columns, scalars: out)
  }

  /// Q: m×min(m, n) when `thin`, m×m otherwise.
  func q(thin: Bool) -> Tensor<T> {
    let p = thin ? rank : rows
    var out = [T](repeating: 0, count: rows * p)
    for i in 0..<min(rows, p) { out[i * p + i] = 1 }
    out.withUnsafeMutableBufferPointer { op in
      guard let base = op.baseAddress else { return }
      reflectors.applyQ(c: base, ldc: p, columns: p, fromIdentity: true)
    }
    return Tensor(factorRows: rows, columns: p, scalars: out)
  }

  /// Qᵀ·B (`transpose`) or Q·B for B a vector of length m or an m×p matrix.
  func apply(transpose: Bool, to b: Tensor<T>, operation: String) throws -> Tensor<T> {
    let rhs = try MatrixChecks.rightHandSide(b, rows: rows, operation: operation)
    var out = b.scalars
    out.withUnsafeMutableBufferPointer { op in
      guard let base = op.baseAddress else { return }
      if transpose {
        reflectors.applyQTranspose(c: base, ldc: rhs.columns, columns: rhs.columns)
      } else {
        reflectors.applyQ(c: base, ldc: rhs.columns, columns: rhs.columns)
      }
    }
    return try rhs.result(rows: rows, scalars: out)
  }
}
