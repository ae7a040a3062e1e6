import RepriseMetrics
import RepriseTestSupport
import Testing

@Suite struct LabelAlignmentTests {
  @Test(arguments: [
    ("tall", false), ("wide_onehot", true), ("deficient", false),
  ])
  func matchesNumpyReference(_ name: String, _ preprocess: Bool) throws {
    let phi = try GeoFixture.tensor("alignment", "\(name)_representation")
    let y = try GeoFixture.tensor("alignment", "\(name)_targets")
    let spectrum = try LabelAlignment.spectrum(
      representation: phi, targets: y,
      preprocessing: preprocess ? .biasAndRowNormalization : .none)
    let singular = try GeoFixture.values("alignment", "\(name)_singular")
    let energy = try GeoFixture.values("alignment", "\(name)_energy")
    let totals = try GeoFixture.values("alignment", "\(name)_total")
    #expect(spectrum.rank == singular.count)
    expectRelativelyClose(spectrum.singularValues, singular, 1e-10, "s")
    // Energies are relative to the total energy (a tiny e_i has no digits
    // of its own beyond ε·‖y‖²).
    expectRelativelyClose(spectrum.labelEnergy, energy, 1e-10, floor: totals[0], "e")
    expectRelativelyClose(spectrum.totalEnergy, totals[0], 1e-12, "‖y‖²")
    expectRelativelyClose(spectrum.residualEnergy, totals[1], 1e-10, floor: totals[0], "residual")
    // The curves follow from the energies.
    let cumulative = energy.indices.map { energy[0...$0].reduce(0, +) / totals[0] }
    expectRelativelyClose(spectrum.cumulativeFractions, cumulative, 1e-10, floor: 1, "align@k")
    expectRelativelyClose(spectrum.energy(aboveThreshold: 0), totals[0], 1e-12, "A(0)")
    let tau = singular[1] * (1 - 1e-9)  // just below s₂, whatever its last bits
    expectRelativelyClose(
      spectrum.energy(aboveThreshold: tau), energy[0] + energy[1], 1e-10, floor: totals[0], "A(s₂)")
    #expect(spectrum.energy(aboveThreshold: singular[0] * 2) == 0)
  }

  @Test func oneHotLabelsEqualExplicitTargets() throws {
    let phi = try GeoFixture.tensor("alignment", "wide_onehot_representation")
    let y = try GeoFixture.tensor("alignment", "wide_onehot_targets")
    let labels = (0..<y.shape[0]).map { i in (0..<3).first { y[i, $0] == 1 }! }
    let a = try LabelAlignment.spectrum(
      representation: phi, labels: labels, classCount: 3, preprocessing: .biasAndRowNormalization)
    let b = try LabelAlignment.spectrum(
      representation: phi, targets: y, preprocessing: .biasAndRowNormalization)
    #expect(a == b)
  }

  /// y equal to a left singular vector puts all of its energy there.
  @Test func singularVectorTargetIsFullyAligned() throws {
    var random = RandomStream(seed: 7)
    let phi = try random.tensor([20, 5])
    let svd = try SingularValueDecomposition(phi)
    for i in [0, 2] {
      let y = try svd.u!.column(i).map { 3 * $0 }
      let spectrum = try LabelAlignment.spectrum(representation: phi, targets: y)
      for (j, e) in spectrum.energyFractions.enumerated() {
        #expect(abs(e - (i == j ? 1 : 0)) < 1e-13)
      }
      #expect(spectrum.smallestRank(reaching: 0.999) == i + 1)
      #expect(spectrum.smallestRanks(reaching: [0, 0.5, 1.5]) == [0, i + 1, nil])
      #expect(spectrum.residualEnergy < 1e-12)
    }
    // A target orthogonal to the column space: all energy is residual, and
    // no rank reaches any positive fraction.
    var orthogonal = try random.tensor([20])
    let projection = try matmul(
      svd.u!, try matmul(svd.u!, try orthogonal.reshaped([20, 1]), transposeA: true))
    orthogonal = try orthogonal - projection.reshaped([20])
    let spectrum = try LabelAlignment.spectrum(representation: phi, targets: orthogonal)
    #expect(spectrum.fraction(topK: 5) < 1e-12)
    #expect(spectrum.smallestRank(reaching: 0.5) == nil)
  }

  @Test func floatInputIsWidenedExactly() throws {
    let phi = try GeoFixture.tensor("alignment", "tall_representation")
    let y = try GeoFixture.tensor("alignment", "tall_targets")
    let single = try LabelAlignment.spectrum(
      representation: Tensor<Float>(shape: phi.shape, scalars: phi.scalars.map { Float($0) }),
      targets: Tensor<Float>(shape: y.shape, scalars: y.scalars.map { Float($0) }))
    let widened = try LabelAlignment.spectrum(
      representation: phi.map { Double(Float($0)) }, targets: y.map { Double(Float($0)) })
    #expect(single == widened)
  }

  @Test func invariantToRightRotationAndScaling() throws {
    var random = RandomStream(seed: 11)
    let phi = try random.tensor([15, 4])
    let y = try random.tensor([15])
    let q = try QRFactorization(try random.tensor([4, 4])).q()
    let a = try LabelAlignment.spectrum(representation: phi, targets: y)
    let b = try LabelAlignment.spectrum(
      representation: try matmul(phi, q).map { 2.5 * $0 }, targets: y.map { -4 * $0 })
    expectRelativelyClose(b.energyFractions, a.energyFractions, 1e-10, floor: 1, "fractions")
    expectRelativelyClose(b.singularValues, a.singularValues.map { 2.5 * $0 }, 1e-12, "s")
  }

  @Test func degenerateInput() throws {
    let phi = try Tensor<Double>(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])
    #expect(throws: RepriseError.self) {
      try LabelAlignment.spectrum(representation: phi, targets: Tensor<Double>([0, 0, 0]))
    }
    #expect(throws: RepriseError.self) {
      try LabelAlignment.spectrum(representation: phi, targets: Tensor<Double>([1, 0]))
    }
    #expect(throws: RepriseError.self) {
      try LabelAlignment.spectrum(representation: phi, labels: [0, 3, 1], classCount: 2)
    }
    #expect(throws: RepriseError.self) {
      try LabelAlignment.spectrum(
        representation: phi, targets: Tensor<Double>([1, .infinity, 0]))
    }
    // Φ = 0 has rank 0: the energy is all residual, align@k = 0.
    let zero = try LabelAlignment.spectrum(
      representation: try Tensor<Double>.zeros([3, 2]), targets: Tensor<Double>([1, 2, 3]))
    #expect(zero.rank == 0 && zero.fraction(topK: 3) == 0 && zero.residualEnergy == 14)
  }
}
