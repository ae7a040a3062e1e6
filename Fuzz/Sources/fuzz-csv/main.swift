// libFuzzer harness: arbitrary bytes as CSV text, parsed to Double and to
// Float with the delimiter and header detected, and once with non-finite
// values allowed.
import FuzzDriver
import Glibc
import RepriseIO

let testOneInput: RepriseFuzzCallback = { data, size in
  guard let data else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = try? CSV.decode(bytes, as: Double.self, source: "fuzz.csv")
  _ = try? CSV.decode(
    bytes, as: Float.self, header: .absent, allowNonFinite: true, source: "fuzz.csv")
  return 0
}

exit(reprise_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv, testOneInput))
