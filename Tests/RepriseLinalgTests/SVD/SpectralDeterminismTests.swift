// Bit-reproducibility of the spectral decompositions: the same input gives
// the same output bits at 1, 2 and 3 threads (GEMM is used by the QR
// preconditioning, the functions and divide and conquer; the secular
// equations are threaded), and golden digests recorded in
// Fixtures/golden/spectral.txt catch any unintended change of bits.
// The digests are a regression baseline (Reprise's own output when the
// file was written), not a correctness reference: correctness is checked by
// the ratio and fixture tests.
import RepriseLinalg
import RepriseTestSupport
import Testing

private let symmetric100 = symmetrized(Families.uniform(100, 100, seed: 2028)).tensor

/// The canonical computations and their digests (values ‖ vectors).
private func canonicalDigests() throws -> [(String, String)] {
  let square = Families.uniform(24, 24, seed: 2024).tensor
  let tall = Families.uniform(60, 12, seed: 2025).tensor
  let symmetric = symmetrized(Families.uniform(24, 24, seed: 2026)).tensor
  var out: [(String, String)] = []
  for (name, algorithm) in [("svd.golubKahan", SVDAlgorithm.golubKahan), ("svd.jacobi", .jacobi)] {
    let s = try SingularValueDecomposition(square, algorithm: algorithm)
    out.append(("\(name).square24", s.singularValues.digest + s.u!.digest + s.vt!.digest))
  }
  let t = try SingularValueDecomposition(tall, algorithm: .golubKahan, vectors: .full)
  out.append(
    ("svd.golubKahan.tall60x12.full", t.singularValues.digest + t.u!.digest + t.vt!.digest))
  for (name, method) in [
    ("eig.tridiagonalQL", SymmetricEigenMethod.tridiagonalQL), ("eig.jacobi", .jacobi),
  ] {
    let e = try SymmetricEigen(symmetric, method: method)
    out.append(("\(name).sym24", e.values.digest + e.vectors!.digest))
  }
  // Large enough for blocked panels, several merges and threaded secular
  // equations.
  let e = try SymmetricEigen(symmetric100, method: .divideAndConquer)
  out.append(("eig.divideAndConquer.sym100", e.values.digest + e.vectors!.digest))
  return out
}

@Suite(.serialized) struct SpectralDeterminismTests {
  @Test func sameBitsAtOneAndTwoThreads() throws {
    let saved = ThreadSettings.defaultCount
    defer { try? ThreadSettings.setDefaultCount(saved) }
    let tall = Families.uniform(80, 10, seed: 2027).tensor
    var digests: [String] = []
    for threads in [1, 2, 3] {
      try ThreadSettings.setDefaultCount(threads)
      let j = try SingularValueDecomposition(tall, algorithm: .jacobi, vectors: .full)
      let p = try pseudoInverse(tall)
      let w = try symmetricInverseSquareRoot(try matmul(tall, tall, transposeA: true))
      let e = try SymmetricEigen(symmetric100, method: .divideAndConquer)
      digests.append(
        j.singularValues.digest + j.u!.digest + j.vt!.digest + p.digest + w.digest
          + e.values.digest + e.vectors!.digest)
    }
    #expect(digests[0] == digests[1] && digests[0] == digests[2])
  }

  @Test func goldenDigests() throws {
    let text = try FixtureFiles.text("golden/spectral.txt")
    var golden: [String: String] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let parts = line.split(separator: " ")
      golden[String(parts[0])] = String(parts[1])
    }
    let computed = try canonicalDigests()
    for (name, digest) in computed {
      #expect(golden[name] == digest, "\(name): digest changed; now \(digest)")
    }
    if computed.contains(where: { golden[$0.0] != $0.1 }) {
      print(computed.map { "\($0.0) \($0.1)" }.joined(separator: "\n"))
    }
  }
}
