// Writing to standard error, and asking whether it is a terminal: progress
// lines and warnings go there so standard output stays machine-readable.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

public enum StandardError {
  /// Writes `text` to file descriptor 2 as UTF-8, unbuffered.
  public static func write(_ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeMutableBytes { raw in
        #if canImport(Glibc)
          Glibc.write(2, raw.baseAddress! + offset, raw.count - offset)
        #else
          Darwin.write(2, raw.baseAddress! + offset, raw.count - offset)
        #endif
      }
      if written <= 0 { return }
      offset += written
    }
  }

  /// Whether standard error is attached to a terminal.
  public static var isTerminal: Bool { isatty(2) == 1 }
}
