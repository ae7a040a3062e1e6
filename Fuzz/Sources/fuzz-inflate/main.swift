// libFuzzer harness: arbitrary bytes as a raw DEFLATE (RFC 1951) stream.
//
// Output is bounded at 64 KiB (`outputBound`): a stream that would expand
// past it must be refused with a typed error. The bound keeps the cost of one
// input small (a 1 MiB bound let a few bytes of run-length codes cost
// milliseconds, ~1k exec/s); 64 KiB still spans two full 32 KiB windows, so
// every back-reference distance and the window wrap are reachable.
import FuzzDriver
import Glibc
import RepriseIO

let outputBound = 1 << 16

let testOneInput: RepriseFuzzCallback = { data, size in
  guard let data else { return 0 }
  let input = UnsafeRawBufferPointer(start: data, count: size)
  if let output = try? Inflate.decompress(input, maximumOutputBytes: outputBound, source: "fuzz") {
    precondition(output.count <= outputBound, "inflate exceeded its output bound")
  }
  return 0
}

exit(reprise_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv, testOneInput))
