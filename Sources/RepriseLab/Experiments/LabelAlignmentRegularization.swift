// Placeholder: being written now (see the Lab issue); not yet runnable.

public struct LabelAlignmentRegularizationExperiment: Experiment {
  public init() {}
  public let name = "lar-domain-shift"
  public let paper = PaperReference(authors: "", title: "", venue: "", year: 0, identifier: "")
  public let summary = "not yet implemented"
  public func run(_ context: ExperimentContext) throws -> ExperimentOutcome {
    throw RepriseError.invalidArgument(
      operation: "reprise reproduce", name: name, reason: "this experiment is not implemented yet")
  }
}
