// A one-line description of the machine a report was made on.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

enum Machine {
  /// "x86_64 Linux 6.8.0, AMD EPYC 7B13, 2 processors".
  static var description: String {
    var parts: [String] = []
    var names = utsname()
    if uname(&names) == 0 {
      let machine = cString(&names.machine)
      let system = cString(&names.sysname)
      let release = cString(&names.release)
      parts.append("\(machine) \(system) \(release)")
    }
    if let model = cpuModel { parts.append(model) }
    parts.append("\(ThreadSettings.processorCount) processors")
    return parts.joined(separator: ", ")
  }

  /// The CPU model from /proc/cpuinfo, when there is one.
  static var cpuModel: String? {
    guard let bytes = try? BinaryFile.read("/proc/cpuinfo", maximumBytes: 1 << 20) else {
      return nil
    }
    let text = String(decoding: bytes, as: UTF8.self)
    for line in text.split(separator: "\n") where line.hasPrefix("model name") {
      if let colon = line.firstIndex(of: ":") {
        return String(line[line.index(after: colon)...]).trimmingSpaces
      }
    }
    return nil
  }

  private static func cString<T>(_ tuple: inout T) -> String {
    withUnsafeBytes(of: &tuple) { raw in
      let bytes = raw.prefix { $0 != 0 }
      return String(decoding: bytes, as: UTF8.self)
    }
  }
}
