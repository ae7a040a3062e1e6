// Keeping freed heap memory mapped between training steps (glibc only).
//
// A training step allocates and frees the same set of buffers every time
// (activations, gradients, GEMM outputs of 0.1–1 MB). glibc's malloc serves
// blocks above a threshold (128 KiB at start, raised adaptively) with fresh
// mmap calls, and hands free memory at the top of the heap back to the kernel
// once it exceeds a trim threshold; the next step then page-faults the same
// memory in again and the kernel zeroes every page. On the 64-256-256-10
// benchmark MLP that was ~250 page faults and a third of the CPU time per
// step. `keepFreedMemory()` raises both thresholds (M_MMAP_THRESHOLD 32 MiB,
// the largest glibc accepts, and M_TRIM_THRESHOLD 256 MiB), so steady-state
// steps reuse heap pages already mapped. It is process-wide, so it is an
// explicit call for applications (the benchmarks and command-line tools call
// it), never done behind a library user's back; the cost is that freed
// memory below 256 MiB stays mapped. Elsewhere than glibc it does nothing.
// Source: mallopt(3), "M_MMAP_THRESHOLD" and "M_TRIM_THRESHOLD".

#if canImport(Glibc)
  import Glibc
#endif

public enum HeapRetention {
  /// Asks the C allocator to keep freed memory for reuse (see the file
  /// header); returns whether the allocator accepted the settings.
  @discardableResult
  public static func keepFreedMemory() -> Bool {
    #if canImport(Glibc)
      // mallopt lives in <malloc.h>, which the Glibc module does not export:
      // look it up by name. M_TRIM_THRESHOLD = −1, M_MMAP_THRESHOLD = −3.
      typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
      guard let symbol = dlsym(nil, "mallopt") else { return false }
      let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
      return mallopt(-3, 32 << 20) == 1 && mallopt(-1, 256 << 20) == 1
    #else
      return false
    #endif
  }
}
