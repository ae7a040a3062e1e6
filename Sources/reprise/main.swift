// `reprise`: the command-line front end. It parses arguments and prints;
// all computation lives in the library.
//
// Exit status: 0 success, 1 a failed claim or bad input (one line on stderr
// naming the file or value), 2 a usage error (with the command's usage).
// Ctrl-C stops at once (default SIGINT action); files are only ever written
// by temporary file + rename, so an interrupted run leaves no corrupt result.
import Reprise

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

let usage = """
  usage: reprise <command> [options]

  commands:
    reproduce NAME|all [--quick] [--seed S] [--out DIR] [--json]
                              run a paper's experiment and check its claims
    robustness NAME|all [--quick] [--seeds LIST] [--json]
                              at how many seeds each claim holds
    list [--json]             the experiments and their papers
    compare A B [--metrics LIST] [--permutations N [--seed S]] [--json]
    compare --layers A1,A2,... B1,B2,... [--metrics NAME] [--svg FILE] [--json]
    compare --stream A.npy B.npy [--metrics LIST] [--chunk ROWS] [--json]
                              similarity of two representations (CKA, CCA, PWCCA, ...)
    demo [--quick] [--json]   GEMM speed and a determinism self-check
    help                      this text

  `reprise <command> --help` describes one command.
  """

let demoUsage = """
  usage: reprise demo [--quick] [--json]

  Measures GEMM speed (warning when fused multiply-add is not compiled in) and
  checks this machine's bit-reproducibility: blocked GEMM against the naive
  fused loop at 1, 2 and 3 threads, the random stream against NumPy's Philox,
  the elementary functions' array forms against their scalar forms, and a short
  digits training run at 1 and 2 threads. Exit status 0 when every check passes.

    --quick    fewer sizes and epochs
    --json     the checks as one JSON object on stdout (the tour goes to stderr)
  """

func writeError(_ text: String) {
  StandardError.write(text + "\n")
}

// Ctrl-C must stop the run even when the parent started us with SIGINT
// blocked (a blocked mask is inherited across exec: Foundation's Process and
// some thread pools leak theirs). Unblocking keeps the default action; a
// SIGINT the parent chose to *ignore* (nohup, background jobs) stays ignored.
var interruptSignals = sigset_t()
sigemptyset(&interruptSignals)
sigaddset(&interruptSignals, SIGINT)
sigaddset(&interruptSignals, SIGTERM)
pthread_sigmask(SIG_UNBLOCK, &interruptSignals, nil)

// Keep freed pages mapped: training allocates and frees the same buffers every
// step, and returning them to the kernel costs a third of a small model's time.
_ = HeapRetention.keepFreedMemory()

let words = Array(CommandLine.arguments.dropFirst())
var commandUsage = usage
do {
  switch words.first {
  case "reproduce":
    commandUsage = LabCommands.reproduceUsage
    let arguments = try Arguments(
      words, flagNames: ["quick", "json", "help"], optionNames: ["seed", "out"],
      maximumPositionals: 1)
    if arguments.flag("help") {
      print(commandUsage)
      exit(0)
    }
    exit(try LabCommands.reproduce(arguments))
  case "robustness":
    commandUsage = RobustnessCommand.usage
    let arguments = try Arguments(
      words, flagNames: ["quick", "json", "help"], optionNames: ["seeds"], maximumPositionals: 1)
    if arguments.flag("help") {
      print(commandUsage)
      exit(0)
    }
    exit(try RobustnessCommand.run(arguments))
  case "list":
    commandUsage = LabCommands.listUsage
    let arguments = try Arguments(words, flagNames: ["json", "help"], optionNames: [])
    if arguments.flag("help") {
      print(commandUsage)
      exit(0)
    }
    LabCommands.list(json: arguments.flag("json"))
  case "compare":
    commandUsage = CompareCommand.usage
    let arguments = try Arguments(
      words, flagNames: ["json", "layers", "stream", "help"],
      optionNames: ["metrics", "permutations", "seed", "svg", "chunk"], maximumPositionals: 2)
    if arguments.flag("help") {
      print(commandUsage)
      exit(0)
    }
    try CompareCommand.run(arguments)
  case "demo":
    commandUsage = demoUsage
    let arguments = try Arguments(words, flagNames: ["quick", "json", "help"], optionNames: [])
    if arguments.flag("help") {
      print(commandUsage)
      exit(0)
    }
    exit(try Demo(quick: arguments.flag("quick"), json: arguments.flag("json")).run() ? 0 : 1)
  case "help", "--help", "-h", nil:
    print(usage)
  case let other?:
    throw UsageError(description: "unknown command '\(other)'")
  }
} catch let error as UsageError {
  writeError("reprise: \(error.description)\n\n\(commandUsage)")
  exit(2)
} catch {
  writeError("reprise: \(error)")
  exit(1)
}
