import Foundation
import RepriseLab
import Testing

/// The `reprise` executable as a user meets it: exit statuses, the one-line
/// reasons on stderr, output it writes, and how it stops. These run the built
/// binary (the test target depends on it, so `swift test` builds it first).
@Suite struct CommandLineTests {
  // MARK: usage errors exit 2 with the reason on the first line

  @Test(arguments: [
    (["frobnicate"], "unknown command 'frobnicate'"),
    (["reproduce"], "reproduce needs an experiment name"),
    (["reproduce", "no-such-experiment"], "unknown experiment 'no-such-experiment'"),
    (["reproduce", "label-alignment", "--seed", "abc"], "--seed"),
    (["reproduce", "label-alignment", "--bogus-flag"], "--bogus-flag"),
    (["robustness"], "robustness needs an experiment name"),
    (["robustness", "no-such-experiment"], "unknown experiment 'no-such-experiment'"),
    (["robustness", "label-alignment", "--seeds", "4-2"], "--seeds"),
    (["robustness", "label-alignment", "--seed", "1"], "--seed"),
    (["compare", "only-one.csv"], "compare needs two inputs"),
    (["compare", "a.csv", "b.csv", "--metrics", "cka,nonsense"], "unknown metric 'nonsense'"),
    (["compare", "a.csv", "b.csv", "--permutations", "-3"], "--permutations"),
  ])
  func usageErrorsExitTwoWithAReason(arguments: [String], reason: String) throws {
    let run = try CommandLineRun(arguments)
    #expect(run.status == 2, "\(arguments): exit \(run.status), stderr: \(run.standardError)")
    let firstLine = run.standardError.split(separator: "\n").first.map(String.init) ?? ""
    #expect(firstLine.hasPrefix("reprise: "), "first line: \(firstLine)")
    #expect(firstLine.contains(reason), "first line '\(firstLine)' should contain '\(reason)'")
    #expect(run.standardError.contains("usage: reprise"), "the command's usage follows the reason")
  }

  @Test func helpExitsZeroAndListsTheCommands() throws {
    let run = try CommandLineRun(["help"])
    #expect(run.status == 0)
    for command in ["reproduce", "robustness", "list", "compare", "demo"] {
      #expect(run.standardOutput.contains(command))
    }
  }

  // MARK: bad files exit 1 naming the file and the problem

  @Test func missingFileNamesTheFile() throws {
    let folder = try TemporaryFolder()
    let good = try folder.writeCSV("good.csv", rows: 5, columns: 2, seed: 1)
    let missing = folder.path("does-not-exist.npy")
    let run = try CommandLineRun(["compare", missing, good])
    #expect(run.status == 1, "stderr: \(run.standardError)")
    #expect(run.standardError.contains("does-not-exist.npy"), "stderr: \(run.standardError)")
    #expect(run.standardError.split(separator: "\n").count == 1, "one line: \(run.standardError)")
  }

  @Test func truncatedNpyNamesTheFileAndTheProblem() throws {
    let folder = try TemporaryFolder()
    // A valid header for a 4 × 3 float64 array, followed by only 5 of its 96 data bytes.
    var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (4, 3), }"
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
    bytes += [UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)]
    bytes += Array(header.utf8) + [1, 2, 3, 4, 5]
    let truncated = folder.path("truncated.npy")
    try Data(bytes).write(to: URL(fileURLWithPath: truncated))
    let good = try folder.writeCSV("good.csv", rows: 4, columns: 2, seed: 2)
    let run = try CommandLineRun(["compare", truncated, good])
    #expect(run.status == 1, "stderr: \(run.standardError)")
    #expect(run.standardError.contains("truncated.npy"), "stderr: \(run.standardError)")
    #expect(
      run.standardError.lowercased().contains("truncat")
        || run.standardError.lowercased().contains("end of file"),
      "stderr should say the data ends early: \(run.standardError)")
  }

  @Test func mismatchedSampleCountsAreReportedWithBothShapes() throws {
    let folder = try TemporaryFolder()
    let a = try folder.writeCSV("a.csv", rows: 6, columns: 3, seed: 3)
    let b = try folder.writeCSV("b.csv", rows: 5, columns: 3, seed: 4)
    let run = try CommandLineRun(["compare", a, b, "--metrics", "cka"])
    #expect(run.status == 1, "stderr: \(run.standardError)")
    #expect(run.standardError.contains("6") && run.standardError.contains("5"))
  }

  @Test func nonFiniteValueIsRejectedNotPropagated() throws {
    let folder = try TemporaryFolder()
    let a = folder.path("nan.csv")
    try "1,2\n3,nan\n5,6\n7,9\n".write(toFile: a, atomically: true, encoding: .utf8)
    let b = try folder.writeCSV("b.csv", rows: 4, columns: 2, seed: 5)
    let run = try CommandLineRun(["compare", a, b, "--metrics", "cka"])
    #expect(run.status == 1, "exit \(run.status); stdout: \(run.standardOutput)")
    #expect(!run.standardOutput.lowercased().contains("nan"), "no NaN printed as a result")
  }

  // MARK: results

  /// Linear CKA and CCA are invariant to an orthogonal transform, isotropic
  /// scaling and a shift of B: comparing A with 3·A·R + 1 must give exactly
  /// the closed-form value 1 (to rounding), read back from the JSON output.
  @Test func compareFindsTheInvariancesOfCKAAndCCA() throws {
    let folder = try TemporaryFolder()
    let rows = 40
    let a = try uniformRows(rows, columns: 3, seed: 7)
    // A rotation by 0.3 rad in the (x, y) plane followed by one in (y, z).
    let (c1, s1, c2, s2) = (cos(0.3), sin(0.3), cos(1.1), sin(1.1))
    let b = a.map { row -> [Double] in
      let x = c1 * row[0] - s1 * row[1]
      let y = s1 * row[0] + c1 * row[1]
      let y2 = c2 * y - s2 * row[2]
      let z2 = s2 * y + c2 * row[2]
      return [3 * x + 1, 3 * y2 + 1, 3 * z2 + 1]
    }
    let aPath = try folder.write("a.csv", a)
    let bPath = try folder.write("b.csv", b)
    let run = try CommandLineRun(["compare", aPath, bPath, "--metrics", "cka,cca", "--json"])
    #expect(run.status == 0, "stderr: \(run.standardError)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    #expect(object["samples"] as? Int == rows)
    let metrics = try #require(object["metrics"] as? [String: [String: Any]])
    for name in ["cka", "cca"] {
      let value = try #require(metrics[name]?["value"] as? Double, "\(name) missing")
      #expect(abs(value - 1) < 1e-12, "\(name) = \(value), closed form 1")
    }
  }

  @Test func listJSONNamesEveryRegisteredExperiment() throws {
    let run = try CommandLineRun(["list", "--json"])
    #expect(run.status == 0)
    let parsed = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8))
    let names = try #require(parsed as? [[String: Any]]).compactMap { $0["name"] as? String }
    #expect(names == Registry.experiments.map(\.name))
  }

  // MARK: output folders and interruption

  @Test(arguments: ["/proc/reprise-cannot-create-this", "FILE"])
  func unwritableOutputFolderIsReportedBeforeAnyWork(target: String) throws {
    let folder = try TemporaryFolder()
    var out = target
    if target == "FILE" {
      out = folder.path("a-regular-file")
      try "x".write(toFile: out, atomically: true, encoding: .utf8)
    }
    let clock = ContinuousClock()
    let start = clock.now
    // `all` would train for minutes in a debug build; it must fail at once.
    let run = try CommandLineRun(["reproduce", "all", "--quick", "--out", out])
    let elapsed = clock.now - start
    #expect(run.status == 1, "stderr: \(run.standardError)")
    #expect(run.standardError.contains(out), "stderr names the folder: \(run.standardError)")
    #expect(elapsed < .seconds(20), "took \(elapsed): the folder must be checked before work")
  }

  /// Ctrl-C stops the run promptly, and whatever was written is whole: files
  /// appear only by rename, so no result is ever half written.
  @Test func interruptStopsPromptlyAndLeavesNoCorruptResult() throws {
    let folder = try TemporaryFolder()
    let out = folder.path("report")
    let process = try CommandLineRun.start(["reproduce", "all", "--quick", "--out", out])
    Thread.sleep(forTimeInterval: 1.5)
    let clock = ContinuousClock()
    let sent = clock.now
    process.interrupt()
    let stopped = CommandLineRun.wait(for: process, upTo: 10)
    let elapsed = clock.now - sent
    try #require(stopped, "still running 10 s after SIGINT (killed)")
    #expect(elapsed < .seconds(5), "stopped \(elapsed) after SIGINT")
    #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGINT)
    let files = FileManager.default.enumerator(atPath: out)?.allObjects as? [String] ?? []
    for file in files where file.hasSuffix(".json") {
      let data = try Data(contentsOf: URL(fileURLWithPath: out + "/" + file))
      #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: data) }
    }
    #expect(!files.contains("index.html"), "the report page is written only at the end")
  }
}

// MARK: - Running the binary

struct CommandLineRun {
  let status: Int32
  let standardOutput: String
  let standardError: String

  /// The `reprise` binary next to the test bundle in the build folder.
  static var executable: URL {
    get throws {
      let candidates =
        Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        + [
          URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        ]
      for folder in candidates {
        let url = folder.appendingPathComponent("reprise")
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
      }
      throw CommandLineTestError.executableNotFound(candidates.map(\.path))
    }
  }

  static func start(_ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = try executable
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Waits for `process` to end, at most `seconds`; kills it and returns false if it does not.
  static func wait(for process: Process, upTo seconds: Double) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      return false
    }
    return true
  }

  init(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = try Self.executable
    process.arguments = arguments
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    // A hung command must fail its test, not hang the suite.
    let watchdog = DispatchWorkItem {
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
    DispatchQueue.global().asyncAfter(deadline: .now() + 300, execute: watchdog)
    defer { watchdog.cancel() }
    // Read both pipes to the end before waiting, so a full pipe cannot block the child.
    let errorData = LockedData()
    let reader = Thread { errorData.set(error.fileHandleForReading.readDataToEndOfFile()) }
    reader.start()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errorData.isSet { Thread.sleep(forTimeInterval: 0.01) }
    status = process.terminationStatus
    standardOutput = String(decoding: outputData, as: UTF8.self)
    standardError = String(decoding: errorData.value, as: UTF8.self)
  }
}

enum CommandLineTestError: Error, CustomStringConvertible {
  case executableNotFound([String])
  var description: String {
    switch self {
    case .executableNotFound(let folders):
      "the reprise binary was not found in \(folders); build it with swift build"
    }
  }
}

final class LockedData: @unchecked Sendable {
  private let lock = NSLock()
  private var data: Data?
  func set(_ value: Data) { lock.withLock { data = value } }
  var isSet: Bool { lock.withLock { data != nil } }
  var value: Data { lock.withLock { data ?? Data() } }
}

/// A fresh folder under the system temporary directory, removed at deinit.
final class TemporaryFolder {
  let url: URL
  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "reprise-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }
  deinit { try? FileManager.default.removeItem(at: url) }

  func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  func write(_ name: String, _ rows: [[Double]]) throws -> String {
    let text = rows.map { $0.map { "\($0)" }.joined(separator: ",") }.joined(separator: "\n")
    try (text + "\n").write(toFile: path(name), atomically: true, encoding: .utf8)
    return path(name)
  }

  func writeCSV(_ name: String, rows: Int, columns: Int, seed: UInt64) throws -> String {
    try write(name, uniformRows(rows, columns: columns, seed: seed))
  }
}

/// Test data: `rows` × `columns` values uniform in [−1, 1) from the library's RNG.
func uniformRows(_ rows: Int, columns: Int, seed: UInt64) throws -> [[Double]] {
  var random = RandomStream(seed: seed)
  let values = try Tensor<Double>.uniform([rows, columns], in: -1..<1, using: &random).scalars
  return (0..<rows).map { Array(values[($0 * columns)..<(($0 + 1) * columns)]) }
}
