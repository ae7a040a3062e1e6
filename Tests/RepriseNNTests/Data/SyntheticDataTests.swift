// Synthetic generators against their definitions: shapes, moments within
// sampling error, closed-form geometry, sparsity, DFT peaks, exact zeros and
// exact teacher outputs.
import Foundation
import RepriseNN
import RepriseTestSupport
import Testing

@Suite struct SyntheticDataTests {
  @Test func gaussianMixtureMomentsMatchTheDefinition() throws {
    var random = RandomStream(seed: 11)
    let means: [[Double]] = [[1, -2], [-3, 0.5]]
    let factor: [[Double]] = [[2, 0], [0.6, 0.5]]  // Σ = L Lᵀ = [[4, 1.2], [1.2, 0.61]]
    let n = 4000
    let data: LabeledDataset<Double> = try SyntheticData.gaussianMixture(
      means: means, covariance: .factor(factor), countPerClass: n, using: &random)
    #expect(data.features.shape == [2 * n, 2] && data.classCount == 2)
    let sigma: [[Double]] = [[4, 1.2], [1.2, 0.61]]
    for c in 0..<2 {
      let rows = (0..<data.count).filter { data.labels[$0] == c }
      #expect(rows.count == n)
      let x = rows.map { [data.features.scalars[2 * $0], data.features.scalars[2 * $0 + 1]] }
      let m = (0..<2).map { i in x.reduce(0) { $0 + $1[i] } / Double(n) }
      for i in 0..<2 {
        // Standard error of the mean is √(Σ_ii/n) ≤ 0.032: allow 5 of them.
        #expect(abs(m[i] - means[c][i]) < 5 * (sigma[i][i] / Double(n)).squareRoot())
        for j in 0..<2 {
          let cov = x.reduce(0) { $0 + ($1[i] - m[i]) * ($1[j] - m[j]) } / Double(n - 1)
          // Standard error of a sample covariance: √((Σ_ii Σ_jj + Σ_ij²)/n).
          let se = ((sigma[i][i] * sigma[j][j] + sigma[i][j] * sigma[i][j]) / Double(n))
            .squareRoot()
          #expect(abs(cov - sigma[i][j]) < 5 * se, "class \(c) cov[\(i)][\(j)] \(cov)")
        }
      }
    }
    let iso: LabeledDataset<Float> = try SyntheticData.gaussianMixture(
      means: [[0, 0, 0]], covariance: .isotropic(standardDeviation: 0.5), countPerClass: 3,
      using: &random)
    #expect(iso.features.shape == [3, 3])
    #expect(throws: RepriseError.self) {
      let _: LabeledDataset<Double> = try SyntheticData.gaussianMixture(
        means: [[0, 0]], covariance: .diagonal(variances: [1]), countPerClass: 3, using: &random)
    }
  }

  @Test func linearTeacherTargetsAreWTimesX() throws {
    var random = RandomStream(seed: 12)
    let w = try SyntheticData.randomWeights(rows: 3, columns: 5, using: &random)
    let variances: [Double] = [4, 1, 0.25, 0.01, 0]
    let data: RegressionDataset<Double> = try SyntheticData.linearTeacher(
      count: 3000, weights: w, inputVariances: variances, using: &random)
    #expect(data.inputs.shape == [3000, 5] && data.targets.shape == [3000, 3])
    let x = data.inputs.scalars
    let y = data.targets.scalars
    for n in 0..<data.count {
      for o in 0..<3 {
        var s = 0.0
        for i in 0..<5 { s += w[o][i] * x[n * 5 + i] }
        #expect(y[n * 3 + o] == s)
      }
    }
    // Input variances: sample variance within 5 standard errors (√(2/n)·λ).
    for i in 0..<5 {
      let v = (0..<data.count).reduce(0) { $0 + x[$1 * 5 + i] * x[$1 * 5 + i] } / 3000
      #expect(abs(v - variances[i]) <= 5 * (2.0 / 3000).squareRoot() * variances[i])
    }
    // With noise, residuals have the requested standard deviation.
    let noisy: RegressionDataset<Double> = try SyntheticData.linearTeacher(
      count: 3000, weights: w, inputVariances: variances, noiseStandardDeviation: 0.1,
      using: &random)
    var r2 = 0.0
    for n in 0..<3000 {
      for o in 0..<3 {
        var s = 0.0
        for i in 0..<5 { s += w[o][i] * noisy.inputs.scalars[n * 5 + i] }
        r2 += (noisy.targets.scalars[n * 3 + o] - s) * (noisy.targets.scalars[n * 3 + o] - s)
      }
    }
    #expect(abs((r2 / 9000).squareRoot() - 0.1) < 0.005)
    #expect(throws: RepriseError.self) {
      let _: RegressionDataset<Double> = try SyntheticData.linearTeacher(
        count: 3, weights: [[1, 2]], inputVariances: [1], using: &random)
    }
    #expect(throws: RepriseError.self) {
      try RegressionDataset(inputs: Tensor<Double>.zeros([3, 2]), targets: .zeros([4, 1]))
    }
  }

  @Test func reluTeacherTargetsMatchTheTeacher() throws {
    var random = RandomStream(seed: 13)
    let teacher = try SyntheticData.ReLUTeacher.random(
      inputs: 4, hidden: 8, outputs: 2, using: &random)
    let data: RegressionDataset<Double> = try SyntheticData.reluTeacher(
      count: 50, teacher: teacher, using: &random)
    #expect(data.inputs.shape == [50, 4] && data.targets.shape == [50, 2])
    for n in 0..<50 {
      let x = Array(data.inputs.scalars[n * 4..<(n + 1) * 4])
      var expected = [Double](repeating: 0, count: 2)
      for o in 0..<2 {
        for h in 0..<8 {
          var pre = 0.0
          for i in 0..<4 { pre += teacher.first[h][i] * x[i] }
          expected[o] += teacher.second[o][h] * max(pre, 0)
        }
      }
      #expect(Array(data.targets.scalars[n * 2..<(n + 1) * 2]) == expected)
    }
    #expect(throws: RepriseError.self) {
      try SyntheticData.ReLUTeacher(first: [[1, 2]], bias: [0, 0], second: [[1]])
    }
  }

  @Test func twoMoonsLieOnTheirHalfCircles() throws {
    var random = RandomStream(seed: 14)
    for rotation in [0.0, 35.0] {
      let data: LabeledDataset<Double> = try SyntheticData.twoMoons(
        count: 101, noise: 0, rotationDegrees: rotation, using: &random)
      #expect(data.features.shape == [101, 2])
      #expect(data.labels.filter { $0 == 0 }.count == 50)
      let angle = -rotation * Double.pi / 180
      for n in 0..<101 {
        let (px, py) = (data.features.scalars[2 * n], data.features.scalars[2 * n + 1])
        let x = Double.cos(angle) * px - Double.sin(angle) * py
        let y = Double.sin(angle) * px + Double.cos(angle) * py
        if data.labels[n] == 0 {
          // Upper unit half circle centred at the origin.
          #expect(abs(x * x + y * y - 1) < 1e-12 && y >= -1e-12)
        } else {
          // Lower unit half circle centred at (1, 0.5).
          #expect(abs((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5) - 1) < 1e-12 && y <= 0.5 + 1e-12)
        }
      }
    }
    // Unshuffled, noise-free: sklearn's exact first points.
    let plain: LabeledDataset<Double> = try SyntheticData.twoMoons(
      count: 4, shuffle: false, using: &random)
    #expect(plain.labels == [0, 0, 1, 1])
    #expect(abs(plain.features.scalars[0] - 1) < 1e-15 && plain.features.scalars[1] == 0)
    #expect(abs(plain.features.scalars[4] - 0) < 1e-15 && plain.features.scalars[5] == 0.5)
    // Noise has the requested standard deviation.
    let clean: LabeledDataset<Double> = try SyntheticData.twoMoons(
      count: 2000, shuffle: false, using: &random)
    let noisy: LabeledDataset<Double> = try SyntheticData.twoMoons(
      count: 2000, noise: 0.1, shuffle: false, using: &random)
    let d = zip(clean.features.scalars, noisy.features.scalars).map { $1 - $0 }
    let sd = (d.reduce(0) { $0 + $1 * $1 } / Double(d.count)).squareRoot()
    #expect(abs(sd - 0.1) < 0.005)
    #expect(throws: RepriseError.self) {
      let _: LabeledDataset<Double> = try SyntheticData.twoMoons(
        count: 10, noise: -1, using: &random)
    }
  }

  @Test func sparseFeaturesHaveTheRequestedSparsity() throws {
    var random = RandomStream(seed: 15)
    let data: RegressionDataset<Double> = try SyntheticData.sparseFeatures(
      count: 2000, featureCount: 20, sparsity: 0.9, using: &random)
    #expect(data.inputs.shape == [2000, 20] && data.inputs == data.targets)
    let x = data.inputs.scalars
    let nonzero = Double(x.filter { $0 != 0 }.count) / Double(x.count)
    // 40,000 Bernoulli(0.1) draws: sd of the fraction = 0.0015; allow 5 sd.
    #expect(abs(nonzero - 0.1) < 0.0075, "\(nonzero)")
    #expect(x.allSatisfy { $0 >= 0 && $0 < 1 })
    let present = x.filter { $0 != 0 }
    let mean = present.reduce(0, +) / Double(present.count)
    #expect(abs(mean - 0.5) < 5 * (1.0 / 12 / Double(present.count)).squareRoot())
    #expect(throws: RepriseError.self) {
      let _: RegressionDataset<Double> = try SyntheticData.sparseFeatures(
        count: 1, featureCount: 1, sparsity: 1.5, using: &random)
    }
  }

  @Test func sinusoidSumHasDFTPeaksAtItsFrequencies() throws {
    var random = RandomStream(seed: 16)
    let n = 200
    let ks = [3, 11, 40]
    let amplitudes = [1.0, 0.5, 0.25]
    let data: RegressionDataset<Double> = try SyntheticData.sinusoidSum(
      pointCount: n, frequencies: ks, amplitudes: amplitudes, using: &random)
    #expect(data.inputs.shape == [n, 1] && data.targets.shape == [n, 1])
    #expect(data.inputs.scalars[1] == 1.0 / 200)
    // Direct DFT: |Y_k| = N·A/2 at each chosen k, ≈ 0 elsewhere (k < N/2).
    let y = data.targets.scalars
    for k in 0..<(n / 2) {
      var re = 0.0
      var im = 0.0
      for j in 0..<n {
        let t = 2 * Double.pi * Double(k * j) / Double(n)
        re += y[j] * Double.cos(t)
        im -= y[j] * Double.sin(t)
      }
      let magnitude = (re * re + im * im).squareRoot()
      if let i = ks.firstIndex(of: k) {
        #expect(abs(magnitude - Double(n) * amplitudes[i] / 2) < 1e-9, "k \(k)")
      } else {
        #expect(magnitude < 1e-9, "k \(k): \(magnitude)")
      }
    }
    #expect(throws: RepriseError.self) {
      let _: RegressionDataset<Double> = try SyntheticData.sinusoidSum(
        pointCount: 10, frequencies: [1], amplitudes: [1, 2], using: &random)
    }
  }

  @Test func subspaceDataHasExactlyZeroNormalComponents() throws {
    var random = RandomStream(seed: 17)
    let x: Tensor<Double> = try SyntheticData.linearSubspace(
      count: 100, ambientDimension: 10, subspaceDimension: 3, using: &random)
    #expect(x.shape == [100, 10])
    for n in 0..<100 {
      #expect(x.scalars[n * 10 + 3..<n * 10 + 10].allSatisfy { $0 == 0 })
      #expect(x.scalars[n * 10..<n * 10 + 3].allSatisfy { $0 != 0 })
    }
    let base = try LabeledDataset(
      features: Tensor<Double>(rows: [[1, 2], [3, 4]]), labels: [0, 1], classCount: 2)
    let embedded = try SyntheticData.embeddedInSubspace(base, ambientDimension: 4)
    #expect(embedded.features.scalars == [1, 2, 0, 0, 3, 4, 0, 0])
    #expect(throws: RepriseError.self) {
      let _: Tensor<Double> = try SyntheticData.linearSubspace(
        count: 1, ambientDimension: 2, subspaceDimension: 3, using: &random)
    }
  }

  @Test func generatorsAreReproducible() throws {
    var a = RandomStream(seed: 99)
    var b = RandomStream(seed: 99)
    let x: LabeledDataset<Float> = try SyntheticData.twoMoons(count: 30, noise: 0.2, using: &a)
    let y: LabeledDataset<Float> = try SyntheticData.twoMoons(count: 30, noise: 0.2, using: &b)
    #expect(x == y)
  }
}
