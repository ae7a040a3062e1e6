// Divide and conquer for the symmetric eigenproblem against numpy.linalg.eigh
// (LAPACK) on the same matrices (Fixtures/linalg/dc_eigen.txt, written by
// Fixtures/scripts/make_linalg_fixtures_divide_conquer.py): tridiagonal
// matrices through `SymmetricTridiagonalEigen` at leaf sizes that force
// several merges, and full symmetric matrices through `SymmetricEigen`.
// Values must agree to a normwise 1e-13, vectors (canonical signs; the
// eigenvalues are well separated, relative gaps ≥ 4e-4) to 1e-10.
import RepriseLinalg
import RepriseTestSupport
import Testing

private func maxDifference(_ x: [Double], _ y: [Double]) -> Double {
  zip(x, y).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
}

@Suite struct DivideConquerFixtureTests {
  @Test(arguments: [2, 5, 32])
  func tridiagonalAgreesWithNumpy(leafSize: Int) throws {
    let fixture = try SpectralFixture("dc_eigen.txt")
    for name in ["tridiagonal10", "tridiagonal50"] {
      let eig = try SymmetricTridiagonalEigen(
        diagonal: Tensor(fixture[name + ".d"].a), offDiagonal: Tensor(fixture[name + ".e"].a),
        method: .divideAndConquer, leafSize: leafSize)
      let values = fixture[name + ".values"].a
      let scale = values.reduce(0.0) { max($0, abs($1)) }
      let dv = maxDifference(eig.values.scalars, values)
      let dz = maxDifference(Dense(eig.vectors!).a, fixture[name + ".vectors"].a)
      #expect(dv <= 1e-13 * scale, "leaf \(leafSize) \(name): values differ by \(dv)")
      #expect(dz <= 1e-10, "leaf \(leafSize) \(name): vectors differ by \(dz)")
    }
  }

  @Test func fullSymmetricAgreesWithNumpy() throws {
    let fixture = try SpectralFixture("dc_eigen.txt")
    for name in ["symmetric40", "symmetric70"] {
      let eig = try SymmetricEigen(fixture[name + ".a"].tensor, method: .divideAndConquer)
      let values = fixture[name + ".values"].a
      let scale = values.reduce(0.0) { max($0, abs($1)) }
      let dv = maxDifference(eig.values.scalars, values)
      let dz = maxDifference(Dense(eig.vectors!).a, fixture[name + ".vectors"].a)
      #expect(dv <= 1e-13 * scale, "\(name): values differ by \(dv)")
      #expect(dz <= 1e-10, "\(name): vectors differ by \(dz)")
    }
  }
}
