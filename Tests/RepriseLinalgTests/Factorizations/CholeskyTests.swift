import Foundation
import RepriseLinalg
import Testing

@Suite struct CholeskyTests {
  typealias Kit = FactorTestKit

  static func families() -> [(String, Tensor<Double>)] {
    var list: [(String, Tensor<Double>)] = [
      ("empty", try! Tensor<Double>.zeros([0, 0])),
      ("1x1", Kit.matrix([[4]])),
      ("identity", try! Tensor<Double>.identity(7)),
      ("random40", Kit.spd(40, seed: 1)),
      ("hilbert8", Kit.hilbert(8)),
    ]
    // Graded: D·S·D with D = diag(10^-k).
    var graded = Kit.spd(12, seed: 2) as Tensor<Double>
    for i in 0..<12 { for j in 0..<12 { graded[i, j] *= pow(10, -Double(i + j) / 2) } }
    list.append(("graded", graded))
    list.append(("tiny1e-300", Kit.spd(10, seed: 3) * 1e-300))
    list.append(("huge1e300", Kit.spd(10, seed: 4) * 1e300))
    return list
  }

  @Test func residualRatiosAcrossFamilies() throws {
    for (name, a) in Self.families() {
      let chol = try CholeskyFactorization(a, blockSize: 4)
      let l = chol.l
      let ratio = Kit.record("cholesky.LLt.\(name)", Kit.factorRatio(a, l, try l.transposed()))
      #expect(ratio < 30, "\(name): \(ratio)")
      for i in 0..<l.shape[0] {
        #expect(l[i, i] > 0)
        for j in (i + 1)..<max(l.shape[0], i + 1) { #expect(l[i, j] == 0) }
      }
    }
  }

  @Test func blockedEqualsUnblockedBitForBit() throws {
    let a: Tensor<Double> = Kit.spd(37, seed: 9)
    let reference = try CholeskyFactorization(a, blockSize: 1000).l
    for nb in [1, 2, 3, 8, 36] {
      #expect(try CholeskyFactorization(a, blockSize: nb).l == reference)
    }
  }

  @Test func onlyLowerTriangleIsRead() throws {
    var a: Tensor<Double> = Kit.spd(6, seed: 4)
    let reference = try CholeskyFactorization(a).l
    for i in 0..<6 { for j in (i + 1)..<6 { a[i, j] = .nan } }
    #expect(try CholeskyFactorization(a).l == reference)
  }

  @Test func solveAndLogDeterminant() throws {
    let a: Tensor<Double> = Kit.spd(30, seed: 5)
    let chol = try CholeskyFactorization(a, blockSize: 7)
    let b: Tensor<Double> = Kit.random(30, 4, seed: 6)
    let x = try chol.solve(b)
    #expect(Kit.record("cholesky.solve.random30", Kit.backwardError(a, x, b)) < 30)
    let xv = try chol.solve(try b.column(1))
    #expect(xv == (try x.column(1)))
    // log det of diag(d) and of a 2×2 closed form.
    let d: Tensor<Double> = Kit.matrix([[4, 0, 0], [0, 9, 0], [0, 0, 0.25]])
    #expect(abs(try CholeskyFactorization(d).logDeterminant - log(9.0)) < 4 * .ulpOfOne * log(9.0))
    let two: Tensor<Double> = Kit.matrix([[2, 1], [1, 3]])  // det 5
    #expect(abs(try CholeskyFactorization(two).logDeterminant - log(5.0)) < 8 * .ulpOfOne)
    // Huge scale: det overflows, its log does not (log det(1e300·I₅) = 5·300·ln 10).
    let huge = try Tensor<Double>.identity(5) * 1e300
    let expected = 1500 * log(10.0)
    #expect(
      abs(try CholeskyFactorization(huge).logDeterminant - expected) < 8 * .ulpOfOne * expected)
    #expect(try CholeskyFactorization(Tensor<Double>.zeros([0, 0])).logDeterminant == 0)
  }

  @Test func failurePivots() throws {
    // Indefinite: eigenvalues 3 and −1; fails at pivot 1 with value 1 − 4 = −3.
    let indefinite: Tensor<Double> = Kit.matrix([[1, 2], [2, 1]])
    #expect(
      throws: RepriseError.notPositiveDefinite(
        operation: "CholeskyFactorization", pivot: 1, value: -3)
    ) {
      try CholeskyFactorization(indefinite)
    }
    // Semidefinite rank 2 (x·xᵀ + y·yᵀ in 4D): the third pivot is (near) zero.
    let v: Tensor<Double> = Kit.matrix([[1, 2, 3, 4], [0, 1, 1, 0]])
    let semidefinite = try matmul(v, v, transposeA: true)
    do {
      _ = try CholeskyFactorization(semidefinite, blockSize: 2)
      Issue.record("semidefinite matrix factored")
    } catch let RepriseError.notPositiveDefinite(_, pivot, value) {
      #expect(pivot == 2)
      #expect(value <= 1e-14)
    }
    // Negative first diagonal entry, and a zero one.
    #expect(
      throws: RepriseError.notPositiveDefinite(
        operation: "CholeskyFactorization", pivot: 0, value: -1)
    ) {
      try CholeskyFactorization(Kit.matrix([[-1]]) as Tensor<Double>)
    }
    #expect(
      throws: RepriseError.notPositiveDefinite(
        operation: "CholeskyFactorization", pivot: 0, value: 0)
    ) {
      try CholeskyFactorization(Tensor<Double>.zeros([3, 3]))
    }
  }

  @Test func badInput() throws {
    #expect(
      throws: RepriseError.nonFinite(
        operation: "CholeskyFactorization", row: 1, column: 0, value: .infinity)
    ) {
      try CholeskyFactorization(Kit.matrix([[1, 0], [.infinity, 1]]) as Tensor<Double>)
    }
    #expect(throws: RepriseError.self) {
      try CholeskyFactorization(Kit.random(3, 4, seed: 1) as Tensor<Double>)
    }
    #expect(throws: RepriseError.self) { try CholeskyFactorization(Tensor([1.0, 2])) }
    let chol = try CholeskyFactorization(Kit.spd(3, seed: 1) as Tensor<Double>)
    #expect(throws: RepriseError.self) { try chol.solve(Tensor([1.0, 2])) }
    #expect(throws: RepriseError.self) { try chol.solve(Tensor([1.0, 2, .nan])) }
  }

  @Test func floatResidual() throws {
    let a: Tensor<Float> = Kit.spd(30, seed: 8)
    let l = try CholeskyFactorization(a, blockSize: 5).l
    #expect(Kit.record("cholesky.LLt.float30", Kit.factorRatio(a, l, try l.transposed())) < 30)
  }
}
