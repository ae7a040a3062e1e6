// Kernel–kernel and kernel–target alignment.
//
// Alignment (Cristianini, Shawe-Taylor, Elisseeff & Kandola, "On
// kernel-target alignment", NIPS 2001) is the cosine between two n × n
// kernel matrices in the Frobenius inner product:
//   A(K₁, K₂) = ⟨K₁, K₂⟩_F / (‖K₁‖_F ‖K₂‖_F),
// and kernel–target alignment is A(K, yyᵀ) = yᵀKy / (‖K‖_F ‖y‖²) (for an
// n × K target matrix Y, A(K, YYᵀ)). These are the quantities tracked by the
// silent-alignment experiments (Atanasov, Bordelon & Pehlevan, ICLR 2022,
// papers.md §3).
// Centred alignment (Cortes, Mohri & Rostamizadeh, "Algorithms for learning
// kernels based on centered alignment", JMLR 2012, Def. 1) applies
// H = I − 11ᵀ/n on both sides first: A(HK₁H, HK₂H); for targets the
// centred Gram HYYᵀH = (HY)(HY)ᵀ is the Gram of the column-centred targets.
// Centring makes the value invariant to adding a constant to the kernel
// (a shift of the features' origin for a linear kernel).
//
// Cost: O(n²) for the inner products, O(n²K + nK²) for targets. Every inner
// product is one fma chain over the n² entries in row-major order.
// Invariances: positive scaling of either kernel. Degenerate input: a kernel
// (or target Gram) that is zero, after centring if asked, throws
// `invalidArgument`; non-square or mismatched shapes throw; NaN/Inf throw
// `nonFinite`. Kernels need not be symmetric.

/// Kernel alignments (Cristianini et al. 2001; centred: Cortes et al. 2012).
public enum KernelAlignment {
  /// A(K₁, K₂) = ⟨K₁, K₂⟩_F / (‖K₁‖_F ‖K₂‖_F), on HKH when `centred`.
  public static func alignment<Scalar: RealScalar>(
    _ first: Tensor<Scalar>, _ second: Tensor<Scalar>, centred: Bool = false
  ) throws -> Double {
    let operation = "KernelAlignment.alignment"
    let n = try squareSize(first, operation, "first")
    guard second.shape == first.shape else {
      throw RepriseError.shapeMismatch(
        operation: "\(operation) second kernel", expected: first.shape, got: second.shape)
    }
    try second.requireFinite(operation: operation)
    var a = first.widenedToDouble().scalars
    var b = second.widenedToDouble().scalars
    if centred {
      a = doublyCentred(a, n)
      b = doublyCentred(b, n)
    }
    return try cosine(a, b, operation, names: ("first", "second"))
  }

  /// A(K, YYᵀ) for targets y (length n) or Y (n × K), on HKH and HYYᵀH when
  /// `centred`.
  public static func targetAlignment<Scalar: RealScalar>(
    kernel: Tensor<Scalar>, targets: Tensor<Scalar>, centred: Bool = false
  ) throws -> Double {
    let operation = "KernelAlignment.targetAlignment"
    let n = try squareSize(kernel, operation, "kernel")
    let width = targets.rank == 2 ? targets.shape[1] : 1
    guard targets.rank == 1 || targets.rank == 2, targets.shape[0] == n else {
      throw RepriseError.shapeMismatch(
        operation: "\(operation) targets (one row per sample)", expected: [n, width],
        got: targets.shape)
    }
    try targets.requireFinite(operation: operation)
    var y = try targets.widenedToDouble().reshaped([n, width])
    if centred { y = try FeatureMatrix.centered(y) }
    // YYᵀ is formed explicitly (n × n): the alignment is then the same
    // Frobenius cosine as for two kernels, with the same summation order.
    let targetGram = try gram(y, transposeA: false).scalars
    var k = kernel.widenedToDouble().scalars
    if centred { k = doublyCentred(k, n) }
    return try cosine(k, targetGram, operation, names: ("kernel", "targets"))
  }

  /// The linear kernel XXᵀ of an n × p feature matrix (n × n, in Double).
  public static func linearKernel<Scalar: RealScalar>(_ features: Tensor<Scalar>) throws
    -> Tensor<Double>
  {
    try FeatureMatrix.validate(features, operation: "KernelAlignment.linearKernel")
    let x = features.widenedToDouble()
    return try gram(x, transposeA: false)
  }

  /// HKH: K minus its row means and column means, plus its grand mean.
  static func doublyCentred(_ k: [Double], _ n: Int) -> [Double] {
    let matrix = try! Tensor(shape: [n, n], scalars: k)
    let columnMeans = try! matmul(
      Tensor(shape: [1, n], repeating: 1 / Double(n)), matrix
    ).scalars
    let rowMeans = try! matmul(matrix, Tensor(shape: [n, 1], repeating: 1 / Double(n))).scalars
    let grand = DoubleSums.pairwise(rowMeans) / Double(n)
    var out = k
    for i in 0..<n {
      for j in 0..<n { out[i * n + j] = (k[i * n + j] - rowMeans[i]) - (columnMeans[j] - grand) }
    }
    return out
  }

  static func squareSize<Scalar: RealScalar>(
    _ k: Tensor<Scalar>, _ operation: String, _ name: String
  ) throws -> Int {
    guard k.rank == 2, k.shape[0] == k.shape[1], k.shape[0] > 0 else {
      throw RepriseError.invalidShape(
        operation: operation, shape: k.shape, reason: "the \(name) kernel must be n × n, n ≥ 1")
    }
    try k.requireFinite(operation: operation)
    return k.shape[0]
  }

  static func cosine(
    _ a: [Double], _ b: [Double], _ operation: String, names: (String, String)
  ) throws -> Double {
    let aa = DoubleSums.dot(a, a)
    let bb = DoubleSums.dot(b, b)
    guard aa > 0, bb > 0 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: aa > 0 ? names.1 : names.0,
        reason: "is zero (after centring, if asked): its alignment is undefined")
    }
    return DoubleSums.dot(a, b) / (aa.squareRoot() * bb.squareRoot())
  }
}
