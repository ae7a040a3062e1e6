// Running experiments and writing their results.
//
// The runner checks that the output folder can be written before any long
// work starts, times each experiment, and writes `DIR/NAME/result.json` and
// one SVG per figure. Every file is written atomically (temporary file and
// rename, see `BinaryFile.writeAtomically`), so an interrupted run leaves the
// previous report intact rather than a half-written one.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs experiments with one seed and size, optionally writing files.
public struct LabRunner: Sendable {
  public var seed: UInt64
  public var quick: Bool
  /// Where results go; nil runs without writing anything.
  public var outputFolder: String?
  public var progress: @Sendable (String) -> Void

  public init(
    seed: UInt64, quick: Bool, outputFolder: String?,
    progress: @escaping @Sendable (String) -> Void = { _ in }
  ) {
    self.seed = seed
    self.quick = quick
    self.outputFolder = outputFolder
    self.progress = progress
  }

  /// Creates the output folder (and parents) and proves it is writable, so a
  /// bad path is reported before minutes of work are done.
  public func prepareOutputFolder() throws {
    guard let folder = outputFolder else { return }
    try Self.makeFolder(folder)
    let probe = folder + "/.reprise-write-check"
    try BinaryFile.writeAtomically([], to: probe)
    unlink(probe)
  }

  /// Runs one experiment, writes its files (when there is an output folder)
  /// and returns the result.
  public func run(_ experiment: any Experiment) throws -> ExperimentResult {
    let name = experiment.name
    let context = ExperimentContext(seed: seed, quick: quick) { [progress] line in
      progress("[\(name)] \(line)")
    }
    let clock = ContinuousClock()
    let start = clock.now
    let outcome = try experiment.run(context)
    let elapsed = clock.now - start
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let result = ExperimentResult(
      experiment: name, paper: experiment.paper, seed: seed, quick: quick, seconds: seconds,
      threads: ThreadSettings.defaultCount, outcome: outcome)
    try write(result)
    return result
  }

  /// Writes `result.json` and the figures of one result.
  func write(_ result: ExperimentResult) throws {
    guard let folder = outputFolder else { return }
    let directory = folder + "/" + result.experiment
    try Self.makeFolder(directory)
    for figure in result.figures {
      try BinaryFile.writeAtomically(
        Array(figure.svg.utf8), to: directory + "/" + figure.name + ".svg")
    }
    try BinaryFile.writeAtomically(
      Array((result.json.prettyText + "\n").utf8), to: directory + "/result.json")
  }

  /// `mkdir -p`, with a typed error naming the folder.
  static func makeFolder(_ path: String) throws {
    var prefix = path.hasPrefix("/") ? "/" : ""
    for component in path.split(separator: "/") {
      prefix += component
      if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
        throw RepriseError.fileAccess(
          path: prefix, reason: "cannot create folder: \(String(cString: strerror(errno)))")
      }
      var status = stat()
      guard stat(prefix, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
        throw RepriseError.fileAccess(path: prefix, reason: "exists and is not a folder")
      }
      prefix += "/"
    }
  }
}
