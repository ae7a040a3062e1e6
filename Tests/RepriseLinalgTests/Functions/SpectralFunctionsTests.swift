// Functions built on the SVD and the symmetric eigendecomposition:
// pseudo-inverse (Moore–Penrose conditions), minimum-norm least squares,
// rank and null space, Procrustes, polar decomposition, symmetric matrix
// functions, condition number.
import Foundation
import RepriseLinalg
import RepriseTestSupport
import Testing

private let eps = Double.ulpOfOne

/// max |x − y| / max(1, max|y|).
private func relativeDifference(_ x: Dense, _ y: Dense) -> Double {
  let scale = max(1, y.maxAbs)
  return zip(x.a, y.a).reduce(0.0) { max($0, abs($1.0 - $1.1)) } / scale
}

@Suite struct PseudoInverseTests {
  @Test(arguments: [SVDAlgorithm.golubKahan, .jacobi])
  func moorePenroseConditions(algorithm: SVDAlgorithm) throws {
    let cases: [(String, Dense)] = [
      ("random tall 9x5", Families.uniform(9, 5, seed: 51)),
      ("random wide 4x7", Families.uniform(4, 7, seed: 52)),
      ("rank-deficient 8x6 r3", Families.rankDeficient(8, 6, rank: 3, seed: 53)),
      ("rank-deficient wide 5x9 r2", Families.rankDeficient(5, 9, rank: 2, seed: 54)),
      ("zero 3x4", Dense(3, 4, [Double](repeating: 0, count: 12))),
      ("1x1", Dense(1, 1, [4])),
    ]
    for (name, a) in cases {
      let x = Dense(try pseudoInverse(a.tensor, algorithm: algorithm))
      #expect(x.rows == a.cols && x.cols == a.rows, "\(name): shape")
      if a.maxAbs == 0 {
        #expect(x.maxAbs == 0, "\(name): pseudo-inverse of zero is zero")
        continue
      }
      let na = max(a.norm1, 1e-300)
      let nx = max(x.norm1, 1e-300)
      let size = Double(max(a.rows, a.cols))
      // (1) AXA = A, (2) XAX = X, (3) (AX)ᵀ = AX, (4) (XA)ᵀ = XA — ratios
      // relative to the sizes of the products involved.
      let r1 = (a * x * a - a).norm1 / (na * na * nx * size * eps)
      let r2 = (x * a * x - x).norm1 / (nx * nx * na * size * eps)
      let ax = a * x
      let xa = x * a
      let r3 = (ax - ax.t).norm1 / (na * nx * size * eps)
      let r4 = (xa - xa.t).norm1 / (na * nx * size * eps)
      #expect(
        r1 < 50 && r2 < 50 && r3 < 50 && r4 < 50, "\(algorithm) \(name): \(r1) \(r2) \(r3) \(r4)")
    }
  }

  @Test func squareInvertibleGivesInverseAndCutoffWorks() throws {
    let a = Families.withSingularValues(6, 6, [3, 2, 1, 0.5, 0.25, 0.1], seed: 55)
    let x = Dense(try pseudoInverse(a.tensor))
    #expect(relativeDifference(x * a, Dense.identity(6)) < 1e-13)
    // Planted values 1, 1e-3, 1e-9: the cutoff 1e-6 drops the last one,
    // leaving the rank-2 pseudo-inverse with ‖X‖₂ = 1e3.
    let b = Families.withSingularValues(5, 3, [1, 1e-3, 1e-9], seed: 56)
    let truncated = try pseudoInverse(b.tensor, relativeCutoff: 1e-6)
    let s = try SingularValueDecomposition(truncated, vectors: .none).singularValues.scalars
    #expect(abs(s[0] - 1e3) < 1e-9 && abs(s[1] - 1) < 1e-12 && s[2] < 1e-9, "\(s)")
    #expect(throws: RepriseError.self) { try pseudoInverse(b.tensor, relativeCutoff: -1) }
  }
}

@Suite struct MinimumNormLeastSquaresTests {
  @Test(arguments: [SVDAlgorithm.golubKahan, .jacobi])
  func rankDeficientMinimumNorm(algorithm: SVDAlgorithm) throws {
    // x* in the row space of A is the minimum-norm minimiser of ‖Ax − b‖
    // for b = A·x* + (a vector orthogonal to range(A)).
    let a = Families.rankDeficient(10, 7, rank: 3, seed: 61)
    let xStar = a.t * Families.uniform(10, 1, seed: 62)
    // Component orthogonal to range(A): z minus its projection on an
    // orthonormal basis of range(A) built test-side by Gram–Schmidt.
    var z = Families.uniform(10, 1, seed: 63)
    let basis = Families.orthogonalizeColumns(a)
    for _ in 0..<2 {
      for j in 0..<basis.cols {
        var h = 0.0
        for i in 0..<10 { h += basis[i, j] * z[i, 0] }
        for i in 0..<10 { z[i, 0] -= h * basis[i, j] }
      }
    }
    let b = a * xStar + z
    let fit = try LeastSquares.solveMinimumNorm(
      a.tensor, try b.tensor.reshaped([10]), algorithm: algorithm)
    #expect(fit.rank == 3)
    let x = fit.solution.scalars
    let err = zip(x, xStar.a).reduce(0.0) { max($0, abs($1.0 - $1.1)) } / xStar.maxAbs
    #expect(err < 1e-12, "\(algorithm): solution error \(err)")
    let zNorm = z.a.reduce(0) { $0 + $1 * $1 }.squareRoot()
    #expect(abs(fit.residualNorms[0] - zNorm) < 1e-13, "\(fit.residualNorms[0]) vs \(zNorm)")
  }

  @Test func matrixRightHandSidesAndShapes() throws {
    // Wide full-row-rank system: consistent, minimum-norm x = Aᵀ(AAᵀ)⁻¹b;
    // check A·x = b and x ∈ row space (x = Aᵀy for the y solving AAᵀy = b).
    let a = Families.uniform(3, 6, seed: 64)
    let b = Families.uniform(3, 2, seed: 65)
    let fit = try LeastSquares.solveMinimumNorm(a.tensor, b.tensor)
    let x = Dense(fit.solution)
    #expect(x.rows == 6 && x.cols == 2 && fit.rank == 3)
    #expect(relativeDifference(a * x, b) < 1e-14)
    #expect(fit.residualNorms.allSatisfy { $0 < 1e-14 })
    let pinv = Dense(try pseudoInverse(a.tensor))
    #expect(relativeDifference(x, pinv * b) < 1e-13)
    #expect(throws: RepriseError.self) {
      try LeastSquares.solveMinimumNorm(a.tensor, Tensor<Double>([1, 2]))
    }
    var bad = b.tensor
    bad[0, 0] = .nan
    #expect(throws: RepriseError.self) { try LeastSquares.solveMinimumNorm(a.tensor, bad) }
  }
}

@Suite struct RankAndNullSpaceTests {
  @Test func rankOfFamilies() throws {
    #expect(try matrixRank(Families.rankDeficient(12, 9, rank: 4, seed: 71).tensor) == 4)
    #expect(try matrixRank(Families.rankDeficient(5, 11, rank: 2, seed: 72).tensor) == 2)
    #expect(try matrixRank(Families.uniform(7, 5, seed: 73).tensor) == 5)
    #expect(try matrixRank(Dense(4, 3, [Double](repeating: 0, count: 12)).tensor) == 0)
    #expect(try matrixRank(Tensor<Double>.zeros([0, 3])) == 0)
    let planted = Families.withSingularValues(6, 4, [1, 1e-5, 1e-20, 0], seed: 74)
    #expect(try matrixRank(planted.tensor) == 2)
    #expect(try matrixRank(planted.tensor, relativeCutoff: 1e-3) == 1)
  }

  @Test(arguments: [SVDAlgorithm.golubKahan, .jacobi])
  func nullSpaceIsOrthonormalAndAnnihilates(algorithm: SVDAlgorithm) throws {
    for (a, expected) in [
      (Families.rankDeficient(8, 6, rank: 2, seed: 75), 4),
      (Families.uniform(3, 7, seed: 76), 4),
      (Families.uniform(7, 3, seed: 77), 0),
    ] {
      let nTensor = try nullSpace(a.tensor, algorithm: algorithm)
      #expect(nTensor.shape == [a.cols, expected])
      let n = Dense(nTensor)
      if expected > 0 {
        #expect(Ratios.orthogonality(n, eps: eps) < 50)
        #expect((a * n).maxAbs < 1e-14 * a.maxAbs * Double(a.cols))
      }
    }
  }
}

@Suite struct ProcrustesTests {
  @Test func recoversPlantedRotation() throws {
    let a = Families.uniform(20, 5, seed: 81)
    let r0 = Families.orthogonal(5, seed: 82)
    let b = a * r0
    let p = try OrthogonalProcrustes(a.tensor, b.tensor)
    let err = zip(p.rotation.scalars, r0.a).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
    #expect(err < 1e-12, "rotation error \(err)")
    #expect(p.distance < 1e-12 * b.maxAbs * 20, "distance \(p.distance)")
    // Same through the Jacobi SVD.
    let pj = try OrthogonalProcrustes(a.tensor, b.tensor, algorithm: .jacobi)
    #expect(zip(pj.rotation.scalars, r0.a).allSatisfy { abs($0 - $1) < 1e-12 })
  }

  @Test func agreesWithScipyAndClosedFormDistance() throws {
    let fixture = try SpectralFixture("svd_functions.txt")
    let a = fixture["procrustes.a"]
    let b = fixture["procrustes.b"]
    let p = try OrthogonalProcrustes(a.tensor, b.tensor)
    #expect(relativeDifference(Dense(p.rotation), fixture["procrustes.r"]) < 1e-12)
    let expected = fixture["procrustes.distance"].a[0]
    #expect(abs(p.distance - expected) < 1e-13 * expected)
    // Closed form √(‖A‖² + ‖B‖² − 2·Σσᵢ(AᵀB)); the nuclear norm of AᵀB from
    // the test's own identity tr(Rᵀ·AᵀB) with scipy's R.
    let atb = a.t * b
    let r = fixture["procrustes.r"]
    var trace = 0.0
    for i in 0..<4 { for j in 0..<4 { trace += r[i, j] * atb[i, j] } }
    let na2 = a.a.reduce(0) { $0 + $1 * $1 }
    let nb2 = b.a.reduce(0) { $0 + $1 * $1 }
    let closed = (na2 + nb2 - 2 * trace).squareRoot()
    #expect(abs(p.distance - closed) < 1e-12 * closed, "\(p.distance) vs closed form \(closed)")
    let sumSigma = p.singularValues.scalars.reduce(0, +)
    #expect(abs(sumSigma - trace) < 1e-13 * trace)
  }

  @Test func properRotationOption() throws {
    let a = Families.uniform(12, 3, seed: 83)
    var reflect = Families.orthogonal(3, seed: 84)
    // Make det = −1 by negating one column if needed (det of a 3×3 by hand).
    func det3(_ m: Dense) -> Double {
      m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1]) - m[0, 1]
        * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0])
        + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0])
    }
    if det3(reflect) > 0 { for i in 0..<3 { reflect[i, 2] = -reflect[i, 2] } }
    let b = a * reflect
    let free = try OrthogonalProcrustes(a.tensor, b.tensor)
    #expect(abs(det3(Dense(free.rotation)) + 1) < 1e-12 && free.distance < 1e-12)
    let proper = try OrthogonalProcrustes(a.tensor, b.tensor, properRotation: true)
    #expect(abs(det3(Dense(proper.rotation)) - 1) < 1e-12)
    #expect(proper.distance > 1e-3)
    #expect(throws: RepriseError.self) {
      try OrthogonalProcrustes(a.tensor, Families.uniform(12, 4, seed: 1).tensor)
    }
  }
}

@Suite struct PolarAndSymmetricFunctionTests {
  @Test func polarFactors() throws {
    for a in [
      Families.uniform(9, 5, seed: 91), Families.uniform(4, 6, seed: 92),
      Families.rankDeficient(6, 6, rank: 3, seed: 93),
    ] {
      let polar = try PolarDecomposition(a.tensor)
      let u = Dense(polar.unitary)
      let p = Dense(polar.positive)
      #expect(relativeDifference(u * p, a) < 1e-14 * 10)
      #expect(p.a == p.t.a, "P exactly symmetric")
      let lowest = try SymmetricEigen(polar.positive, vectors: false).values.scalars[0]
      #expect(lowest > -1e-14, "P eigenvalue \(lowest)")
      #expect(relativeDifference(p * p, a.t * a) < 1e-13)
      let orth =
        a.rows >= a.cols ? Ratios.orthogonality(u, eps: eps) : Ratios.orthogonality(u.t, eps: eps)
      #expect(orth < 50)
    }
  }

  @Test(arguments: [SymmetricEigenMethod.tridiagonalQL, .jacobi])
  func inverseSquareRootWhitens(method: SymmetricEigenMethod) throws {
    let x = Families.uniform(30, 6, seed: 94)
    let c = x.t * x  // symmetric positive definite
    let w = Dense(try symmetricInverseSquareRoot(c.tensor, method: method))
    #expect(relativeDifference(w * w * c, Dense.identity(6)) < 1e-13)
    let root = Dense(try symmetricSquareRoot(c.tensor, method: method))
    #expect(relativeDifference(root * root, c) < 1e-14)
    #expect(relativeDifference(root * w, Dense.identity(6)) < 1e-13)
    let square = Dense(try symmetricMatrixFunction(c.tensor, method: method) { $0 * $0 })
    #expect(relativeDifference(square, c * c) < 1e-14)
  }

  @Test func floatFunctions() throws {
    let x = Families.uniform(20, 4, seed: 98)
    let c = (x.t * x).float()
    let w = Dense(try symmetricInverseSquareRoot(c))
    let cd = Dense(c)
    #expect(relativeDifference(w * w * cd, Dense.identity(4)) < 1e-4)
    let a = Families.uniform(6, 4, seed: 99).float()
    let xp = Dense(try pseudoInverse(a))
    let ad = Dense(a)
    #expect(relativeDifference(ad * xp * ad, ad) < 1e-5)
    let polar = try PolarDecomposition(a)
    #expect(relativeDifference(Dense(polar.unitary) * Dense(polar.positive), ad) < 1e-5)
  }

  @Test func ridgeFloorAndErrors() throws {
    // Singular covariance (rank 2 of 4): plain inverse square root throws,
    // ridge makes it (C + rI)^{-1/2}, floor clips.
    let x = Families.uniform(10, 2, seed: 95) * Families.uniform(2, 4, seed: 96)
    let c = x.t * x
    #expect(throws: RepriseError.self) { try symmetricInverseSquareRoot(c.tensor) }
    let r = 1e-3
    var shifted = c
    for i in 0..<4 { shifted[i, i] += r }
    let w = Dense(try symmetricInverseSquareRoot(c.tensor, ridge: r))
    #expect(relativeDifference(w * w * shifted, Dense.identity(4)) < 1e-10)
    let clipped = try SymmetricEigen(
      try symmetricInverseSquareRoot(c.tensor, floor: 1e-6), vectors: false)
    #expect(abs(clipped.values.scalars.last! - 1e3) < 1e-6, "\(clipped.values)")
    let indefinite = Dense(2, 2, [1, 2, 2, 1])
    #expect(throws: RepriseError.self) { try symmetricSquareRoot(indefinite.tensor) }
    #expect(throws: RepriseError.self) { try symmetricInverseSquareRoot(c.tensor, ridge: -1) }
  }
}

@Suite struct ConditionNumberTests {
  @Test func knownConditionNumbers() throws {
    let fixture = try SpectralFixture("svd_functions.txt")
    let expected = fixture["hilbert8.cond"].a[0]
    for algorithm in [SVDAlgorithm.golubKahan, .jacobi] {
      let kappa = try conditionNumber(Families.hilbert(8).tensor, algorithm: algorithm)
      #expect(abs(kappa - expected) / expected < 1e-6, "\(algorithm): \(kappa) vs \(expected)")
    }
    let d = Dense.diagonal(3, 3, [2, -8, 0.5])
    #expect(try conditionNumber(d.tensor) == 16)
    #expect(abs(try conditionNumber(Families.orthogonal(5, seed: 97).tensor) - 1) < 1e-14)
    #expect(try conditionNumber(Dense(2, 2, [1, 2, 2, 4]).tensor) > 1e15)
    #expect(try conditionNumber(Dense(2, 2, [1, 0, 0, 0]).tensor) == .infinity)
    #expect(throws: RepriseError.self) { try conditionNumber(Tensor<Double>.zeros([0, 2])) }
  }
}
