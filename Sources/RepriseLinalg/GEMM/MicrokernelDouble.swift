// MicrokernelDouble: the 6×8 register-blocked Double kernel of the packed GEMM.
//
// What: C[0..<6, 0..<8] ← C + Ã·B̃ over one packed k-slice, where Ã is a
// 6-row panel (6 values per step of p) and B̃ an 8-column panel (8 values per
// step). The kernel loads the C tile (β rule applied) into twelve 4-lane accumulators, runs one
// fused multiply-add chain per output over p = 0..<k, and stores the tile
// back. Because it starts from C and goes through p in order, a sequence of
// calls over consecutive KC slices continues exactly the chain of the
// reference loop: the result is bit-identical for any blocking.
// Method: per step of p, 2 vector loads of B̃, 6 broadcasts of Ã, 12 FMAs:
// 12 accumulators + 2 B vectors + 1 broadcast = 15 of the 16 ymm registers,
// so nothing spills (checked with objdump on the release object).
// Cost: 96 flops per step; peak on Zen3 is 16 Double flops/cycle/core.
// Source: Van Zee & van de Geijn 2015 (BLIS micro-kernel); Low et al. 2016,
// "Analytical modeling is enough for high-performance BLIS" (choice of MR×NR).

enum MicrokernelDouble {
  static let mr = 6
  static let nr = 8

  /// `ldb` is the distance in elements between consecutive rows p of B̃:
  /// NR for a packed panel, the row stride of B when the driver reads an
  /// untransposed B in place.
  /// `beta` is applied to the loaded tile (β == 0: C is not read); the
  /// driver passes the caller's β for the first KC slice and 1 afterwards.
  /// `c` points at a 6×8 tile with row stride `ldc`; `a` and `b` at packed
  /// panels of depth `k`.
  @inline(never)
  static func run(
    _ k: Int, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Double>, _ ldc: Int, _ beta: Double
  ) {
    let bStep = ldb * MemoryLayout<Double>.stride
    typealias V = SIMD4<Double>
    // The starting value of each accumulator, by the contract's β rule:
    // 0 → +0 without reading C; 1 → C; otherwise β·C (one rounding).
    @inline(__always) func start(_ row: UnsafeMutableRawPointer, _ offset: Int) -> V {
      if beta == 0 { return V() }
      let v = row.loadUnaligned(fromByteOffset: offset, as: V.self)
      return beta == 1 ? v : V(repeating: beta) * v
    }
    let r0 = UnsafeMutableRawPointer(c)
    let r1 = UnsafeMutableRawPointer(c + ldc)
    let r2 = UnsafeMutableRawPointer(c + 2 * ldc)
    let r3 = UnsafeMutableRawPointer(c + 3 * ldc)
    let r4 = UnsafeMutableRawPointer(c + 4 * ldc)
    let r5 = UnsafeMutableRawPointer(c + 5 * ldc)
    var c00 = start(r0, 0)
    var c01 = start(r0, 32)
    var c10 = start(r1, 0)
    var c11 = start(r1, 32)
    var c20 = start(r2, 0)
    var c21 = start(r2, 32)
    var c30 = start(r3, 0)
    var c31 = start(r3, 32)
    var c40 = start(r4, 0)
    var c41 = start(r4, 32)
    var c50 = start(r5, 0)
    var c51 = start(r5, 32)
    var pa = a
    var pb = UnsafeRawPointer(b)
    for _ in 0..<k {
      let b0 = pb.loadUnaligned(as: V.self)
      let b1 = pb.loadUnaligned(fromByteOffset: 32, as: V.self)
      var s = V(repeating: pa[0])
      c00 = c00.addingProduct(s, b0)
      c01 = c01.addingProduct(s, b1)
      s = V(repeating: pa[1])
      c10 = c10.addingProduct(s, b0)
      c11 = c11.addingProduct(s, b1)
      s = V(repeating: pa[2])
      c20 = c20.addingProduct(s, b0)
      c21 = c21.addingProduct(s, b1)
      s = V(repeating: pa[3])
      c30 = c30.addingProduct(s, b0)
      c31 = c31.addingProduct(s, b1)
      s = V(repeating: pa[4])
      c40 = c40.addingProduct(s, b0)
      c41 = c41.addingProduct(s, b1)
      s = V(repeating: pa[5])
      c50 = c50.addingProduct(s, b0)
      c51 = c51.addingProduct(s, b1)
      pa += 6
      pb += bStep
    }
    r0.storeBytes(of: c00, as: V.self)
    r0.storeBytes(of: c01, toByteOffset: 32, as: V.self)
    r1.storeBytes(of: c10, as: V.self)
    r1.storeBytes(of: c11, toByteOffset: 32, as: V.self)
    r2.storeBytes(of: c20, as: V.self)
    r2.storeBytes(of: c21, toByteOffset: 32, as: V.self)
    r3.storeBytes(of: c30, as: V.self)
    r3.storeBytes(of: c31, toByteOffset: 32, as: V.self)
    r4.storeBytes(of: c40, as: V.self)
    r4.storeBytes(of: c41, toByteOffset: 32, as: V.self)
    r5.storeBytes(of: c50, as: V.self)
    r5.storeBytes(of: c51, toByteOffset: 32, as: V.self)
  }
}
