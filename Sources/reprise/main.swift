// `reprise`: the command-line front end. It parses arguments and prints;
// all computation lives in the library.
import Reprise

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

let usage = """
  usage: reprise <command> [options]

  commands:
    demo [--quick] [--json]   built-in demonstration: GEMM speed and a determinism self-check
    help                      this text
  """

func writeError(_ text: String) {
  StandardError.write(text + "\n")
}

do {
  let arguments = try Arguments(
    Array(CommandLine.arguments.dropFirst()), flagNames: ["quick", "json", "help"], optionNames: [])
  switch arguments.command {
  case "demo":
    exit(try Demo(quick: arguments.flag("quick"), json: arguments.flag("json")).run() ? 0 : 1)
  case "help", nil:
    print(usage)
  case let other?:
    throw UsageError(description: "unknown command '\(other)'")
  }
} catch let error as UsageError {
  writeError("reprise: \(error.description)\n\(usage)")
  exit(2)
} catch {
  writeError("reprise: \(error)")
  exit(1)
}
