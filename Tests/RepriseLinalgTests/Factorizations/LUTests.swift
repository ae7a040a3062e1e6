import Foundation
import RepriseLinalg
import Testing

@Suite struct LUTests {
  typealias Kit = FactorTestKit

  static func families() -> [(String, Tensor<Double>)] {
    [
      ("empty", try! Tensor<Double>.zeros([0, 0])),
      ("1x1", Kit.matrix([[-3]])),
      ("identity", try! Tensor<Double>.identity(6)),
      ("random50", Kit.random(50, 50, seed: 21)),
      ("hilbert10", Kit.hilbert(10)),
      ("kahan20", Kit.kahan(20)),
      ("tiny1e-300", Kit.random(12, 12, seed: 22) * 1e-300),
      ("huge1e300", Kit.random(12, 12, seed: 23) * 1e300),
      ("tall20x7", Kit.random(20, 7, seed: 24)),
      ("wide5x13", Kit.random(5, 13, seed: 25)),
      ("row1x6", Kit.random(1, 6, seed: 26)),
      ("column6x1", Kit.random(6, 1, seed: 27)),
    ]
  }

  @Test func factorRatiosAcrossFamilies() throws {
    for (name, a) in Self.families() {
      let lu = try LUFactorization(a)
      let pa = try matmul(lu.p, a)
      let ratio = Kit.record("lu.PA-LU.\(name)", Kit.factorRatio(pa, lu.l, lu.u))
      #expect(ratio < 30, "\(name): \(ratio)")
      // Partial pivoting: every multiplier is at most 1 in magnitude.
      #expect(lu.l.scalars.allSatisfy { $0.magnitude <= 1 })
    }
  }

  @Test func solvesAndInverse() throws {
    for (name, a) in [
      ("random40", Kit.random(40, 40, seed: 31)), ("hilbert8", Kit.hilbert(8)),
      ("kahan15", Kit.kahan(15)),
    ] as [(String, Tensor<Double>)] {
      let lu = try LUFactorization(a)
      let b: Tensor<Double> = Kit.random(a.shape[0], 3, seed: 32)
      let x = try lu.solve(b)
      #expect(Kit.record("lu.solve.\(name)", Kit.backwardError(a, x, b)) < 30)
      let inverse = try lu.inverse()
      // ‖A·A⁻¹ − I‖ / (‖A‖·‖A⁻¹‖·n·ε)
      let residual = Kit.difference(try matmul(a, inverse), try .identity(a.shape[0]))
      let ratio = residual / (Kit.norm(a) * Kit.norm(inverse) * Double(a.shape[0]) * .ulpOfOne)
      #expect(Kit.record("lu.inverse.\(name)", ratio) < 30)
    }
    let lu = try LUFactorization(Kit.matrix([[0, 2], [3, 1]]) as Tensor<Double>)
    #expect(try lu.solve(Tensor([4.0, 5])).scalars == [1, 2])
  }

  @Test func determinantsClosedForm() throws {
    // Triangular: product of the diagonal.
    let t: Tensor<Double> = Kit.matrix([[2, 5, 7], [0, -3, 1], [0, 0, 0.5]])
    #expect(try LUFactorization(t).determinant() == -3)
    // Permutation matrices: ±1 by parity.
    let cycle: Tensor<Double> = Kit.matrix([[0, 1, 0], [0, 0, 1], [1, 0, 0]])  // even
    #expect(try LUFactorization(cycle).determinant() == 1)
    let swap: Tensor<Double> = Kit.matrix([[0, 1, 0], [1, 0, 0], [0, 0, 1]])  // odd
    #expect(try LUFactorization(swap).determinant() == -1)
    #expect(try LUFactorization(Tensor<Double>.zeros([0, 0])).determinant() == 1)
    // 2×2: ad − bc.
    #expect(
      try LUFactorization(Kit.matrix([[1, 2], [3, 4]]) as Tensor<Double>).determinant() == -2)
    // Overflowing determinant: sign and log stay finite.
    let huge = try Tensor<Double>.identity(4) * -1e300
    let lu = try LUFactorization(huge)
    #expect(try lu.determinant() == .infinity)
    let (sign, logAbs) = try lu.signAndLogAbsDeterminant()
    #expect(sign == 1)
    #expect(abs(logAbs - 1200 * log(10.0)) < 8 * .ulpOfOne * 1200 * log(10.0))
    // Singular: determinant 0, no error through the convenience; solve throws.
    let singular: Tensor<Double> = Kit.matrix([[1, 2, 3], [2, 4, 6], [1, 0, 1]])
    #expect(try LUFactorization.determinant(of: singular) == 0)
    #expect(throws: RepriseError.singular(operation: "LUFactorization", pivot: 2)) {
      try LUFactorization(singular)
    }
    let allowed = try LUFactorization(singular, allowSingular: true)
    #expect(allowed.singularPivot == 2)
    #expect(throws: RepriseError.self) { try allowed.solve(Tensor([1.0, 2, 3])) }
    #expect(throws: RepriseError.singular(operation: "LUFactorization", pivot: 0)) {
      try LUFactorization(Tensor<Double>.zeros([2, 2]))
    }
  }

  @Test func hilbertDeterminantsAgainstMpmath() throws {
    let rows = try Kit.json("factor_hilbert_det.json") as! [[String: Any]]
    for row in rows {
      let n = row["n"] as! Int
      guard n <= 10 else { continue }
      let expected = row["det"] as! Double
      let computed = try LUFactorization.determinant(of: Kit.hilbert(n) as Tensor<Double>)
      let relative = abs(computed - expected) / expected
      // The rounded input H differs from the exact Hilbert matrix by ~ε
      // entrywise, so det can move by about n·κ(H)·ε relative (κ(Hₙ) ≲ 10^(1.5n)); the
      // observed errors are far smaller, and we require 1% of that bound.
      let kappa = pow(10, 1.5 * Double(n))
      Kit.record(
        "lu.hilbertDet.relativeError/(n·κ·ε).n\(n)", relative / (Double(n) * kappa * .ulpOfOne))
      #expect(
        relative <= 0.01 * Double(n) * kappa * .ulpOfOne, "n = \(n): \(computed) vs \(expected)")
      let (_, logAbs) = try LUFactorization(Kit.hilbert(n) as Tensor<Double>)
        .signAndLogAbsDeterminant()
      #expect(abs(logAbs / log(10) - (row["log10"] as! Double)) < 1e-2)
    }
  }

  @Test func badInputAndFloat() throws {
    #expect(
      throws: RepriseError.nonFinite(
        operation: "LUFactorization", row: 0, column: 1, value: .infinity)
    ) {
      try LUFactorization(Kit.matrix([[1, .infinity]]) as Tensor<Double>)
    }
    let wide = try LUFactorization(Kit.random(2, 3, seed: 1) as Tensor<Double>)
    #expect(throws: RepriseError.self) { try wide.determinant() }
    #expect(throws: RepriseError.self) { try wide.solve(Tensor([1.0, 2])) }
    let lu = try LUFactorization(Kit.random(3, 3, seed: 2) as Tensor<Double>)
    #expect(throws: RepriseError.self) { try lu.solve(Tensor([1.0, 2])) }
    let a: Tensor<Float> = Kit.random(30, 30, seed: 3)
    let luf = try LUFactorization(a)
    #expect(
      Kit.record("lu.PA-LU.float30", Kit.factorRatio(try matmul(luf.p, a), luf.l, luf.u)) < 30)
    let b: Tensor<Float> = Kit.random(30, 1, seed: 4)
    #expect(Kit.record("lu.solve.float30", Kit.backwardError(a, try luf.solve(b), b)) < 30)
  }
}
