// Eigenvalues and eigenvectors of a symmetric matrix by the cyclic Jacobi
// method: the accurate (but slower) path.
//
// What: A = V·Λ·Vᵀ with V orthogonal, Λ diagonal.
// Method: row-cyclic sweeps over the pairs p < q. A pair is rotated when
// |a_pq| > tol·√|a_pp|·√|a_qq| (tol = √n·ε), a relative test: for positive
// definite matrices this gives eigenvalues with small *relative* errors,
// bounded by the condition of the diagonally scaled matrix, not of A
// (Demmel & Veselić). In the first three sweeps entries below
// 0.2·Σ|a_pq|/n² are also skipped (threshold Jacobi: cheap pairs first).
// The rotation follows Rutishauser: θ = (a_qq − a_pp)/(2a_pq),
// t = sign(θ)/(|θ| + √(1+θ²)) (t ≈ 1/(2θ) when θ² would overflow),
// c = 1/√(1+t²), s = t·c, τ = s/(1+c); then a_pp −= t·a_pq, a_qq += t·a_pq,
// and every other entry of rows/columns p, q changes by
// g ← g − s(h + τg), h ← h + s(g − τh), which keeps the updates small
// corrections. Diagonal changes within a sweep are summed separately and
// added once per sweep, as Rutishauser does, to limit rounding.
// Stop: a sweep without any rotation. Cap: 100 sweeps, then `noConvergence`
// (residual = largest |a_pq|/√|a_pp a_qq| left).
// Cost: about 3n³ flops per sweep with vectors (typically 6–10 sweeps).
// Sources: Rutishauser, "The Jacobi method for real symmetric matrices",
// Numer. Math. 9 (1966); Golub & Van Loan, "Matrix Computations" 4th ed.,
// §8.5.2–8.5.3 (Algorithms 8.5.1–8.5.3); Demmel & Veselić, "Jacobi's method
// is more accurate than QR", SIAM J. Matrix Anal. Appl. 13 (1992).

enum SymmetricJacobi {
  static let sweepCap = 100

  /// Diagonalises the symmetric n×n row-major `a` (destroyed); rotations are
  /// applied to the rows of `vt` (n×n, start with I) so its rows become the
  /// eigenvectors. Returns the unsorted eigenvalues.
  static func diagonalize<T: RealScalar>(
    _ a: inout [T], n: Int, vt: UnsafeMutablePointer<T>?, operation: String
  ) throws -> [T] {
    var d = (0..<n).map { a[$0 * n + $0] }
    if n <= 1 { return d }
    var b = d
    var z = [T](repeating: 0, count: n)
    let tol = T(n).squareRoot() * T.ulpOfOne
    let tiny = T.leastNormalMagnitude
    let nn = T(n * n)
    try a.withUnsafeMutableBufferPointer { ab in
      let A = ab.baseAddress!
      for sweep in 0..<sweepCap {
        var offSum: T = 0
        for p in 0..<(n - 1) {
          for q in (p + 1)..<n { offSum += abs(A[p * n + q]) }
        }
        let threshold: T = sweep < 3 ? (0.2 as T) * offSum / nn : 0
        var rotations = 0
        for p in 0..<(n - 1) {
          for q in (p + 1)..<n {
            let apq = A[p * n + q]
            let aapq = abs(apq)
            if aapq <= tiny || aapq <= threshold
              || aapq <= tol * abs(d[p]).squareRoot() * abs(d[q]).squareRoot()
            {
              continue
            }
            rotations += 1
            let theta = (d[q] - d[p]) / (2 * apq)
            let t: T
            if abs(theta) > 1 / T.ulpOfOne {
              t = 1 / (2 * theta)
            } else {
              let root = (1 as T).addingProduct(theta, theta).squareRoot()
              t = theta >= 0 ? 1 / (theta + root) : -1 / (-theta + root)
            }
            let c = 1 / (1 as T).addingProduct(t, t).squareRoot()
            let s = t * c
            let tau = s / (1 + c)
            let h = t * apq
            z[p] -= h
            z[q] += h
            d[p] -= h
            d[q] += h
            A[p * n + q] = 0
            A[q * n + p] = 0
            for r in 0..<n where r != p && r != q {
              let g = A[r * n + p]
              let hh = A[r * n + q]
              let gNew = g.addingProduct(-s, hh.addingProduct(tau, g))
              let hNew = hh.addingProduct(s, g.addingProduct(-tau, hh))
              A[r * n + p] = gNew
              A[p * n + r] = gNew
              A[r * n + q] = hNew
              A[q * n + r] = hNew
            }
            if let vt {
              let vp = vt + p * n
              let vq = vt + q * n
              for k in 0..<n {
                let g = vp[k]
                let hh = vq[k]
                vp[k] = g.addingProduct(-s, hh.addingProduct(tau, g))
                vq[k] = hh.addingProduct(s, g.addingProduct(-tau, hh))
              }
            }
          }
        }
        for i in 0..<n {
          b[i] += z[i]
          d[i] = b[i]
          z[i] = 0
        }
        if rotations == 0 && threshold == 0 { return }
      }
      var worst: T = 0
      for p in 0..<(n - 1) {
        for q in (p + 1)..<n {
          let scale = abs(d[p]).squareRoot() * abs(d[q]).squareRoot()
          let apq = abs(A[p * n + q])
          worst = max(worst, scale > 0 ? apq / scale : apq)
        }
      }
      throw RepriseError.noConvergence(
        operation: "\(operation) (Jacobi sweeps)", iterations: sweepCap, residual: Double(worst))
    }
    return d
  }
}
