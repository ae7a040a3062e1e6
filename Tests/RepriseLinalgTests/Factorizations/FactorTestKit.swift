// Shared helpers for the QR / LU / Cholesky / triangular / least-squares
// tests: matrix families, norms and LAPACK-style ratios, fixture loading.
import Foundation
import RepriseLinalg
import RepriseTestSupport

enum FactorTestKit {
  /// Uniform entries in [-1, 1) from a seeded stream.
  static func random<T: RealScalar>(_ m: Int, _ n: Int, seed: UInt64, _: T.Type = T.self) -> Tensor<
    T
  > {
    var stream = RandomStream(seed: seed, stream: 7)
    let values = (0..<(m * n)).map { _ in T(stream.uniformDouble() * 2 - 1) }
    return try! Tensor(shape: [m, n], scalars: values)
  }

  static func matrix<T: RealScalar>(_ rows: [[Double]], _: T.Type = T.self) -> Tensor<T> {
    try! Tensor(rows: rows.map { $0.map { T($0) } })
  }

  static func hilbert<T: RealScalar>(_ n: Int, _: T.Type = T.self) -> Tensor<T> {
    let rows = (0..<n).map { i in (0..<n).map { j in 1 / Double(i + j + 1) } }
    return try! Tensor(shape: [n, n], scalars: rows.flatMap { $0 }.map { T($0) })
  }

  /// Kahan's graded upper triangular matrix diag(1, s, …, sⁿ⁻¹)·(I − c·strict upper ones).
  static func kahan<T: RealScalar>(_ n: Int, theta: Double = 1.2, _: T.Type = T.self) -> Tensor<T> {
    let s = sin(theta)
    let c = cos(theta)
    var values = [T](repeating: 0, count: n * n)
    for i in 0..<n {
      let scale = pow(s, Double(i))
      values[i * n + i] = T(scale)
      for j in (i + 1)..<max(n, i + 1) { values[i * n + j] = T(-c * scale) }
    }
    return try! Tensor(shape: [n, n], scalars: values)
  }

  /// A·Aᵀ + n·I: symmetric positive definite.
  static func spd<T: RealScalar>(_ n: Int, seed: UInt64, _: T.Type = T.self) -> Tensor<T> {
    let a: Tensor<T> = random(n, n, seed: seed)
    var s = try! matmul(a, a, transposeB: true)
    for i in 0..<n { s[i, i] += T(n) }
    return s
  }

  /// Frobenius norm of a list of Doubles, scaled so 1e±300 entries neither
  /// overflow nor underflow when squared.
  static func scaledNorm(_ values: [Double]) -> Double {
    let scale = values.reduce(0.0) { max($0, $1.magnitude) }
    if scale == 0 { return 0 }
    return values.reduce(0.0) { $0 + ($1 / scale) * ($1 / scale) }.squareRoot() * scale
  }

  /// Frobenius norm.
  static func norm<T: RealScalar>(_ a: Tensor<T>) -> Double {
    scaledNorm(a.scalars.map { Double($0) })
  }

  static func difference<T: RealScalar>(_ a: Tensor<T>, _ b: Tensor<T>) -> Double {
    precondition(a.shape == b.shape, "shape \(a.shape) vs \(b.shape)")
    return scaledNorm(zip(a.scalars, b.scalars).map { Double($0) - Double($1) })
  }

  /// ‖A − B·C‖ / (‖A‖·max(m, n)·ε); 0 when A = 0 and B·C = 0.
  static func factorRatio<T: RealScalar>(_ a: Tensor<T>, _ b: Tensor<T>, _ c: Tensor<T>) -> Double {
    let product = try! matmul(b, c)
    let scale =
      max(norm(a), Double(T.leastNormalMagnitude)) * Double(max(a.shape[0], a.shape[1], 1))
    return difference(a, product) / scale / Double(T.ulpOfOne)
  }

  /// ‖I − QᵀQ‖ / (m·ε) for Q with m rows.
  static func orthogonalityRatio<T: RealScalar>(_ q: Tensor<T>) -> Double {
    let qtq = try! matmul(q, q, transposeA: true)
    let identity = try! Tensor<T>.identity(q.shape[1])
    return difference(identity, qtq) / (Double(max(q.shape[0], 1)) * Double(T.ulpOfOne))
  }

  /// Backward error ‖A·X − B‖ / (‖A‖·‖X‖·n·ε) (X, B as matrices).
  static func backwardError<T: RealScalar>(_ a: Tensor<T>, _ x: Tensor<T>, _ b: Tensor<T>) -> Double
  {
    let x2 = x.rank == 1 ? try! x.reshaped([x.shape[0], 1]) : x
    let b2 = b.rank == 1 ? try! b.reshaped([b.shape[0], 1]) : b
    let residual = difference(try! matmul(a, x2), b2)
    let scale = norm(a) * norm(x2)
    return scale == 0
      ? residual : residual / scale / Double(max(a.shape[1], 1)) / Double(T.ulpOfOne)
  }

  /// Entries strictly below the diagonal that are not exactly zero.
  static func nonZerosBelowDiagonal<T: RealScalar>(_ r: Tensor<T>) -> Int {
    var count = 0
    for i in 0..<r.shape[0] {
      for j in 0..<min(i, r.shape[1]) where r[i, j] != 0 { count += 1 }
    }
    return count
  }

  /// Prints a measured ratio (grep "FACTOR-RATIO" in the test log for the report).
  @discardableResult
  static func record(_ label: String, _ value: Double) -> Double {
    print("FACTOR-RATIO \(label) \(value)")
    return value
  }

  static func json(_ name: String) throws -> Any {
    try JSONSerialization.jsonObject(with: try FixtureFiles.data("linalg/" + name))
  }

  static func tensor(_ value: Any) -> Tensor<Double> {
    if let rows = value as? [[Double]] { return try! Tensor(rows: rows) }
    return Tensor(value as! [Double])
  }
}
