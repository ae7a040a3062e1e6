// libFuzzer harness: arbitrary bytes as a raw DEFLATE (RFC 1951) stream.
//
// Output is bounded at 1 MiB: a stream that would expand past it must be
// refused with a typed error.
import FuzzDriver
import Glibc
import RepriseIO

let testOneInput: RepriseFuzzCallback = { data, size in
  guard let data else { return 0 }
  let input = UnsafeRawBufferPointer(start: data, count: size)
  if let output = try? Inflate.decompress(input, maximumOutputBytes: 1 << 20, source: "fuzz") {
    precondition(output.count <= 1 << 20, "inflate exceeded its output bound")
  }
  return 0
}

exit(reprise_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv, testOneInput))
