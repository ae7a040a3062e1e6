// A small command-line parser: a subcommand, positional arguments, `--flag`
// switches and `--option value` pairs. Anything unexpected is a usage error
// (exit 2).

struct UsageError: Error, CustomStringConvertible {
  let description: String
}

struct Arguments {
  let command: String?
  /// Words after the command that are not options, in order.
  private(set) var positionals: [String] = []
  private var flags: Set<String> = []
  private var options: [String: String] = [:]

  /// Parses `words` (without the program name). `flagNames` take no value,
  /// `optionNames` take one; `maximumPositionals` bounds the plain words.
  init(
    _ words: [String], flagNames: Set<String>, optionNames: Set<String>,
    maximumPositionals: Int = 0
  ) throws {
    var rest = words[...]
    command = rest.first.flatMap { $0.hasPrefix("-") ? nil : $0 }
    if command != nil { rest = rest.dropFirst() }
    while let word = rest.popFirst() {
      guard word.hasPrefix("--") else {
        guard positionals.count < maximumPositionals else {
          throw UsageError(description: "unexpected argument '\(word)'")
        }
        positionals.append(word)
        continue
      }
      let name = String(word.dropFirst(2))
      if flagNames.contains(name) {
        flags.insert(name)
      } else if optionNames.contains(name) {
        guard let value = rest.popFirst() else {
          throw UsageError(description: "option --\(name) needs a value")
        }
        guard options[name] == nil else {
          throw UsageError(description: "option --\(name) given twice")
        }
        options[name] = value
      } else {
        throw UsageError(description: "unknown option '\(word)'")
      }
    }
  }

  func flag(_ name: String) -> Bool { flags.contains(name) }

  /// The names of every flag and option given, without the dashes.
  var givenNames: Set<String> { flags.union(options.keys) }

  /// The raw value of an option, or nil when absent.
  func option(_ name: String) -> String? { options[name] }

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

  /// An unsigned 64-bit option (seeds), or `defaultValue` when absent.
  func unsigned(_ name: String, default defaultValue: UInt64) throws -> UInt64 {
    guard let raw = options[name] else { return defaultValue }
    guard let value = UInt64(raw) else {
      throw UsageError(description: "--\(name) must be a non-negative integer, got '\(raw)'")
    }
    return value
  }
}
