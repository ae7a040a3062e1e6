import Foundation
import RepriseLinalg
import Testing

@Suite struct TriangularSolveTests {
  typealias Kit = FactorTestKit

  /// A well-conditioned triangular matrix: random off-diagonal, diagonal ±(1..2).
  static func triangle(_ n: Int, upper: Bool, seed: UInt64) -> Tensor<Double> {
    var t: Tensor<Double> = Kit.random(n, n, seed: seed)
    for i in 0..<n {
      for j in 0..<n where upper ? j < i : j > i { t[i, j] = 0 }
      t[i, i] = (t[i, i] < 0 ? -1 : 1) * (1 + t[i, i].magnitude)
    }
    return t
  }

  @Test(arguments: [0, 1, 5, 40])
  func allVariantsHaveSmallBackwardError(n: Int) throws {
    for upper in [true, false] {
      for transpose in [false, true] {
        for unit in [false, true] {
          var t = Self.triangle(n, upper: upper, seed: UInt64(n + 3))
          let explicitT: Tensor<Double> = {
            var e = t
            if unit { for i in 0..<n { e[i, i] = 1 } }
            return transpose ? try! e.transposed() : e
          }()
          if unit { for i in 0..<n { t[i, i] = 99 } }  // must not be read
          let b: Tensor<Double> = Kit.random(n, 3, seed: 11)
          let x = try TriangularSolve.solve(
            t, b, triangle: upper ? .upper : .lower, transpose: transpose, unitDiagonal: unit)
          #expect(Kit.backwardError(explicitT, x, b) < 30)
          // Right side: X·op(T) = C.
          let c: Tensor<Double> = Kit.random(4, n, seed: 12)
          let y = try TriangularSolve.solve(
            t, c, triangle: upper ? .upper : .lower, side: .right, transpose: transpose,
            unitDiagonal: unit)
          let residual = Kit.difference(try matmul(y, explicitT), c)
          #expect(
            residual <= 30 * Kit.norm(y) * Kit.norm(explicitT) * Double(max(n, 1)) * .ulpOfOne)
          // Vector right-hand side equals the first column of the matrix solve.
          let xv = try TriangularSolve.solve(
            t, try b.column(0), triangle: upper ? .upper : .lower, transpose: transpose,
            unitDiagonal: unit)
          #expect(xv.shape == [n])
          #expect(xv == (try x.column(0)))
        }
      }
    }
  }

  @Test func closedFormTwoByTwo() throws {
    let t: Tensor<Double> = Kit.matrix([[2, 1], [0, 4]])
    let x = try TriangularSolve.solve(t, Tensor([5.0, 8.0]), triangle: .upper)
    #expect(x.scalars == [1.5, 2])
    let y = try TriangularSolve.solve(t, Tensor([4.0, 6.0]), triangle: .upper, transpose: true)
    #expect(y.scalars == [2, 1])  // [[2,0],[1,4]]·y = (4, 6)
  }

  @Test func floatBackwardError() throws {
    var t: Tensor<Float> = Kit.random(30, 30, seed: 5)
    for i in 0..<30 { t[i, i] += 3 }
    let b: Tensor<Float> = Kit.random(30, 2, seed: 6)
    let x = try TriangularSolve.solve(t, b, triangle: .lower)
    var lower = t
    for i in 0..<30 { for j in (i + 1)..<30 { lower[i, j] = 0 } }
    #expect(Kit.backwardError(lower, x, b) < 30)
  }

  @Test func errors() throws {
    var t: Tensor<Double> = Kit.matrix([[1, 2, 3], [0, 0, 5], [0, 0, 0]])
    #expect(throws: RepriseError.singular(operation: "TriangularSolve.solve", pivot: 1)) {
      try TriangularSolve.solve(t, Tensor([1.0, 2, 3]), triangle: .upper)
    }
    // Unit diagonal ignores the zeros.
    _ = try TriangularSolve.solve(t, Tensor([1.0, 2, 3]), triangle: .upper, unitDiagonal: true)
    #expect(throws: RepriseError.self) {
      try TriangularSolve.solve(t, Tensor([1.0, 2]), triangle: .upper)
    }
    #expect(throws: RepriseError.self) {
      try TriangularSolve.solve(t, Kit.matrix([[1, 2, 3]]), triangle: .upper, side: .left)
    }
    t[2, 0] = .nan  // outside the referenced triangle: ignored
    _ = try TriangularSolve.solve(t, Tensor([1.0, 2, 3]), triangle: .upper, unitDiagonal: true)
    t[0, 2] = .infinity
    #expect(
      throws: RepriseError.nonFinite(
        operation: "TriangularSolve.solve", row: 0, column: 2, value: .infinity)
    ) {
      try TriangularSolve.solve(t, Tensor([1.0, 2, 3]), triangle: .upper)
    }
    let good: Tensor<Double> = Kit.matrix([[1, 0], [0, 1]])
    #expect(throws: RepriseError.self) {
      try TriangularSolve.solve(good, Tensor([1.0, .nan]), triangle: .upper)
    }
    #expect(throws: RepriseError.self) {
      try TriangularSolve.solve(
        Kit.matrix([[1, 2, 3]]) as Tensor<Double>, Tensor([1.0]), triangle: .upper)
    }
  }
}
