import Foundation
import RepriseTestSupport
import Testing

@testable import RepriseLab

/// The LAR experiment's `QuadraticModel` (Gram-matrix form of the authors'
/// objective) against numpy gradient descent on the authors' loss written
/// out with X itself (Fixtures/scripts/make_lab_lar_fixtures.py): the same
/// 2000 steps of rate 1e-4 from w = 0 for no adaptation, ridge ρ = 1000 and
/// LAR λ ∈ {1, 10, 100, 1000}.
@Suite struct QuadraticModelTests {
  static func rows(_ name: String) throws -> [[Double]] {
    let array = try NumpyArray.fixture("lab/\(name).npy")
    return stride(from: 0, to: array.doubles.count, by: 2).map {
      [array.doubles[$0], array.doubles[$0 + 1]]
    }
  }

  @Test func weightsMatchTheAuthorsLoss() throws {
    let target = try Self.rows("lar_target_x")
    let targetSigns = try NumpyArray.fixture("lab/lar_target_y.npy").doubles
    let problem = LabelAlignmentRegularizationExperiment.Problem(
      source: try Self.rows("lar_source_x"),
      sourceSigns: try NumpyArray.fixture("lab/lar_source_y.npy").doubles, target: target,
      targetSigns: targetSigns, heldOut: target, heldOutSigns: targetSigns)
    let model = try LabelAlignmentRegularizationExperiment.QuadraticModel(problem: problem)
    let expected = try Self.rows("lar_weights")
    let computed =
      [model.train(ridge: 0), model.train(ridge: 1000)]
      + [1.0, 10, 100, 1000].map { model.train(lambda: $0) }
    let names = ["ridge 0", "ridge 1000", "λ 1", "λ 10", "λ 100", "λ 1000"]
    for (name, (w, reference)) in zip(names, zip(computed, expected)) {
      for i in 0..<2 {
        #expect(
          abs(w[i] - reference[i]) <= 1e-12 * max(1, abs(reference[i])),
          "\(name): w[\(i)] = \(w[i]), numpy \(reference[i])")
      }
    }
    // The λ path must actually move the weights (the check is not vacuous).
    #expect(abs(computed[5][1] - computed[0][1]) > 0.1)
  }
}
