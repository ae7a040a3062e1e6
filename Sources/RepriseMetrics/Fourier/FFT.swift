// The discrete Fourier transform of any length, by our own FFT.
//
//   X_k = Σ_{j<N} x_j·e^{−2πi·jk/N}      (forward, numpy.fft.fft's convention)
//   x_j = (1/N) Σ_{k<N} X_k·e^{+2πi·jk/N} (inverse, with the 1/N)
//
// Powers of two: iterative radix-2 Cooley–Tukey (bit-reversal permutation,
// then log₂N stages of butterflies), O(N log N). Other lengths: Bluestein's
// chirp-z algorithm, which writes jk = (j² + k² − (k−j)²)/2, so
// X_k = w_k·Σ_j (x_j w_j)·w̄_{k−j} with w_j = e^{−iπj²/N}: a convolution,
// computed by zero-padding to a power of two M ≥ 2N − 1 and three radix-2
// FFTs, O(M log M) (Bluestein 1970; Rabiner, Schafer & Rader 1969; see also
// Press et al., "Numerical Recipes", 3rd ed., §12.2–12.3 for radix 2).
//
// Twiddle factors come from Reprise's own Double.cos/sin (never libm), so the
// bits are the same on every platform; the chirp's angle πj²/N is reduced
// exactly with j² mod 2N before the division, so it stays accurate for large
// j. Every complex product is written with fused multiply-adds in a fixed
// order. Accuracy: the error of radix 2 grows like ε·log N relative to ‖x‖;
// Bluestein adds a constant factor (three transforms).
//
// Properties (tested): linearity, inverse(forward(x)) = x, Parseval; a
// circular shift multiplies X_k by a phase, leaving |X_k| unchanged.
// Degenerate input: N = 0 gives an empty result; N = 1 is the identity;
// real and imaginary parts of different lengths throw `shapeMismatch`;
// NaN/Inf throw `nonFinite` (index in `column`).

/// Complex values as separate real and imaginary parts.
public struct ComplexVector: Sendable, Equatable {
  public var real: [Double]
  public var imaginary: [Double]

  public init(real: [Double], imaginary: [Double]) {
    self.real = real
    self.imaginary = imaginary
  }

  /// A real signal (zero imaginary parts).
  public init(real: [Double]) {
    self.init(real: real, imaginary: [Double](repeating: 0, count: real.count))
  }

  public var count: Int { real.count }

  /// |z_k| for every element.
  public var magnitudes: [Double] {
    (0..<count).map { k in
      let (re, im) = (abs(real[k]), abs(imaginary[k]))
      let big = max(re, im)
      guard big > 0 else { return 0 }
      let small = min(re, im) / big
      return big * (1 as Double).addingProduct(small, small).squareRoot()
    }
  }
}

/// Fast Fourier transforms of any length (radix 2, or Bluestein).
public enum FFT {
  /// X_k = Σ_j x_j·e^{−2πi·jk/N}.
  public static func forward(_ x: ComplexVector) throws -> ComplexVector {
    try validate(x, "FFT.forward")
    return transform(x, inverse: false)
  }

  /// x_j = (1/N)·Σ_k X_k·e^{+2πi·jk/N}.
  public static func inverse(_ x: ComplexVector) throws -> ComplexVector {
    try validate(x, "FFT.inverse")
    var result = transform(x, inverse: true)
    let scale = 1 / Double(max(x.count, 1))
    for k in 0..<result.count {
      result.real[k] *= scale
      result.imaginary[k] *= scale
    }
    return result
  }

  /// The transform of a real signal (all N outputs; X_{N−k} = conj X_k).
  public static func forward<Scalar: RealScalar>(real samples: [Scalar]) throws -> ComplexVector {
    try forward(ComplexVector(real: Tensor(samples).widenedToDouble().scalars))
  }

  static func validate(_ x: ComplexVector, _ operation: String) throws {
    guard x.real.count == x.imaginary.count else {
      throw RepriseError.shapeMismatch(
        operation: "\(operation): imaginary part", expected: [x.real.count],
        got: [x.imaginary.count])
    }
    for (name, part) in [("real", x.real), ("imaginary", x.imaginary)] {
      if let k = part.firstIndex(where: { !$0.isFinite }) {
        throw RepriseError.nonFinite(
          operation: "\(operation) (\(name) part)", row: 0, column: k, value: part[k])
      }
    }
  }

  /// The unnormalised transform with sign −1 (forward) or +1 (inverse).
  static func transform(_ x: ComplexVector, inverse: Bool) -> ComplexVector {
    let n = x.count
    if n <= 1 { return x }
    var result = x
    if n & (n - 1) == 0 {
      radix2(&result.real, &result.imaginary, inverse: inverse)
    } else {
      result = bluestein(x, inverse: inverse)
    }
    return result
  }

  /// In-place radix-2 decimation-in-time FFT (n a power of two).
  static func radix2(_ re: inout [Double], _ im: inout [Double], inverse: Bool) {
    let n = re.count
    // Bit-reversal permutation.
    var j = 0
    for i in 1..<n {
      var bit = n >> 1
      while j & bit != 0 {
        j ^= bit
        bit >>= 1
      }
      j |= bit
      if i < j {
        re.swapAt(i, j)
        im.swapAt(i, j)
      }
    }
    // Twiddles w_k = e^{∓2πik/n}, k < n/2.
    let sign: Double = inverse ? 1 : -1
    var cosines = [Double](repeating: 0, count: n / 2)
    var sines = [Double](repeating: 0, count: n / 2)
    for k in 0..<(n / 2) {
      let angle = 2 * Double.pi * Double(k) / Double(n)
      cosines[k] = Double.cos(angle)
      sines[k] = sign * Double.sin(angle)
    }
    var length = 2
    while length <= n {
      let half = length / 2
      let step = n / length
      re.withUnsafeMutableBufferPointer { r in
        im.withUnsafeMutableBufferPointer { m in
          for start in stride(from: 0, to: n, by: length) {
            for k in 0..<half {
              let (wr, wi) = (cosines[k * step], sines[k * step])
              let a = start + k
              let b = a + half
              let tr = (r[b] * wr).addingProduct(-m[b], wi)
              let ti = (r[b] * wi).addingProduct(m[b], wr)
              r[b] = r[a] - tr
              m[b] = m[a] - ti
              r[a] += tr
              m[a] += ti
            }
          }
        }
      }
      length *= 2
    }
  }

  /// Bluestein's chirp-z transform for any n, via radix-2 convolution.
  static func bluestein(_ x: ComplexVector, inverse: Bool) -> ComplexVector {
    let n = x.count
    var m = 1
    while m < 2 * n - 1 { m <<= 1 }
    // Chirp w_j = e^{∓iπj²/n}, with j² reduced mod 2n exactly.
    let sign: Double = inverse ? 1 : -1
    var chirpRe = [Double](repeating: 0, count: n)
    var chirpIm = [Double](repeating: 0, count: n)
    for j in 0..<n {
      let reduced = (j * j) % (2 * n)
      let angle = Double.pi * Double(reduced) / Double(n)
      chirpRe[j] = Double.cos(angle)
      chirpIm[j] = sign * Double.sin(angle)
    }
    // a_j = x_j·w_j, zero-padded; b = conj(w) placed symmetrically.
    var aRe = [Double](repeating: 0, count: m)
    var aIm = [Double](repeating: 0, count: m)
    for j in 0..<n {
      aRe[j] = (x.real[j] * chirpRe[j]).addingProduct(-x.imaginary[j], chirpIm[j])
      aIm[j] = (x.real[j] * chirpIm[j]).addingProduct(x.imaginary[j], chirpRe[j])
    }
    var bRe = [Double](repeating: 0, count: m)
    var bIm = [Double](repeating: 0, count: m)
    bRe[0] = chirpRe[0]
    bIm[0] = -chirpIm[0]
    for j in 1..<n {
      bRe[j] = chirpRe[j]
      bIm[j] = -chirpIm[j]
      bRe[m - j] = chirpRe[j]
      bIm[m - j] = -chirpIm[j]
    }
    radix2(&aRe, &aIm, inverse: false)
    radix2(&bRe, &bIm, inverse: false)
    for k in 0..<m {
      let re = (aRe[k] * bRe[k]).addingProduct(-aIm[k], bIm[k])
      let im = (aRe[k] * bIm[k]).addingProduct(aIm[k], bRe[k])
      aRe[k] = re
      aIm[k] = im
    }
    radix2(&aRe, &aIm, inverse: true)
    let scale = 1 / Double(m)
    var result = ComplexVector(
      real: [Double](repeating: 0, count: n), imaginary: [Double](repeating: 0, count: n))
    for k in 0..<n {
      let (cr, ci) = (aRe[k] * scale, aIm[k] * scale)
      result.real[k] = (cr * chirpRe[k]).addingProduct(-ci, chirpIm[k])
      result.imaginary[k] = (cr * chirpIm[k]).addingProduct(ci, chirpRe[k])
    }
    return result
  }
}
