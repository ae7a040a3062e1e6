import Foundation
import RepriseMetrics
import RepriseTestSupport
import Testing

@Suite struct FFTTests {
  static let lengths = [1, 2, 7, 12, 97, 128, 1000]

  /// Largest |a_k − b_k| over the largest |b_k|.
  static func relativeError(_ a: ComplexVector, _ re: [Double], _ im: [Double]) -> Double {
    var worst = 0.0
    var scale = 0.0
    for k in 0..<re.count {
      worst = max(worst, hypot(a.real[k] - re[k], a.imaginary[k] - im[k]))
      scale = max(scale, hypot(re[k], im[k]))
    }
    return worst / scale
  }

  /// The O(N²) definition, in Foundation's libm (an independent truth).
  static func directDFT(_ x: ComplexVector) -> (re: [Double], im: [Double]) {
    let n = x.count
    var re = [Double](repeating: 0, count: n)
    var im = [Double](repeating: 0, count: n)
    for k in 0..<n {
      for j in 0..<n {
        let angle = -2 * Double.pi * Double((j * k) % n) / Double(n)
        re[k] += x.real[j] * Foundation.cos(angle) - x.imaginary[j] * Foundation.sin(angle)
        im[k] += x.real[j] * Foundation.sin(angle) + x.imaginary[j] * Foundation.cos(angle)
      }
    }
    return (re, im)
  }

  @Test(arguments: lengths) func matchesNumpyAndTheDirectDFT(_ n: Int) throws {
    let input = try GeoFixture.values("fourier", "fft\(n)_input")
    let output = try GeoFixture.values("fourier", "fft\(n)_output")
    let x = ComplexVector(real: Array(input[0..<n]), imaginary: Array(input[n...]))
    let spectrum = try FFT.forward(x)
    let numpyError = Self.relativeError(spectrum, Array(output[0..<n]), Array(output[n...]))
    #expect(numpyError < 1e-13, "N = \(n): relative error \(numpyError) against numpy.fft")
    let direct = Self.directDFT(x)
    let directError = Self.relativeError(spectrum, direct.re, direct.im)
    #expect(directError < 1e-12, "N = \(n): relative error \(directError) against the direct DFT")
    // Round trip.
    let back = try FFT.inverse(spectrum)
    let roundTrip = Self.relativeError(back, x.real, x.imaginary)
    #expect(roundTrip < 1e-13, "N = \(n): round trip \(roundTrip)")
  }

  /// Parseval, linearity and the shift theorem, for a radix-2 and a
  /// Bluestein length.
  @Test(arguments: [64, 45]) func transformIdentities(_ n: Int) throws {
    var random = RandomStream(seed: UInt64(n))
    let x = ComplexVector(
      real: (0..<n).map { _ in random.uniform(in: -1..<1) },
      imaginary: (0..<n).map { _ in random.uniform(in: -1..<1) })
    let y = ComplexVector(real: (0..<n).map { _ in random.uniform(in: -1..<1) })
    let fx = try FFT.forward(x)
    let fy = try FFT.forward(y)
    let energy = zip(x.real, x.imaginary).reduce(0) { $0 + $1.0 * $1.0 + $1.1 * $1.1 }
    let spectral = zip(fx.real, fx.imaginary).reduce(0) { $0 + $1.0 * $1.0 + $1.1 * $1.1 }
    expectRelativelyClose(spectral / Double(n), energy, 1e-13, "Parseval")
    let combined = try FFT.forward(
      ComplexVector(
        real: (0..<n).map { 2 * x.real[$0] - y.real[$0] },
        imaginary: (0..<n).map { 2 * x.imaginary[$0] - y.imaginary[$0] }))
    let expected = (
      (0..<n).map { 2 * fx.real[$0] - fy.real[$0] },
      (0..<n).map { 2 * fx.imaginary[$0] - fy.imaginary[$0] }
    )
    #expect(Self.relativeError(combined, expected.0, expected.1) < 1e-14, "linearity")
    let shift = 5
    let rolled = ComplexVector(
      real: (0..<n).map { x.real[($0 + n - shift) % n] },
      imaginary: (0..<n).map { x.imaginary[($0 + n - shift) % n] })
    let magnitudes = try FFT.forward(rolled).magnitudes
    expectRelativelyClose(magnitudes, fx.magnitudes, 1e-12, floor: 1, "|X_k| after a shift")
  }

  @Test func pureSinusoidHasOneLine() throws {
    for n in [64, 200] {
      let samples = (0..<n).map { j in
        1.5 * Foundation.sin(2 * Double.pi * 7 * Double(j) / Double(n) + 0.4)
      }
      let amplitudes = try SampledSpectrum.amplitudes(samples: samples)
      #expect(amplitudes.count == n / 2 + 1)
      for (k, a) in amplitudes.enumerated() {
        #expect(abs(a - (k == 7 ? 1.5 : 0)) < 1e-13, "N = \(n), k = \(k): \(a)")
      }
    }
    // A constant has amplitude |c| at k = 0; the Nyquist line (−1)^j has 1.
    #expect(try SampledSpectrum.amplitudes(samples: [Double](repeating: -2, count: 12))[0] == 2)
    let nyquist = try SampledSpectrum.amplitudes(samples: (0..<8).map { $0 % 2 == 0 ? 1.0 : -1.0 })
    #expect(abs(nyquist[4] - 1) < 1e-15)
  }

  @Test func sumOfSinusoidsMatchesNumpy() throws {
    let samples = try GeoFixture.values("fourier", "sinusoids_samples")
    let expected = try GeoFixture.values("fourier", "sinusoids_amplitudes")
    let amplitudes = try SampledSpectrum.amplitudes(samples: samples)
    expectRelativelyClose(amplitudes, expected, 1e-10, floor: 1, "amplitudes")
    let picked = try SampledSpectrum.amplitudes(
      samples: Tensor(samples), frequencies: Array(stride(from: 5, through: 50, by: 5)))
    expectRelativelyClose(picked, (1...10).map { 0.1 * Double($0) }, 1e-12, "A_i")
    // Float samples are widened exactly.
    let single = try SampledSpectrum.amplitudes(samples: samples.map { Float($0) })
    let widened = try SampledSpectrum.amplitudes(samples: samples.map { Double(Float($0)) })
    #expect(single == widened)
  }

  @Test func badInput() throws {
    #expect(throws: RepriseError.self) { try SampledSpectrum.amplitudes(samples: [Double]()) }
    #expect(throws: RepriseError.self) {
      try SampledSpectrum.amplitudes(samples: [1.0, 2, 3, 4], frequencies: [3])
    }
    #expect(throws: RepriseError.self) {
      try FFT.forward(ComplexVector(real: [1, .nan], imaginary: [0, 0]))
    }
    #expect(throws: RepriseError.self) {
      try FFT.forward(ComplexVector(real: [1, 2], imaginary: [0]))
    }
    #expect(try FFT.forward(ComplexVector(real: [])).count == 0)
  }
}
