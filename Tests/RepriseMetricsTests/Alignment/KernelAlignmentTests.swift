import RepriseMetrics
import RepriseTestSupport
import Testing

@Suite struct KernelAlignmentTests {
  @Test func matchesNumpyReference() throws {
    let k1 = try GeoFixture.tensor("alignment", "kernels_k1")
    let k2 = try GeoFixture.tensor("alignment", "kernels_k2")
    let y = try GeoFixture.tensor("alignment", "kernels_y")
    let expected = try GeoFixture.values("alignment", "kernels_values")
    expectRelativelyClose(try KernelAlignment.alignment(k1, k2), expected[0], 1e-10, "A(K₁,K₂)")
    expectRelativelyClose(
      try KernelAlignment.alignment(k1, k2, centred: true), expected[1], 1e-10, "centred")
    expectRelativelyClose(
      try KernelAlignment.targetAlignment(kernel: k1, targets: y), expected[2], 1e-10, "A(K,yyᵀ)")
    expectRelativelyClose(
      try KernelAlignment.targetAlignment(kernel: k1, targets: y, centred: true), expected[3],
      1e-10, "centred target")
  }

  /// Two more shapes from feature matrices: n = 8 < p = 20 with one-hot
  /// (n × 3) targets, and rank-deficient kernels (constant, dependent
  /// columns; duplicated rows) with offset targets. Reprise builds the
  /// linear kernels itself; the alignments are checked both on those and on
  /// numpy's kernels.
  @Test func featureKernelsMatchNumpyReference() throws {
    for name in ["kernels_wide", "kernels_deficient"] {
      let k1 = try KernelAlignment.linearKernel(try GeoFixture.tensor("alignment", "\(name)_x1"))
      let k2 = try KernelAlignment.linearKernel(try GeoFixture.tensor("alignment", "\(name)_x2"))
      let numpyK1 = try GeoFixture.tensor("alignment", "\(name)_k1")
      let numpyK2 = try GeoFixture.tensor("alignment", "\(name)_k2")
      expectRelativelyClose(k1.scalars, numpyK1.scalars, 1e-12, floor: 1, "\(name) X₁X₁ᵀ")
      expectRelativelyClose(k2.scalars, numpyK2.scalars, 1e-12, floor: 1, "\(name) X₂X₂ᵀ")
      let y = try GeoFixture.tensor("alignment", "\(name)_y")
      let expected = try GeoFixture.values("alignment", "\(name)_values")
      for (first, second, source) in [
        (k1, k2, "Reprise kernels"), (numpyK1, numpyK2, "numpy kernels"),
      ] {
        let what = "\(name), \(source)"
        expectRelativelyClose(
          try KernelAlignment.alignment(first, second), expected[0], 1e-10, "\(what) A(K₁,K₂)")
        expectRelativelyClose(
          try KernelAlignment.alignment(first, second, centred: true), expected[1], 1e-10,
          "\(what) centred")
        expectRelativelyClose(
          try KernelAlignment.targetAlignment(kernel: first, targets: y), expected[2], 1e-10,
          "\(what) A(K,YYᵀ)")
        expectRelativelyClose(
          try KernelAlignment.targetAlignment(kernel: first, targets: y, centred: true),
          expected[3], 1e-10, "\(what) centred target")
      }
    }
  }

  @Test func closedForms() throws {
    var random = RandomStream(seed: 3)
    let x = try random.tensor([8, 3])
    let k = try KernelAlignment.linearKernel(x)
    // A kernel is perfectly aligned with itself and with a positive multiple.
    #expect(abs(try KernelAlignment.alignment(k, k.map { 7 * $0 }) - 1) < 1e-15)
    // The target kernel yyᵀ itself: A(yyᵀ, y) = 1.
    let y = try random.tensor([8])
    let yyT = try matmul(try y.reshaped([8, 1]), try y.reshaped([8, 1]), transposeB: true)
    #expect(abs(try KernelAlignment.targetAlignment(kernel: yyT, targets: y) - 1) < 1e-15)
    // Centring removes a constant added to the kernel.
    let shifted = k.map { $0 + 5 }
    let a = try KernelAlignment.targetAlignment(kernel: k, targets: y, centred: true)
    let b = try KernelAlignment.targetAlignment(kernel: shifted, targets: y, centred: true)
    expectRelativelyClose(b, a, 1e-12, "shift")
  }

  @Test func degenerateInput() throws {
    let k = try Tensor<Double>(shape: [3, 3], repeating: 1)
    // A constant kernel is zero after centring.
    #expect(throws: RepriseError.self) { try KernelAlignment.alignment(k, k, centred: true) }
    #expect(throws: RepriseError.self) {
      try KernelAlignment.targetAlignment(
        kernel: k, targets: Tensor<Double>([2, 2, 2]), centred: true)
    }
    #expect(throws: RepriseError.self) {
      try KernelAlignment.alignment(k, try Tensor<Double>.zeros([2, 2]))
    }
    #expect(throws: RepriseError.self) {
      try KernelAlignment.targetAlignment(kernel: k, targets: Tensor<Double>([1, 2]))
    }
    #expect(throws: RepriseError.self) {
      try KernelAlignment.alignment(k, try Tensor<Double>(shape: [3, 3], repeating: .nan))
    }
  }
}
