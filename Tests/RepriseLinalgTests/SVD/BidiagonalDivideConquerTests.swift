// Divide and conquer for the bidiagonal SVD: LAPACK-style ratios on
// bidiagonals that exercise every merge and deflation branch (random, glued
// and clustered, zero diagonal and superdiagonal entries, graded, leaf-size
// boundaries, sizes 0/1/2), agreement with the independent QR solver and
// with numpy fixtures (Fixtures/linalg/dc_bidiagonal.txt), the full
// Golub–Kahan pipeline with divide and conquer forced on the SVD matrix
// families, bits at 1/2/3 threads, and the typed no-convergence errors.
import Foundation
import RepriseLinalg
import RepriseTestSupport
import Testing

/// The upper bidiagonal matrix as a dense checking matrix.
private func dense(_ d: [Double], _ e: [Double]) -> Dense {
  var b = Dense(d.count, d.count, [Double](repeating: 0, count: d.count * d.count))
  for i in d.indices { b[i, i] = d[i] }
  for i in e.indices { b[i, i + 1] = e[i] }
  return b
}

private func uniformBidiagonal(_ n: Int, seed: UInt64) -> (d: [Double], e: [Double]) {
  let u = Families.uniform(2, max(n, 1), seed: seed).a
  return (Array(u[0..<n]), Array(u[n..<(n + max(n - 1, 0))]))
}

/// Bidiagonals that reach the deflation branches: repeated and clustered
/// singular values, tiny or zero couplings, zero diagonal entries (exact
/// zero singular values), grading.
private let cases: [(String, [Double], [Double])] = {
  var out: [(String, [Double], [Double])] = []
  for n in [0, 1, 2, 3, 26, 51] {
    let (d, e) = uniformBidiagonal(n, seed: UInt64(300 + n))
    out.append(("random \(n)", d, e))
  }
  out.append(
    ("constant 1 / 1 (60)", [Double](repeating: 1, count: 60), [Double](repeating: 1, count: 59)))
  out.append(
    ("identity 40 (e = 0)", [Double](repeating: 1, count: 40), [Double](repeating: 0, count: 39)))
  for glue in [1e-14, 1e-8, 1e-3] {
    // Four copies of one random bidiagonal glued by `glue`: clusters of
    // four nearly equal singular values.
    let (d0, e0) = uniformBidiagonal(15, seed: 310)
    var d = [Double]()
    var e = [Double]()
    for c in 0..<4 {
      d += d0
      e += e0
      if c < 3 { e.append(glue) }
    }
    out.append(("glued ×4 glue \(glue)", d, e))
  }
  var (zd, ze) = uniformBidiagonal(45, seed: 320)
  for i in stride(from: 3, to: 45, by: 7) { zd[i] = 0 }
  for i in stride(from: 5, to: 44, by: 11) { ze[i] = 0 }
  out.append(("zero d and e entries 45", zd, ze))
  let (gd, ge) = uniformBidiagonal(60, seed: 330)
  out.append(
    (
      "graded 60 (2^-i)", gd.enumerated().map { $1 * pow(2, -Double($0)) },
      ge.enumerated().map { $1 * pow(2, -Double($0)) }
    ))
  out.append(("zero 30", [Double](repeating: 0, count: 30), [Double](repeating: 0, count: 29)))
  out.append(
    (
      "1e-300 scaled 40", uniformBidiagonal(40, seed: 340).d.map { $0 * 1e-300 },
      uniformBidiagonal(40, seed: 340).e.map { $0 * 1e-300 }
    ))
  out.append(
    (
      "1e300 scaled 40", uniformBidiagonal(40, seed: 341).d.map { $0 * 1e300 },
      uniformBidiagonal(40, seed: 341).e.map { $0 * 1e300 }
    ))
  return out
}()

/// Ratios of one bidiagonal SVD; checks values descending and ≥ 0.
@discardableResult
private func checkBidiagonal(
  _ d: [Double], _ e: [Double], _ svd: BidiagonalSVD<Double>, label: String
) -> (Double, Double, Double) {
  let eps = Double.ulpOfOne
  let s = svd.singularValues.scalars
  #expect(s.count == d.count, "\(label): \(s.count) values")
  #expect(s.allSatisfy { $0 >= 0 }, "\(label): negative value")
  #expect(zip(s, s.dropFirst()).allSatisfy { $0 >= $1 }, "\(label): not descending")
  if d.isEmpty { return (0, 0, 0) }
  let u = Dense(svd.u!)
  let vt = Dense(svd.vt!)
  let rec = Ratios.reconstruction(dense(d, e), u: u, s: s, vt: vt, eps: eps)
  let ou = Ratios.orthogonality(u, eps: eps)
  let ov = Ratios.orthogonality(vt.t, eps: eps)
  #expect(rec < 50, "\(label): reconstruction ratio \(rec)")
  #expect(ou < 50, "\(label): U orthogonality ratio \(ou)")
  #expect(ov < 50, "\(label): V orthogonality ratio \(ov)")
  return (rec, ou, ov)
}

@Suite struct BidiagonalDivideConquerTests {
  /// Every case at leaf sizes 1, 3 and the default 25 (so the merges
  /// range from 1×1 halves to the leaf boundary): ratios < 50 and the same
  /// values as the QR solver to a normwise 50·n·ε.
  @Test(arguments: [1, 3, 25])
  func ratiosAndAgreementWithQR(leafSize: Int) throws {
    var worst = (0.0, 0.0, 0.0)
    for (name, d, e) in cases {
      let label = "leaf \(leafSize) \(name)"
      let dc = try BidiagonalSVD(
        diagonal: Tensor(d), superdiagonal: Tensor(e), method: .divideAndConquer,
        leafSize: leafSize)
      let r = checkBidiagonal(d, e, dc, label: label)
      worst = (max(worst.0, r.0), max(worst.1, r.1), max(worst.2, r.2))
      let qr = try BidiagonalSVD(
        diagonal: Tensor(d), superdiagonal: Tensor(e), method: .qr, vectors: false)
      let s1 = max(qr.singularValues.scalars.first ?? 0, Double.leastNonzeroMagnitude)
      for (x, y) in zip(dc.singularValues.scalars, qr.singularValues.scalars) {
        #expect(
          abs(x - y) <= 50 * Double.ulpOfOne * Double(d.count) * s1,
          "\(label): D&C \(x) vs QR \(y)")
      }
    }
    print("bidiagonal D&C leaf \(leafSize): worst rec \(worst.0) U \(worst.1) V \(worst.2)")
  }

  /// Closed forms: the zero matrix has σ = 0; d = 1, e = 0 has σ = 1; the
  /// n×n bidiagonal with d = 1, e = 1 has σₖ = 2·cos(kπ/(2n+1)), k = 1…n
  /// (BᵀB is the 1-2-1 matrix with its first entry 1).
  @Test func closedForms() throws {
    let n = 60
    let ones = try BidiagonalSVD(
      diagonal: Tensor([Double](repeating: 1, count: n)),
      superdiagonal: Tensor([Double](repeating: 1, count: n - 1)), leafSize: 4)
    for (k, s) in ones.singularValues.scalars.enumerated() {
      let expected = 2 * cos(Double(k + 1) * Double.pi / Double(2 * n + 1))
      #expect(
        abs(s - expected) <= 4 * Double(n) * Double.ulpOfOne * 2, "σ\(k) = \(s) vs \(expected)")
    }
    let identity = try BidiagonalSVD(
      diagonal: Tensor([Double](repeating: 1, count: 30)),
      superdiagonal: Tensor([Double](repeating: 0, count: 29)), leafSize: 2)
    #expect(identity.singularValues.scalars.allSatisfy { $0 == 1 })
    let zero = try BidiagonalSVD(
      diagonal: Tensor([Double](repeating: 0, count: 30)),
      superdiagonal: Tensor([Double](repeating: 0, count: 29)), leafSize: 2)
    #expect(zero.singularValues.scalars.allSatisfy { $0 == 0 })
  }

  /// numpy.linalg.svd of the same bidiagonals: values to a normwise 1e-13,
  /// vectors (canonical signs; the values are well separated) to 1e-9.
  @Test(arguments: [3, 25])
  func agreesWithNumpy(leafSize: Int) throws {
    let fixture = try SpectralFixture("dc_bidiagonal.txt")
    for name in ["random9", "random40", "graded30"] {
      let d = fixture[name + ".d"].a
      let e = fixture[name + ".e"].a
      let svd = try BidiagonalSVD(
        diagonal: Tensor(d), superdiagonal: Tensor(e), method: .divideAndConquer,
        leafSize: leafSize)
      let expected = fixture[name + ".s"].a
      for (x, y) in zip(svd.singularValues.scalars, expected) {
        #expect(abs(x - y) <= 1e-13 * expected[0], "\(name): \(x) vs numpy \(y)")
      }
      let du = zip(Dense(svd.u!).a, fixture[name + ".u"].a).reduce(0.0) {
        max($0, abs($1.0 - $1.1))
      }
      let dv = zip(Dense(svd.vt!).a, fixture[name + ".vt"].a).reduce(0.0) {
        max($0, abs($1.0 - $1.1))
      }
      #expect(du < 1e-9 && dv < 1e-9, "leaf \(leafSize) \(name): U differs by \(du), Vt by \(dv)")
    }
  }

  /// The whole Golub–Kahan pipeline with divide and conquer forced, on the
  /// SVD test families plus sizes with several merges.
  @Test(arguments: [SVDVectors.thin, .full])
  func pipelineRatiosOnFamilies(vectors: SVDVectors) throws {
    // The families of SVDTests large enough for merges (the others are
    // single leaves, i.e. the QR path SVDTests checks), plus larger ones.
    var families = Families.all().filter { min($0.a.rows, $0.a.cols) > 25 }
    families.append(("random 80x80", Families.uniform(80, 80, seed: 350)))
    families.append(("tall 120x50", Families.uniform(120, 50, seed: 351)))
    families.append(("wide 40x90", Families.uniform(40, 90, seed: 352)))
    families.append(("clustered 60x50", Families.clustered(60, 50, seed: 353)))
    families.append(("rank-deficient 60x50 r9", Families.rankDeficient(60, 50, rank: 9, seed: 354)))
    families.append(("hilbert 50", Families.hilbert(50)))
    families.append(("kahan 60", Families.kahan(60, theta: 1.3)))
    families.append(("1e-300 scaled 50x40", Families.uniform(50, 40, seed: 355).scaled(1e-300)))
    families.append(("1e300 scaled 50x40", Families.uniform(50, 40, seed: 356).scaled(1e300)))
    var worst = (0.0, 0.0, 0.0)
    for (name, a) in families {
      let svd = try SingularValueDecomposition(
        a.tensor, vectors: vectors, bidiagonalMethod: .divideAndConquer, iterationCap: nil)
      let r = checkSVD(a, svd, full: vectors == .full, label: "D&C \(vectors) \(name)")
      worst = (max(worst.0, r.0), max(worst.1, r.1), max(worst.2, r.2))
      let qr = try SingularValueDecomposition(
        a.tensor, vectors: .none, bidiagonalMethod: .qr, iterationCap: nil)
      let s1 = qr.singularValues.scalars.first ?? 0
      for (x, y) in zip(svd.singularValues.scalars, qr.singularValues.scalars) {
        #expect(
          abs(x - y) <= 50 * Double.ulpOfOne * Double(max(a.rows, a.cols)) * s1,
          "\(name): D&C \(x) vs QR \(y)")
      }
    }
    print("Golub–Kahan D&C \(vectors): worst rec \(worst.0) U \(worst.1) V \(worst.2)")
  }

  @Test func floatPath() throws {
    let a = Families.uniform(70, 60, seed: 357)
    let svd = try SingularValueDecomposition(
      a.float(), bidiagonalMethod: .divideAndConquer, iterationCap: nil)
    let eps = Double(Float.ulpOfOne)
    let u = Dense(svd.u!)
    let vt = Dense(svd.vt!)
    let rec = Ratios.reconstruction(
      a, u: u, s: svd.singularValues.scalars.map { Double($0) }, vt: vt, eps: eps)
    let ou = Ratios.orthogonality(u, eps: eps)
    let ov = Ratios.orthogonality(vt.t, eps: eps)
    #expect(rec < 50 && ou < 50 && ov < 50, "Float D&C: \(rec) \(ou) \(ov)")
  }

  @Test(.serialized) func sameBitsAtOneTwoAndThreeThreads() throws {
    let saved = ThreadSettings.defaultCount
    defer { try? ThreadSettings.setDefaultCount(saved) }
    let a = Families.uniform(90, 80, seed: 358).tensor
    var digests: [String] = []
    for threads in [1, 2, 3] {
      try ThreadSettings.setDefaultCount(threads)
      let s = try SingularValueDecomposition(
        a, bidiagonalMethod: .divideAndConquer, iterationCap: nil)
      digests.append(s.singularValues.digest + s.u!.digest + s.vt!.digest)
    }
    #expect(digests[0] == digests[1] && digests[0] == digests[2])
  }

  @Test func capsThrowNoConvergence() throws {
    let (d, e) = uniformBidiagonal(40, seed: 359)
    #expect {
      try BidiagonalSVD(
        diagonal: Tensor(d), superdiagonal: Tensor(e), method: .divideAndConquer, leafSize: 8,
        iterationCap: 1)
    } throws: { error in
      guard case .noConvergence(let operation, _, _) = error as? RepriseError else { return false }
      return operation.contains("BidiagonalSVD")
    }
    let a = Families.uniform(60, 60, seed: 360).tensor
    #expect {
      try SingularValueDecomposition(a, bidiagonalMethod: .divideAndConquer, iterationCap: 1)
    } throws: { error in
      guard case .noConvergence = error as? RepriseError else { return false }
      return true
    }
    #expect(throws: RepriseError.self) {
      try BidiagonalSVD(diagonal: Tensor(d), superdiagonal: Tensor(e), leafSize: 0)
    }
    #expect(throws: RepriseError.self) {
      try BidiagonalSVD(diagonal: Tensor(d), superdiagonal: Tensor([1.0]))
    }
    #expect(throws: RepriseError.self) {
      try BidiagonalSVD(diagonal: Tensor([1.0, .nan]), superdiagonal: Tensor([1.0]))
    }
  }
}

/// Bits at 1, 2 and 3 threads at sizes where the panel matrix–vector
/// products split their rows and columns over threads (≥ 2¹⁶ entries) and
/// divide and conquer merges several times. Seconds in release, minutes in
/// debug: runs with REPRISE_SLOW_TESTS=1 (the name matches the SlowSVD filter).
@Suite(.serialized) struct SlowSVDThreadingTests {
  static let slow = ProcessInfo.processInfo.environment["REPRISE_SLOW_TESTS"] == "1"

  @Test(.enabled(if: slow, "set REPRISE_SLOW_TESTS=1"))
  func sameBitsAtOneTwoAndThreeThreads() throws {
    let saved = ThreadSettings.defaultCount
    defer { try? ThreadSettings.setDefaultCount(saved) }
    let a = Families.uniform(600, 520, seed: 361)
    let symmetric = symmetrized(Families.uniform(520, 520, seed: 362)).tensor
    var digests: [String] = []
    for threads in [1, 2, 3] {
      try ThreadSettings.setDefaultCount(threads)
      let s = try SingularValueDecomposition(a.tensor)
      let e = try SymmetricEigen(symmetric)
      digests.append(
        s.singularValues.digest + s.u!.digest + s.vt!.digest + e.values.digest
          + e.vectors!.digest)
      if threads == 1 {
        let (rec, ou, ov) = checkSVD(a, s, full: false, label: "600×520 D&C")
        print("SVD 600×520 (divide and conquer): rec \(rec) U \(ou) V \(ov)")
      }
    }
    #expect(digests[0] == digests[1] && digests[0] == digests[2])
  }
}
