// Divide and conquer for the symmetric tridiagonal eigenproblem: LAPACK-style
// ratios on matrices that exercise every deflation branch (Wilkinson and
// glued Wilkinson matrices, repeated and clustered values, zero
// off-diagonals), closed forms (the 1-2-1 matrix, sizes 0/1/2), agreement
// with the independent QL path, the typed no-convergence errors, and the full
// SymmetricEigen pipeline at sizes where several merges happen.
import Foundation
import RepriseLinalg
import RepriseTestSupport
import Testing

/// The symmetric tridiagonal matrix as a dense checking matrix.
private func dense(_ d: [Double], _ e: [Double]) -> Dense {
  var t = Dense(d.count, d.count, [Double](repeating: 0, count: d.count * d.count))
  for i in d.indices { t[i, i] = d[i] }
  for i in e.indices {
    t[i, i + 1] = e[i]
    t[i + 1, i] = e[i]
  }
  return t
}

/// Wilkinson's W⁺_{2m+1}: d = |m − i|, e = 1 (pairs of eigenvalues agreeing
/// to many digits).
private func wilkinson(_ m: Int) -> (d: [Double], e: [Double]) {
  let n = 2 * m + 1
  return ((0..<n).map { Double(abs(m - $0)) }, [Double](repeating: 1, count: n - 1))
}

/// `copies` Wilkinson matrices W⁺₂₁ glued by off-diagonal entries `glue`
/// (clusters of nearly equal eigenvalues, the classic hard case for vectors).
private func gluedWilkinson(copies: Int, glue: Double) -> (d: [Double], e: [Double]) {
  let (wd, we) = wilkinson(10)
  var d = [Double]()
  var e = [Double]()
  for c in 0..<copies {
    d += wd
    e += we
    if c < copies - 1 { e.append(glue) }
  }
  return (d, e)
}

private func uniformTridiagonal(_ n: Int, seed: UInt64) -> (d: [Double], e: [Double]) {
  let u = Families.uniform(2, n, seed: seed).a
  return (Array(u[0..<n]), Array(u[n..<(2 * n - 1)]))
}

private let cases: [(String, [Double], [Double])] = {
  var out: [(String, [Double], [Double])] = []
  let (rd, re) = uniformTridiagonal(70, seed: 41)
  out.append(("random 70", rd, re))
  let (wd, we) = wilkinson(10)
  out.append(("Wilkinson 21", wd, we))
  let (w2d, w2e) = wilkinson(40)
  out.append(("Wilkinson 81", w2d, w2e))
  for glue in [1e-14, 1e-8, 1e-3] {
    let (gd, ge) = gluedWilkinson(copies: 4, glue: glue)
    out.append(("glued Wilkinson ×4 glue \(glue)", gd, ge))
  }
  out.append(("1-2-1 60", [Double](repeating: 2, count: 60), [Double](repeating: -1, count: 59)))
  out.append(
    ("zero off-diagonal 30", (0..<30).map { Double($0 % 7) }, [Double](repeating: 0, count: 29)))
  out.append(("constant 25", [Double](repeating: 3, count: 25), [Double](repeating: 0, count: 24)))
  out.append(
    (
      "repeated diagonal small e", [Double](repeating: 1, count: 40),
      (0..<39).map { $0 % 2 == 0 ? 1e-17 : 0.5 }
    ))
  out.append(("zero 9", [Double](repeating: 0, count: 9), [Double](repeating: 0, count: 8)))
  out.append(
    (
      "graded 40", (0..<40).map { Families.pow10(-$0 / 3) },
      (0..<39).map { Families.pow10(-$0 / 3 - 1) }
    ))
  return out
}()

@Suite struct TridiagonalDivideConquerTests {
  @Test(arguments: [1, 2, 3, 8])
  func ratiosAndAgreementWithQL(leafSize: Int) throws {
    let eps = Double.ulpOfOne
    for (name, d, e) in cases {
      let t = dense(d, e)
      let dc = try SymmetricTridiagonalEigen(
        diagonal: Tensor(d), offDiagonal: Tensor(e), leafSize: leafSize)
      let ql = try SymmetricTridiagonalEigen(
        diagonal: Tensor(d), offDiagonal: Tensor(e), method: .ql)
      let values = dc.values.scalars
      let v = Dense(dc.vectors!)
      let residual = Ratios.eigenResidual(t, v: v, values: values, eps: eps)
      let orthogonality = Ratios.orthogonality(v, eps: eps)
      #expect(residual < 60, "\(name) leaf \(leafSize): residual ratio \(residual)")
      #expect(orthogonality < 60, "\(name) leaf \(leafSize): orthogonality ratio \(orthogonality)")
      #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "\(name): not ascending")
      let scale = max(t.norm1, Double.leastNormalMagnitude)
      for (x, y) in zip(values, ql.values.scalars) {
        #expect(abs(x - y) <= 30 * Double(d.count) * eps * scale, "\(name): \(x) vs QL \(y)")
      }
    }
  }

  @Test func closedFormOneTwoOne() throws {
    // T = tridiag(−1, 2, −1): λₖ = 2 − 2cos(kπ/(n+1)), vₖ ∝ sin(jkπ/(n+1)).
    let n = 50
    let dc = try SymmetricTridiagonalEigen(
      diagonal: Tensor([Double](repeating: 2, count: n)),
      offDiagonal: Tensor([Double](repeating: -1, count: n - 1)), leafSize: 4)
    let v = Dense(dc.vectors!)
    for k in 1...n {
      let theta = Double(k) * Double.pi / Double(n + 1)
      let exact = 2 - 2 * cos(theta)
      #expect(abs(dc.values.scalars[k - 1] - exact) < 1e-14, "λ\(k)")
      var x = (1...n).map { sin(Double($0) * theta) }
      let norm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
      x = x.map { $0 / norm }
      // Up to sign: mirror-image entries tie in magnitude, so the canonical
      // sign rests on rounding.
      let plus = (0..<n).reduce(0.0) { max($0, abs(v[$1, k - 1] - x[$1])) }
      let minus = (0..<n).reduce(0.0) { max($0, abs(v[$1, k - 1] + x[$1])) }
      let diff = min(plus, minus)
      #expect(diff < 1e-12, "vector \(k) differs by \(diff)")
    }
  }

  @Test func tinySizes() throws {
    let empty = try SymmetricTridiagonalEigen(
      diagonal: Tensor([Double]()), offDiagonal: Tensor([Double]()))
    #expect(empty.values.count == 0 && empty.vectors!.shape == [0, 0])
    let one = try SymmetricTridiagonalEigen(
      diagonal: Tensor([-3.0]), offDiagonal: Tensor([Double]()))
    #expect(one.values.scalars == [-3] && one.vectors!.scalars == [1])
    // [[1, 2], [2, 1]]: −1 with (1, −1)/√2 and 3 with (1, 1)/√2, via a merge.
    let two = try SymmetricTridiagonalEigen(
      diagonal: Tensor([1.0, 1]), offDiagonal: Tensor([2.0]), leafSize: 1)
    #expect(abs(two.values.scalars[0] + 1) < 4e-16 && abs(two.values.scalars[1] - 3) < 8e-16)
    let r = 1 / 2.0.squareRoot()
    let expected = [r, r, -r, r]
    #expect(zip(two.vectors!.scalars, expected).allSatisfy { abs($0 - $1) < 1e-15 })
  }

  @Test func floatPath() throws {
    let (d, e) = uniformTridiagonal(40, seed: 42)
    let dc = try SymmetricTridiagonalEigen(
      diagonal: Tensor(d.map { Float($0) }), offDiagonal: Tensor(e.map { Float($0) }), leafSize: 5)
    let t = dense(d.map { Double(Float($0)) }, e.map { Double(Float($0)) })
    let eps = Double(Float.ulpOfOne)
    let v = Dense(dc.vectors!)
    let values = dc.values.scalars.map { Double($0) }
    #expect(Ratios.eigenResidual(t, v: v, values: values, eps: eps) < 60)
    #expect(Ratios.orthogonality(v, eps: eps) < 60)
  }

  @Test func iterationCapsGiveTypedErrors() throws {
    let (d, e) = uniformTridiagonal(20, seed: 43)
    // One evaluation per secular root cannot reach the tolerance.
    #expect {
      try SymmetricTridiagonalEigen(
        diagonal: Tensor(d), offDiagonal: Tensor(e), leafSize: 2, iterationCap: 1)
    } throws: { error in
      guard case .noConvergence(let operation, let iterations, _) = error as? RepriseError else {
        return false
      }
      return iterations == 1 && operation.contains("SymmetricTridiagonalEigen")
    }
    // One implicit QL step cannot diagonalise a 20×20 block.
    for method in [TridiagonalEigenMethod.ql, .divideAndConquer] {
      #expect {
        try SymmetricTridiagonalEigen(
          diagonal: Tensor(d), offDiagonal: Tensor(e), method: method, leafSize: 32,
          iterationCap: 1)
      } throws: { error in
        guard case .noConvergence(let operation, _, let residual) = error as? RepriseError else {
          return false
        }
        return operation.contains("eigenvalues converged") && residual > 0
      }
    }
    // Values only (QL): the same cap applies.
    #expect(throws: RepriseError.self) {
      try SymmetricTridiagonalEigen(
        diagonal: Tensor(d), offDiagonal: Tensor(e), vectors: false, iterationCap: 1)
    }
  }

  @Test func rejectsBadInput() throws {
    #expect(throws: RepriseError.self) {
      try SymmetricTridiagonalEigen(diagonal: Tensor([1.0, 2]), offDiagonal: Tensor([1.0, 2]))
    }
    #expect(throws: RepriseError.self) {
      try SymmetricTridiagonalEigen(diagonal: Tensor([1.0, .nan]), offDiagonal: Tensor([1.0]))
    }
    #expect(throws: RepriseError.self) {
      try SymmetricTridiagonalEigen(diagonal: Tensor([1.0, 1]), offDiagonal: Tensor([.infinity]))
    }
    #expect(throws: RepriseError.self) {
      try SymmetricTridiagonalEigen(
        diagonal: Tensor([1.0]), offDiagonal: Tensor([Double]()), leafSize: 0)
    }
  }

  @Test func symmetricEigenWithSeveralMerges() throws {
    // n = 100 > 3·32: the full pipeline (blocked back-transformation over
    // several WY blocks, merges at two levels) against QL and the ratios.
    let eps = Double.ulpOfOne
    for (name, a) in [
      ("random 100", symmetrized(Families.uniform(100, 100, seed: 44))),
      (
        "repeated 90",
        { () -> Dense in
          let q = Families.orthogonal(90, seed: 45)
          return q * Dense.diagonal(90, 90, (0..<90).map { Double($0 % 3) }) * q.t
        }()
      ),
    ] {
      let dc = try SymmetricEigen(a.tensor, method: .divideAndConquer)
      let ql = try SymmetricEigen(a.tensor, method: .tridiagonalQL, vectors: false)
      let v = Dense(dc.vectors!)
      let values = dc.values.scalars
      let residual = Ratios.eigenResidual(a, v: v, values: values, eps: eps)
      let orthogonality = Ratios.orthogonality(v, eps: eps)
      #expect(residual < 60 && orthogonality < 60, "\(name): \(residual) \(orthogonality)")
      for (x, y) in zip(values, ql.values.scalars) {
        #expect(abs(x - y) <= 60 * 100 * eps * a.norm1, "\(name): \(x) vs \(y)")
      }
    }
  }
}
