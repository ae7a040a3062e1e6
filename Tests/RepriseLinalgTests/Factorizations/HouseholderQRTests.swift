import Foundation
import RepriseLinalg
import Testing

@Suite struct HouseholderQRTests {
  typealias Kit = FactorTestKit

  static func families() -> [(String, Tensor<Double>)] {
    var rankDeficient = try! matmul(
      Kit.random(15, 3, seed: 41) as Tensor<Double>, Kit.random(3, 9, seed: 42))
    rankDeficient[0, 0] += 0  // keeps the type explicit
    return [
      ("0x0", try! Tensor<Double>.zeros([0, 0])),
      ("0x3", try! Tensor<Double>.zeros([0, 3])),
      ("3x0", try! Tensor<Double>.zeros([3, 0])),
      ("1x1", Kit.matrix([[-2]])),
      ("1x7", Kit.random(1, 7, seed: 43)),
      ("7x1", Kit.random(7, 1, seed: 44)),
      ("zero6x4", try! Tensor<Double>.zeros([6, 4])),
      ("identity8", try! Tensor<Double>.identity(8)),
      ("random40", Kit.random(40, 40, seed: 45)),
      ("tall200x20", Kit.random(200, 20, seed: 46)),
      ("wide12x30", Kit.random(12, 30, seed: 47)),
      ("hilbert12", Kit.hilbert(12)),
      ("kahan25", Kit.kahan(25)),
      ("rankDeficient15x9", rankDeficient),
      ("tiny1e-300", Kit.random(20, 10, seed: 48) * 1e-300),
      ("huge1e300", Kit.random(20, 10, seed: 49) * 1e300),
      ("subnormal", Kit.random(9, 5, seed: 50) * 1e-310),
    ]
  }

  static func check(_ name: String, _ qr: QRFactorization<Double>, _ a: Tensor<Double>) {
    let (m, n) = (a.shape[0], a.shape[1])
    let k = min(m, n)
    let q = qr.q(thin: true)
    let r = qr.r(thin: true)
    #expect(q.shape == [m, k] && r.shape == [k, n])
    #expect(Kit.nonZerosBelowDiagonal(r) == 0)
    let ratio = Kit.record("qr.A-QR.\(name)", Kit.factorRatio(a, q, r))
    #expect(ratio < 30, "\(name) residual \(ratio)")
    let orthogonality = Kit.record("qr.I-QtQ.\(name)", Kit.orthogonalityRatio(q))
    #expect(orthogonality < 30, "\(name) orthogonality \(orthogonality)")
    let fullQ = qr.q(thin: false)
    let fullR = qr.r(thin: false)
    #expect(fullQ.shape == [m, m] && fullR.shape == [m, n])
    #expect(Kit.factorRatio(a, fullQ, fullR) < 30)
    #expect(Kit.record("qr.I-QtQ.full.\(name)", Kit.orthogonalityRatio(fullQ)) < 30)
  }

  @Test func identitiesAcrossFamilies() throws {
    for (name, a) in Self.families() {
      for blockSize in [32, 3] {
        Self.check("\(name).nb\(blockSize)", try QRFactorization(a, blockSize: blockSize), a)
      }
    }
  }

  @Test func blockedAgreesWithUnblocked() throws {
    for (m, n) in [(37, 23), (23, 37), (30, 30)] {
      let a: Tensor<Double> = Kit.random(m, n, seed: UInt64(m * n))
      let reference = try QRFactorization(a, blockSize: 1000)
      for nb in [1, 2, 5, 8] {
        let blocked = try QRFactorization(a, blockSize: nb)
        let rDiff = Kit.difference(blocked.r(), reference.r()) / Kit.norm(a) / .ulpOfOne
        let qDiff = Kit.difference(blocked.q(), reference.q()) / Double(m) / .ulpOfOne
        Kit.record("qr.blockedVsUnblocked.R.\(m)x\(n).nb\(nb)", rDiff)
        #expect(rDiff < 100)
        #expect(qDiff < 100)
      }
    }
  }

  @Test func applyQWithoutFormingIt() throws {
    let a: Tensor<Double> = Kit.random(25, 10, seed: 51)
    let qr = try QRFactorization(a, blockSize: 4)
    let b: Tensor<Double> = Kit.random(25, 3, seed: 52)
    let fullQ = qr.q(thin: false)
    let viaProduct = try matmul(fullQ, b, transposeA: true)
    let applied = try qr.applyQTranspose(to: b)
    #expect(Kit.difference(viaProduct, applied) < 30 * Kit.norm(b) * .ulpOfOne * 25)
    #expect(Kit.difference(try qr.applyQ(to: applied), b) < 30 * Kit.norm(b) * .ulpOfOne * 25)
    let vector = try qr.applyQTranspose(to: try b.column(0))
    #expect(vector == (try applied.column(0)))
    // Qᵀ·A = R (full).
    #expect(
      Kit.difference(try qr.applyQTranspose(to: a), qr.r(thin: false)) < 30 * Kit.norm(a)
        * .ulpOfOne * 25)
    #expect(throws: RepriseError.self) {
      try qr.applyQTranspose(to: Kit.random(24, 1, seed: 1) as Tensor<Double>)
    }
  }

  @Test func closedFormAndReflectorDetails() throws {
    // [[3], [4]] → R = [[-5]] (β has the sign opposite to α).
    let qr = try QRFactorization(Kit.matrix([[3], [4]]) as Tensor<Double>)
    #expect(qr.r().scalars == [-5])
    #expect(qr.householderScalars == [1.6])
    // Already upper triangular: no reflection (τ = 0), R = A, Q = I.
    let upper: Tensor<Double> = Kit.matrix([[2, 1], [0, -3]])
    let qu = try QRFactorization(upper)
    #expect(qu.r() == upper)
    #expect(qu.q() == (try Tensor<Double>.identity(2)))
    // Overflow-prone column: plain sum of squares would give ∞.
    let big = try QRFactorization(Kit.matrix([[1e300], [1e300]]) as Tensor<Double>)
    #expect(abs(big.r()[0, 0] + 2.0.squareRoot() * 1e300) <= 4 * .ulpOfOne * 1.5e300)
    // Underflow-prone column: the rescaling loop keeps full precision.
    let small = try QRFactorization(Kit.matrix([[3e-310], [4e-310]]) as Tensor<Double>)
    #expect(abs(small.r()[0, 0] + 5e-310) <= 1e-323)
  }

  @Test func floatIdentities() throws {
    for (m, n) in [(40, 15), (15, 40)] {
      let a: Tensor<Float> = Kit.random(m, n, seed: 53)
      let qr = try QRFactorization(a, blockSize: 4)
      #expect(Kit.record("qr.A-QR.float\(m)x\(n)", Kit.factorRatio(a, qr.q(), qr.r())) < 30)
      #expect(Kit.record("qr.I-QtQ.float\(m)x\(n)", Kit.orthogonalityRatio(qr.q())) < 30)
    }
  }

  @Test func badInput() throws {
    #expect(
      throws: RepriseError.nonFinite(
        operation: "QRFactorization", row: 1, column: 0, value: -.infinity)
    ) {
      try QRFactorization(Kit.matrix([[1, 2], [-.infinity, 3]]) as Tensor<Double>)
    }
    #expect(throws: RepriseError.self) {
      try QRFactorization(Kit.matrix([[1, .nan]]) as Tensor<Double>)
    }
    #expect(throws: RepriseError.self) { try QRFactorization(Tensor([1.0, 2])) }
    #expect(throws: RepriseError.self) {
      try QRFactorization(Kit.random(3, 3, seed: 1) as Tensor<Double>, blockSize: 0)
    }
  }
}
