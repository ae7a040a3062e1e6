// Householder reflectors: making one, and applying one.
//
// What: for a vector x = (α, x₂), a reflector H = I − τ·v·vᵀ with v₁ = 1 such
// that H·x = (β, 0, …, 0); and the product H·C for a block of columns C.
// Method (generation): β = −sign(α)·‖x‖ — the sign opposite to α, so
// α − β never cancels — τ = (β − α)/β ∈ [1, 2], v₂ = x₂/(α − β). ‖x‖ is taken
// with the overflow-safe scaled norm and hypot. When |β| is below
// safmin = (smallest normal)/ε the vector is first scaled up by 1/safmin (up
// to 20 times), so v and τ keep full precision for tiny inputs; β is scaled
// back at the end. If x₂ = 0 then H = I (τ = 0, β = α): no reflection is
// needed and none is made, so a diagonal entry of R may be negative.
// Method (application): w = vᵀC, then C ← C − v·(τw), both passes over
// contiguous rows of the row-major C with fused multiply-adds.
// Cost: 3·len flops to generate; 4·len·p flops to apply to p columns.
// Source: Golub & Van Loan, "Matrix Computations" 4th ed., §5.1.2–5.1.4;
// the scaling strategy of LAPACK's xLARFG (LAPACK Users' Guide, §5.3.1 and
// LAWN 203 on reflector scaling); Parlett's choice of sign.

enum HouseholderVector {
  /// Turns (α, tail) into a reflector: overwrites `tail` (count entries,
  /// `stride` apart) with v₂ and returns (β, τ).
  static func generate<T: RealScalar>(
    alpha: T, tail: UnsafeMutablePointer<T>, count: Int, stride: Int
  ) -> (beta: T, tau: T) {
    if count == 0 { return (alpha, 0) }
    var tailNorm = ScaledNorm.norm2(UnsafePointer(tail), count: count, stride: stride)
    if tailNorm == 0 { return (alpha, 0) }
    var a = alpha
    var beta = ScaledNorm.hypot(a, tailNorm)
    if a >= 0 { beta = -beta }
    let safeMinimum = T.leastNormalMagnitude / T.ulpOfOne
    var rescalings = 0
    if beta.magnitude < safeMinimum {
      // Tiny vector: scale it up so τ and v are computed at full precision.
      let up = 1 / safeMinimum
      repeat {
        rescalings += 1
        for i in 0..<count { tail[i * stride] *= up }
        beta *= up
        a *= up
      } while beta.magnitude < safeMinimum && rescalings < 20
      tailNorm = ScaledNorm.norm2(UnsafePointer(tail), count: count, stride: stride)
      beta = ScaledNorm.hypot(a, tailNorm)
      if a >= 0 { beta = -beta }
    }
    let tau = (beta - a) / beta
    let denominator = a - beta
    for i in 0..<count { tail[i * stride] /= denominator }
    for _ in 0..<rescalings { beta *= safeMinimum }
    return (beta, tau)
  }

  /// C ← (I − τ·v·vᵀ)·C for C = rows×columns at `c` (row stride ldc); v has
  /// v₁ = 1 implied and v₂…v_rows at `vTail` (stride `vStride`). `work` holds
  /// at least `columns` scalars.
  static func applyLeft<T: RealScalar>(
    tau: T, vTail: UnsafePointer<T>, vStride: Int, rows: Int, columns: Int,
    c: UnsafeMutablePointer<T>, ldc: Int, work: UnsafeMutablePointer<T>
  ) {
    if tau == 0 || rows == 0 || columns == 0 { return }
    // w = vᵀ·C, starting from the first row (v₁ = 1).
    for j in 0..<columns { work[j] = c[j] }
    for r in 1..<max(rows, 1) {
      let vr = vTail[(r - 1) * vStride]
      let row = c + r * ldc
      for j in 0..<columns { work[j] = work[j].addingProduct(vr, row[j]) }
    }
    for j in 0..<columns { work[j] = -tau * work[j] }
    // C ← C + v·(−τw).
    for j in 0..<columns { c[j] += work[j] }
    for r in 1..<max(rows, 1) {
      let vr = vTail[(r - 1) * vStride]
      let row = c + r * ldc
      for j in 0..<columns { row[j] = row[j].addingProduct(vr, work[j]) }
    }
  }
}
