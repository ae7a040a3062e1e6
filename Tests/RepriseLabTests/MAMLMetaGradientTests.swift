import Foundation
import RepriseTestSupport
import Testing

@testable import RepriseLab

/// The second-order MAML meta-gradient of the task-diversity experiment
/// (`TaskDiversityExperiment.metaGradient`, the function its meta-training
/// calls) against central finite differences of the meta-objective itself:
/// M(θ) = query cross-entropy after two inner SGD steps from θ on the support
/// set. Differentiating through the inner steps brings in Hessian–vector
/// products; the first-order variant drops them, so it must disagree with
/// the finite differences (which shows the check can tell the two apart).
@Suite struct MAMLMetaGradientTests {
  /// A tiny 3 → 5 → 4 → 3 ReLU MLP, its support and query sets, in Double.
  static func setUp() throws -> (
    values: [Tensor<Double>], support: Tensor<Double>, query: Tensor<Double>
  ) {
    var random = RandomStream(seed: 11, stream: 3)
    let widths = [3, 5, 4, 3]
    var values: [Tensor<Double>] = []
    for (fanIn, fanOut) in zip(widths, widths.dropFirst()) {
      values.append(try random.tensor([fanIn, fanOut], in: -0.9..<0.9))
      values.append(try random.tensor([fanOut], in: -0.3..<0.3))
    }
    return (values, try random.tensor([6, 3]), try random.tensor([6, 3]))
  }

  static let supportLabels = [0, 1, 2, 0, 1, 2]
  static let queryLabels = [2, 1, 0, 0, 2, 1]

  static func metaGradient(_ values: [Tensor<Double>], secondOrder: Bool) throws -> (
    loss: Double, gradients: [Tensor<Double>]
  ) {
    let (_, support, query) = try setUp()
    return try TaskDiversityExperiment.metaGradient(
      values, supportX: support, supportY: supportLabels, queryX: query, queryY: queryLabels,
      steps: 2, rate: 0.4, secondOrder: secondOrder)
  }

  @Test func secondOrderMatchesFiniteDifferences() throws {
    let values = try Self.setUp().values
    let analytic = try Self.metaGradient(values, secondOrder: true).gradients
    let firstOrder = try Self.metaGradient(values, secondOrder: false).gradients
    var firstOrderGap = 0.0
    for index in values.indices {
      let numeric = try FiniteDifference.gradient(
        of: { x in
          var perturbed = values
          perturbed[index] = x
          return try Self.metaGradient(perturbed, secondOrder: false).loss
        }, at: values[index])
      let error = FiniteDifference.maxRelativeError(analytic[index], numeric)
      #expect(error < 1e-7, "parameter \(index) \(values[index].shape): relative error \(error)")
      firstOrderGap = max(
        firstOrderGap, FiniteDifference.maxRelativeError(firstOrder[index], numeric))
    }
    // The Hessian terms are not negligible here: first-order MAML is off.
    #expect(firstOrderGap > 1e-4, "first-order gap \(firstOrderGap)")
  }

  /// With no inner step the meta-gradient is the plain query gradient, the
  /// same in both orders.
  @Test func noInnerStepIsThePlainGradient() throws {
    let (values, support, query) = try Self.setUp()
    let orders = try [true, false].map { secondOrder in
      try TaskDiversityExperiment.metaGradient(
        values, supportX: support, supportY: Self.supportLabels, queryX: query,
        queryY: Self.queryLabels, steps: 0, rate: 0.4, secondOrder: secondOrder)
    }
    for (a, b) in zip(orders[0].gradients, orders[1].gradients) {
      #expect(a.scalars == b.scalars)
    }
  }
}
