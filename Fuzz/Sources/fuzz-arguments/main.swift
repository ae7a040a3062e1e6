// libFuzzer harness: the CLI's argument parser (`Sources/reprise/Arguments.swift`,
// compiled here through a symbolic link, so the fuzzed code is the shipped
// code). The input is split at zero bytes into command-line words; every
// input must parse or throw a UsageError, and the typed accessors must
// answer or throw, never trap.
import FuzzDriver
import Glibc

let testOneInput: RepriseFuzzCallback = { data, size in
  guard let data else { return 0 }
  let words = UnsafeBufferPointer(start: data, count: size).split(
    separator: 0, omittingEmptySubsequences: false
  ).map { String(decoding: $0, as: UTF8.self) }
  do {
    let arguments = try Arguments(
      words, flagNames: ["quick", "json", "help"],
      optionNames: ["seed", "threads", "out", "epochs"],
      maximumPositionals: 2)
    _ = arguments.flag("quick")
    _ = arguments.option("out")
    _ = try? arguments.integer("threads", default: 1, in: 1...64)
    _ = try? arguments.integer("epochs", default: 10, in: 0...Int.max)
    _ = try? arguments.unsigned("seed", default: 0)
  } catch is UsageError {
  } catch {
    fatalError("untyped error \(error)")
  }
  return 0
}

exit(reprise_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv, testOneInput))
