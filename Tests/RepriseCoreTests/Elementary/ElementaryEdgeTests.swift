// Exact edge behaviour: signed zeros, infinities, NaN propagation,
// subnormal inputs and results, overflow/underflow thresholds, saturation.
import RepriseCore
import RepriseTestSupport
import Testing

/// Bitwise equality (NaN matches any NaN).
private func same(_ a: Double, _ b: Double) -> Bool { ULP.identical(a, b) }
private func same(_ a: Float, _ b: Float) -> Bool { ULP.identical(a, b) }

@Suite("Elementary edge values")
struct ElementaryEdgeTests {
  @Test("signed zeros")
  func zeros() {
    let z = 0.0
    let nz = -0.0
    #expect(same(Double.exp(nz), 1) && same(Double.exp(z), 1))
    #expect(same(Double.expm1(nz), nz) && same(Double.expm1(z), z))
    #expect(same(Double.log1p(nz), nz) && same(Double.log1p(z), z))
    #expect(same(Double.tanh(nz), nz) && same(Double.tanh(z), z))
    #expect(same(Double.sin(nz), nz) && same(Double.sin(z), z))
    #expect(same(Double.erf(nz), nz) && same(Double.erf(z), z))
    #expect(same(Double.cos(nz), 1) && same(Double.cos(z), 1))
    #expect(same(Double.log(z), -.infinity) && same(Double.log(nz), -.infinity))
    #expect(same(Double.sigmoid(nz), 0.5) && same(Double.sigmoid(z), 0.5))
    #expect(Double.softplus(z) == 0x1.62e42fefa39efp-1)  // ln 2
    #expect(same(Double.log(1), 0))
    let fz: Float = 0
    let fnz: Float = -0.0
    #expect(same(Float.exp(fnz), 1) && same(Float.expm1(fnz), fnz) && same(Float.log1p(fnz), fnz))
    #expect(same(Float.tanh(fnz), fnz) && same(Float.sin(fnz), fnz) && same(Float.erf(fnz), fnz))
    #expect(
      same(Float.cos(fnz), 1) && same(Float.log(fz), -.infinity) && same(Float.log(fnz), -.infinity)
    )
    #expect(same(Float.sigmoid(fz), 0.5))
  }

  @Test("infinities and NaN")
  func nonFinite() {
    let inf = Double.infinity
    #expect(same(Double.exp(inf), inf) && same(Double.exp(-inf), 0))
    #expect(same(Double.expm1(inf), inf) && same(Double.expm1(-inf), -1))
    #expect(same(Double.log(inf), inf) && Double.log(-inf).isNaN && Double.log(-1).isNaN)
    #expect(Double.log(-Double.leastNonzeroMagnitude).isNaN)
    #expect(same(Double.log1p(inf), inf) && same(Double.log1p(-1), -inf) && Double.log1p(-2).isNaN)
    #expect(Double.log1p(-inf).isNaN)
    #expect(same(Double.tanh(inf), 1) && same(Double.tanh(-inf), -1))
    #expect(same(Double.sigmoid(inf), 1) && same(Double.sigmoid(-inf), 0))
    #expect(same(Double.softplus(inf), inf) && same(Double.softplus(-inf), 0))
    #expect(Double.sin(inf).isNaN && Double.sin(-inf).isNaN && Double.cos(inf).isNaN)
    #expect(same(Double.erf(inf), 1) && same(Double.erf(-inf), -1))
    for name in elementaryNames {
      #expect(scalarDouble(name)(.nan).isNaN, "\(name)(nan)")
      #expect(scalarFloat(name)(.nan).isNaN, "\(name)(nan) Float")
      #expect(
        scalarFloat(name)(.infinity).bitPattern == Float(scalarDouble(name)(.infinity)).bitPattern)
      #expect(
        scalarFloat(name)(-.infinity).bitPattern == Float(scalarDouble(name)(-.infinity)).bitPattern
          || scalarFloat(name)(-.infinity).isNaN)
    }
  }

  @Test("exp overflow and underflow thresholds")
  func expThresholds() {
    // Largest x with a finite exp, and the next double.
    let big = 0x1.62e42fefa39efp9  // 709.782712893384
    #expect(Double.exp(big.nextDown).isFinite)
    #expect(Double.exp(big.nextDown) > 1.79e308)
    #expect(same(Double.exp(709.79), .infinity))
    #expect(same(Double.exp(710), .infinity))
    // Subnormal results and the smallest subnormal region.
    #expect(Double.exp(-745.13) == Double.leastNonzeroMagnitude)
    #expect(Double.exp(-745.2) == 0)
    #expect(Double.exp(-720).isSubnormal)
    #expect(Double.exp(-708.4).isSubnormal)
    #expect(Double.exp(-708.39).isNormal)
    #expect(same(Double.exp(-800), 0))
    // Float equivalents.
    #expect(Float.exp(88.72).isFinite && same(Float.exp(88.73), .infinity))
    #expect(Float.exp(-103.9) == Float.leastNonzeroMagnitude && Float.exp(-104) == 0)
    #expect(Float.exp(-90).isSubnormal)
    // expm1 saturation.
    #expect(same(Double.expm1(-40), -1) && same(Double.expm1(710), .infinity))
    #expect(Double.expm1(709.78).isFinite)
  }

  @Test("subnormal inputs")
  func subnormals() {
    let s = Double.leastNonzeroMagnitude
    #expect(same(Double.exp(s), 1) && same(Double.exp(-s), 1))
    #expect(same(Double.expm1(s), s) && same(Double.expm1(-s), -s))
    #expect(same(Double.log1p(s), s) && same(Double.tanh(-s), -s) && same(Double.sin(s), s))
    #expect(Double.erf(s) == s)  // 2/sqrt(pi) * 2^-1074 rounds to 2^-1074
    #expect(Double.erf(4 * s) == 5 * s)  // 4.51... * 2^-1074
    #expect(same(Double.cos(s), 1))
    #expect(Double.log(s) == -0x1.74385446d71c3p9)  // -744.44007192138126
    #expect(Double.log(Double.leastNormalMagnitude) == -0x1.6232bdd7abcd2p9)  // -708.39641853226408
    #expect(Double.softplus(-s) == 0x1.62e42fefa39efp-1)
    let fs = Float.leastNonzeroMagnitude
    #expect(same(Float.log1p(fs), fs) && same(Float.sin(-fs), -fs) && same(Float.expm1(fs), fs))
    #expect(Float.log(fs) == -103.27893)
  }

  @Test("saturation of tanh, sigmoid, softplus, erf")
  func saturation() {
    #expect(same(Double.tanh(20), 1) && same(Double.tanh(-20), -1) && Double.tanh(19) < 1)
    #expect(same(Double.tanh(1e300), 1) && same(Double.tanh(-1e300), -1))
    #expect(same(Double.sigmoid(40), 1) && same(Double.sigmoid(1e300), 1))
    // sigmoid(x) ~ e^x for very negative x: tiny, not 0, until e^x underflows.
    #expect(Double.sigmoid(-700) > 0 && Double.sigmoid(-700) == Double.exp(-700))
    #expect(Double.sigmoid(-740).isSubnormal)
    #expect(Double.sigmoid(-746) == 0)
    #expect(Float.sigmoid(-100) > 0 && Float.sigmoid(-100).isSubnormal && Float.sigmoid(-104) == 0)
    #expect(same(Double.softplus(37), 37) && same(Double.softplus(1e300), 1e300))
    #expect(same(Float.softplus(20), 20))
    #expect(Double.softplus(-700) == Double.exp(-700) && Double.softplus(-740).isSubnormal)
    #expect(same(Double.erf(6), 1) && same(Double.erf(-6), -1) && Double.erf(5.9) < 1)
    #expect(same(Float.erf(4), 1))
  }

  @Test("sin and cos of huge and special arguments")
  func trigHuge() {
    // Correctly rounded references (mpmath): sin(1e22), sin(1e300), cos(1e300).
    #expect(ULP.distance(Double.sin(1e22), -0x1.b453ab76bf397p-1) <= 1)
    #expect(ULP.distance(Double.sin(1e300), -0x1.a2c16b010e385p-1) <= 1)
    #expect(ULP.distance(Double.cos(1e300), -0x1.2699022adc4c1p-1) <= 1)
    #expect(ULP.distance(Double.sin(.greatestFiniteMagnitude), 0x1.452fc98b34e97p-8) <= 1)
    #expect(Double.sin(.pi) == 0x1.1a62633145c07p-53)
    #expect(Double.cos(.pi / 2) == 0x1.1a62633145c07p-54)
  }
}
