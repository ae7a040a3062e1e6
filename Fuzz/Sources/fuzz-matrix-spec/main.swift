// libFuzzer harness: arbitrary text as a command-line matrix file
// specification (`PATH[.npy|.npz|.safetensors|.csv][:MEMBER]`), the part of
// the CLI's argument handling that lives in a library. A parsed
// specification must name a path ending in its format's extension.
import FuzzDriver
import Glibc
import RepriseIO

let testOneInput: RepriseFuzzCallback = { data, size in
  guard let data else { return 0 }
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  if let (path, member, format) = try? MatrixFile.parse(text) {
    precondition(path.hasSuffix("." + format.rawValue), "path without its extension")
    precondition(member.map { !$0.isEmpty } ?? true, "empty member name")
  }
  return 0
}

exit(reprise_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv, testOneInput))
