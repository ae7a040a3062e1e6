// libFuzzer harness: arbitrary bytes as a `.npz` (ZIP of `.npy`) file.
//
// Exercises the ZIP directory walk, stored and deflated members, the CRC
// check and the member `.npy` parser. Output is bounded at 16 MiB so a
// decompression bomb must be refused, not allocated.
import FuzzDriver
import Glibc
import RepriseIO

let testOneInput: RepriseFuzzCallback = { data, size in
  guard let data else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  if let file = try? NpzFile(decoding: bytes, source: "fuzz.npz", maximumBytes: 1 << 24) {
    for (_, array) in file.arrays { _ = try? array.tensor(as: Double.self) }
  }
  return 0
}

exit(reprise_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv, testOneInput))
