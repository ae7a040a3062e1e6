// Symmetric eigendecomposition: residual and orthogonality ratios on the
// matrix families, numpy fixtures, Jacobi relative accuracy (mpmath), bad
// input, canonical form.
import Foundation
import RepriseLinalg
import RepriseTestSupport
import Testing

private let methods: [SymmetricEigenMethod] = [.divideAndConquer, .tridiagonalQL, .jacobi]

/// D·C·D with C = BᵀB/n + I and D = diag(10^(∓k)) — grading in either
/// direction exercises both QL and QR chasing.
private func graded(_ n: Int, increasing: Bool) -> Dense {
  let b = Families.uniform(n, n, seed: 28)
  var c = b.t * b
  for i in 0..<n { for j in 0..<n { c[i, j] = c[i, j] / Double(n) + (i == j ? 1 : 0) } }
  let d = (0..<n).map { Families.pow10(increasing ? $0 - n + 1 : -$0) }
  for i in 0..<n { for j in 0..<n { c[i, j] *= d[i] * d[j] } }
  return symmetrized(c)
}

/// Symmetric test matrices (Double).
private func symmetricFamilies() -> [(String, Dense)] {
  var out: [(String, Dense)] = [
    ("zero 5", Dense(5, 5, [Double](repeating: 0, count: 25))),
    ("identity 6", Dense.identity(6)),
    ("random 12", symmetrized(Families.uniform(12, 12, seed: 21))),
    ("random 40", symmetrized(Families.uniform(40, 40, seed: 22))),
    ("hilbert 10", Families.hilbert(10)),
    (
      "repeated",
      { () -> Dense in
        let q = Families.orthogonal(8, seed: 23)
        return q * Dense.diagonal(8, 8, [3, 3, 3, -1, -1, 0, 0, 5]) * q.t
      }()
    ),
    (
      "clustered",
      { () -> Dense in
        let q = Families.orthogonal(9, seed: 24)
        return q * Dense.diagonal(9, 9, [1, 1 + 1e-13, 1 + 2e-13, 1e-8, 2e-8, -4, -4, 7, 0]) * q.t
      }()
    ),
    (
      "rank-deficient",
      { () -> Dense in
        let b = Families.uniform(10, 3, seed: 25)
        return b * b.t
      }()
    ),
    (
      "graded kahan KᵀK",
      { () -> Dense in
        let k = Families.kahan(12)
        return k.t * k
      }()
    ),
    (
      "tridiagonal 1-2-1",
      { () -> Dense in
        var t = Dense(15, 15, [Double](repeating: 0, count: 225))
        for i in 0..<15 {
          t[i, i] = 2
          if i > 0 {
            t[i, i - 1] = -1
            t[i - 1, i] = -1
          }
        }
        return t
      }()
    ),
    ("graded decreasing DCD", graded(10, increasing: false)),
    ("graded increasing DCD", graded(10, increasing: true)),
    ("1x1", Dense(1, 1, [-2.5])),
    ("2x2 zero diagonal", Dense(2, 2, [0, 1, 1, 0])),
  ]
  out.append(("underflow 1e-300", symmetrized(Families.uniform(7, 7, seed: 26)).scaled(1e-300)))
  out.append(("overflow 1e300", symmetrized(Families.uniform(7, 7, seed: 27)).scaled(1e300)))
  return out
}

@Suite struct SymmetricEigenTests {
  @Test(arguments: methods)
  func ratiosOnFamilies(method: SymmetricEigenMethod) throws {
    var worstResidual = 0.0
    var worstOrthogonality = 0.0
    var report: [String] = []
    for (name, a) in symmetricFamilies() {
      let eig = try SymmetricEigen(a.tensor, method: method)
      let values = eig.values.scalars
      let v = Dense(eig.vectors!)
      let residual = Ratios.eigenResidual(a, v: v, values: values, eps: Double.ulpOfOne)
      let orthogonality = Ratios.orthogonality(v, eps: Double.ulpOfOne)
      worstResidual = max(worstResidual, residual)
      worstOrthogonality = max(worstOrthogonality, orthogonality)
      report.append("\(name): res \(residual) orth \(orthogonality)")
      #expect(residual < 60, "\(method) \(name): residual ratio \(residual)")
      #expect(orthogonality < 60, "\(method) \(name): orthogonality ratio \(orthogonality)")
      #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "\(name): not ascending")
      // Values-only agrees with values of the full run.
      let valuesOnly = try SymmetricEigen(a.tensor, method: method, vectors: false)
      #expect(valuesOnly.vectors == nil)
      for (x, y) in zip(valuesOnly.values.scalars, values) {
        #expect(
          abs(x - y) <= 60 * Double.ulpOfOne * max(a.norm1, 1e-300) * Double(a.rows), "\(name)")
      }
      // Canonical signs: largest-|.| entry of each column positive.
      for j in 0..<v.cols {
        var best = -1.0
        var value = 0.0
        for i in 0..<v.rows where abs(v[i, j]) > best {
          best = abs(v[i, j])
          value = v[i, j]
        }
        #expect(value > 0, "\(name): column \(j) sign")
      }
    }
    print(
      "SymmetricEigen \(method): worst residual \(worstResidual), orthogonality \(worstOrthogonality)\n  "
        + report.joined(separator: "\n  "))
  }

  @Test(arguments: methods)
  func agreesWithNumpy(method: SymmetricEigenMethod) throws {
    let fixture = try SpectralFixture("eig_random.txt")
    for name in ["s5", "s9", "s12"] {
      let a = fixture[name + ".a"]
      let eig = try SymmetricEigen(a.tensor, method: method)
      let expected = fixture[name + ".values"].a
      let scale = expected.reduce(0) { max($0, abs($1)) }
      for (x, y) in zip(eig.values.scalars, expected) {
        #expect(abs(x - y) <= 1e-13 * scale, "\(name): \(x) vs numpy \(y)")
      }
      // Well separated values: vectors agree entrywise in canonical form.
      let v = Dense(eig.vectors!)
      let ref = fixture[name + ".vectors"]
      let diff = zip(v.a, ref.a).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
      #expect(diff < 1e-10, "\(method) \(name): vectors differ by \(diff)")
    }
  }

  @Test func jacobiRelativeAccuracyOnGradedPositiveDefinite() throws {
    let fixture = try SpectralFixture("eig_graded.txt")
    let h = fixture["h8.a"]
    let reference = fixture["h8.values"].a
    let jacobi = try SymmetricEigen(h.tensor, method: .jacobi, vectors: false).values.scalars
    let fast = try SymmetricEigen(h.tensor, method: .tridiagonalQL, vectors: false).values.scalars
    var worstJacobi = 0.0
    var worstFast = 0.0
    for i in 0..<reference.count {
      worstJacobi = max(worstJacobi, abs(jacobi[i] - reference[i]) / reference[i])
      worstFast = max(worstFast, abs(fast[i] - reference[i]) / reference[i])
    }
    print("eig graded PD: Jacobi worst relative error \(worstJacobi), QL \(worstFast)")
    #expect(worstJacobi < 1e-13, "Jacobi relative error \(worstJacobi) (QL: \(worstFast))")
  }

  @Test func floatPath() throws {
    let a = symmetrized(Families.uniform(10, 10, seed: 31))
    for method in methods {
      let eig = try SymmetricEigen(a.float(), method: method)
      let v = Dense(eig.vectors!)
      let values = eig.values.scalars.map { Double($0) }
      let af = Dense(a.float())
      let eps = Double(Float.ulpOfOne)
      let residual = Ratios.eigenResidual(af, v: v, values: values, eps: eps)
      let orthogonality = Ratios.orthogonality(v, eps: eps)
      #expect(residual < 60 && orthogonality < 60, "Float \(method): \(residual) \(orthogonality)")
    }
  }

  @Test func emptyAndTiny() throws {
    let empty = try SymmetricEigen(Tensor<Double>.zeros([0, 0]))
    #expect(empty.values.count == 0 && empty.vectors!.shape == [0, 0])
    let one = try SymmetricEigen(Tensor<Double>(rows: [[-4]]), method: .jacobi)
    #expect(one.values.scalars == [-4] && one.vectors!.scalars == [1])
  }

  @Test func closedForm2x2() throws {
    // [[2,1],[1,2]]: eigenvalues 1, 3 with vectors (1,−1)/√2, (1,1)/√2.
    for method in methods {
      let eig = try SymmetricEigen(Tensor<Double>(rows: [[2, 1], [1, 2]]), method: method)
      #expect(abs(eig.values.scalars[0] - 1) < 4e-16 && abs(eig.values.scalars[1] - 3) < 8e-16)
      let r = 1 / 2.0.squareRoot()
      let v = eig.vectors!.scalars  // columns: (r, −r) — first-index tie → +r first
      let expected = [r, r, -r, r]
      #expect(zip(v, expected).allSatisfy { abs($0 - $1) < 1e-15 }, "\(method): \(v)")
    }
  }

  @Test func rejectsBadInput() throws {
    let nonSymmetric = try Tensor<Double>(rows: [[1, 2], [2.001, 1]])
    #expect(throws: RepriseError.self) { try SymmetricEigen(nonSymmetric) }
    do {
      _ = try SymmetricEigen(nonSymmetric, method: .jacobi)
      Issue.record("non-symmetric accepted")
    } catch let error as RepriseError {
      if case .invalidArgument = error {} else { Issue.record("wrong error \(error)") }
    }
    // Within the documented tolerance (√ε relative) it is accepted.
    let nearly = try Tensor<Double>(rows: [[1, 2], [2 + 1e-12, 1]])
    _ = try SymmetricEigen(nearly)
    var bad = try Tensor<Double>(rows: [[1, 2], [2, 1]])
    bad[1, 1] = .infinity
    #expect(
      throws: RepriseError.nonFinite(
        operation: "SymmetricEigen", row: 1, column: 1, value: .infinity)
    ) {
      try SymmetricEigen(bad)
    }
    bad[1, 1] = .nan
    for method in methods {
      #expect(throws: RepriseError.self) { try SymmetricEigen(bad, method: method) }
    }
    #expect(throws: RepriseError.self) { try SymmetricEigen(Tensor<Double>.zeros([2, 3])) }
    #expect(throws: RepriseError.self) { try SymmetricEigen(Tensor<Double>([1, 2, 3])) }
  }
}
