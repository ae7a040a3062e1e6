// A regression data set: an input matrix and a target matrix with one row per
// example. Only a container with shape checks; generators live in
// SyntheticData.swift.

/// Inputs `[count, inputCount]` with targets `[count, targetCount]`.
public struct RegressionDataset<Scalar: RealScalar>: Sendable, Equatable {
  public let inputs: Tensor<Scalar>
  public let targets: Tensor<Scalar>

  /// Checks that both are matrices with the same number of rows.
  public init(inputs: Tensor<Scalar>, targets: Tensor<Scalar>) throws {
    let (rows, _) = try inputs.matrixShape(operation: "RegressionDataset.init (inputs)")
    let (targetRows, _) = try targets.matrixShape(operation: "RegressionDataset.init (targets)")
    guard rows == targetRows else {
      throw RepriseError.shapeMismatch(
        operation: "RegressionDataset.init (targets rows)", expected: [rows], got: [targetRows])
    }
    self.inputs = inputs
    self.targets = targets
  }

  public var count: Int { inputs.rowCount }
  public var inputCount: Int { inputs.columnCount }
  public var targetCount: Int { targets.columnCount }
}
