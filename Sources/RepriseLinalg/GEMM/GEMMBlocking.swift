// GEMMBlocking: the cache-blocking parameters of the Goto/BLIS GEMM driver.
//
// What: MC (rows of op(A) packed per block, kept in L2), KC (depth of one
// packed slice, the length of the micro-kernel's FMA chain per call), NC
// (columns of op(B) packed per block, kept in L3), plus the two size rules
// that pick the no-packing path and decide whether to fork threads.
// None of these change any result bit (GEMM is bit-identical to the reference
// loop for every choice); they only change speed. Tests pass tiny values so
// every edge path of packing and the micro-kernels runs on small matrices.
// Source: Goto & van de Geijn 2008, "Anatomy of high-performance matrix
// multiplication", §6 (choosing MC, KC, NC from cache sizes).

import RepriseCore

/// Blocking parameters for `GEMM.compute`. Values below 1 are rejected by
/// `GEMM.compute`; MC and NC are rounded up to multiples of the micro-kernel's
/// MR and NR.
public struct GEMMBlocking: Sendable, Equatable {
  /// Rows of op(A) per packed block.
  public var mc: Int
  /// Depth (shared dimension) per packed block.
  public var kc: Int
  /// Columns of op(B) per packed block.
  public var nc: Int
  /// Problems with m·n·k at most this use the no-packing path (`SmallGEMM`).
  /// 0 forces the packed path; `Int.max` forces the no-packing path.
  public var smallLimit: Int
  /// The packed path forks threads only when m·n·k is at least this. A
  /// fork-join costs ~20 µs (more on a loaded machine); 10⁶ (a 100³ product,
  /// ~70 µs of Double work on one core) is where a second thread starts to
  /// pay. 0 forks whenever threads > 1.
  public var parallelLimit: Int

  public init(mc: Int, kc: Int, nc: Int, smallLimit: Int = 50_000, parallelLimit: Int = 1_000_000) {
    self.mc = mc
    self.kc = kc
    self.nc = nc
    self.smallLimit = smallLimit
    self.parallelLimit = parallelLimit
  }

  /// Tuned on a 2-core AMD Zen3 (32 KiB L1d, 512 KiB L2 per core).
  /// Double, 6×8 kernel: KC = 256 keeps a KC×NR sliver of B at 16 KiB, so it
  /// stays in L1 beside the 12 KiB MR×KC panel of A streaming past it (at
  /// KC = 512 the two, 32 + 24 KiB, overflowed L1); the packed MC×KC block
  /// of A is 72·256·8 B = 144 KiB (L2), a KC×NC block of B 1 MiB (L3).
  /// Since the running sums wait in a sequential buffer between KC slices
  /// (BlockedGEMM), the extra slices of a smaller KC cost little. Measured
  /// on the linear-CKA products (k = 10,000, 1000² and 2000²), interleaved
  /// runs on the loaded shared machine: least CPU time 7–20 % below
  /// KC = 512 at 1 and 2 threads; NC 1024 was no better than 512.
  public static let double = GEMMBlocking(mc: 72, kc: 256, nc: 512)
  /// Float, 6×16 kernel: the footprint of the former Double blocking in
  /// bytes (KC×NR sliver 32 KiB; not re-measured).
  /// Forks only from m·n·k ≥ 2.5·10⁶: one core does twice the Float flops,
  /// so a fork pays later (at 128³ one thread measured faster than two).
  public static let float = GEMMBlocking(
    mc: 72, kc: 512, nc: 512, parallelLimit: 2_500_000)

  /// The default for a scalar type.
  public static func defaults<T: RealScalar>(for type: T.Type) -> GEMMBlocking {
    T.self == Float.self ? .float : .double
  }
}
