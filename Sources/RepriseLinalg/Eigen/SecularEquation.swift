// The secular equation of a rank-one update of a diagonal matrix, and the
// eigenvectors of that update.
//
// What: the eigenvalues λ₀ < … < λ_{k−1} and orthonormal eigenvectors of
// D + ρ·z·zᵀ, D = diag(d) with d strictly increasing, every zⱼ ≠ 0, ρ > 0.
// The eigenvalues are the roots of
//     w(λ) = 1/ρ + Σⱼ zⱼ²/(dⱼ − λ),
// one in each interval (dᵢ, dᵢ₊₁) and the last in (d_{k−1}, d_{k−1} + ρ‖z‖²].
// Method:
//   • each root is computed relative to its nearer pole (the "origin" dₒ,
//     chosen by the sign of w at the midpoint of the interval): λ = dₒ + τ, and
//     every difference dⱼ − λ is formed as (dⱼ − dₒ) − τ, so the difference
//     to the nearest pole keeps full relative accuracy (Bunch, Nielsen &
//     Sorensen 1978; Li 1994);
//   • w and w′ are summed in eight SIMD lanes in a fixed order
//     (`partialSums`; the squared-pole SVD keeps one fused chain);
//   • the root is bracketed and refined by the fixed-weight two-pole rational
//     model: the sums over j ≤ i and j > i are each replaced by a + b/(δ − x)
//     matching value and slope at the current point, and the model's root
//     (a quadratic, solved in the cancellation-free form for the increment)
//     is taken when it lies inside the bracket; otherwise, or when the
//     bracket shrinks too slowly, the step bisects. Stop when |w| is below
//     its rounding-error bound ε·(8(φ − ψ) + 2/ρ + 3|τ|(ψ′ + φ′)) (the bound
//     LAPACK's xLAED4 documents) or when the bracket cannot shrink;
//   • the vectors (Gu & Eisenstat 1994): from the computed roots, the ẑ for
//     which they are the *exact* eigenvalues of D + ρ·ẑ·ẑᵀ is recovered by
//     Löwner's formula
//       ẑⱼ² = Πᵢ(λᵢ − dⱼ) / (ρ·Π_{l≠j}(d_l − dⱼ)),
//     evaluated as products of ratios of magnitude ≤ 1; then the i-th vector
//     is (ẑⱼ/(dⱼ − λᵢ))ⱼ normalised. These vectors are orthogonal to working
//     precision however close the roots are.
// Squared poles (the singular value problem, Gu & Eisenstat 1995): with
// `.squared` the poles are dⱼ² for dⱼ ≥ 0 and the unknown is σ with λ = σ²
// (1/ρ + Σⱼ zⱼ²/(dⱼ² − σ²) = 0, the secular equation of the arrow matrix
// [√ρ·zᵀ; 0 diag(d)], whose σ² are the eigenvalues of diag(d²) + ρ·z·zᵀ).
// Every pole difference dⱼ² − dₒ² is then formed as (dⱼ − dₒ)·(dⱼ + dₒ),
// which is accurate to a few ulps even when dⱼ ≈ dₒ (the squares would lose
// all relative accuracy), and σ = √(dₒ² + τ).
// Roots, ẑ entries and vectors are independent: threads take disjoint index
// ranges, each computed exactly as alone (bits independent of thread count).
// Cap: `iterationCap` evaluations per root, then `noConvergence`.
// Cost: O(k) per evaluation, a few evaluations per root: O(k²) for the
// roots, 3k² for ẑ and the vectors.
// Sources: Bunch, Nielsen & Sorensen, "Rank-one modification of the symmetric
// eigenproblem", Numer. Math. 31 (1978); R.-C. Li, "Solving secular
// equations stably and efficiently", LAPACK Working Note 89 (1994); Gu &
// Eisenstat, "A divide-and-conquer algorithm for the symmetric tridiagonal
// eigenproblem", SIAM J. Matrix Anal. Appl. 16 (1995).

import RepriseCore

enum SecularEquation {
  /// What the poles are: dⱼ themselves (eigenvalues of D + ρ·z·zᵀ) or dⱼ²
  /// with dⱼ ≥ 0 (singular values of the arrow matrix, see the header).
  enum Poles {
    case linear
    case squared

    /// The pole difference pole(a) − pole(b), accurate when a ≈ b.
    @inline(__always)
    func gap<T: RealScalar>(_ a: T, _ b: T) -> T {
      switch self {
      case .linear: return a - b
      case .squared: return (a - b) * (a + b)
      }
    }

    /// The root with pole(origin) + τ as its λ: λ itself, or σ = √(d² + τ).
    @inline(__always)
    func value<T: RealScalar>(origin: T, tau: T) -> T {
      switch self {
      case .linear: return origin + tau
      case .squared: return max(tau.addingProduct(origin, origin), 0).squareRoot()
      }
    }
  }

  /// The roots of the secular equation and the eigenvector matrix.
  struct Solution<T: RealScalar> {
    /// Eigenvalues (or σ for `.squared`), ascending (k).
    var values: [T]
    /// Eigenvectors as columns of a k×k row-major buffer: entry (j, i) is
    /// component j of the vector of values[i].
    var vectors: [T]
    /// differences[i·k + j] = pole(dⱼ) − λᵢ, for callers that build more
    /// vectors from the same roots (the left singular vectors).
    var differences: [T]
    /// ẑ (Löwner), with ‖ẑ‖ = 1 up to rounding.
    var zHat: [T]
  }

  static let defaultIterationCap = 120

  /// Solves D + ρ·z·zᵀ (see the file header for the requirements on d, z, ρ).
  static func solve<T: RealScalar>(
    d: [T], z: [T], rho: T, poles: Poles = .linear, iterationCap: Int, operation: String
  ) throws -> Solution<T> {
    let k = d.count
    if k == 0 { return Solution(values: [], vectors: [], differences: [], zHat: []) }
    var zz: T = 0
    for j in 0..<k { zz = zz.addingProduct(z[j], z[j]) }
    if k == 1 {
      let tau = rho * zz
      return Solution(
        values: [poles.value(origin: d[0], tau: tau)], vectors: [1], differences: [-tau],
        zHat: [z[0] < 0 ? -1 : 1])
    }
    // delta[i·k + j] = dⱼ − λᵢ, formed as (dⱼ − dₒ) − τ. Roots, ẑⱼ and
    // vectors are independent of one another: threads take disjoint ranges
    // (each computed exactly as it would be alone, so the bits do not depend
    // on the thread count).
    var delta = [T](repeating: 0, count: k * k)
    var values = [T](repeating: 0, count: k)
    var zHat = [T](repeating: 0, count: k)
    var vectors = [T](repeating: 0, count: k * k)
    let chunks = k >= 64 ? min(ThreadSettings.defaultCount, 8) : 1
    var failures = [RepriseError?](repeating: nil, count: chunks)
    try delta.withUnsafeMutableBufferPointer { db in
      try values.withUnsafeMutableBufferPointer { vb in
        try zHat.withUnsafeMutableBufferPointer { zhb in
          try vectors.withUnsafeMutableBufferPointer { vecb in
            try failures.withUnsafeMutableBufferPointer { fb in
              try d.withUnsafeBufferPointer { dp in
                try z.withUnsafeBufferPointer { zp in
                  let dl = dp.baseAddress!
                  let zl = zp.baseAddress!
                  let delta = db.baseAddress!
                  let valuesOut = vb.baseAddress!
                  let zHat = zhb.baseAddress!
                  let vectors = vecb.baseAddress!
                  let failures = fb.baseAddress!
                  func range(_ chunk: Int) -> Range<Int> {
                    (k * chunk / chunks)..<(k * (chunk + 1) / chunks)
                  }
                  ParallelFor.run(chunks: chunks, threads: chunks) { chunk in
                    do {
                      for i in range(chunk) {
                        valuesOut[i] = try root(
                          i, d: dl, z: zl, k: k, rho: rho, zz: zz, poles: poles,
                          delta: delta + i * k, iterationCap: iterationCap, operation: operation)
                      }
                    } catch {
                      failures[chunk] = error as? RepriseError
                    }
                  }
                  if let failure = fb.first(where: { $0 != nil }) { throw failure! }
                  ParallelFor.run(chunks: chunks, threads: chunks) { chunk in
                    for j in range(chunk) {
                      zHat[j] = loewner(
                        j, d: dl, z: zl, k: k, rho: rho, poles: poles, delta: delta)
                    }
                  }
                  ParallelFor.run(chunks: chunks, threads: chunks) { chunk in
                    var column = [T](repeating: 0, count: k)
                    column.withUnsafeMutableBufferPointer { cb in
                      let c = cb.baseAddress!
                      for i in range(chunk) {
                        let row = delta + i * k
                        for j in 0..<k { c[j] = zHat[j] / row[j] }
                        let inverse = 1 / Spectral.norm(UnsafePointer(c), k)
                        for j in 0..<k { vectors[j * k + i] = c[j] * inverse }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return Solution(values: values, vectors: vectors, differences: delta, zHat: zHat)
  }

  /// ẑⱼ by Löwner's formula (products of ratios of magnitude ≤ 1), with the
  /// sign of zⱼ.
  static func loewner<T: RealScalar>(
    _ j: Int, d: UnsafePointer<T>, z: UnsafePointer<T>, k: Int, rho: T, poles: Poles,
    delta: UnsafePointer<T>
  ) -> T {
    var p = -delta[(k - 1) * k + j] / rho
    for i in 0..<(k - 1) {
      let ratio =
        i < j
        ? delta[i * k + j] / poles.gap(d[j], d[i]) : -delta[i * k + j] / poles.gap(d[i + 1], d[j])
      p *= ratio
    }
    let magnitude = max(p, 0).squareRoot()
    return z[j] < 0 ? -magnitude : magnitude
  }

  /// (Σ zⱼ·tⱼ, Σ tⱼ²) with tⱼ = zⱼ/(δⱼ − τ), j < count: one part of the
  /// secular function and its derivative. For `.linear` poles the first
  /// count − count mod 8 entries go to eight lanes (entry j to lane j mod 8:
  /// two SIMD4 accumulators, each lane one fused chain in index order) and
  /// the rest to a scalar fused chain; the lanes are combined by one fixed
  /// tree, ((a + b) lane by lane, then (l₀ + l₁) + (l₂ + l₃)), plus the
  /// chain. The order depends only on `count`, never on the thread count or
  /// the data. `.squared` poles (the SVD) keep the single chain, so the SVD's
  /// bits do not move.
  @inline(__always)
  static func partialSums<T: RealScalar>(
    z: UnsafePointer<T>, delta: UnsafePointer<T>, tau: T, count n: Int, poles: Poles
  ) -> (sum: T, derivative: T) {
    let laneEnd = poles == .linear ? n - n % 8 : 0
    var s0 = SIMD4<T>()
    var s1 = SIMD4<T>()
    var d0 = SIMD4<T>()
    var d1 = SIMD4<T>()
    let shift = SIMD4<T>(repeating: tau)
    let rz = UnsafeRawPointer(z)
    let rd = UnsafeRawPointer(delta)
    let width = MemoryLayout<T>.stride
    var j = 0
    while j < laneEnd {
      let z0 = rz.loadUnaligned(fromByteOffset: j * width, as: SIMD4<T>.self)
      let z1 = rz.loadUnaligned(fromByteOffset: (j + 4) * width, as: SIMD4<T>.self)
      let t0 = z0 / (rd.loadUnaligned(fromByteOffset: j * width, as: SIMD4<T>.self) - shift)
      let t1 = z1 / (rd.loadUnaligned(fromByteOffset: (j + 4) * width, as: SIMD4<T>.self) - shift)
      s0 = s0.addingProduct(z0, t0)
      s1 = s1.addingProduct(z1, t1)
      d0 = d0.addingProduct(t0, t0)
      d1 = d1.addingProduct(t1, t1)
      j += 8
    }
    var sum: T = 0
    var derivative: T = 0
    while j < n {
      let t = z[j] / (delta[j] - tau)
      sum = sum.addingProduct(z[j], t)
      derivative = derivative.addingProduct(t, t)
      j += 1
    }
    if laneEnd == 0 { return (sum, derivative) }
    let s = s0 + s1
    let d = d0 + d1
    return (((s[0] + s[1]) + (s[2] + s[3])) + sum, ((d[0] + d[1]) + (d[2] + d[3])) + derivative)
  }

  /// The i-th root; fills `delta[j] = dⱼ − λᵢ`.
  static func root<T: RealScalar>(
    _ i: Int, d: UnsafePointer<T>, z: UnsafePointer<T>, k: Int, rho: T, zz: T, poles: Poles,
    delta: UnsafeMutablePointer<T>, iterationCap: Int, operation: String
  ) throws -> T {
    let eps = T.ulpOfOne
    let inverseRho = 1 / rho
    let last = i == k - 1
    // Origin and bracket (lower: w < 0 side, upper: w > 0 side).
    var origin = i
    var lower: T = 0
    var upper: T
    if last {
      upper = rho * zz
    } else {
      let half = poles.gap(d[i + 1], d[i]) / 2
      var w = inverseRho
      for j in 0..<k { w += z[j] * (z[j] / (poles.gap(d[j], d[i]) - half)) }
      if w >= 0 {
        upper = half
      } else {
        origin = i + 1
        lower = poles.gap(d[i], d[i + 1]) + half
        upper = 0
      }
    }
    let dOrigin = d[origin]
    for j in 0..<k { delta[j] = poles.gap(d[j], dOrigin) }
    let leftPole = delta[i]  // δᵢ (0 when the origin is dᵢ)
    let rightPole = last ? T.zero : delta[i + 1]
    var tau = (lower + upper) / 2
    var slow = 0
    var previousWidth = upper - lower
    var iterations = 0
    while true {
      iterations += 1
      // w(τ) split into ψ (j ≤ i) and φ (j > i), with derivatives.
      let (psi, dpsi) = partialSums(z: z, delta: delta, tau: tau, count: i + 1, poles: poles)
      var phi: T = 0
      var dphi: T = 0
      if !last {
        (phi, dphi) = partialSums(
          z: z + i + 1, delta: delta + i + 1, tau: tau, count: k - i - 1, poles: poles)
      }
      let w = inverseRho + psi + phi
      let bound = eps * (8 * (phi - psi) + 2 * inverseRho + 3 * abs(tau) * (dpsi + dphi))
      if abs(w) <= bound { break }
      if w < 0 { lower = tau } else { upper = tau }
      if upper - lower <= 4 * eps * max(abs(lower), abs(upper)) { break }
      if iterations >= iterationCap {
        throw RepriseError.noConvergence(
          operation: "\(operation): secular equation root \(i) of \(k)", iterations: iterations,
          residual: Double(abs(w)))
      }
      // Fixed-weight two-pole model step for the increment η.
      let s = leftPole - tau
      var step: T? = nil
      if last {
        // ψ ≈ a + b/(δᵢ − x) only: C·(s − η) + b = 0.
        let c = w - dpsi * s
        if c > 0 { step = s + dpsi * s * s / c }
      } else {
        let u = rightPole - tau
        let c = w - dpsi * s - dphi * u
        let b = (c * (s + u)).addingProduct(dpsi, s * s).addingProduct(dphi, u * u)
        let c0 = s * u * w
        if c == 0 {
          if b != 0 { step = c0 / b }
        } else {
          let discriminant = (b * b).addingProduct(-4 * c, c0)
          if discriminant >= 0 {
            let root = discriminant.squareRoot()
            let q = b >= 0 ? b + root : b - root
            if q != 0 { step = 2 * c0 / q }
          }
        }
      }
      // Bisect when the bracket failed to halve twice in a row.
      let width = upper - lower
      slow = width > previousWidth / 2 ? slow + 1 : 0
      previousWidth = width
      var next = (lower + upper) / 2
      if let step, slow < 2 {
        let candidate = tau + step
        if candidate > lower && candidate < upper && candidate.isFinite { next = candidate }
      } else {
        slow = 0
      }
      if next == tau { break }
      tau = next
    }
    for j in 0..<k { delta[j] -= tau }
    return poles.value(origin: dOrigin, tau: tau)
  }
}
