import Foundation
import RepriseMetrics
import RepriseTestSupport
import Testing

@Suite struct Task2VecTests {
  static func softmaxRegression(_ x: Variable<Double>, _ p: [Variable<Double>]) throws
    -> Variable<Double>
  { try x.matmul(p[0]) }

  /// Softmax regression logits = x·W: ∇_W log p(y|x) = xᵀ(e_y − p), so the
  /// diagonal Fisher is the mean of (x_a (δ_{yc} − p_c))² over examples.
  @Test func softmaxRegressionClosedForm() throws {
    var random = RandomStream(seed: 41)
    let (n, d, k) = (6, 3, 4)
    let x = try random.tensor([n, d])
    let w = try random.tensor([d, k])
    let labels = [0, 3, 1, 1, 2, 0]
    let embedding = try Task2Vec.embedding(
      parameters: [w], inputs: x, labels: labels, logits: Self.softmaxRegression)
    var expected = [Double](repeating: 0, count: d * k)
    for i in 0..<n {
      let z = (0..<k).map { c in (0..<d).reduce(0.0) { $0 + x[i, $1] * w[$1, c] } }
      let top = z.max()!
      let e = z.map { Foundation.exp($0 - top) }
      let p = e.map { $0 / e.reduce(0, +) }
      for a in 0..<d {
        for c in 0..<k {
          let g = x[i, a] * ((labels[i] == c ? 1 : 0) - p[c])
          expected[a * k + c] += g * g / Double(n)
        }
      }
    }
    expectRelativelyClose(embedding, expected, 1e-12, floor: 1e-3, "F̂")
  }

  /// Sampled labels: reproducible per seed; a confident model samples its
  /// argmax; averaged over many copies of one input the estimate approaches
  /// the expected Fisher Σ_y p_y (x(e_y − p))².
  @Test func sampledLabels() throws {
    var random = RandomStream(seed: 42)
    let x = try random.tensor([5, 2])
    let w = try random.tensor([2, 3])
    let a = try Task2Vec.embedding(
      parameters: [w], inputs: x, labels: [0, 0, 0, 0, 0], labelSource: .sampledFromModel(seed: 1),
      logits: Self.softmaxRegression)
    let b = try Task2Vec.embedding(
      parameters: [w], inputs: x, labels: [0, 0, 0, 0, 0], labelSource: .sampledFromModel(seed: 1),
      logits: Self.softmaxRegression)
    #expect(a == b)

    let confident = w.map { 200 * $0 }
    let argmax = (0..<5).map { i in
      (0..<3).max { c, e in
        (0..<2).reduce(0.0) { $0 + x[i, $1] * confident[$1, c] }
          < (0..<2).reduce(0.0) { $0 + x[i, $1] * confident[$1, e] }
      }!
    }
    #expect(
      try Task2Vec.embedding(
        parameters: [confident], inputs: x, labels: [0, 0, 0, 0, 0],
        labelSource: .sampledFromModel(seed: 3), logits: Self.softmaxRegression)
        == (try Task2Vec.embedding(
          parameters: [confident], inputs: x, labels: argmax, logits: Self.softmaxRegression)))

    let copies = 800
    let one = try Tensor<Double>(shape: [1, 2], scalars: [0.8, -0.5])
    let batch = try Tensor<Double>(
      shape: [copies, 2], scalars: Array([[Double]](repeating: one.scalars, count: copies).joined())
    )
    let small = w.map { 0.5 * $0 }
    let sampled = try Task2Vec.embedding(
      parameters: [small], inputs: batch, labels: [Int](repeating: 0, count: copies),
      labelSource: .sampledFromModel(seed: 5), logits: Self.softmaxRegression)
    let z = (0..<3).map { c in 0.8 * small[0, c] - 0.5 * small[1, c] }
    let e = z.map { Foundation.exp($0) }
    let p = e.map { $0 / e.reduce(0, +) }
    for a in 0..<2 {
      for c in 0..<3 {
        let xa = one.scalars[a]
        let expected = (0..<3).reduce(0.0) { total, y in
          let g = xa * ((y == c ? 1 : 0) - p[c])
          return total + p[y] * g * g
        }
        #expect(abs(sampled[a * 3 + c] - expected) < 0.15 * expected, "entry (\(a), \(c))")
      }
    }
  }

  @Test func badLabels() throws {
    let x = try Tensor<Double>(shape: [2, 1], scalars: [1, 2])
    let w = try Tensor<Double>(shape: [1, 2], scalars: [1, 2])
    #expect(
      throws: RepriseError.invalidArgument(
        operation: "Task2Vec.embedding", name: "labels[1]",
        reason: "label 2 is outside 0..<2 (the probe's class count)")
    ) {
      try Task2Vec.embedding(
        parameters: [w], inputs: x, labels: [0, 2], logits: Self.softmaxRegression)
    }
    #expect(throws: RepriseError.self) {
      try Task2Vec.embedding(
        parameters: [w], inputs: x, labels: [0], logits: Self.softmaxRegression)
    }
  }
}

@Suite struct DiversityCoefficientTests {
  @Test func matchesNumpyReference() throws {
    let e = try GeoFixture.tensor("taskdiversity", "embeddings")
    let expected = try GeoFixture.values("taskdiversity", "diversity")
    let embeddings = try e.rowArrays()
    let estimate = try DiversityCoefficient.estimate(embeddings: embeddings)
    #expect(estimate.pairs == 15)
    expectRelativelyClose(
      [estimate.mean, estimate.standardDeviation, estimate.lower, estimate.upper], expected, 1e-10,
      "div, s, CI")
  }

  @Test func closedFormsAndSampling() throws {
    // Identical directions: 0; one-hot (orthogonal, non-negative): 1.
    let same = try DiversityCoefficient.estimate(embeddings: [
      [1, 2, 3], [2, 4, 6], [0.5, 1, 1.5],
    ])
    #expect(abs(same.mean) < 1e-15 && same.standardDeviation < 1e-15)
    let orthogonal = try DiversityCoefficient.estimate(
      embeddings: [[1, 0, 0], [0, 3, 0], [0, 0, 2]])
    #expect(orthogonal.mean == 1 && orthogonal.lower == 1 && orthogonal.upper == 1)
    // A pair sample: reproducible, the requested size, a mean of actual pairs.
    let embeddings = try GeoFixture.tensor("taskdiversity", "embeddings").rowArrays()
    let a = try DiversityCoefficient.estimate(embeddings: embeddings, pairSample: 5, seed: 9)
    let b = try DiversityCoefficient.estimate(embeddings: embeddings, pairSample: 5, seed: 9)
    #expect(a == b && a.pairs == 5)
    var distances: [Double] = []
    for i in 0..<6 {
      for j in (i + 1)..<6 {
        distances.append(try DiversityCoefficient.cosineDistance(embeddings[i], embeddings[j]))
      }
    }
    #expect(a.mean >= distances.min()! && a.mean <= distances.max()!)
    #expect(
      try DiversityCoefficient.estimate(embeddings: embeddings, pairSample: 100)
        == (try DiversityCoefficient.estimate(embeddings: embeddings)))
  }

  @Test func degenerateInput() throws {
    #expect(throws: RepriseError.self) { try DiversityCoefficient.estimate(embeddings: [[1, 2]]) }
    #expect(
      throws: RepriseError.invalidArgument(
        operation: "DiversityCoefficient.estimate", name: "embeddings[1]",
        reason: "is zero: its cosine distance is undefined")
    ) { try DiversityCoefficient.estimate(embeddings: [[1, 2], [0, 0], [1, 1]]) }
    #expect(throws: RepriseError.self) {
      try DiversityCoefficient.estimate(embeddings: [[1, 2], [1, 2, 3]])
    }
    #expect(throws: RepriseError.self) {
      try DiversityCoefficient.estimate(embeddings: [[1, .nan], [1, 2]])
    }
    #expect(throws: RepriseError.self) {
      try DiversityCoefficient.estimate(embeddings: [[1, 2], [2, 1]], pairSample: 0)
    }
  }
}
