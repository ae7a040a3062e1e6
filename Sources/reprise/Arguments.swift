// A small command-line parser: a subcommand, `--flag` switches and
// `--option value` pairs. Anything unexpected is a usage error (exit 2).

struct UsageError: Error, CustomStringConvertible {
  let description: String
}

struct Arguments {
  let command: String?
  private var flags: Set<String> = []
  private var options: [String: String] = [:]

  /// Parses `words` (without the program name). `flagNames` take no value,
  /// `optionNames` take one.
  init(_ words: [String], flagNames: Set<String>, optionNames: Set<String>) throws {
    var rest = words[...]
    command = rest.first.flatMap { $0.hasPrefix("-") ? nil : $0 }
    if command != nil { rest = rest.dropFirst() }
    while let word = rest.popFirst() {
      guard word.hasPrefix("--") else {
        throw UsageError(description: "unexpected argument '\(word)'")
      }
      let name = String(word.dropFirst(2))
      if flagNames.contains(name) {
        flags.insert(name)
      } else if optionNames.contains(name) {
        guard let value = rest.popFirst() else {
          throw UsageError(description: "option --\(name) needs a value")
        }
        options[name] = value
      } else {
        throw UsageError(description: "unknown option '\(word)'")
      }
    }
  }

  func flag(_ name: String) -> Bool { flags.contains(name) }

  /// An integer option within `range`, or `defaultValue` when absent.
  func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws -> Int
  {
    guard let raw = options[name] else { return defaultValue }
    guard let value = Int(raw), range.contains(value) else {
      throw UsageError(
        description:
          "--\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(raw)'")
    }
    return value
  }
}
