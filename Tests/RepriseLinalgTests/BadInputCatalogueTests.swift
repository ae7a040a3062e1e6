// Bad-input catalogue for RepriseLinalg: products, factorisations, SVD,
// symmetric eigen, least squares and the matrix functions, fed empty and 1×1
// matrices, mismatched shapes, NaN and ±Inf, rank-deficient, indefinite,
// near-singular matrices and matrices scaled near underflow and overflow.
// Every case throws the named kind of RepriseError or returns a value checked
// against a closed form (the singular values of a scaled rank-one matrix are
// scale·‖u‖‖v‖ and 0; log|det| of a diagonal matrix is the sum of the logs).
// Never a crash, a hang or a silent NaN. Cases are test arguments.
import RepriseCore
import RepriseLinalg
import RepriseTestSupport
import Testing

/// One hostile call and the RepriseError cases (by name) it may throw.
struct LinalgBadInput: Sendable, CustomTestStringConvertible {
  let name: String
  let kinds: Set<String>
  /// A defect found by this catalogue and not fixed yet (the case then runs
  /// under `withKnownIssue`, and starts failing once the defect is fixed).
  var knownIssue: String? = nil
  let run: @Sendable () throws -> Void
  var testDescription: String { name }
  init(
    _ name: String, _ kinds: Set<String>, knownIssue: String? = nil,
    _ run: @escaping @Sendable () throws -> Void
  ) {
    (self.name, self.kinds, self.knownIssue, self.run) = (name, kinds, knownIssue, run)
  }
}

private func linalgMatrix(_ rows: [[Double]]) -> Tensor<Double> { try! Tensor(rows: rows) }

private let withNaN = linalgMatrix([[1, 2], [3, .nan]])
private let withInfinity = linalgMatrix([[1, .infinity], [3, 4]])
private let rankOne = linalgMatrix([[1, 2], [2, 4]])
private let wide23 = linalgMatrix([[1, 2, 3], [4, 5, 6]])

private let linalgErrorCases: [LinalgBadInput] = [
  LinalgBadInput("matmul: inner dimensions differ", ["shapeMismatch"]) {
    _ = try matmul(wide23, wide23)
  },
  LinalgBadInput("matmul: a vector operand", ["invalidShape"]) {
    _ = try matmul(Tensor<Double>([1, 2]), wide23)
  },
  LinalgBadInput("Cholesky: not square", ["shapeMismatch", "invalidShape"]) {
    _ = try CholeskyFactorization(wide23)
  },
  LinalgBadInput("Cholesky: NaN", ["nonFinite"]) { _ = try CholeskyFactorization(withNaN) },
  LinalgBadInput("Cholesky: indefinite", ["notPositiveDefinite"]) {
    _ = try CholeskyFactorization(linalgMatrix([[1, 2], [2, 1]]))
  },
  LinalgBadInput("Cholesky: rank-deficient semidefinite", ["notPositiveDefinite"]) {
    _ = try CholeskyFactorization(rankOne)
  },
  LinalgBadInput("Cholesky: block size 0", ["invalidArgument"]) {
    _ = try CholeskyFactorization(Tensor<Double>.identity(2), blockSize: 0)
  },
  LinalgBadInput("LU: singular", ["singular"]) { _ = try LUFactorization(rankOne) },
  LinalgBadInput("LU: +Inf", ["nonFinite"]) { _ = try LUFactorization(withInfinity) },
  LinalgBadInput("LU: right-hand side of the wrong height", ["shapeMismatch"]) {
    _ = try LUFactorization(Tensor<Double>.identity(2)).solve(Tensor<Double>.zeros([3, 1]))
  },
  LinalgBadInput("LU: inverse of a singular matrix", ["singular"]) {
    _ = try LUFactorization(rankOne, allowSingular: true).inverse()
  },
  LinalgBadInput("SVD: NaN", ["nonFinite"]) { _ = try SingularValueDecomposition(withNaN) },
  LinalgBadInput("SVD (Jacobi): +Inf", ["nonFinite"]) {
    _ = try SingularValueDecomposition(withInfinity, algorithm: .jacobi)
  },
  LinalgBadInput("SVD: iteration cap 0", ["invalidArgument"]) {
    _ = try SingularValueDecomposition(wide23, iterationCap: 0)
  },
  LinalgBadInput("SVD: top-k beyond the rank of the shape", ["invalidArgument"]) {
    _ = try SingularValueDecomposition(wide23).topK(3)
  },
  LinalgBadInput("eigen: not square", ["invalidShape"]) { _ = try SymmetricEigen(wide23) },
  LinalgBadInput("eigen: NaN", ["nonFinite"]) { _ = try SymmetricEigen(withNaN) },
  LinalgBadInput("eigen: far from symmetric", ["invalidArgument"]) {
    _ = try SymmetricEigen(linalgMatrix([[1, 2], [0, 1]]))
  },
  LinalgBadInput("eigen: negative symmetry tolerance", ["invalidArgument"]) {
    _ = try SymmetricEigen(Tensor<Double>.identity(2), symmetryTolerance: -1)
  },
  LinalgBadInput("QR: NaN", ["nonFinite"]) { _ = try QRFactorization(withNaN) },
  LinalgBadInput("least squares: rank-deficient (pivot of rounding size)", ["singular"]) {
    _ = try LeastSquares.solveQR(
      linalgMatrix([[1, 2], [2, 4], [3, 6]]),
      try Tensor<Double>(shape: [3, 1], scalars: [1, 0, 1]))
  },
  LinalgBadInput("least squares: rank-deficient wide A (minimum norm)", ["singular"]) {
    _ = try LeastSquares.solveQR(
      linalgMatrix([[1, 2, 3], [2, 4, 6]]), try Tensor<Double>(shape: [2, 1], scalars: [1, 0]))
  },
  LinalgBadInput("least squares: rows of A and b differ", ["shapeMismatch"]) {
    _ = try LeastSquares.solveQR(wide23, Tensor<Double>.zeros([3, 1]))
  },
  LinalgBadInput("condition number of an empty matrix", ["invalidShape"]) {
    _ = try conditionNumber(Tensor<Double>.zeros([0, 0]))
  },
  LinalgBadInput("pseudo-inverse: negative cutoff", ["invalidArgument"]) {
    _ = try pseudoInverse(wide23, relativeCutoff: -1)
  },
  LinalgBadInput("pseudo-inverse: NaN cutoff", ["invalidArgument"]) {
    _ = try pseudoInverse(wide23, relativeCutoff: .nan)
  },
  LinalgBadInput("matrix rank: NaN entry", ["nonFinite"]) { _ = try matrixRank(withNaN) },
  LinalgBadInput("dot: lengths differ", ["shapeMismatch"]) {
    _ = try Dot.compute([1.0, 2], [1.0])
  },
]

/// A degenerate input with a closed-form answer: returns (computed, expected)
/// pairs that must agree to `tolerance` (relative; 0 means exact).
struct LinalgClosedForm: Sendable, CustomTestStringConvertible {
  let name: String
  let tolerance: Double
  var knownIssue: String? = nil
  let pairs: @Sendable () throws -> [(Double, Double)]
  var testDescription: String { name }
}

private let eps = Double.ulpOfOne

/// σ(scale·[[3,4],[6,8]]) = (scale·√125, 0): the matrix is scale·u·vᵀ with
/// u = (1, 2), v = (3, 4), so σ₁ = scale·‖u‖·‖v‖ = scale·√5·5.
private func scaledRankOneSingularValues(_ scale: Double, _ algorithm: SVDAlgorithm) throws -> [(
  Double, Double
)] {
  let a = linalgMatrix([[3 * scale, 4 * scale], [6 * scale, 8 * scale]])
  let s = try SingularValueDecomposition(a, algorithm: algorithm, vectors: .none).singularValues
    .scalars
  return [(s[0], scale * 125.0.squareRoot()), (s[1] / s[0], 0)]
}

private let linalgValueCases: [LinalgClosedForm] = [
  .init(name: "matmul 0×3 · 3×2 is 0×2", tolerance: 0) {
    let c = try matmul(Tensor<Double>.zeros([0, 3]), Tensor<Double>.zeros([3, 2]))
    return [(Double(c.shape[0]), 0), (Double(c.shape[1]), 2)]
  },
  .init(name: "matmul with k = 0 is the zero matrix", tolerance: 0) {
    let c = try matmul(Tensor<Double>.zeros([2, 0]), Tensor<Double>.zeros([0, 3]))
    return [(Double(c.count), 6)] + c.scalars.map { ($0, 0) }
  },
  .init(name: "matmul 1×1", tolerance: 0) {
    [(try matmul(linalgMatrix([[3]]), linalgMatrix([[-2]])).scalars[0], -6)]
  },
  .init(name: "SVD of the zero matrix is all zeros", tolerance: 0) {
    try SingularValueDecomposition(Tensor<Double>.zeros([3, 2])).singularValues.scalars.map {
      ($0, 0)
    }
  },
  .init(name: "SVD of 1×1 [−3] is 3", tolerance: 0) {
    [(try SingularValueDecomposition(linalgMatrix([[-3]])).singularValues.scalars[0], 3)]
  },
  .init(name: "SVD of a 0×3 matrix has no values", tolerance: 0) {
    [
      (
        Double(try SingularValueDecomposition(Tensor<Double>.zeros([0, 3])).singularValues.count), 0
      )
    ]
  },
  .init(name: "SVD near overflow (scale 1e300), Golub–Kahan", tolerance: 16 * eps) {
    try scaledRankOneSingularValues(1e300, .golubKahan)
  },
  .init(name: "SVD near overflow (scale 1e300), Jacobi", tolerance: 16 * eps) {
    try scaledRankOneSingularValues(1e300, .jacobi)
  },
  .init(name: "SVD near underflow (scale 1e-300), Golub–Kahan", tolerance: 16 * eps) {
    try scaledRankOneSingularValues(1e-300, .golubKahan)
  },
  .init(name: "SVD near underflow (scale 1e-300), Jacobi", tolerance: 16 * eps) {
    try scaledRankOneSingularValues(1e-300, .jacobi)
  },
  .init(name: "rank of a rank-one matrix is 1", tolerance: 0) {
    [(Double(try matrixRank(rankOne)), 1)]
  },
  .init(name: "rank of the zero matrix is 0", tolerance: 0) {
    [(Double(try matrixRank(Tensor<Double>.zeros([3, 3]))), 0)]
  },
  .init(name: "rank of a tiny identity (1e-300·I) is 3", tolerance: 0) {
    let tiny = try Tensor<Double>.identity(3).scalars.map { $0 * 1e-300 }
    return [(Double(try matrixRank(try Tensor(shape: [3, 3], scalars: tiny))), 3)]
  },
  .init(name: "condition number of a singular matrix is +∞ (Golub–Kahan)", tolerance: 0) {
    [(try conditionNumber(rankOne), .infinity)]
  },
  .init(name: "condition number of a singular matrix is +∞ (Jacobi)", tolerance: 0) {
    [(try conditionNumber(rankOne, algorithm: .jacobi), .infinity)]
  },
  .init(
    name: "condition number of diag(1, 1e-14) is 1e14 (just above the cutoff)", tolerance: 4 * eps
  ) {
    // The cutoff is max(m, n)·ε·σ₁ = 2ε ≈ 4.4e-16 < 1e-14.
    [(try conditionNumber(linalgMatrix([[1, 0], [0, 1e-14]])), 1e14)]
  },
  .init(name: "least squares: near-singular but fine A solves (closed form)", tolerance: 1e-4) {
    // A = [[1, 1], [1, 1 + δ], [0, 0]], δ = 1e-10 (κ ≈ 4e10, pivot ~7e-11 ≫
    // 3ε·‖A‖): A·x = b with b = (2, 2 + δ, 0) is consistent, x = (1, 1).
    // Forward error ≲ κ·ε ≈ 1e-5.
    let delta = 1e-10
    let a = linalgMatrix([[1, 1], [1, 1 + delta], [0, 0]])
    let b = try Tensor<Double>(shape: [3, 1], scalars: [2, 2 + delta, 0])
    let x = try LeastSquares.solveQR(a, b).solution.scalars
    return [(x[0], 1), (x[1], 1)]
  },
  .init(name: "least squares: near-singular wide A (minimum norm) solves", tolerance: 1e-4) {
    // Aᵀ of the case above: A·x = (2, 2 + δ) has minimum-norm solution
    // x = (1, 1, 0) (it lies in the row space of A).
    let delta = 1e-10
    let a = linalgMatrix([[1, 1, 0], [1, 1 + delta, 0]])
    let b = try Tensor<Double>(shape: [2, 1], scalars: [2, 2 + delta])
    let x = try LeastSquares.solveQR(a, b).solution.scalars
    return [(x[0], 1), (x[1], 1), (x[2], 0)]
  },
  .init(name: "condition number of diag(1, 1e-12) is 1e12", tolerance: 4 * eps) {
    [(try conditionNumber(linalgMatrix([[1, 0], [0, 1e-12]])), 1e12)]
  },
  .init(name: "log|det| of diag(1e-200, 1e-200) (det underflows)", tolerance: 4 * eps) {
    let lu = try LUFactorization(linalgMatrix([[1e-200, 0], [0, 1e-200]]))
    let (sign, logAbs) = try lu.signAndLogAbsDeterminant()
    return [(sign, 1), (logAbs, 2 * Double.log(1e-200))]
  },
  .init(name: "log|det| of diag(1e200, −1e200) (det overflows)", tolerance: 4 * eps) {
    let lu = try LUFactorization(linalgMatrix([[1e200, 0], [0, -1e200]]))
    let (sign, logAbs) = try lu.signAndLogAbsDeterminant()
    return [(sign, -1), (logAbs, 2 * Double.log(1e200))]
  },
  .init(name: "Cholesky of a near-singular matrix [[1,1],[1,1+2⁻⁴⁰]]", tolerance: 2 * eps) {
    // L = [[1, 0], [1, 2⁻²⁰]] exactly: 1 + 2⁻⁴⁰ − 1 = 2⁻⁴⁰ is exact.
    let d = 0x1p-40
    let l = try CholeskyFactorization(linalgMatrix([[1, 1], [1, 1 + d]])).l.scalars
    return [(l[0], 1), (l[2], 1), (l[3], 0x1p-20)]
  },
  .init(name: "eigenvalues of the all-ones 3×3 are (0, 0, 3)", tolerance: 8 * eps) {
    let ones = try Tensor<Double>(shape: [3, 3], repeating: 1)
    let values = try SymmetricEigen(ones, vectors: false).values.scalars.sorted()
    return [(values[0] / 3, 0), (values[1] / 3, 0), (values[2], 3)]
  },
  .init(name: "eigenvalue of 1×1 [5]", tolerance: 0) {
    [(try SymmetricEigen(linalgMatrix([[5]])).values.scalars[0], 5)]
  },
  .init(name: "pseudo-inverse of the zero 2×3 matrix is zero 3×2", tolerance: 0) {
    let p = try pseudoInverse(Tensor<Double>.zeros([2, 3]))
    return [(Double(p.shape[0]), 3), (Double(p.shape[1]), 2)] + p.scalars.map { ($0, 0) }
  },
  .init(name: "pseudo-inverse of rank-one [[1,2],[2,4]] is A/25", tolerance: 8 * eps) {
    // A = u·uᵀ with u = (1, 2): A⁺ = u·uᵀ/‖u‖⁴ = A/25.
    zip(try pseudoInverse(rankOne).scalars, rankOne.scalars).map { ($0, $1 / 25) }
  },
]

@Suite struct LinalgBadInputCatalogueTests {
  @Test(arguments: linalgErrorCases)
  func rejectsWithATypedError(_ input: LinalgBadInput) {
    guard let knownIssue = input.knownIssue else { return check(input) }
    withKnownIssue(Comment(rawValue: knownIssue)) { check(input) }
  }

  func check(_ input: LinalgBadInput) {
    expectRepriseError(input.name, kinds: input.kinds) { try input.run() }
  }

  @Test(arguments: linalgValueCases)
  func matchesItsClosedForm(_ input: LinalgClosedForm) throws {
    guard let knownIssue = input.knownIssue else { return try check(input) }
    try withKnownIssue(Comment(rawValue: knownIssue)) { try check(input) }
  }

  func check(_ input: LinalgClosedForm) throws {
    for (computed, expected) in try input.pairs() {
      #expect(!computed.isNaN, "\(input.name): NaN")
      let scale = max(abs(expected), expected == 0 ? 1 : 0)
      let agrees =
        input.tolerance == 0
        ? computed == expected : abs(computed - expected) <= input.tolerance * scale
      #expect(agrees, "\(input.name): \(computed) vs \(expected)")
    }
  }
}
