// Checks Reprise's MNIST-1D generator against the canonical arrays made by the
// pip package (seed 42): shapes, class counts, moments, per-position profiles
// and per-class mean curves, plus reproducibility and an opt-in MLP check.
//
// Thresholds come from the reference generator itself. Generating with the
// pip package at seeds 1–10 and comparing each with seed 42 gave: per-position
// mean max |diff| 0.034–0.058, per-position std max |diff| 0.035–0.059,
// per-class mean-curve RMS diff 0.056–0.068 (the curves themselves have RMS
// 0.30), per-class mean-curve correlations with median 0.84–0.93, minimum as
// low as 0.32 (the class means are fairly flat because the circular shift
// smears them, so sampling noise matters), and 7–9 of 10 classes ≥ 0.8.
// Reprise's generator at seeds 1–12 against the same seed-42 arrays gave the
// same picture: 0.030–0.064, 0.030–0.056, RMS 0.058–0.072, median 0.82–0.92,
// minimum 0.39–0.78, 6–9 classes ≥ 0.8. A different seed of the *same*
// generator cannot do better, so the thresholds sit just beyond both ranges:
// max diffs < 0.08, RMS < 0.09, median ≥ 0.8, ≥ 5 classes ≥ 0.8, all > 0.
// The transform itself is checked exactly (injected draws) in
// MNIST1DTransformTests.
import Foundation
import RepriseTestSupport
import Testing

@testable import RepriseNN

@Suite struct MNIST1DTests {
  struct Canonical {
    let xTrain: [Double]
    let yTrain: [Int]
    let xTest: [Double]
    let yTest: [Int]
  }

  static func canonical() throws -> Canonical {
    let xTrain = try NumpyArray.fixture("data/mnist1d_x_train.npy")
    let yTrain = try NumpyArray.fixture("data/mnist1d_y_train.npy")
    let xTest = try NumpyArray.fixture("data/mnist1d_x_test.npy")
    let yTest = try NumpyArray.fixture("data/mnist1d_y_test.npy")
    #expect(xTrain.shape == [4000, 40] && xTest.shape == [1000, 40])
    #expect(yTrain.shape == [4000] && yTest.shape == [1000])
    return Canonical(
      xTrain: xTrain.doubles, yTrain: yTrain.integers, xTest: xTest.doubles,
      yTest: yTest.integers)
  }

  /// Per-position mean and population std of row-major [n, 40] values.
  static func profiles(_ x: [Double]) -> (mean: [Double], std: [Double]) {
    let n = x.count / 40
    var mean = [Double](repeating: 0, count: 40)
    var std = [Double](repeating: 0, count: 40)
    for r in 0..<n { for c in 0..<40 { mean[c] += x[r * 40 + c] } }
    mean = mean.map { $0 / Double(n) }
    for r in 0..<n {
      for c in 0..<40 { std[c] += (x[r * 40 + c] - mean[c]) * (x[r * 40 + c] - mean[c]) }
    }
    return (mean, std.map { ($0 / Double(n)).squareRoot() })
  }

  static func classMeans(_ x: [Double], _ y: [Int]) -> [[Double]] {
    var sums = [[Double]](repeating: [Double](repeating: 0, count: 40), count: 10)
    var counts = [Double](repeating: 0, count: 10)
    for (r, label) in y.enumerated() {
      counts[label] += 1
      for c in 0..<40 { sums[label][c] += x[r * 40 + c] }
    }
    return (0..<10).map { k in sums[k].map { $0 / counts[k] } }
  }

  static func correlation(_ a: [Double], _ b: [Double]) -> Double {
    let ma = a.reduce(0, +) / Double(a.count)
    let mb = b.reduce(0, +) / Double(b.count)
    var sab = 0.0
    var saa = 0.0
    var sbb = 0.0
    for i in a.indices {
      sab += (a[i] - ma) * (b[i] - mb)
      saa += (a[i] - ma) * (a[i] - ma)
      sbb += (b[i] - mb) * (b[i] - mb)
    }
    return sab / (saa * sbb).squareRoot()
  }

  @Test func npyReaderRejectsWhatItDoesNotSupport() throws {
    #expect(throws: NumpyArray.Error.self) { try NumpyArray(data: Data([1, 2, 3])) }
    var header = "{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }"
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0]
    bytes += [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
    bytes += Array(header.utf8) + [7, 0, 0, 0]
    #expect(throws: NumpyArray.Error.self) { try NumpyArray(data: Data(bytes)) }
  }

  @Test func statisticsMatchTheCanonicalArrays() throws {
    let reference = try Self.canonical()
    let (train, test) =
      try MNIST1D.generate(seed: 42)
      as (
        train: LabeledDataset<Double>, test: LabeledDataset<Double>
      )
    #expect(train.features.shape == [4000, 40] && test.features.shape == [1000, 40])
    #expect(train.classCount == 10 && test.classCount == 10)

    // Class counts: 500 per class in total; a random permutation puts a
    // hypergeometric share (sd ≈ 9) in the training split. The canonical
    // split has 394–411; allow ±25 (≈ 2.8 sd) around 400.
    var counts = [Int](repeating: 0, count: 10)
    for label in train.labels { counts[label] += 1 }
    var testCounts = [Int](repeating: 0, count: 10)
    for label in test.labels { testCounts[label] += 1 }
    #expect(counts.allSatisfy { (375...425).contains($0) }, "\(counts)")
    #expect(zip(counts, testCounts).allSatisfy { $0 + $1 == 500 })

    // Global standardisation over all 5000 examples: exact mean 0 and std 1.
    let all = train.features.scalars + test.features.scalars
    let mean = all.reduce(0, +) / Double(all.count)
    let std = (all.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(all.count)).squareRoot()
    #expect(abs(mean) < 1e-12 && abs(std - 1) < 1e-12)

    let ours = Self.profiles(train.features.scalars)
    let theirs = Self.profiles(reference.xTrain)
    let meanDiff = zip(ours.mean, theirs.mean).map { abs($0 - $1) }.max()!
    let stdDiff = zip(ours.std, theirs.std).map { abs($0 - $1) }.max()!
    // Reference seed-to-seed ≤ 0.058 / 0.059; ours at other seeds ≤ 0.064 / 0.056.
    #expect(meanDiff < 0.08, "per-position mean max diff \(meanDiff)")
    #expect(stdDiff < 0.08, "per-position std max diff \(stdDiff)")

    let ourMeans = Self.classMeans(train.features.scalars, train.labels)
    let theirMeans = Self.classMeans(reference.xTrain, reference.yTrain)
    let correlations = (0..<10).map { Self.correlation(ourMeans[$0], theirMeans[$0]) }
    var squares = 0.0
    for k in 0..<10 {
      for c in 0..<40 {
        squares += (ourMeans[k][c] - theirMeans[k][c]) * (ourMeans[k][c] - theirMeans[k][c])
      }
    }
    let rms = (squares / 400).squareRoot()
    let median = correlations.sorted()[4]
    let strong = correlations.filter { $0 >= 0.8 }.count
    print(
      "MNIST-1D ours vs canonical: counts \(counts), per-position mean max diff \(meanDiff), "
        + "std max diff \(stdDiff), class-mean RMS diff \(rms), correlations \(correlations)")
    // See the header for the calibration of these thresholds.
    #expect(rms < 0.09, "class-mean RMS diff \(rms)")
    #expect(median >= 0.8, "median class-mean correlation \(median)")
    #expect(strong >= 5, "classes with correlation ≥ 0.8: \(strong) of 10")
    #expect(correlations.allSatisfy { $0 > 0 }, "\(correlations)")
  }

  @Test func sameSeedSameDataDifferentSeedDifferentData() throws {
    let a: (train: LabeledDataset<Float>, test: LabeledDataset<Float>) = try MNIST1D.generate(
      seed: 7, trainCount: 400, testCount: 100)
    let b: (train: LabeledDataset<Float>, test: LabeledDataset<Float>) = try MNIST1D.generate(
      seed: 7, trainCount: 400, testCount: 100)
    let c: (train: LabeledDataset<Float>, test: LabeledDataset<Float>) = try MNIST1D.generate(
      seed: 8, trainCount: 400, testCount: 100)
    #expect(bitDigest(a.train.features.scalars) == bitDigest(b.train.features.scalars))
    // Golden digest: every value comes from Reprise's own RNG and elementary
    // functions, so these bits are the same in every build. Change only for
    // an intended change to the generator, and say so in the commit.
    #expect(
      bitDigest(a.train.features.scalars)
        == "e451e95db22f65fe639665252bdeeba16f1f67497ba87a3636d8a75151527d8b")
    #expect(a.train.labels == b.train.labels && a.test.labels == b.test.labels)
    #expect(bitDigest(a.train.features.scalars) != bitDigest(c.train.features.scalars))
    #expect(a.train.count == 400 && a.test.count == 100)
    #expect(throws: RepriseError.self) {
      let _: (train: LabeledDataset<Float>, test: LabeledDataset<Float>) =
        try MNIST1D.generate(seed: 1, trainCount: 401, testCount: 100)
    }
    #expect(throws: RepriseError.self) {
      let _: (train: LabeledDataset<Float>, test: LabeledDataset<Float>) =
        try MNIST1D.generate(seed: 1, trainCount: 0, testCount: 100)
    }
  }

  @Test func helpersMatchScipy() {
    // Templates start and end at 0 (after the first-value shift).
    for t in MNIST1D.templates { #expect(t.first == 0 && abs(t.last!) < 1e-15) }
    // Linear resampling of a ramp is exact; zero runs stay exactly zero.
    let ramp = MNIST1D.resample([0, 1, 2, 3], to: 7)
    #expect(zip(ramp, [0, 0.5, 1, 1.5, 2, 2.5, 3]).allSatisfy { abs($0 - $1) < 1e-15 })
    let padded = MNIST1D.resample([1, 1, 0, 0, 0, 0, 0, 0], to: 72)
    #expect(padded.suffix(40).allSatisfy { $0 == 0 })
    // Gaussian filter: preserves constants (normalised weights, reflect
    // boundary), and a unit impulse in the middle reproduces the kernel;
    // scipy.ndimage.gaussian_filter1d(e_36, 2)[36] = 0.199474647864745
    let constant = MNIST1D.gaussianFilter([Double](repeating: 3, count: 72))
    #expect(constant.allSatisfy { abs($0 - 3) < 1e-14 })
    var impulse = [Double](repeating: 0, count: 72)
    impulse[36] = 1
    let kernel = MNIST1D.gaussianFilter(impulse)
    #expect(abs(kernel[36] - 0.199474647864745) < 1e-14, "\(kernel[36])")
    #expect(abs(kernel.reduce(0, +) - 1) < 1e-14)
    // Reflect boundary: an impulse at 0 folds back, so out[0] = w0 + w1.
    var edge = [Double](repeating: 0, count: 72)
    edge[0] = 1
    let folded = MNIST1D.gaussianFilter(edge)
    #expect(abs(folded[0] - (kernel[36] + kernel[37])) < 1e-15)
  }
}

@Suite struct MNIST1DTransformTests {
  /// With the random draws injected, one example equals the pip package's
  /// `transform` (template 3; np.random.rand → 0.48, 0.81, 0.23,
  /// np.random.choice → 17, randn → sin(1.3 i) then cos(0.7 i)), computed
  /// with mnist1d 0.0.2.post1 / scipy. Differences come only from
  /// sin/cos/exp rounding (ours vs libm), so 1e-12 is ample.
  @Test func transformMatchesThePackageForInjectedDraws() {
    let draws = MNIST1D.Draws(
      padding: 36 + Int(0.48 * 25), scaleUniform: 0.81, shift: 17,
      correlatedNormals: (0..<72).map { Double.sin(1.3 * Double($0)) },
      whiteNormals: (0..<72).map { Double.cos(0.7 * Double($0)) }, shearUniform: 0.23)
    let expected: [Double] = [
      -0.008157803515801629, -0.05686498026049269, -0.10824168399079948, -0.09494359262205392,
      -0.0734534656018127, -0.06124790931609181, -0.058079120018142645, -0.08730491047106195,
      -0.07252476728949384, -0.041110499002480635, 0.2500486641406475, 0.40761123420964857,
      0.2199319032263917, -0.04464291894048154, 0.2626516814752016, 0.4390572145371181,
      0.25568718376832866, -0.028680710287715766, -0.026011883619343444, 0.014615323502865889,
      0.01897600513151636, 0.002628825804075675, 0.0017932361770791002, 0.0015520555067471764,
      0.038208286391206575, 0.04889985556573507, 0.024281364568480568, 0.02637363367701075,
      0.033098225768203975, 0.06037055071564007, 0.07722809434463607, 0.04930895515726483,
      0.04797863949286243, 0.06673557402312953, 0.08352150188909827, 0.10252015347187449,
      0.0769746072103865, 0.06734477433839461, 0.08819339259403988, 0.08546832359641066,
    ]
    let got = MNIST1D.transform(MNIST1D.templates[3], draws: draws)
    let maxDiff = zip(got, expected).map { abs($0 - $1) }.max()!
    #expect(got.count == 40 && maxDiff < 1e-12, "max diff \(maxDiff)")
  }
}
