// Overflow- and underflow-safe Euclidean norms for the factorizations.
//
// What: ‖x‖₂ of a strided vector, and hypot(a, b) = √(a² + b²), without
// overflow when entries are near the largest finite value and without losing
// everything to underflow near the smallest.
// Method: ‖x‖₂ is the BLAS layer's `Norms.two` (Blue's three-bin algorithm,
// fixed summation order, BLAS/Norms.swift). hypot scales by the larger
// magnitude: big·√(1 + (small/big)²), the square root argument in [1, 2].
// Cost: one pass over x; hypot a division, an fma and a square root.
// Source: Blue, ACM TOMS 4 (1978); Anderson, "Algorithm 978: Safe scaling in
// the Level 1 BLAS" (2017).

enum ScaledNorm {
  /// ‖x‖₂ of `count` entries starting at `x`, `stride` apart (count ≥ 0).
  static func norm2<T: RealScalar>(_ x: UnsafePointer<T>, count: Int, stride: Int) -> T {
    if count == 0 { return 0 }
    do {
      return try Norms.two(count: count, x, stride: stride)
    } catch {
      preconditionFailure("ScaledNorm.norm2: invalid internal arguments: \(error)")
    }
  }

  /// √(a² + b²) without undue overflow or underflow.
  static func hypot<T: RealScalar>(_ a: T, _ b: T) -> T {
    let x = a.magnitude
    let y = b.magnitude
    let big = Swift.max(x, y)
    let small = Swift.min(x, y)
    if big == 0 { return 0 }
    let r = small / big
    return big * (1 as T).addingProduct(r, r).squareRoot()
  }
}
