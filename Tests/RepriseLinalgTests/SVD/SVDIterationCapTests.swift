// The typed no-convergence paths of both SVD algorithms: with the iteration
// cap lowered below what a random matrix needs, each throws `noConvergence`
// naming its iteration and how many steps it made (never a hang or a wrong
// answer); a cap below 1 is rejected.
import RepriseLinalg
import RepriseTestSupport
import Testing

@Suite struct SVDIterationCapTests {
  @Test func golubKahanCapThrowsNoConvergence() throws {
    let a = Families.uniform(20, 20, seed: 51).tensor
    #expect {
      try SingularValueDecomposition(a, algorithm: .golubKahan, iterationCap: 1)
    } throws: { error in
      guard
        case .noConvergence(let operation, let iterations, let residual) = error as? RepriseError
      else { return false }
      return operation.contains("bidiagonal QR") && iterations > 1 && residual > 0
    }
    // The default cap is ample for the same matrix.
    _ = try SingularValueDecomposition(a, algorithm: .golubKahan)
  }

  @Test func jacobiCapThrowsNoConvergence() throws {
    let a = Families.uniform(12, 12, seed: 52).tensor
    #expect {
      try SingularValueDecomposition(a, algorithm: .jacobi, iterationCap: 1)
    } throws: { error in
      guard
        case .noConvergence(let operation, let iterations, let residual) = error as? RepriseError
      else { return false }
      return operation.contains("one-sided Jacobi sweeps") && iterations == 1 && residual > 0
    }
    _ = try SingularValueDecomposition(a, algorithm: .jacobi)
  }

  @Test func capBelowOneIsRejected() throws {
    let a = Families.uniform(3, 3, seed: 53).tensor
    #expect(throws: RepriseError.self) { try SingularValueDecomposition(a, iterationCap: 0) }
  }
}
