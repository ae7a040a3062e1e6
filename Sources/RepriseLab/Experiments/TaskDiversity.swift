// Placeholder: being written now (see the Lab issue); not yet runnable.

public struct TaskDiversityExperiment: Experiment {
  public init() {}
  public let name = "task-diversity-maml"
  public let paper = PaperReference(authors: "", title: "", venue: "", year: 0, identifier: "")
  public let summary = "not yet implemented"
  public func run(_ context: ExperimentContext) throws -> ExperimentOutcome {
    throw RepriseError.invalidArgument(
      operation: "reprise reproduce", name: name, reason: "this experiment is not implemented yet")
  }
}
