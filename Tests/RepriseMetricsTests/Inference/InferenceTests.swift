// Permutation p-values and bootstrap intervals against independent truths:
// exact enumeration of all permutations, the (1 + k)/(1 + N) formula in
// extreme cases, p-value uniformity under the null, numpy's percentile
// values, and bootstrap coverage of a known mean.
import RepriseMetrics
import Testing

@Suite struct InferenceTests {
  /// All permutations of 0..<n (Heap's algorithm), for exact enumeration.
  func allPermutations(_ n: Int) -> [[Int]] {
    var result: [[Int]] = []
    var a = Array(0..<n)
    func generate(_ k: Int) {
      if k == 1 {
        result.append(a)
        return
      }
      for i in 0..<k {
        generate(k - 1)
        a.swapAt(k % 2 == 0 ? i : 0, k - 1)
      }
    }
    generate(n)
    return result
  }

  @Test func monteCarloPValueApproachesTheExactPermutationPValue() throws {
    // n = 5: 120 permutations; the exact p-value is the fraction of them
    // whose statistic is at least the observed one.
    let x = try Tensor<Double>(
      shape: [5, 2], scalars: [0.3, 1, 1.2, -0.4, 2.1, 0.2, -1, 0.8, 0.5, 1.5])
    let y = try Tensor<Double>(shape: [5, 1], scalars: [0.1, 1.4, 1.9, -0.2, 0.9])
    let observed = try CKA.linear(x, y)
    let perms = allPermutations(5)
    #expect(perms.count == 120)
    let atLeast = try perms.filter { order in
      let yp = try Tensor<Double>(shape: [5, 1], scalars: order.map { y.scalars[$0] })
      return try CKA.linear(x, yp) >= observed
    }.count
    let exact = Double(atLeast) / 120
    let result = try PermutationTest.run(.linearCKA, x, y, permutations: 4000, seed: 3)
    #expect(result.observed == observed)
    // Binomial standard error at 4000 draws is ≤ 0.008.
    #expect(abs(result.pValue - exact) < 0.03, "Monte Carlo \(result.pValue), exact \(exact)")
  }

  @Test func pValueFormulaAtTheExtremes() throws {
    let x = try gaussian(30, 4, seed: 41)
    let rotated = try matmul(x, orthogonal(4, seed: 42))
    let identical = try PermutationTest.run(.linearCKA, x, rotated, permutations: 99, seed: 1)
    #expect(identical.pValue == 0.01)  // (1 + 0)/(1 + 99): no permutation reaches CKA = 1
    let distance = try PermutationTest.run(.procrustes, x, rotated, permutations: 49, seed: 1)
    #expect(distance.pValue == 0.02)  // distances: small is extreme
    let constant = try PermutationTest.run(x, x, permutations: 9, seed: 1) { _, _ in 0.5 }
    #expect(constant.pValue == 1)  // every null value ties with the observed one
    #expect(constant.nullDistribution.count == 9)
  }

  @Test func pValuesAreRoughlyUniformUnderTheNull() throws {
    var pValues: [Double] = []
    for trial in 0..<40 {
      let x = try gaussian(12, 3, seed: 300 + UInt64(trial))
      let y = try gaussian(12, 2, seed: 700 + UInt64(trial))
      pValues.append(
        try PermutationTest.run(.linearCKA, x, y, permutations: 39, seed: UInt64(trial)).pValue)
    }
    let mean = pValues.reduce(0, +) / 40
    let small = pValues.filter { $0 <= 0.1 }.count
    #expect(mean > 0.35 && mean < 0.65, "mean p \(mean)")
    #expect(small <= 10, "\(small) of 40 p-values ≤ 0.1")
  }

  @Test func resultsAreDeterminedBySeed() throws {
    let x = try gaussian(15, 3, seed: 51)
    let y = try gaussian(15, 3, seed: 52)
    let a = try PermutationTest.run(.cca, x, y, permutations: 20, seed: 9)
    let b = try PermutationTest.run(.cca, x, y, permutations: 20, seed: 9)
    let c = try PermutationTest.run(.cca, x, y, permutations: 20, seed: 10)
    #expect(a == b)
    #expect(a.nullDistribution != c.nullDistribution)
    let i1 = try Bootstrap.interval(.linearCKA, x, y, resamples: 30, seed: 4)
    let i2 = try Bootstrap.interval(.linearCKA, x, y, resamples: 30, seed: 4)
    #expect(i1 == i2)
    #expect(i1.lower <= i1.upper)
  }

  @Test func percentileMatchesNumpy() {
    // np.percentile([1, 2, 3, 4], [0, 25, 50, 97.5, 100]) → 1, 1.75, 2.5, 3.925, 4
    let v = [1.0, 2, 3, 4]
    let expected = [(0.0, 1.0), (0.25, 1.75), (0.5, 2.5), (0.975, 3.925), (1, 4)]
    for (q, value) in expected {
      #expect(abs(Bootstrap.percentile(sorted: v, q) - value) < 1e-15, "q = \(q)")
    }
    #expect(Bootstrap.percentile(sorted: [7], 0.3) == 7)
  }

  @Test func bootstrapIntervalCoversAKnownMean() throws {
    // The mean of 40 standard normals: a 90 % percentile interval should
    // contain the true mean 0 in about 90 % of 60 independent data sets
    // (binomial sd ≈ 2.3 misses around the expected 6).
    var misses = 0
    for trial in 0..<60 {
      let x = try gaussian(40, 1, seed: 900 + UInt64(trial))
      let interval = try Bootstrap.interval(
        x, x, resamples: 100, level: 0.9, seed: UInt64(trial)
      ) { a, _ in a.scalars.reduce(0, +) / 40 }
      if !(interval.lower <= 0 && 0 <= interval.upper) { misses += 1 }
    }
    #expect(misses >= 1 && misses <= 14, "\(misses) misses of 60")
  }

  @Test func badArgumentsThrow() throws {
    let x = try gaussian(10, 2, seed: 61)
    #expect(throws: RepriseError.self) {
      try PermutationTest.run(.cca, x, x, permutations: 0, seed: 1)
    }
    #expect(throws: RepriseError.self) { try Bootstrap.interval(.cca, x, x, resamples: 1, seed: 1) }
    #expect(throws: RepriseError.self) {
      try Bootstrap.interval(.cca, x, x, resamples: 10, level: 1, seed: 1)
    }
    #expect(throws: RepriseError.self) {
      try PermutationTest.run(.cca, x, gaussian(9, 2, seed: 62), permutations: 5, seed: 1)
    }
  }
}
