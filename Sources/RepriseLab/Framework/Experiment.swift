// The contract every Lab experiment follows.
//
// An experiment is one file: a type conforming to `Experiment` that knows its
// paper, its configuration at full and quick sizes, how to run, which claims
// to check and which figures to draw. It receives everything that may vary
// between runs (seed, size, a progress sink) in an `ExperimentContext`, and
// returns an `ExperimentOutcome`; the runner adds timing, the digest and the
// files. Experiments never read the clock, the environment or global state,
// so the same seed gives the same numbers (and the same digest) anywhere.

/// One reproducible experiment from a paper.
public protocol Experiment: Sendable {
  /// Command-line name, lower-case with hyphens ("label-alignment").
  var name: String { get }
  var paper: PaperReference { get }
  /// One line on what the experiment shows, for `reprise list`.
  var summary: String { get }
  /// Runs the experiment and checks its claims.
  func run(_ context: ExperimentContext) throws -> ExperimentOutcome
}

/// What an experiment may depend on.
public struct ExperimentContext: Sendable {
  /// The master seed; experiments derive every random stream from it.
  public var seed: UInt64
  /// Quick sizes (a few seconds, for tests and the README's main job).
  public var quick: Bool
  /// Receives progress lines (the CLI prints them on stderr).
  public var progress: @Sendable (String) -> Void

  public init(seed: UInt64, quick: Bool, progress: @escaping @Sendable (String) -> Void = { _ in })
  {
    self.seed = seed
    self.quick = quick
    self.progress = progress
  }

  /// A random stream for one purpose, numbered by the experiment.
  public func stream(_ purpose: UInt64) -> RandomStream {
    RandomStream(seed: seed, stream: purpose)
  }

  /// `quick` or `full`, whichever size applies.
  public func size<T>(quick quickValue: T, full fullValue: T) -> T {
    quick ? quickValue : fullValue
  }
}

/// Named numbers an experiment measured, in the order it recorded them.
public struct MetricTable: Sendable, Equatable {
  public private(set) var entries: [(name: String, value: Double)] = []

  public init() {}

  /// Records (or replaces) a value.
  public subscript(name: String) -> Double? {
    get { entries.first { $0.name == name }?.value }
    set {
      if let index = entries.firstIndex(where: { $0.name == name }) {
        if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
      } else if let newValue {
        entries.append((name, newValue))
      }
    }
  }

  public static func == (a: MetricTable, b: MetricTable) -> Bool {
    a.entries.count == b.entries.count
      && zip(a.entries, b.entries).allSatisfy {
        $0.name == $1.name && $0.value.bitPattern == $1.value.bitPattern
      }
  }
}

/// A finished figure: a file stem, a caption and the SVG text.
public struct LabFigure: Sendable, Equatable {
  /// File name without extension ("alignment-by-layer").
  public var name: String
  public var caption: String
  public var svg: String

  public init(name: String, caption: String, svg: String) {
    self.name = name
    self.caption = caption
    self.svg = svg
  }

  /// A figure drawn from a chart.
  public init(name: String, caption: String, chart: Chart) throws {
    self.init(name: name, caption: caption, svg: try chart.svg)
  }
}

/// What `Experiment.run` returns.
public struct ExperimentOutcome: Sendable {
  public var claims: [Claim]
  public var metrics: MetricTable
  public var figures: [LabFigure]

  public init(claims: [Claim], metrics: MetricTable, figures: [LabFigure] = []) {
    self.claims = claims
    self.metrics = metrics
    self.figures = figures
  }
}
