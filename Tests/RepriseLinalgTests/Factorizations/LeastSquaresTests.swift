import Foundation
import RepriseLinalg
import Testing

@Suite struct LeastSquaresTests {
  typealias Kit = FactorTestKit

  static func cases() throws -> [[String: Any]] {
    try Kit.json("factor_lstsq.json") as! [[String: Any]]
  }

  @Test func fullRankAgainstNumpy() throws {
    for c in try Self.cases() where (c["kind"] as! String) == "fullRank" {
      let name = c["name"] as! String
      let a = Kit.tensor(c["a"]!)
      let b = Kit.tensor(c["b"]!)
      let expected = Kit.tensor(c["x"]!)
      let fit = try LeastSquares.solveQR(a, b)
      #expect(fit.solution.shape == expected.shape)
      // Forward error relative to ‖x‖, normalised by n·ε·κ-free scale: these
      // problems are well conditioned (κ < 100), so 30·n·ε·100 is generous.
      let n = Double(a.shape[1])
      let error = Kit.difference(fit.solution, expected) / Kit.norm(expected) / (n * .ulpOfOne)
      Kit.record("lstsq.qr.forwardError/(n·ε).\(name)", error)
      #expect(error < 3000, "\(name): \(error)")
      let residuals = c["residual"] as! [Double]
      for (got, want) in zip(fit.residualNorms, residuals) {
        #expect(abs(got - want) <= 1e-12 + 1e-10 * want, "\(name): \(got) vs \(want)")
      }
      // Wide: the minimum-norm solution satisfies A·x = b.
      if a.shape[0] < a.shape[1] {
        #expect(Kit.backwardError(a, fit.solution, b) < 30)
      }
    }
  }

  @Test func rankDeficientAgainstNumpyAndScipy() throws {
    for c in try Self.cases() where (c["kind"] as! String) == "rankDeficient" {
      let name = c["name"] as! String
      let a = Kit.tensor(c["a"]!)
      let b = Kit.tensor(c["b"]!)
      let fit = try LeastSquares.solvePivotedQR(a, b)
      #expect(fit.rank == c["rank"] as! Int, "\(name)")
      // Same minimal residual as numpy's minimum-norm solution…
      let residuals = c["residual"] as! [Double]
      for (got, want) in zip(fit.residualNorms, residuals) {
        #expect(abs(got - want) <= 1e-10 * want, "\(name): \(got) vs \(want)")
      }
      let direct = Kit.difference(try matmul(a, fit.solution), b)
      #expect(abs(direct - Kit.scaledNorm(residuals)) <= 1e-10 * direct)
      // …and the same basic solution as scipy's pivoted QR (LAPACK xGEQP3).
      let basic = Kit.tensor(c["xBasic"]!)
      let error = Kit.difference(fit.solution, basic) / Kit.norm(basic)
      Kit.record("lstsq.pivoted.relativeErrorVsScipyBasic.\(name)", error)
      #expect(error < 1e-10, "\(name): \(error)")
      // The basic solution has at most `rank` non-zero entries per column.
      let p = fit.solution.rank == 1 ? 1 : fit.solution.shape[1]
      for col in 0..<p {
        let nonZeros = (0..<a.shape[1]).filter { fit.solution.scalars[$0 * p + col] != 0 }.count
        #expect(nonZeros <= fit.rank)
      }
      // solveQR refuses an exactly rank-deficient matrix (zero column).
      if name.hasPrefix("repeated") {
        #expect(throws: RepriseError.self) { try LeastSquares.solveQR(a, b) }
      }
    }
  }

  @Test func shapesAndClosedForms() throws {
    // Fit of y = 1 + 2t through exact data: x = (1, 2), zero residual.
    let a: Tensor<Double> = Kit.matrix([[1, 0], [1, 1], [1, 2], [1, 3]])
    let fit = try LeastSquares.solveQR(a, Tensor([1.0, 3, 5, 7]))
    #expect(fit.solution.shape == [2])
    #expect(abs(fit.solution[0] - 1) < 1e-14 && abs(fit.solution[1] - 2) < 1e-14)
    #expect(fit.residualNorms[0] < 1e-14)
    // x₁ + x₂ = 2: minimum-norm solution (1, 1).
    let wide = try LeastSquares.solveQR(Kit.matrix([[1, 1]]) as Tensor<Double>, Tensor([2.0]))
    #expect(abs(wide.solution[0] - 1) < 1e-15 && abs(wide.solution[1] - 1) < 1e-15)
    // Mean of the data: 1-column all-ones.
    let mean = try LeastSquares.solvePivotedQR(
      Kit.matrix([[1], [1], [1]]) as Tensor<Double>, Tensor([1.0, 2, 6]))
    #expect(abs(mean.solution[0] - 3) < 1e-15)
    #expect(abs(mean.residualNorms[0] - 14.0.squareRoot()) < 1e-14)
    // Zero matrix: rank 0, x = 0, residual ‖b‖.
    let zero = try LeastSquares.solvePivotedQR(Tensor<Double>.zeros([3, 2]), Tensor([3.0, 4, 0]))
    #expect(zero.rank == 0 && zero.solution.scalars == [0, 0] && zero.residualNorms == [5])
    // Empty problems.
    let empty = try LeastSquares.solveQR(
      Tensor<Double>.zeros([0, 0]), Tensor<Double>.zeros([0, 2]))
    #expect(empty.solution.shape == [0, 2])
    // Float, tall.
    let af: Tensor<Float> = Kit.random(40, 6, seed: 80)
    let bf: Tensor<Float> = Kit.random(40, 1, seed: 81)
    let ff = try LeastSquares.solveQR(af, bf)
    // Normal equations residual Aᵀ(Ax − b) ≈ 0 relative to ‖A‖²‖x‖.
    let normal = try matmul(af, try matmul(af, ff.solution) - bf, transposeA: true)
    #expect(
      Kit.norm(normal) / (Kit.norm(af) * Kit.norm(af) * Kit.norm(ff.solution)) < 30 * 6
        * Double(Float.ulpOfOne))
  }

  @Test func badInput() throws {
    let a: Tensor<Double> = Kit.random(5, 3, seed: 1)
    #expect(throws: RepriseError.self) { try LeastSquares.solveQR(a, Tensor([1.0, 2])) }
    #expect(throws: RepriseError.self) {
      try LeastSquares.solvePivotedQR(a, Kit.random(4, 2, seed: 2) as Tensor<Double>)
    }
    #expect(throws: RepriseError.self) {
      try LeastSquares.solveQR(a, Tensor([1.0, 2, 3, 4, .nan]))
    }
    #expect(throws: RepriseError.self) {
      try LeastSquares.solvePivotedQR(a, Tensor([1.0, 2, 3, 4, 5]), tolerance: -1)
    }
    var bad = a
    bad[4, 2] = .infinity
    #expect(
      throws: RepriseError.nonFinite(
        operation: "LeastSquares.solveQR", row: 4, column: 2, value: .infinity)
    ) {
      try LeastSquares.solveQR(bad, Tensor([1.0, 2, 3, 4, 5]))
    }
  }
}
