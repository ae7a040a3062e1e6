import Foundation
import RepriseLinalg
import Testing

@Suite struct PivotedQRTests {
  typealias Kit = FactorTestKit

  /// U·diag(σ)·Vᵀ-like matrix of exact rank r: (m×r)·(r×n) random factors.
  static func lowRank(_ m: Int, _ n: Int, rank: Int, seed: UInt64) -> Tensor<Double> {
    try! matmul(Kit.random(m, rank, seed: seed), Kit.random(rank, n, seed: seed + 1))
  }

  static func check(_ name: String, _ a: Tensor<Double>, expectedRank: Int?) throws {
    let qrp = try PivotedQRFactorization(a, blockSize: 4)
    let (m, n) = (a.shape[0], a.shape[1])
    #expect(Set(qrp.permutation) == Set(0..<n))
    let ap = try matmul(a, qrp.p)
    let ratio = Kit.record("pqr.AP-QR.\(name)", Kit.factorRatio(ap, qrp.q(), qrp.r()))
    #expect(ratio < 30, "\(name): \(ratio)")
    #expect(Kit.record("pqr.I-QtQ.\(name)", Kit.orthogonalityRatio(qrp.q(thin: false))) < 30)
    #expect(Kit.nonZerosBelowDiagonal(qrp.r()) == 0)
    // |R_kk| non-increasing.
    let d = qrp.diagonalMagnitudes
    for k in 1..<max(d.count, 1) {
      #expect(d[k] <= d[k - 1] * (1 + 1e-12), "\(name): |R[\(k)]| = \(d[k]) > \(d[k - 1])")
    }
    if let expectedRank { #expect(qrp.numericalRank() == expectedRank, "\(name)") }
    _ = m
  }

  @Test func identitiesAndRanks() throws {
    try Self.check("0x0", try Tensor<Double>.zeros([0, 0]), expectedRank: 0)
    try Self.check("1x1", Kit.matrix([[5]]), expectedRank: 1)
    try Self.check("1x6", Kit.random(1, 6, seed: 60), expectedRank: 1)
    try Self.check("6x1", Kit.random(6, 1, seed: 61), expectedRank: 1)
    try Self.check("zero5x4", try Tensor<Double>.zeros([5, 4]), expectedRank: 0)
    try Self.check("identity7", try Tensor<Double>.identity(7), expectedRank: 7)
    try Self.check("random30", Kit.random(30, 30, seed: 62), expectedRank: 30)
    try Self.check("tall200x20", Kit.random(200, 20, seed: 63), expectedRank: 20)
    try Self.check("wide10x25", Kit.random(10, 25, seed: 64), expectedRank: 10)
    try Self.check("rank5of30x20", Self.lowRank(30, 20, rank: 5, seed: 65), expectedRank: 5)
    try Self.check("rank3of12x40", Self.lowRank(12, 40, rank: 3, seed: 66), expectedRank: 3)
    try Self.check("rank1of9x9", Self.lowRank(9, 9, rank: 1, seed: 67), expectedRank: 1)
    try Self.check(
      "rank6of20x20.tiny", Self.lowRank(20, 20, rank: 6, seed: 68) * 1e-300, expectedRank: 6)
    try Self.check(
      "rank6of20x20.huge", Self.lowRank(20, 20, rank: 6, seed: 69) * 1e300, expectedRank: 6)
    // Hilbert 12 has full rank but κ ≈ 1.7e16: numerically rank-deficient at ε.
    try Self.check("hilbert12", Kit.hilbert(12), expectedRank: nil)
    try Self.check("kahan30", Kit.kahan(30), expectedRank: nil)
  }

  @Test func gradedColumnsArePickedByNorm() throws {
    // Columns scaled by 10^-j in shuffled order: pivoting must sort them.
    let base: Tensor<Double> = Kit.random(10, 6, seed: 70)
    let exponents = [3, 0, 5, 1, 4, 2]
    var a = base
    for i in 0..<10 { for j in 0..<6 { a[i, j] *= pow(10, -Double(exponents[j])) } }
    let qrp = try PivotedQRFactorization(a)
    #expect(qrp.permutation == [1, 3, 5, 0, 4, 2])
    #expect(qrp.numericalRank() == 6)
    #expect(qrp.numericalRank(tolerance: 1e-3 * qrp.diagonalMagnitudes[0]) == 3)
  }

  @Test func normDowndatingRecomputes() throws {
    // A column nearly parallel to the first: its downdated norm collapses and
    // must be recomputed (LAWN 176); the rank-revealing gap must show.
    var a: Tensor<Double> = Kit.random(15, 4, seed: 71)
    for i in 0..<15 { a[i, 2] = a[i, 0] * (1 + 1e-9 * Double(i % 3)) }
    let qrp = try PivotedQRFactorization(a)
    let d = qrp.diagonalMagnitudes
    #expect(qrp.numericalRank() == 4)
    #expect(qrp.numericalRank(tolerance: 1e-6 * d[0]) == 3)
    // The small diagonal entry is the true distance of that column from the
    // span of the others, computed directly by an unpivoted QR of the same order.
    let reordered = try matmul(a, qrp.p)
    let reference = try QRFactorization(reordered).r()
    #expect(abs(d[3] - abs(reference[3, 3])) <= 1e-6 * d[3])
  }

  @Test func floatAndBadInput() throws {
    let a: Tensor<Float> = try matmul(Kit.random(20, 4, seed: 72), Kit.random(4, 12, seed: 73))
    let qrp = try PivotedQRFactorization(a)
    #expect(qrp.numericalRank() == 4)
    #expect(
      Kit.record("pqr.AP-QR.float20x12", Kit.factorRatio(try matmul(a, qrp.p), qrp.q(), qrp.r()))
        < 30)
    #expect(throws: RepriseError.self) {
      try PivotedQRFactorization(Kit.matrix([[1, .nan]]) as Tensor<Double>)
    }
    #expect(throws: RepriseError.self) { try PivotedQRFactorization(Tensor([1.0])) }
  }
}
