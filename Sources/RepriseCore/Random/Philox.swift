// Philox4x64-10: the counter-based block function behind every random number
// in Reprise.
//
// A counter-based generator is a keyed bijection of a counter: block i of a
// stream is simply Philox(key, i). Nothing is carried from one block to the
// next, so any position can be reached at once, streams with different keys
// are independent, and the output is the same on every platform because it is
// defined purely by 64-bit integer multiplies and xors.
//
// One round maps the counter (c0, c1, c2, c3) under key (k0, k1) to
//   (hi(M1·c2) ⊕ c1 ⊕ k0,  lo(M1·c2),  hi(M0·c0) ⊕ c3 ⊕ k1,  lo(M0·c0))
// where hi/lo are the halves of the 128-bit product; between rounds the key
// grows by the Weyl constants (W0, W1). Ten rounds pass the BigCrush battery.
// Cost: 20 64×64→128 multiplies per block of four 64-bit outputs.
//
// Source: J. K. Salmon, M. A. Moraes, R. O. Dror, D. E. Shaw, "Parallel random
// numbers: as easy as 1, 2, 3", SC 2011 (constants from its Table 2 and the
// Random123 distribution). NumPy's `numpy.random.Philox` implements the same
// function, which is how `Fixtures/random/` checks ours.

public enum Philox4x64 {
  public static let multiplier0: UInt64 = 0xD2E7_470E_E14C_6C93
  public static let multiplier1: UInt64 = 0xCA5A_8263_9512_1157
  public static let weyl0: UInt64 = 0x9E37_79B9_7F4A_7C15
  public static let weyl1: UInt64 = 0xBB67_AE85_84CA_A73B

  /// The 10-round block function: four 64-bit outputs for one counter.
  @inlinable
  public static func block(
    counter: (UInt64, UInt64, UInt64, UInt64), key: (UInt64, UInt64)
  ) -> (UInt64, UInt64, UInt64, UInt64) {
    var (c0, c1, c2, c3) = counter
    var (k0, k1) = key
    for round in 0..<10 {
      if round > 0 {
        k0 &+= weyl0
        k1 &+= weyl1
      }
      let p0 = multiplier0.multipliedFullWidth(by: c0)
      let p1 = multiplier1.multipliedFullWidth(by: c2)
      (c0, c1, c2, c3) = (p1.high ^ c1 ^ k0, p1.low, p0.high ^ c3 ^ k1, p0.low)
    }
    return (c0, c1, c2, c3)
  }
}
