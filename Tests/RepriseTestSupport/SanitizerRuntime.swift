// Which sanitizer runtime, if any, the test process was linked with.
//
// `swift test --sanitize=address` (or `thread`) links the sanitizer's runtime
// into the test binary, and that runtime exports its entry point
// (`__asan_init`, `__tsan_init`) to the dynamic symbol table, so looking the
// name up with `dlsym` on the default handle tells us, at run time and without
// a build flag, whether the process runs under that sanitizer. Tests whose
// subject the sanitizer itself replaces (glibc's malloc settings) use it to
// disable themselves with a reason instead of failing.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

public enum SanitizerRuntime {
  /// True when AddressSanitizer's runtime is linked into this process.
  public static let address = isLinked("__asan_init")
  /// True when ThreadSanitizer's runtime is linked into this process.
  public static let thread = isLinked("__tsan_init")
  /// True under either sanitizer: both replace malloc with their own allocator.
  public static var replacesMalloc: Bool { address || thread }

  private static func isLinked(_ symbol: String) -> Bool {
    #if canImport(Glibc) || canImport(Darwin)
      return dlsym(UnsafeMutableRawPointer(bitPattern: 0), symbol) != nil
    #else
      return false
    #endif
  }
}
