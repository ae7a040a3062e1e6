import Foundation
import RepriseLab
import RepriseTestSupport
import Testing

/// The indices the layer-correspondence experiment ranks layers by, on one
/// pair of ReLU-layer-like representations, against numpy
/// (Fixtures/scripts/make_layer_similarity_fixtures.py): linear CKA in its
/// feature form, RBF CKA with an explicit centring matrix H and the median
/// of the distinct pairwise distances, mean CCA from QR bases. The Swift
/// side takes the cached Gram/kernel/SVD route of `PreparedRepresentation`,
/// so the two share no code path.
@Suite struct LayerSimilarityReferenceTests {
  static func matrix(_ name: String) throws -> Tensor<Double> {
    let array = try NumpyArray.fixture("lab/\(name).npy")
    return try Tensor(shape: array.shape, scalars: array.doubles)
  }

  @Test func onePairAgreesWithNumpy() throws {
    let x = try Self.matrix("layer_pair_x")
    let y = try Self.matrix("layer_pair_y")
    let expected = try NumpyArray.fixture("lab/layer_pair_values.npy").doubles
    let pair = try PairSimilarity(PreparedRepresentation(x), PreparedRepresentation(y))
    let measured = [pair.linearCKA, pair.rbfCKA, pair.meanCCA]
    for (name, (value, reference)) in zip(
      ["linear CKA", "RBF CKA", "mean CCA"], zip(measured, expected))
    {
      #expect(abs(value - reference) <= 1e-12, "\(name): \(value) vs numpy \(reference)")
    }
    // CKA is symmetric; the reversed pair must give the same values.
    let reversed = try PairSimilarity(PreparedRepresentation(y), PreparedRepresentation(x))
    #expect(abs(reversed.linearCKA - expected[0]) <= 1e-12)
    #expect(abs(reversed.rbfCKA - expected[1]) <= 1e-12)
  }
}
