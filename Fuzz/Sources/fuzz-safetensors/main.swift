// libFuzzer harness: arbitrary bytes as a `.safetensors` file (8-byte
// header length, JSON header, tensor data).
import FuzzDriver
import Glibc
import RepriseIO

let testOneInput: RepriseFuzzCallback = { data, size in
  guard let data else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = try? Safetensors.decode(bytes, source: "fuzz.safetensors")
  return 0
}

exit(reprise_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv, testOneInput))
