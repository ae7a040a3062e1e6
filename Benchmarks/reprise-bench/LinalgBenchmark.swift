// LinalgBenchmark: timing and accuracy of the decompositions (Double).
//
// `which` ∈ {svd, eigh, qr, cholesky}. Shapes: square n = 64, 128, 256, 512,
// 1024 (`quick`: up to 256; `sizes` overrides) plus tall 4000×200 for svd and
// qr. What is timed (values + vectors, as numpy returns them):
//   svd       SingularValueDecomposition(a, algorithm:, vectors: .thin), for
//             `.golubKahan` (default bidiagonal solver: divide and conquer
//             above the crossover), `.golubKahan` with the bidiagonal QR
//             solver (row "golubKahanQR") and `.jacobi` (Jacobi only up to
//             n = 512);
//   eigh      SymmetricEigen(s) (default method: divide and conquer, with
//             vectors);
//   qr        QRFactorization(a) + thin q() + thin r();
//   cholesky  CholeskyFactorization(p).
// Inputs: A with entries from SplitMix64 (seed 0x5EED + m·100003 + n, value
// = (top 53 bits / 2^53)·2 − 1, see GEMMBenchmark.fill); S = (A + Aᵀ)/2;
// P = A·Aᵀ + n·I. Benchmarks/compare_numpy_linalg.py regenerates the same
// matrices in numpy.
// Timing: each call is timed on its own; calls repeat until ≥ 3 calls (or
// ≥ 3 s of work) and ≥ `minimumSeconds`; the minimum is reported.
// Accuracy (LAPACK-style ratios, Frobenius norms, products by `matmul`):
//   svd       ‖A − UΣVᵀ‖/(‖A‖·max(m,n)·ε); max(‖I − UᵀU‖/(m·ε), ‖I − VᵀV‖/(n·ε))
//   eigh      ‖SV − VΛ‖/(‖S‖·n·ε); ‖I − VᵀV‖/(n·ε)
//   qr        ‖A − QR‖/(‖A‖·max(m,n)·ε); ‖I − QᵀQ‖/(m·ε)
//   cholesky  ‖P − LLᵀ‖/(‖P‖·n·ε); (no orthogonality: null)
// The digest is `bitDigest` of the outputs (values then vectors), so runs can
// be compared for identical bits.

import Reprise

enum LinalgBenchmark {
  static let fullSizes = [64, 128, 256, 512, 1024]
  static let quickSizes = [64, 128, 256]
  static let tallShape = (m: 4000, n: 200)
  static let jacobiMaxSize = 512

  struct Row {
    var bench: String
    var algorithm: String
    var m: Int
    var n: Int
    var seconds: Double
    var calls: Int
    var digest: String
    var residual: Double
    var orthogonality: Double?
  }

  static func run(_ which: String, json: Bool, quick: Bool, sizes: [Int]?) throws {
    let squares = sizes ?? (quick ? quickSizes : fullSizes)
    let minimumSeconds = quick ? 0.15 : 0.3
    var shapes = squares.map { (m: $0, n: $0) }
    if which == "svd" || which == "qr" { shapes.append(tallShape) }
    if !json {
      print(
        GEMMBenchmark.pad("bench", 9) + GEMMBenchmark.pad("algorithm", 13)
          + GEMMBenchmark.pad("m", 6) + GEMMBenchmark.pad("n", 6)
          + GEMMBenchmark.pad("seconds", 12) + GEMMBenchmark.pad("residual", 10)
          + GEMMBenchmark.pad("orthog.", 10) + "  digest")
    }
    for shape in shapes {
      var rows = [Row]()
      switch which {
      case "svd":
        rows.append(try svd(m: shape.m, n: shape.n, algorithm: .golubKahan, min: minimumSeconds))
        rows.append(
          try svd(
            m: shape.m, n: shape.n, algorithm: .golubKahan, method: .qr, min: minimumSeconds))
        if max(shape.m, shape.n) <= jacobiMaxSize || shape.m != shape.n {
          rows.append(try svd(m: shape.m, n: shape.n, algorithm: .jacobi, min: minimumSeconds))
        }
      case "eigh": rows.append(try eigh(n: shape.n, min: minimumSeconds))
      case "qr": rows.append(try qr(m: shape.m, n: shape.n, min: minimumSeconds))
      case "cholesky": rows.append(try cholesky(n: shape.n, min: minimumSeconds))
      default: throw BenchUsageError("unknown linear-algebra benchmark '\(which)'")
      }
      for r in rows { emit(r, json: json) }
    }
  }

  static func emit(_ r: Row, json: Bool) {
    let orth = r.orthogonality.map { "\($0)" } ?? "null"
    if json {
      print(
        "{\"bench\":\"\(r.bench)\",\"algorithm\":\"\(r.algorithm)\",\"type\":\"Double\","
          + "\"m\":\(r.m),\"n\":\(r.n),\"seconds\":\(r.seconds),\"calls\":\(r.calls),"
          + "\"digest\":\"\(r.digest)\",\"residual_ratio\":\(r.residual),"
          + "\"orthogonality_ratio\":\(orth)}")
    } else {
      print(
        GEMMBenchmark.pad(r.bench, 9) + GEMMBenchmark.pad(r.algorithm, 13)
          + GEMMBenchmark.pad("\(r.m)", 6) + GEMMBenchmark.pad("\(r.n)", 6)
          + GEMMBenchmark.pad(GEMMBenchmark.format(r.seconds, digits: 6), 12)
          + GEMMBenchmark.pad(GEMMBenchmark.format(r.residual, digits: 3), 10)
          + GEMMBenchmark.pad(
            r.orthogonality.map { GEMMBenchmark.format($0, digits: 3) } ?? "-", 10)
          + "  " + String(r.digest.prefix(16)))
    }
  }

  // MARK: Inputs

  static func matrix(m: Int, n: Int) throws -> Tensor<Double> {
    let seed = 0x5EED &+ UInt64(m) &* 100_003 &+ UInt64(n)
    return try Tensor(
      shape: [m, n], scalars: GEMMBenchmark.fill(Double.self, count: m * n, seed: seed))
  }

  static func symmetric(n: Int) throws -> Tensor<Double> {
    let a = try matrix(m: n, n: n).scalars
    var s = a
    for i in 0..<n {
      for j in 0..<n { s[i * n + j] = (a[i * n + j] + a[j * n + i]) / 2 }
    }
    return try Tensor(shape: [n, n], scalars: s)
  }

  static func positiveDefinite(n: Int) throws -> Tensor<Double> {
    let a = try matrix(m: n, n: n)
    var p = try matmul(a, a, transposeB: true).scalars
    for i in 0..<n { p[i * n + i] += Double(n) }
    return try Tensor(shape: [n, n], scalars: p)
  }

  // MARK: Timing

  static func time<R>(min minimumSeconds: Double, _ body: () throws -> R) rethrows -> (
    R, Double, Int
  ) {
    let clock = ContinuousClock()
    var best = Double.infinity
    var total = 0.0
    var calls = 0
    var last: R? = nil
    while calls == 0 || (calls < 3 && total < 3.0) || total < minimumSeconds {
      let start = clock.now
      let r = try body()
      let elapsed = GEMMBenchmark.seconds(clock.now - start)
      last = r
      best = Swift.min(best, elapsed)
      total += elapsed
      calls += 1
    }
    return (last!, best, calls)
  }

  // MARK: Accuracy helpers (Frobenius norms)

  static func norm(_ x: [Double]) -> Double {
    var s = 0.0
    for v in x { s = s.addingProduct(v, v) }
    return s.squareRoot()
  }

  static func differenceNorm(_ x: [Double], _ y: [Double]) -> Double {
    var s = 0.0
    for i in x.indices {
      let d = x[i] - y[i]
      s = s.addingProduct(d, d)
    }
    return s.squareRoot()
  }

  /// ‖I − XᵀX‖ for X with k columns.
  static func gramDefect(_ x: Tensor<Double>) throws -> Double {
    let g = try matmul(x, x, transposeA: true)
    let k = g.shape[0]
    var s = g.scalars
    for i in 0..<k { s[i * k + i] -= 1 }
    return norm(s)
  }

  /// Scales the columns of X (r×k) by d.
  static func scaleColumns(_ x: Tensor<Double>, _ d: [Double]) throws -> Tensor<Double> {
    let k = d.count
    var s = x.scalars
    for i in 0..<x.shape[0] {
      for j in 0..<k { s[i * k + j] *= d[j] }
    }
    return try Tensor(shape: x.shape, scalars: s)
  }

  static let eps = Double.ulpOfOne

  // MARK: Routines

  static func svd(
    m: Int, n: Int, algorithm: SVDAlgorithm, method: BidiagonalSVDMethod = .automatic,
    min: Double
  ) throws -> Row {
    let a = try matrix(m: m, n: n)
    let (d, seconds, calls) = try time(min: min) {
      try SingularValueDecomposition(
        a, algorithm: algorithm, vectors: .thin, bidiagonalMethod: method, iterationCap: nil)
    }
    let u = d.u!
    let vt = d.vt!
    let sigma = d.singularValues.scalars
    let usv = try matmul(try scaleColumns(u, sigma), vt)
    let residual =
      differenceNorm(a.scalars, usv.scalars) / (norm(a.scalars) * Double(max(m, n)) * eps)
    let orthU = try gramDefect(u) / (Double(m) * eps)
    let orthV = try gramDefect(try vt.transposed()) / (Double(n) * eps)
    return Row(
      bench: "svd",
      algorithm: algorithm == .jacobi ? "jacobi" : method == .qr ? "golubKahanQR" : "golubKahan",
      m: m, n: n,
      seconds: seconds, calls: calls, digest: bitDigest(sigma + u.scalars + vt.scalars),
      residual: residual, orthogonality: Swift.max(orthU, orthV))
  }

  static func eigh(n: Int, min: Double) throws -> Row {
    let s = try symmetric(n: n)
    let (e, seconds, calls) = try time(min: min) { try SymmetricEigen(s) }
    let v = e.vectors!
    let lambda = e.values.scalars
    let sv = try matmul(s, v)
    let vl = try scaleColumns(v, lambda)
    let residual = differenceNorm(sv.scalars, vl.scalars) / (norm(s.scalars) * Double(n) * eps)
    let orth = try gramDefect(v) / (Double(n) * eps)
    return Row(
      bench: "eigh", algorithm: "divideAndConquer", m: n, n: n, seconds: seconds, calls: calls,
      digest: bitDigest(lambda + v.scalars), residual: residual, orthogonality: orth)
  }

  static func qr(m: Int, n: Int, min: Double) throws -> Row {
    let a = try matrix(m: m, n: n)
    let ((q, r), seconds, calls) = try time(min: min) {
      let f = try QRFactorization(a)
      return (f.q(), f.r())
    }
    let qrProduct = try matmul(q, r)
    let residual =
      differenceNorm(a.scalars, qrProduct.scalars) / (norm(a.scalars) * Double(max(m, n)) * eps)
    let orth = try gramDefect(q) / (Double(m) * eps)
    return Row(
      bench: "qr", algorithm: "householder", m: m, n: n, seconds: seconds, calls: calls,
      digest: bitDigest(q.scalars + r.scalars), residual: residual, orthogonality: orth)
  }

  static func cholesky(n: Int, min: Double) throws -> Row {
    let p = try positiveDefinite(n: n)
    let (c, seconds, calls) = try time(min: min) { try CholeskyFactorization(p) }
    let llt = try matmul(c.l, c.l, transposeB: true)
    let residual = differenceNorm(p.scalars, llt.scalars) / (norm(p.scalars) * Double(n) * eps)
    return Row(
      bench: "cholesky", algorithm: "blocked", m: n, n: n, seconds: seconds, calls: calls,
      digest: bitDigest(c.l.scalars), residual: residual, orthogonality: nil)
  }
}
