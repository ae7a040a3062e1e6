// `reprise-bench`: Reprise's benchmarks. Each prints a readable table, or one
// JSON object per line with `--json`, for scripts that compare against numpy
// or PyTorch in the same run (Benchmarks/compare_numpy.py). Build it with
// `swift run -c release -Xcc -march=native reprise-bench …`: without the
// flag, x86-64 builds have no FMA instructions and every kernel crawls.
import Reprise

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

let usage = """
  usage: reprise-bench <benchmark> [--json] [--quick] [--sizes N,N,…] [--threads T,T,…]

  benchmarks:
    gemm         C ← AB for square sizes 32…2048, Float and Double, threads 1 and 2
    elementary   exp/log/tanh/sin/erf array forms vs glibc scalar loops
    train        Adam steps/s for MLPs 40-100-100-10, 64-256-256-10, 784-300-100-10 (Float)
    svd          Golub–Kahan and Jacobi SVD (thin), Double, n = 64…1024 and 4000×200, with accuracy ratios
    eigh         symmetric eigen (values + vectors), Double, n = 64…1024, with accuracy ratios
    qr           Householder QR (thin Q and R), Double, n = 64…1024 and 4000×200, with accuracy ratios
    cholesky     blocked Cholesky, Double, n = 64…1024, with accuracy ratios
    cka          linear CKA, Double, n = 10000, p = q = 1000 (--sizes n,p), threads 1 and 2, and streaming
    stream       streaming linear CKA over a float32 .npy (--file PATH, or a generated --sizes n,p file),
                 --chunk ROWS (default 2048), --threads T: GB/s and peak memory beyond one chunk
  """

/// Parsed command line.
struct BenchArguments {
  var benchmark = ""
  var json = false
  var quick = false
  var sizes: [Int]?
  var threads: [Int]?
  var file: String?
  var chunk: Int?

  init(_ words: [String]) throws {
    var rest = words[...]
    guard let first = rest.popFirst(), !first.hasPrefix("-") else {
      throw BenchUsageError("missing benchmark name")
    }
    benchmark = first
    while let word = rest.popFirst() {
      switch word {
      case "--json": json = true
      case "--quick": quick = true
      case "--sizes": sizes = try Self.integers(rest.popFirst(), option: word)
      case "--threads": threads = try Self.integers(rest.popFirst(), option: word)
      case "--file":
        guard let path = rest.popFirst() else { throw BenchUsageError("--file needs a path") }
        file = path
      case "--chunk": chunk = try Self.integers(rest.popFirst(), option: word).first
      default: throw BenchUsageError("unknown option '\(word)'")
      }
    }
  }

  static func integers(_ text: String?, option: String) throws -> [Int] {
    guard let text, case let values = text.split(separator: ",").compactMap({ Int($0) }),
      !values.isEmpty, values.allSatisfy({ $0 > 0 })
    else { throw BenchUsageError("\(option) needs a comma-separated list of positive integers") }
    return values
  }
}

struct BenchUsageError: Error {
  let reason: String
  init(_ reason: String) { self.reason = reason }
}

do {
  let arguments = try BenchArguments(Array(CommandLine.arguments.dropFirst()))
  switch arguments.benchmark {
  case "gemm":
    GEMMBenchmark.run(
      json: arguments.json, quick: arguments.quick, sizes: arguments.sizes,
      threadCounts: arguments.threads)
  case "elementary":
    ElementaryBenchmark.run(json: arguments.json, quick: arguments.quick)
  case "train":
    try TrainingBenchmark.run(
      json: arguments.json, quick: arguments.quick, threadCounts: arguments.threads)
  case "svd", "eigh", "qr", "cholesky":
    try LinalgBenchmark.run(
      arguments.benchmark, json: arguments.json, quick: arguments.quick, sizes: arguments.sizes)
  case "cka":
    try CKABenchmark.run(
      json: arguments.json, quick: arguments.quick, sizes: arguments.sizes,
      threadCounts: arguments.threads)
  case "stream":
    try StreamingBenchmark.run(
      json: arguments.json, quick: arguments.quick, file: arguments.file, sizes: arguments.sizes,
      chunk: arguments.chunk, threads: arguments.threads?.first)
  default:
    throw BenchUsageError("unknown benchmark '\(arguments.benchmark)'")
  }
} catch let error as BenchUsageError {
  print("reprise-bench: \(error.reason)\n\(usage)")
  exit(2)
} catch {
  print("reprise-bench: \(error)")
  exit(1)
}
