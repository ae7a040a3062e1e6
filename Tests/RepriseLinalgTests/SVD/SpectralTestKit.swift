// Test helpers for the spectral decompositions: matrix families (LAPACK's
// test matrix types), LAPACK-style ratios computed independently of the
// library (plain Double loops), and the fixture reader for
// Fixtures/linalg/{svd,eig}_*.txt (format described in
// Fixtures/scripts/make_linalg_fixtures_spectral.py).
import Foundation
import RepriseLinalg
import RepriseTestSupport

/// A dense row-major Double matrix used only for checking.
struct Dense: Sendable {
  var rows: Int
  var cols: Int
  var a: [Double]
  init(_ rows: Int, _ cols: Int, _ a: [Double]) {
    self.rows = rows
    self.cols = cols
    self.a = a
  }
  init<T: RealScalar>(_ t: Tensor<T>) {
    rows = t.rank == 2 ? t.shape[0] : 1
    cols = t.rank == 2 ? t.shape[1] : t.count
    a = t.scalars.map { Double($0) }
  }
  subscript(i: Int, j: Int) -> Double {
    get { a[i * cols + j] }
    set { a[i * cols + j] = newValue }
  }
  var tensor: Tensor<Double> { try! Tensor(shape: [rows, cols], scalars: a) }
  func float() -> Tensor<Float> { try! Tensor(shape: [rows, cols], scalars: a.map { Float($0) }) }
  var t: Dense {
    var r = Dense(cols, rows, [Double](repeating: 0, count: a.count))
    for i in 0..<rows { for j in 0..<cols { r[j, i] = self[i, j] } }
    return r
  }
  static func * (x: Dense, y: Dense) -> Dense {
    precondition(x.cols == y.rows)
    var r = Dense(x.rows, y.cols, [Double](repeating: 0, count: x.rows * y.cols))
    for i in 0..<x.rows {
      for p in 0..<x.cols {
        let xv = x[i, p]
        if xv == 0 { continue }
        for j in 0..<y.cols { r[i, j] += xv * y[p, j] }
      }
    }
    return r
  }
  static func - (x: Dense, y: Dense) -> Dense {
    Dense(x.rows, x.cols, zip(x.a, y.a).map { $0 - $1 })
  }
  /// Max column sum (LAPACK's 1-norm).
  var norm1: Double {
    var best = 0.0
    for j in 0..<cols {
      var s = 0.0
      for i in 0..<rows { s += abs(self[i, j]) }
      best = max(best, s)
    }
    return best
  }
  var maxAbs: Double { a.reduce(0) { max($0, abs($1)) } }
  static func identity(_ n: Int) -> Dense {
    var r = Dense(n, n, [Double](repeating: 0, count: n * n))
    for i in 0..<n { r[i, i] = 1 }
    return r
  }
  static func diagonal(_ rows: Int, _ cols: Int, _ d: [Double]) -> Dense {
    var r = Dense(rows, cols, [Double](repeating: 0, count: rows * cols))
    for (i, v) in d.enumerated() { r[i, i] = v }
    return r
  }
  /// Each entry times `s` (exact for powers of ten only up to rounding).
  func scaled(_ s: Double) -> Dense { Dense(rows, cols, a.map { $0 * s }) }
}

enum Ratios {
  /// ‖A − U·diag(s)·Vᵀ‖₁ / (‖A‖₁·max(m,n)·ε); 0 for a zero A with zero residual.
  static func reconstruction(_ a: Dense, u: Dense, s: [Double], vt: Dense, eps: Double) -> Double {
    var us = u
    for i in 0..<us.rows { for j in 0..<s.count { us[i, j] *= s[j] } }
    let r = (a - us * vt).norm1
    let na = a.norm1
    let denom = max(na, Double.leastNormalMagnitude) * Double(max(a.rows, a.cols, 1)) * eps
    return r / denom
  }
  /// ‖I − XᵀX‖₁ / (k·ε) for X with orthonormal columns (k = rows of X).
  static func orthogonality(_ x: Dense, eps: Double) -> Double {
    if x.cols == 0 { return 0 }
    let r = (Dense.identity(x.cols) - x.t * x).norm1
    return r / (Double(max(x.rows, 1)) * eps)
  }
  /// ‖A·V − V·Λ‖₁ / (‖A‖₁·n·ε).
  static func eigenResidual(_ a: Dense, v: Dense, values: [Double], eps: Double) -> Double {
    var vl = v
    for i in 0..<vl.rows { for j in 0..<values.count { vl[i, j] *= values[j] } }
    let r = (a * v - vl).norm1
    return r / (max(a.norm1, Double.leastNormalMagnitude) * Double(max(a.rows, 1)) * eps)
  }
}

/// Deterministic test matrices (LAPACK's matrix types, sized for debug builds).
enum Families {
  static func uniform(_ m: Int, _ n: Int, seed: UInt64) -> Dense {
    var r = RandomStream(seed: seed)
    return Dense(m, n, (0..<(m * n)).map { _ in r.uniform(in: -1.0..<1.0) })
  }
  /// A random orthogonal n×n matrix: product of n Householder reflectors
  /// with uniform random vectors (computed here, not by the library).
  static func orthogonal(_ n: Int, seed: UInt64) -> Dense {
    var q = Dense.identity(n)
    var r = RandomStream(seed: seed, stream: 7)
    for _ in 0..<n {
      let v = (0..<n).map { _ in r.uniform(in: -1.0..<1.0) }
      let vv = v.reduce(0) { $0 + $1 * $1 }
      if vv == 0 { continue }
      // q ← q·(I − 2vvᵀ/vᵀv)
      for i in 0..<n {
        var t = 0.0
        for k in 0..<n { t += q[i, k] * v[k] }
        for k in 0..<n { q[i, k] -= 2 * t * v[k] / vv }
      }
    }
    return q
  }
  /// U·diag(s)·Vᵀ with random orthogonal U (m×m), V (n×n).
  static func withSingularValues(_ m: Int, _ n: Int, _ s: [Double], seed: UInt64) -> Dense {
    let u = orthogonal(m, seed: seed)
    let v = orthogonal(n, seed: seed &+ 101)
    return u * Dense.diagonal(m, n, s) * v.t
  }
  /// Kahan's graded upper-triangular matrix: row i scaled by sⁱ, 1 on the
  /// diagonal, −c above it (c = cos θ, s = sin θ).
  static func kahan(_ n: Int, theta: Double = 1.2) -> Dense {
    let c = cos(theta)
    let s = sin(theta)
    var k = Dense(n, n, [Double](repeating: 0, count: n * n))
    var scale = 1.0
    for i in 0..<n {
      k[i, i] = scale
      for j in (i + 1)..<max(n, i + 1) { k[i, j] = -c * scale }
      scale *= s
    }
    return k
  }
  static func hilbert(_ n: Int) -> Dense {
    var h = Dense(n, n, [Double](repeating: 0, count: n * n))
    for i in 0..<n { for j in 0..<n { h[i, j] = 1 / Double(i + j + 1) } }
    return h
  }
  static func rankDeficient(_ m: Int, _ n: Int, rank: Int, seed: UInt64) -> Dense {
    uniform(m, rank, seed: seed) * uniform(rank, n, seed: seed &+ 1)
  }
  /// Clustered singular values: 1, 1, 1, 1+1e-12, …, plus repeated 1e-3.
  static func clustered(_ m: Int, _ n: Int, seed: UInt64) -> Dense {
    let k = min(m, n)
    let s = (0..<k).map { i -> Double in i < k / 2 ? 1 + Double(i % 3) * 1e-12 : 1e-3 }
    return withSingularValues(m, n, s, seed: seed)
  }

  /// The named families used by the ratio tests (Double).
  static func all() -> [(name: String, a: Dense)] {
    var out: [(String, Dense)] = [
      ("zero 5x4", Dense(5, 4, [Double](repeating: 0, count: 20))),
      ("identity 6", Dense.identity(6)),
      ("random 9x9", uniform(9, 9, seed: 1)),
      ("random tall 25x7", uniform(25, 7, seed: 2)),
      ("random wide 6x15", uniform(6, 15, seed: 3)),
      ("tall 200x20", uniform(200, 20, seed: 4)),
      // n > 64: the bidiagonalisation runs a 32-column blocked panel first.
      ("random 70x70 (blocked)", uniform(70, 70, seed: 15)),
      (
        "graded wide 66x90 (blocked)",
        uniform(66, 90, seed: 16) * Dense.diagonal(90, 90, (0..<90).map { pow10(-$0 / 6) })
      ),
      ("kahan 12", kahan(12)),
      ("kahan 30", kahan(30, theta: 1.3)),
      ("clustered 10x8", clustered(10, 8, seed: 5)),
      ("repeated 7x7", withSingularValues(7, 7, [2, 2, 2, 2, 1, 1, 1], seed: 6)),
      ("rank-deficient 12x9 r4", rankDeficient(12, 9, rank: 4, seed: 7)),
      ("rank-deficient wide 5x11 r2", rankDeficient(5, 11, rank: 2, seed: 8)),
      ("hilbert 10", hilbert(10)),
      (
        "graded B*D 10x8",
        uniform(10, 8, seed: 9) * Dense.diagonal(8, 8, (0..<8).map { pow10(-2 * $0) })
      ),
      ("1x1", Dense(1, 1, [-3.5])),
      ("1x6", uniform(1, 6, seed: 10)),
      ("6x1", uniform(6, 1, seed: 11)),
      ("2x2 zero column", Dense(2, 2, [1, 0, 2, 0])),
    ]
    out.append(("underflow 1e-300 8x6", uniform(8, 6, seed: 12).scaled(1e-300)))
    out.append(("overflow 1e300 8x6", uniform(8, 6, seed: 13).scaled(1e300)))
    out.append(("near-subnormal 1e-310 4x3", uniform(4, 3, seed: 14).scaled(1e-310)))
    return out
  }
  static func pow10(_ k: Int) -> Double {
    var r = 1.0
    for _ in 0..<abs(k) { r *= 10 }
    return k < 0 ? 1 / r : r
  }
}

/// A symmetric matrix from a Dense one: (B + Bᵀ)/2.
func symmetrized(_ b: Dense) -> Dense {
  var s = b
  for i in 0..<b.rows { for j in 0..<b.cols { s[i, j] = (b[i, j] + b[j, i]) / 2 } }
  return s
}

/// Blocks of a fixture file by name.
struct SpectralFixture {
  var blocks: [String: Dense] = [:]
  init(_ file: String) throws {
    let text = try FixtureFiles.text("linalg/" + file)
    var lines = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }[...]
    while let header = lines.popFirst() {
      let parts = header.split(separator: " ")
      let rows = Int(parts[1])!
      let cols = Int(parts[2])!
      var values: [Double] = []
      for _ in 0..<rows {
        values += lines.popFirst()!.split(separator: " ").map { Double(String($0))! }
      }
      blocks[String(parts[0])] = Dense(rows, cols, values)
    }
  }
  subscript(_ name: String) -> Dense { blocks[name]! }
}

extension Families {
  /// An orthonormal basis of the column space of `a` by modified
  /// Gram–Schmidt with reorthogonalisation (test-side, independent of the
  /// library); columns whose residual falls below 1e-10 are dropped.
  static func orthogonalizeColumns(_ a: Dense) -> Dense {
    var basis: [[Double]] = []
    for j in 0..<a.cols {
      var v = (0..<a.rows).map { a[$0, j] }
      let original = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
      for _ in 0..<2 {
        for q in basis {
          let h = zip(q, v).reduce(0) { $0 + $1.0 * $1.1 }
          for i in v.indices { v[i] -= h * q[i] }
        }
      }
      let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
      if norm > 1e-10 * max(original, 1e-300) { basis.append(v.map { $0 / norm }) }
    }
    var out = Dense(a.rows, basis.count, [Double](repeating: 0, count: a.rows * basis.count))
    for (j, q) in basis.enumerated() { for i in 0..<a.rows { out[i, j] = q[i] } }
    return out
  }
}

extension Dense {
  static func + (x: Dense, y: Dense) -> Dense {
    Dense(x.rows, x.cols, zip(x.a, y.a).map { $0 + $1 })
  }
}
