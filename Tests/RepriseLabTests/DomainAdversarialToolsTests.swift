import Foundation
import RepriseLab
import RepriseTestSupport
import Testing

/// The proxy A-distance and the DANN schedules against their definitions:
/// the closed forms of λ_p and μ_p evaluated with Foundation's libm, the
/// two ends of d_A = 2(1 − 2ε) (separable samples: exactly 2; one
/// distribution sampled twice: near 0), and ε recomputed here from a probe
/// fitted on the same half of the rows.
@Suite struct DomainAdversarialToolsTests {
  @Test func schedulesMatchTheirClosedForms() {
    #expect(DomainAdversarialSchedule.adaptationWeight(progress: 0) == 0)
    for p in [0.0, 0.01, 0.1, 0.25, 0.5, 0.9, 1.0] {
      let lambda = 2 / (1 + Foundation.exp(-10 * p)) - 1
      let mu = 0.7 / Foundation.pow(1 + 10 * p, 0.75)
      let measuredLambda = DomainAdversarialSchedule.adaptationWeight(progress: p)
      let measuredMu = DomainAdversarialSchedule.learningRate(progress: p, base: 0.7)
      #expect(
        abs(measuredLambda - lambda) <= 4e-16, "λ at p = \(p): \(measuredLambda) vs \(lambda)")
      #expect(abs(measuredMu - mu) <= 4e-16 * mu, "μ at p = \(p): \(measuredMu) vs \(mu)")
    }
    // The paper's end points: λ_1 = 2/(1 + e^{-10}) − 1, μ_1 = μ₀/11^0.75.
    #expect(
      abs(DomainAdversarialSchedule.adaptationWeight(progress: 1) - 0.999_909_204_262_595_2) < 1e-14
    )
    #expect(
      abs(DomainAdversarialSchedule.learningRate(progress: 1, base: 1) - 0.165_560_026_076_170_18)
        < 1e-14)
  }

  static func gaussian(_ n: Int, _ p: Int, mean: Double, stream: UInt64) throws -> Tensor<Double> {
    var random = RandomStream(seed: 5, stream: stream)
    let draw = try Tensor<Double>.normal([n, p], using: &random)
    return try Tensor(shape: [n, p], scalars: draw.scalars.map { $0 + mean })
  }

  @Test func separableSamplesGiveTwo() throws {
    let source = try Self.gaussian(60, 3, mean: -6, stream: 1)
    let target = try Self.gaussian(80, 3, mean: 6, stream: 2)
    var random = RandomStream(seed: 5, stream: 3)
    #expect(try ProxyADistance.estimate(source: source, target: target, random: &random) == 2)
  }

  @Test func oneDistributionSampledTwiceGivesNearZero() throws {
    let source = try Self.gaussian(400, 4, mean: 0.3, stream: 4)
    let target = try Self.gaussian(400, 4, mean: 0.3, stream: 5)
    var random = RandomStream(seed: 5, stream: 6)
    let distance = try ProxyADistance.estimate(source: source, target: target, random: &random)
    // ε on 400 held-out rows has a standard error of 0.025 (d_A: 0.1).
    #expect(abs(distance) < 0.4, "d_A = \(distance)")
  }

  @Test func isTwiceOneMinusTwiceTheHeldOutError() throws {
    let source = try Self.gaussian(50, 2, mean: 0, stream: 7)
    let target = try Self.gaussian(70, 2, mean: 0.8, stream: 8)
    var random = RandomStream(seed: 5, stream: 9)
    let distance = try ProxyADistance.estimate(source: source, target: target, random: &random)
    // The same split (the same stream), the probe fitted on the first half.
    var replay = RandomStream(seed: 5, stream: 9)
    let order = try replay.permutation(120)
    let rows = try source.rowArrays() + target.rowArrays()
    let domain = (0..<120).map { $0 < 50 ? 0 : 1 }
    func matrix(_ indices: ArraySlice<Int>) throws -> Tensor<Double> {
      try Tensor(shape: [indices.count, 2], scalars: indices.flatMap { rows[$0] })
    }
    let fit = try LinearProbe().fit(
      features: try matrix(order[0..<60]), labels: order[0..<60].map { domain[$0] },
      classCount: 2)
    let predicted = try fit.predict(try matrix(order[60...]))
    let wrong = zip(predicted, order[60...]).filter { $0 != domain[$1] }.count
    let epsilon = Double(wrong) / 60
    #expect(epsilon > 0.05 && epsilon < 0.45, "the case should be neither trivial nor chance")
    #expect(abs(distance - 2 * (1 - 2 * epsilon)) <= 1e-15)
  }

  @Test func badInputIsATypedError() {
    expectRepriseError("feature counts differ", kinds: ["shapeMismatch"]) {
      var random = RandomStream(seed: 5, stream: 10)
      _ = try ProxyADistance.estimate(
        source: try Self.gaussian(5, 2, mean: 0, stream: 11),
        target: try Self.gaussian(5, 3, mean: 0, stream: 12), random: &random)
    }
    expectRepriseError("three rows in all", kinds: ["invalidShape"]) {
      var random = RandomStream(seed: 5, stream: 13)
      _ = try ProxyADistance.estimate(
        source: try Self.gaussian(2, 2, mean: 0, stream: 14),
        target: try Self.gaussian(1, 2, mean: 0, stream: 15), random: &random)
    }
  }
}
