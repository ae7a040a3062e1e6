// libFuzzer harness: arbitrary bytes as a `.npy` file.
//
// Every input must either decode or throw a RepriseError; a decoded array is
// also converted to Double and (for integer kinds) to Int, the two paths
// a user takes next. A crash, hang or unbounded allocation is a bug.
import FuzzDriver
import Glibc
import RepriseIO

let testOneInput: RepriseFuzzCallback = { data, size in
  guard let data else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  if let array = try? NpyArray(decoding: bytes, source: "fuzz.npy") {
    _ = try? array.tensor(as: Double.self)
    _ = try? array.tensor(as: Float.self)
    _ = try? array.integers()
  }
  return 0
}

exit(reprise_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv, testOneInput))
