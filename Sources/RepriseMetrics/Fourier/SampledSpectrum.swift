// Amplitudes of a function sampled on a uniform periodic grid.
//
// For samples f_j = f(z_j), z_j = z₀ + j·L/N (j < N) of a function with
// period L, the DFT coefficient X_k (FFT.swift) measures the frequency of k
// cycles per period. A sinusoid A·sin(2πk z/L + φ) with 0 < k < N/2 gives
// |X_k| = A·N/2, so the amplitude reported here is
//   a_k = 2|X_k|/N   for 0 < k < N/2,      a_k = |X_k|/N   for k = 0 or N/2,
// which returns A for a pure sinusoid and |c| for a constant c. This is the
// normalised spectrum |f̃(k)| that spectral-bias experiments track (Rahaman
// et al., "On the spectral bias of neural networks", ICML 2019; papers.md
// §18: the 200-point grid z_j = j/N in [0, 1), bin k = frequency k).
// Frequencies above N/2 alias onto lower ones and are rejected.
// Invariances: a circular shift of the samples (a phase change) leaves every
// amplitude unchanged; amplitudes scale with |c| under f ↦ c·f; adding a
// constant changes only a_0.
//
// Cost: one FFT of length N, O(N log N) (Bluestein for N not a power of 2).
// Degenerate input: no samples, a frequency outside 0...N/2, or NaN/Inf
// samples throw typed errors.

/// Amplitudes of sampled periodic functions.
public enum SampledSpectrum {
  /// The amplitude a_k at every frequency k in 0...N/2.
  public static func amplitudes<Scalar: RealScalar>(samples: [Scalar]) throws -> [Double] {
    let operation = "SampledSpectrum.amplitudes"
    let n = samples.count
    guard n > 0 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "samples", reason: "needs at least one sample")
    }
    let spectrum = try FFT.forward(real: samples)
    let magnitudes = spectrum.magnitudes
    return (0...(n / 2)).map { k in
      let edge = k == 0 || 2 * k == n
      return magnitudes[k] * (edge ? 1 : 2) / Double(n)
    }
  }

  /// The amplitudes a_k at the requested integer frequencies (each in
  /// 0...N/2, in cycles per sampled period).
  public static func amplitudes<Scalar: RealScalar>(samples: [Scalar], frequencies: [Int]) throws
    -> [Double]
  {
    let all = try amplitudes(samples: samples)
    return try frequencies.map { k in
      guard k >= 0 && k < all.count else {
        throw RepriseError.invalidArgument(
          operation: "SampledSpectrum.amplitudes", name: "frequencies",
          reason: "frequency \(k) is outside 0...\(samples.count / 2) (N = \(samples.count))")
      }
      return all[k]
    }
  }

  /// The amplitudes of a sampled function given as an N × 1 or length-N
  /// tensor (e.g. a network's outputs on the grid).
  public static func amplitudes<Scalar: RealScalar>(samples: Tensor<Scalar>, frequencies: [Int])
    throws -> [Double]
  {
    guard samples.rank == 1 || (samples.rank == 2 && samples.shape[1] == 1) else {
      throw RepriseError.invalidShape(
        operation: "SampledSpectrum.amplitudes", shape: samples.shape,
        reason: "expected N samples (a vector or an N × 1 matrix)")
    }
    return try amplitudes(samples: samples.scalars, frequencies: frequencies)
  }
}
