// libFuzzer harness: arbitrary bytes as a `.safetensors` file (8-byte
// header length, JSON header, tensor data), through both readers: the
// whole-file decoder, and the lazy `SafetensorsFile` that parses the header
// and then converts each tensor on request, as Float and as Double (every
// dtype's widening and exactness checks, each tensor's own byte range).
import FuzzDriver
import Glibc
import RepriseIO

let testOneInput: RepriseFuzzCallback = { data, size in
  guard let data else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = try? Safetensors.decode(bytes, source: "fuzz.safetensors")
  if let file = try? SafetensorsFile(bytes: bytes, source: "fuzz.safetensors") {
    for entry in file.entries {
      _ = try? file.tensor(entry, as: Float.self)
      _ = try? file.tensor(entry, as: Double.self)
    }
  }
  return 0
}

exit(reprise_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv, testOneInput))
