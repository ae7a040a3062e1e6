// The array and SIMD forms must return exactly the scalar function's bits for
// every input (fixture grid plus special values).
import RepriseCore
import RepriseTestSupport
import Testing

@Suite("Elementary BitEquality: array and SIMD forms")
struct ElementaryBitEqualityTests {
  @Test("Double array form == scalar, bitwise", arguments: elementaryNames)
  func doubleArray(_ name: String) throws {
    let x = try loadDoubleFixture(name).x + specialDoubles
    let f = scalarDouble(name)
    let y = arrayDouble(name)(x)
    #expect(y.count == x.count)
    let bad = x.indices.filter { !ULP.identical(y[$0], f(x[$0])) }
    #expect(bad.isEmpty, "\(name) Double array differs at \(bad.prefix(5).map { x[$0] })")
  }

  @Test("Float array form == scalar, bitwise", arguments: elementaryNames)
  func floatArray(_ name: String) throws {
    let x = try loadFloatFixture(name).x + specialFloats
    let f = scalarFloat(name)
    let y = arrayFloat(name)(x)
    #expect(y.count == x.count)
    let bad = x.indices.filter { !ULP.identical(y[$0], f(x[$0])) }
    #expect(bad.isEmpty, "\(name) Float array differs at \(bad.prefix(5).map { x[$0] })")
  }

  @Test("SIMD4<Double> and SIMD8<Float> forms == scalar, bitwise", arguments: elementaryNames)
  func simd(_ name: String) throws {
    let xd = try loadDoubleFixture(name).x + specialDoubles
    let fd = scalarDouble(name)
    var badD: [Double] = []
    // Rotate through offsets so special values land in every lane.
    for start in stride(from: 0, to: xd.count, by: 3) {
      var v = SIMD4<Double>()
      for l in 0..<4 { v[l] = xd[(start + l) % xd.count] }
      let r = simdDouble(name, v)
      for l in 0..<4 where !ULP.identical(r[l], fd(v[l])) { badD.append(v[l]) }
    }
    #expect(badD.isEmpty, "\(name) SIMD4<Double> differs at \(badD.prefix(5))")

    let xf = try loadFloatFixture(name).x + specialFloats
    let ff = scalarFloat(name)
    var badF: [Float] = []
    for start in stride(from: 0, to: xf.count, by: 5) {
      var v = SIMD8<Float>()
      for l in 0..<8 { v[l] = xf[(start + l) % xf.count] }
      let r = simdFloat(name, v)
      for l in 0..<8 where !ULP.identical(r[l], ff(v[l])) { badF.append(v[l]) }
    }
    #expect(badF.isEmpty, "\(name) SIMD8<Float> differs at \(badF.prefix(5))")
  }

  @Test("buffer forms handle lengths that are not multiples of the vector width")
  func oddLengths() {
    for n in 0..<11 {
      let x = (0..<n).map { Double($0) * 0.37 - 1.5 }
      var y = [Double](repeating: .nan, count: n)
      x.withUnsafeBufferPointer { xb in
        y.withUnsafeMutableBufferPointer { Elementary.exp(xb, into: $0) }
      }
      #expect(y.map(\.bitPattern) == x.map { Double.exp($0).bitPattern })
      let xf = x.map { Float($0) }
      #expect(Elementary.tanh(xf).map(\.bitPattern) == xf.map { Float.tanh($0).bitPattern })
      #expect(Elementary.log(xf).map(\.bitPattern) == xf.map { Float.log($0).bitPattern })
    }
  }
}

func simdDouble(_ name: String, _ v: SIMD4<Double>) -> SIMD4<Double> {
  switch name {
  case "exp": return Elementary.exp(v)
  case "expm1": return Elementary.expm1(v)
  case "log": return Elementary.log(v)
  case "log1p": return Elementary.log1p(v)
  case "tanh": return Elementary.tanh(v)
  case "sigmoid": return Elementary.sigmoid(v)
  case "softplus": return Elementary.softplus(v)
  case "sin": return Elementary.sin(v)
  case "cos": return Elementary.cos(v)
  case "erf": return Elementary.erf(v)
  default: fatalError("unknown function \(name)")
  }
}

func simdFloat(_ name: String, _ v: SIMD8<Float>) -> SIMD8<Float> {
  switch name {
  case "exp": return Elementary.exp(v)
  case "expm1": return Elementary.expm1(v)
  case "log": return Elementary.log(v)
  case "log1p": return Elementary.log1p(v)
  case "tanh": return Elementary.tanh(v)
  case "sigmoid": return Elementary.sigmoid(v)
  case "softplus": return Elementary.softplus(v)
  case "sin": return Elementary.sin(v)
  case "cos": return Elementary.cos(v)
  case "erf": return Elementary.erf(v)
  default: fatalError("unknown function \(name)")
  }
}
