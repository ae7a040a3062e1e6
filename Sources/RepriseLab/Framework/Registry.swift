// The list of experiments the Lab knows, in the order reports show them.

public enum Registry {
  /// Every registered experiment.
  public static let experiments: [any Experiment] = [
    LabelAlignmentExperiment(),
    LabelAlignmentRegularizationExperiment(),
    LossTransferabilityExperiment(),
    TaskDiversityExperiment(),
    DomainAdversarialExperiment(),
    NeuralCollapseTransferExperiment(),
    LayerCorrespondenceExperiment(),
  ]

  /// The experiment called `name`, or nil.
  public static func experiment(named name: String) -> (any Experiment)? {
    experiments.first { $0.name == name }
  }
}
