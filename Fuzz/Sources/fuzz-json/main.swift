// libFuzzer harness: arbitrary bytes as JSON text (the safetensors header
// and result.json parser). A parsed value is printed back and reparsed:
// printing must give text the parser accepts.
import FuzzDriver
import Glibc
import RepriseIO

let testOneInput: RepriseFuzzCallback = { data, size in
  guard let data else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  if let value = try? JSONValue.parse(bytes, source: "fuzz.json") {
    let printed = Array(value.text.utf8)
    guard (try? JSONValue.parse(printed, source: "printed", maximumDepth: 128)) != nil else {
      fatalError("printed JSON does not parse: \(value.text)")
    }
  }
  return 0
}

exit(reprise_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv, testOneInput))
