// How many threads Reprise's parallel kernels may use.
//
// The count never changes results: kernels split *outputs* among threads and
// never split a reduction (CONTRIBUTING.md, "Determinism rules"), so this is a
// speed knob only. It is read once from the environment variable
// `REPRISE_THREADS` (a positive integer) and can be changed at run time.
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

public enum ThreadSettings {
  private static let storage = Atomic<Int>(ThreadSettings.initialCount())

  /// The number of threads parallel kernels use when a call does not say.
  /// Defaults to `REPRISE_THREADS` if set to a positive integer, else the
  /// number of online processors.
  public static var defaultCount: Int {
    storage.load(ordering: .relaxed)
  }

  /// Sets the default thread count. Throws for counts below 1.
  public static func setDefaultCount(_ count: Int) throws {
    guard count >= 1 else {
      throw RepriseError.invalidArgument(
        operation: "ThreadSettings.setDefaultCount", name: "count",
        reason: "must be at least 1, got \(count)")
    }
    storage.store(count, ordering: .relaxed)
  }

  /// The online processor count (at least 1).
  public static var processorCount: Int {
    max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  }

  /// `REPRISE_THREADS` parsed, or the processor count. An unparsable or
  /// non-positive value is ignored (the environment is not a place to throw).
  static func initialCount() -> Int {
    if let raw = getenv("REPRISE_THREADS"), let n = Int(String(cString: raw)), n >= 1 {
      return n
    }
    return processorCount
  }
}
