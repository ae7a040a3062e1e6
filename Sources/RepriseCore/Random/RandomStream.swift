// A seeded random stream: Philox4x64-10 blocks read in order.
//
// The stream with seed s and stream number t uses key (s, t). Its blocks use
// counters 1, 2, 3, … (the counter is incremented before each block, with
// carry across the four words) and each block's four words are handed out in
// order. This is exactly NumPy's convention, so
//   numpy.random.Philox(key=(t << 64) | s, counter=0).random_raw(n)
// reproduces the first n words of `RandomStream(seed: s, stream: t)`.
//
// Variates, each defined on the raw words so anyone can regenerate them:
//   uniform Double in [0, 1): (w >> 11) · 2⁻⁵³            (one word; = NumPy's random())
//   uniform Float  in [0, 1): (w >> 40) · 2⁻²⁴            (one word)
//   integer in [0, n): Lemire's multiply-shift with rejection (D. Lemire,
//     "Fast random integer generation in an interval", ACM TOMACS 2019):
//     the high word of w·n, redrawn while the low word < (2⁶⁴ − n) mod n
//   Bernoulli(p): uniform Double < p
// Different stream numbers give independent streams for the same seed: use one
// per purpose (initialisation, minibatch order, dropout…) so that adding draws
// to one purpose never shifts another.
//
// The type also conforms to `RandomNumberGenerator`, but Swift's own
// `random(in:using:)` and `shuffle(using:)` algorithms are not promised to
// stay the same across Swift releases: use the methods here when the bits
// must be reproducible.

/// A reproducible random stream (Philox4x64-10, NumPy-compatible raw words).
public struct RandomStream: RandomNumberGenerator, Sendable {
  /// The key: (seed, stream number).
  public let seed: UInt64
  public let stream: UInt64
  private var counter: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
  private var buffer: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
  private var position = 4

  /// The stream with the given seed and stream number, at its start.
  public init(seed: UInt64, stream: UInt64 = 0) {
    self.seed = seed
    self.stream = stream
  }

  /// A fresh stream with the same seed and another stream number.
  public func withStream(_ stream: UInt64) -> RandomStream {
    RandomStream(seed: seed, stream: stream)
  }

  /// The next raw 64-bit word.
  public mutating func next() -> UInt64 {
    nextWord()
  }

  mutating func nextWord() -> UInt64 {
    if position == 4 {
      refill()
    }
    defer { position += 1 }
    switch position {
    case 0: return buffer.0
    case 1: return buffer.1
    case 2: return buffer.2
    default: return buffer.3
    }
  }

  private mutating func refill() {
    var carry: Bool
    (counter.0, carry) = counter.0.addingReportingOverflow(1)
    if carry {
      (counter.1, carry) = counter.1.addingReportingOverflow(1)
      if carry {
        (counter.2, carry) = counter.2.addingReportingOverflow(1)
        if carry { counter.3 &+= 1 }
      }
    }
    buffer = Philox4x64.block(counter: counter, key: (seed, stream))
    position = 0
  }

  // MARK: Uniform variates

  /// Uniform Double in [0, 1) with 53 random bits.
  public mutating func uniformDouble() -> Double {
    Double(nextWord() >> 11) * 0x1p-53
  }

  /// Uniform Float in [0, 1) with 24 random bits.
  public mutating func uniformFloat() -> Float {
    Float(nextWord() >> 40) * 0x1p-24
  }

  /// Uniform scalar in [0, 1) of either type.
  public mutating func uniform<S: RealScalar>(_: S.Type = S.self) -> S {
    S.self == Float.self ? S(uniformFloat()) : S(uniformDouble())
  }

  /// Uniform scalar in [low, high): low + (high − low)·u, with the rare
  /// rounding up to `high` mapped back to `low`.
  public mutating func uniform<S: RealScalar>(in range: Range<S>) -> S {
    let value = range.lowerBound + (range.upperBound - range.lowerBound) * uniform(S.self)
    return value < range.upperBound ? value : range.lowerBound
  }

  /// An unbiased integer in [0, n); n must be positive.
  public mutating func integer(below n: UInt64) throws -> UInt64 {
    guard n > 0 else {
      throw RepriseError.invalidArgument(
        operation: "RandomStream.integer(below:)", name: "n", reason: "must be positive")
    }
    var product = nextWord().multipliedFullWidth(by: n)
    if product.low < n {
      let threshold = (0 &- n) % n
      while product.low < threshold {
        product = nextWord().multipliedFullWidth(by: n)
      }
    }
    return product.high
  }

  /// An unbiased integer in the closed range.
  public mutating func integer(in range: ClosedRange<Int>) throws -> Int {
    let width = UInt64(bitPattern: Int64(range.upperBound &- range.lowerBound))
    if width == UInt64.max { return Int(bitPattern: UInt(nextWord())) }
    return range.lowerBound &+ Int(truncatingIfNeeded: try integer(below: width &+ 1))
  }

  /// True with probability p (p is clamped to [0, 1]; NaN is an error).
  public mutating func bernoulli(_ p: Double) throws -> Bool {
    guard !p.isNaN else {
      throw RepriseError.invalidArgument(
        operation: "RandomStream.bernoulli(_:)", name: "p", reason: "is NaN")
    }
    return uniformDouble() < p
  }
}
