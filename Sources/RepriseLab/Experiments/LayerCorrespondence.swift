// CKA vs CCA: which similarity index finds the corresponding layer of
// another network? (Kornblith, Norouzi, Lee, Hinton, ICML 2019.)
//
// The claim: a similarity index for representations should at least say
// that layer i of one network is most similar to layer i of the same
// architecture trained from another seed. Centred kernel alignment,
// CKA(K, L) = HSIC(K, L)/√(HSIC(K, K)·HSIC(L, L)) (eq. 4; linear kernel:
// ‖YᵀX‖²_F/(‖XᵀX‖_F‖YᵀY‖_F) on centred X, Y), passes this sanity test;
// indices invariant to every invertible linear map (CCA and its variants
// SVCCA, PWCCA) do far worse (paper, Table 2: linear CKA 99.3 %, RBF CKA
// 99.3 %, mean CCA 1.4 %, SVCCA 2.5 %, PWCCA 11.1 %), and when the width is
// at least the number of examples they cannot tell anything apart: the
// column space of X is then all centred vectors, so CCA(X, Y) = 1 for any Y
// (§3). CKA is invariant only to orthogonal maps and isotropic scaling.
//
// Experiment (papers.md §20): digits, a seeded split into 1297 training and
// 500 test examples (pixels in [0, 1], centred with the training mean).
// Several MLPs 64→128×8→10 (ReLU, Kaiming-normal weights, zero biases)
// differing only in their initialisation and batch-order seeds are trained
// with Adam (lr 1e-3, batch 64). For every ordered pair of networks (A, B)
// and every hidden layer i of A we compute sim(A_i, B_j) for all 8 hidden
// layers j of B on the test examples (activations in Double) and count
// layer i as identified when sim(A_i, B_i) is strictly larger than every
// sim(A_i, B_j), j ≠ i (ties count as misses). Accuracy = identified /
// (ordered pairs × 8). Measures (the definitions of RepriseMetrics/
// Similarity): linear CKA, RBF CKA (σ = 0.8 × median pairwise distance),
// mean CCA ρ̄, SVCCA (99 % of the variance kept, then ρ̄) and PWCCA
// (weighted by the layer being matched, A_i). Each of the networks × 8
// layer representations is prepared once (`PreparedRepresentation`:
// unit-norm centred linear and RBF kernels, the CCA basis from one SVD), so
// a layer pair costs two n² inner products, one r×r GEMM over n and one
// small SVD, which gives every index and PWCCA in both directions.
// Invariance demonstrations: X = the middle hidden layer (h4) of the first
// network on the test examples; Q a random orthogonal matrix (QR of a
// Gaussian), A a random Gaussian (invertible) matrix; random Gaussian X, Y
// with more features than examples for the CCA saturation.
// Quick size: 2 networks (2 ordered pairs), 12 epochs, 200 test examples;
// full size: 5 networks (20 ordered pairs), 25 epochs, 500 test examples.
// Time (release, -march=native, 2 cores shared with three other builds,
// load ≈ 14): quick 5.5 s wall / 2.1 s user, full 38.7 s wall / 15.2 s
// user (before the per-layer caching, every layer pair recomputed both SVDs
// and both RBF kernels: the quick size alone took ~30 s of CPU at 3
// networks and 300 examples).
// Training in Float (speed), every measure in Double.
//
// Results (seed 0), unchanged by the caching: quick 6/9, full 6/9 claims.
// Full: correspondence accuracy linear CKA 0.256, RBF CKA 0.331, mean CCA
// 0.125, SVCCA 0, PWCCA 0.125; every index matches h1, linear CKA h2 in
// 0.35 of the pairs and the deeper layers rarely (mean diagonal CKA of the
// first pair 0.81: the deep layers of this 8 × 128 MLP on digits are alike,
// Kornblith et al.'s Fig. 5 shows such blocks in over-deep networks). Tried
// (issue 6): MNIST-1D (40-d, 4000 training sequences, test accuracy ≈ 0.57)
// instead of digits: linear CKA 0.356, RBF 0.463 (70 s wall, 27 s user), no
// better; not kept.
//
// Audit against the paper (issue 6, session 6). Kornblith et al.'s Table 2
// uses ten "Tiny-10" CNNs on CIFAR-10 (appendix architecture table, as we
// read the paper; the stored search index returned only the paper's
// opening, so this is from the paper itself, not re-checked here): eight
// conv layers — 3×3 with 16, 16, 32 (stride 2), 32, 32, 64 (stride 2),
// 64 channels and a 1×1 with 64 — each followed by batch norm and ReLU,
// then global average pooling and the logits (excluded from the test);
// the networks differ only in their initialisation. So the paper's nets
// have normalisation in every layer, widths that grow with depth and two
// down-samplings; ours has none of these. Whether that explains the
// failure was measured in an independent PyTorch re-implementation (same
// digits split and centring, Kaiming-normal weights, Adam 1e-3, batch 64,
// 3 networks = 6 ordered pairs, 500 test examples, activations after each
// ReLU, BN in inference mode, linear CKA, the same strict-argmax test):
// - this file's 8 × 128 ReLU MLP, 25 epochs: 0.29 (ours, full: 0.256) — the
//   failure is not specific to Reprise's training or CKA code;
// - the same MLP with batch norm before every ReLU: 0.27 (25 epochs), 0.27
//   (12 epochs) — normalisation does not explain it;
// - Tiny-10 adapted to 8 × 8 digits (padding 1 where the paper's "valid"
//   3×3 would not fit a 2 × 2 map; flattened activations), 12 epochs,
//   test accuracy 0.98–0.99: with batch norm 0.42, without 0.65;
// - the same CNN in 1-D on MNIST-1D (4000 training sequences, 15 epochs,
//   test accuracy 0.92), no batch norm: 0.56.
// The paper's architecture helps (0.29 → 0.42–0.65) but no variant comes
// near 0.9. In the heat maps of the first pair the corresponding layer
// mostly loses by 0.01–0.04 of CKA (once by 0.11), to a neighbour in the
// CNNs and to any layer of the block of alike deep layers in the MLPs: at
// this scale the layers of a trained network are nearly as alike as the
// corresponding ones, which the paper's CIFAR-10 networks do not show. The experiment therefore keeps its MLP (papers.md
// §20) and its claims, which fail; CKA still beats every CCA-based index.
// The indices themselves are checked against an independent numpy
// computation on one layer pair (Fixtures/scripts/
// make_layer_similarity_fixtures.py, LayerSimilarityReferenceTests: linear
// CKA, RBF CKA and mean CCA to 1e-12).
//
// Tried (issue 6, session 8): a PyTorch sweep of the training and
// representation settings of the MLP, the same test as the audit above
// (digits, pixels in [0, 1] centred with the training mean; 3 networks =
// 6 ordered pairs per base seed, each network its own init and batch-order
// seed; 500 test examples; activations after each nonlinearity; strict
// argmax); a value is the mean over base seeds 0 and 1 ("s0": base seed
// 0 only; rows (a) and (b): the mean over base seeds 0, 1 and 2). Unless
// a row says otherwise: 8 × 128, ReLU, Kaiming-normal
// weights, zero biases, Adam 1e-3, batch 64, 25 epochs. "diag" = mean
// cross-seed CKA of corresponding layers (first pair); test accuracy
// 0.95–0.98 except where said. Time = PyTorch training of 3 networks on the
// shared, loaded 2-core machine (1 thread), for scale only. Each row is
// one run of Fixtures/scripts/investigations/layer_correspondence_sweep.py
// with the row's settings as JSON, e.g. '{"act": "tanh", "gain": 1.0}' 0,1.
//   setting                            linear CKA  RBF   mean CCA  diag  time
//   baseline (s0)                      0.33   0.38     0.13      0.84  24 s
//   width 32 / 64                      0.16 / 0.20               0.57 / 0.73
//   width 256 / 512                    0.33 / 0.38               0.85 / 0.81
//                                                                  80 / 200 s
//   width 1024, 10 epochs (s0)         0.42                      0.88  330 s
//   widths 512, 384, …, 32 (tapered)   0.26                      0.84
//   3 / 6 epochs (test acc. .95/.97)   0.25 / 0.29               0.80 / 0.81
//   untrained (ReLU or tanh)           0.125 (only h1 is matched)
//   SGD + momentum 0.9, lr 0.01        0.33                      0.82
//   SGD + momentum 0.9, lr 0.1         diverged (test acc. 0.25)
//   Adam lr 1e-2                       0.29                      0.54
//   L2 weight decay 1e-2 (Adam)        0.33                      0.88
//   dropout 0.3 (test acc. 0.94)       0.39                      0.87
//   pre-activations                    0.29                      0.82
//   training instead of test inputs    0.32                      0.83
//   GELU / ELU (ELU with LeCun init)   0.36 / 0.46               0.85 / 0.92
//   tanh, Kaiming init (gain √2)       0.63   0.63 s0  0.29 s0   0.92
//     … 60 epochs                      0.69   0.66     0.28      0.92  36 s
//     … 12 epochs                      0.57                      0.91
//     … width 256                      0.59                      0.94
//   tanh, LeCun init N(0, 1/fan-in)    0.70   0.72     0.79      0.95  27 s
//     … width 512, 12 epochs (s0)      0.42                      0.88
//     … SGD + momentum, lr 0.01        0.62                      0.95
//     … Adam lr 3e-4                   0.65                      0.94
//     … batch 256, 60 epochs           0.59                      0.94
//     … weight decay 1e-3 / 1e-2       0.64 / 0.48               0.96 / 0.97
//     … pre-activations                0.66                      0.95
//     … 60 epochs                      0.76 (a)                  0.96  55 s
//     … pixels / (std + 0.1)           0.75                      0.94
//     … pixels / (std + 0.1), 60 ep.   0.74 (b)                  0.94
//   (a) base seeds 0, 1, 2: 0.67, 0.79, 0.81; at base seed 1 RBF CKA 0.85
//   and mean CCA 0.81. (b) base seeds 0, 1, 2: 0.69, 0.81, 0.71.
// Findings: width (Kornblith et al. §6: wider networks are more alike
// across seeds), optimiser, learning rate, training length, weight decay,
// dropout, pre-activations and training inputs leave the MLP at 0.16–0.42
// with ReLU (GELU, ELU: 0.36, 0.46): the cross-seed CKA of corresponding
// layers (≈ 0.84) stays below the CKA of adjacent layers within one
// network (0.94–0.98), and in the first pair of base seed 0 the
// corresponding layer loses to a neighbour by 0.002–0.02. tanh is the one
// change that matters (up to 0.76; best single base seed 0.81), but no
// setting reaches 0.9 even at one base seed. With LeCun-initialised tanh,
// mean CCA identifies the layers as well as CKA does (0.79 vs 0.70), so
// the paper's contrast disappears; with Kaiming-initialised tanh it holds
// (linear CKA − mean CCA 0.38 and 0.44 at 60 epochs, base seeds 0 and 1),
// but CKA stays at 0.65–0.73. Checked in this Swift experiment too (full
// size, 5 networks = 20 ordered pairs, tanh with Kaiming init; not kept):
// 25 epochs, seed 0: linear CKA 0.53, RBF 0.54, mean CCA 0.31; 60 epochs
// (test accuracy 0.98, 23 s wall), seeds 0 / 1: linear CKA 0.56 / 0.58,
// RBF 0.58 / 0.64, mean CCA 0.31 / 0.33, SVCCA 0.03 / 0.04, PWCCA 0.29 /
// 0.32 — still 6/9 claims, the same three failing as with ReLU (the gap to
// mean CCA, 0.26, stays under 0.3). Nothing was ported (the rule of this
// round: port only a setting that reaches ≥ 0.9 at two base seeds): the
// experiment keeps its ReLU MLP and its claims, which still fail.
//
// Seed robustness (issue 6, session 8), from
// `reprise robustness cka-layer-correspondence --seeds 0-4 [--quick]`:
// Full size: linear CKA accuracy 0.256/
// 0.287/0.275/0.250/0.275, RBF 0.331–0.350, linear CKA − best CCA-family
// index +0.131/+0.156/+0.150/+0.112/+0.144 — the failures and the one
// comparison that holds are the same at every seed. Quick size (2
// networks, 16 layer matches, so steps of 0.0625): linear CKA 0.125–0.312;
// CKA beats the CCA family at 4 of 5 seeds (seed 3: 0 vs 0, a tie); the
// linear CKA − mean CCA gap reaches 0.3 at seed 4 only (0.312). The
// invariance claims hold at every seed (errors ≤ 3.3e-16).
//
// Claims (thresholds from papers.md §20's expected outcome; none calibrated
// on our own output unless said so):
// - linear CKA correspondence accuracy ≥ 0.9 ([paper direction], number
//   [guess]; paper 99.3 %);
// - RBF CKA correspondence accuracy ≥ 0.9 ([paper] 99.3 % at 0.8 × median;
//   number [guess]);
// - mean CCA "markedly lower": linear CKA − mean CCA accuracy ≥ 0.3
//   ([guess]; paper 99.3 − 1.4 points);
// - linear CKA beats every CCA-based index (SVCCA, PWCCA too) ([paper]);
// - |CKA(X, XQ) − 1| ≤ 1e-10, |CKA(X, cX) − 1| ≤ 1e-10, 1 − ρ̄(X, Y) ≤ 1e-10
//   for p ≥ n ([derived]);
// - CKA is not invariant to an invertible map: 1 − CKA(X, XA) ≥ 0.01
//   ([paper direction], number [guess]) while CCA is: 1 − ρ̄(X, XA) ≤ 1e-8
//   ([derived]; the tolerance allows for A's condition number).

public struct LayerCorrespondenceExperiment: Experiment {
  public init() {}

  public let name = "cka-layer-correspondence"
  public let paper = PaperReference(
    authors: "Kornblith, Norouzi, Lee, Hinton",
    title: "Similarity of Neural Network Representations Revisited", venue: "ICML", year: 2019,
    identifier: "arXiv:1905.00414")
  public let summary =
    "linear and RBF CKA match each layer to the same layer of a network trained from another seed; CCA-based indices mostly fail"

  static let hiddenWidth = 128
  static let hiddenLayers = 8

  /// The similarity indices compared, by their names in reports.
  enum Measure: String, CaseIterable {
    case linearCKA = "linear CKA"
    case rbfCKA = "RBF CKA"
    case meanCCA = "mean CCA"
    case svcca = "SVCCA"
    case pwcca = "PWCCA"

    var key: String {
      switch self {
      case .linearCKA: "linear_cka"
      case .rbfCKA: "rbf_cka"
      case .meanCCA: "mean_cca"
      case .svcca: "svcca"
      case .pwcca: "pwcca"
      }
    }

    /// The index of a pair from its cross terms. PWCCA weights by the layer
    /// being matched (`first`: the pair's first representation), so it is
    /// the one index with sim(X, Y) ≠ sim(Y, X).
    func value(_ pair: PairSimilarity, first: Bool) -> Double {
      switch self {
      case .linearCKA: pair.linearCKA
      case .rbfCKA: pair.rbfCKA
      case .meanCCA: pair.meanCCA
      case .svcca: pair.svcca
      case .pwcca: first ? pair.pwccaFirst : pair.pwccaSecond
      }
    }
  }

  public func run(_ context: ExperimentContext) throws -> ExperimentOutcome {
    let networks = context.size(quick: 2, full: 5)
    let epochs = context.size(quick: 12, full: 25)
    let testCount = context.size(quick: 200, full: 500)
    let (train, test) = try Self.data(context: context, testCount: testCount)
    var metrics = MetricTable()

    // Hidden representations of the test examples, [network][layer].
    var layers: [[Tensor<Double>]] = []
    for net in 0..<networks {
      context.progress("training network \(net + 1) of \(networks)")
      let (hidden, testAccuracy) = try Self.trainNetwork(
        train: train, test: test, epochs: epochs, context: context, index: net)
      metrics["net\(net).test_accuracy"] = testAccuracy
      layers.append(hidden)
    }

    // Per-layer work once (centred kernels, SVD bases), then for every
    // unordered pair (A, B) the similarity matrices sim(A_i, B_j) of both
    // ordered pairs from the cross terms alone.
    let L = Self.hiddenLayers
    context.progress("preparing \(networks * L) layer representations")
    let prepared = try layers.map { net in try net.map { try PreparedRepresentation($0) } }
    var identified = [Measure: [Int]]()  // per layer i
    var firstPair = [Measure: [[Double]]]()
    var orderedPairs = 0
    for a in 0..<networks {
      for b in (a + 1)..<networks {
        orderedPairs += 2
        context.progress("similarities: networks \(a) and \(b)")
        let pairs = try prepared[a].map { x in try prepared[b].map { y in try PairSimilarity(x, y) }
        }
        for measure in Measure.allCases {
          let ab = (0..<L).map { i in (0..<L).map { j in measure.value(pairs[i][j], first: true) } }
          let ba = (0..<L).map { j in (0..<L).map { i in measure.value(pairs[i][j], first: false) }
          }
          if a == 0 && b == 1 { firstPair[measure] = ab }
          var counts = identified[measure] ?? [Int](repeating: 0, count: L)
          for matrix in [ab, ba] {
            for i in 0..<L where Self.identifies(row: matrix[i], layer: i) { counts[i] += 1 }
          }
          identified[measure] = counts
        }
      }
    }
    var accuracy = [Measure: Double]()
    var accuracyByLayer = [Measure: [Double]]()
    for measure in Measure.allCases {
      let counts = identified[measure]!
      accuracyByLayer[measure] = counts.map { Double($0) / Double(orderedPairs) }
      accuracy[measure] = Double(counts.reduce(0, +)) / Double(orderedPairs * L)
      metrics["accuracy.\(measure.key)"] = accuracy[measure]!
    }
    for measure in Measure.allCases {
      for i in 0..<L {
        metrics["accuracy_by_layer.\(measure.key).h\(i + 1)"] = accuracyByLayer[measure]![i]
      }
    }
    for measure in Measure.allCases {
      let m = firstPair[measure]!
      metrics["net0_vs_net1.\(measure.key).diagonal_mean"] =
        (0..<L).map { m[$0][$0] }.reduce(0, +) / Double(L)
    }

    context.progress("invariance checks")
    let invariance = try Self.invariances(layers[0][L / 2 - 1], context: context)
    for (key, value) in invariance { metrics["invariance.\(key)"] = value }
    let value = Dictionary(uniqueKeysWithValues: invariance)

    let cca = [Measure.meanCCA, .svcca, .pwcca].map { accuracy[$0]! }
    let claims = [
      Claim(
        id: "linear-cka-finds-layers",
        statement: "linear CKA layer-correspondence accuracy over \(orderedPairs) ordered pairs",
        value: accuracy[.linearCKA]!, .atLeast, 0.9,
        provenance: "[paper direction] 99.3 %; threshold [guess] from papers.md §20"),
      Claim(
        id: "rbf-cka-finds-layers",
        statement: "RBF CKA (σ = 0.8 × median distance) layer-correspondence accuracy",
        value: accuracy[.rbfCKA]!, .atLeast, 0.9,
        provenance: "[paper] 99.3 % (Table 2); threshold [guess]"),
      Claim(
        id: "mean-cca-markedly-lower",
        statement: "linear CKA accuracy − mean CCA accuracy",
        value: accuracy[.linearCKA]! - accuracy[.meanCCA]!, .atLeast, 0.3,
        provenance: "[paper direction] 99.3 % vs 1.4 %; threshold [guess]"),
      Claim(
        id: "cka-beats-cca-family",
        statement:
          "linear CKA accuracy − best of mean CCA, SVCCA, PWCCA (holds at 4 of seeds 0–4 quick, 5 full; see header)",
        value: accuracy[.linearCKA]! - cca.max()!, .greaterThan, 0,
        provenance: "[paper] SVCCA 2.5 %, PWCCA 11.1 %"),
      Claim(
        id: "cka-orthogonal-invariance",
        statement: "|CKA(X, XQ) − 1|, Q random orthogonal",
        value: value["cka_orthogonal_error"]!, .atMost, 1e-10, provenance: "[derived]"),
      Claim(
        id: "cka-scale-invariance",
        statement: "|CKA(X, 3.7 X) − 1|",
        value: value["cka_scale_error"]!, .atMost, 1e-10, provenance: "[derived]"),
      Claim(
        id: "cca-saturates-when-wide",
        statement: "1 − mean CCA of independent random X, Y with p ≥ n",
        value: value["cca_wide_random_error"]!, .atMost, 1e-10,
        provenance: "[derived] (Kornblith et al. §3)"),
      Claim(
        id: "cka-not-invertible-invariant",
        statement: "1 − CKA(X, XA), A random invertible",
        value: 1 - value["cka_invertible"]!, .atLeast, 0.01,
        provenance: "[paper direction]; threshold [guess]"),
      Claim(
        id: "cca-invertible-invariant",
        statement: "1 − mean CCA(X, XA), A random invertible",
        value: value["cca_invertible_error"]!, .atMost, 1e-8,
        provenance: "[derived]; tolerance allows for A's condition number"),
    ]
    return ExperimentOutcome(
      claims: claims, metrics: metrics,
      figures: try Self.figures(
        firstPair: firstPair, accuracy: accuracy, byLayer: accuracyByLayer,
        orderedPairs: orderedPairs))
  }

  /// True when `row[layer]` is strictly the largest entry of the row.
  static func identifies(row: [Double], layer: Int) -> Bool {
    row.indices.allSatisfy { $0 == layer || row[$0] < row[layer] }
  }

  // MARK: - Data and training

  /// Digits split into training and test sets, pixels centred by the
  /// training mean.
  static func data(context: ExperimentContext, testCount: Int) throws -> (
    train: LabeledDataset<Float>, test: LabeledDataset<Float>
  ) {
    let digits = try Digits.load(Float.self)
    var splitStream = context.stream(1)
    let (train, rest) = try digits.split(
      trainCount: Digits.exampleCount - 500, using: &splitStream)
    let test = try rest.subset(Array(0..<testCount))
    let mean = try FeatureMatrix.columnMeans(train.features)
    let deviation = try Tensor<Float>(shape: [1, Digits.pixelCount], repeating: 1)
    let center = try Tensor(shape: [1, Digits.pixelCount], scalars: mean)
    return (
      try train.standardized(mean: center, deviation: deviation),
      try test.standardized(mean: center, deviation: deviation)
    )
  }

  /// Trains one 64→128×8→10 MLP; returns its hidden representations of the
  /// test examples (Double) and its test accuracy.
  static func trainNetwork(
    train: LabeledDataset<Float>, test: LabeledDataset<Float>, epochs: Int,
    context: ExperimentContext, index: Int
  ) throws -> ([Tensor<Double>], Double) {
    var initStream = context.stream(UInt64(100 + index))
    var orderStream = context.stream(UInt64(200 + index))
    var store = ParameterStore<Float>()
    let widths = [Digits.pixelCount] + Array(repeating: hiddenWidth, count: hiddenLayers) + [10]
    let mlp = try MLP(
      widths: widths, weightInit: .kaimingNormal, biasInit: .zeros, store: &store,
      random: &initStream)
    var trainer = Trainer(optimizer: Adam<Float>(learningRate: 1e-3), batchSize: 64)
    trainer.showsProgress = false
    _ = try trainer.fit(&store, data: train, epochs: epochs, random: &orderStream) {
      parameters, x, labels in
      try Loss.softmaxCrossEntropy(try mlp(x, parameters), labels: labels)
    }
    let (output, hidden) = try mlp.forward(Variable(constant: test.features), store.constants())
    return (
      hidden.map { $0.value.converted(to: Double.self) },
      try accuracy(output.value, labels: test.labels)
    )
  }

  // MARK: - Invariances

  /// The invariance demonstrations, as named errors and values.
  static func invariances(_ x: Tensor<Double>, context: ExperimentContext) throws -> [(
    String, Double
  )] {
    let p = x.shape[1]
    var random = context.stream(300)
    let q = try QRFactorization(try Tensor<Double>.normal([p, p], using: &random)).q()
    let a = try Tensor<Double>.normal([p, p], using: &random)
    let rotated = try matmul(x, q)
    let mapped = try matmul(x, a)
    let scaled = x.map { 3.7 * $0 }
    // Independent Gaussian data, more features than examples.
    let n = 100
    let wideX = try Tensor<Double>.normal([n, 120], using: &random)
    let wideY = try Tensor<Double>.normal([n, 150], using: &random)
    let ckaInvertible = try CKA.linear(x, mapped)
    return [
      ("cka_orthogonal_error", abs(try CKA.linear(x, rotated) - 1)),
      ("rbf_cka_orthogonal_error", abs(try CKA.rbf(x, rotated) - 1)),
      ("cka_scale_error", abs(try CKA.linear(x, scaled) - 1)),
      ("cca_wide_random_error", 1 - (try CCA.correlations(wideX, wideY).meanCorrelation)),
      ("cka_wide_random", try CKA.linear(wideX, wideY)),
      ("cka_invertible", ckaInvertible),
      ("cca_invertible_error", 1 - (try CCA.correlations(x, mapped).meanCorrelation)),
    ]
  }

  // MARK: - Figures

  static func layerNames(_ prefix: String) -> [String] {
    (1...hiddenLayers).map { "\(prefix) h\($0)" }
  }

  static func figures(
    firstPair: [Measure: [[Double]]], accuracy: [Measure: Double], byLayer: [Measure: [Double]],
    orderedPairs: Int
  ) throws -> [LabFigure] {
    var panels: [Chart] = []
    for measure in [Measure.linearCKA, .meanCCA] {
      var chart = Chart(
        title: "\(measure.rawValue): network 1 × network 2", xLabel: "hidden layer of network 2",
        yLabel: "hidden layer of network 1")
      chart.width = 520
      chart.height = 460
      chart.heatmap(
        firstPair[measure]!, rowLabels: layerNames("net 1"), columnLabels: layerNames("net 2"),
        colorBarLabel: measure.rawValue)
      panels.append(chart)
    }
    let grid = ChartGrid(
      panels, columns: 2,
      title: "Similarity of hidden layers of two MLPs trained from different seeds")

    var bars = Chart(
      title: "Layer-correspondence accuracy (\(orderedPairs) ordered network pairs)",
      xLabel: "similarity index", yLabel: "fraction of layers matched to the same layer")
    bars.yRange = 0...1
    bars.legendPosition = .topRight
    bars.bars(
      categories: Measure.allCases.map(\.rawValue),
      series: [BarSeries("accuracy", values: Measure.allCases.map { accuracy[$0]! })])
    bars.horizontalLine(at: 1 / Double(hiddenLayers), label: "chance (1/8)")

    var lines = Chart(
      title: "Correspondence accuracy by layer", xLabel: "hidden layer",
      yLabel: "fraction of ordered pairs where the layer is matched")
    lines.yRange = 0...1
    lines.legendPosition = .bottomLeft
    let x = (1...hiddenLayers).map(Double.init)
    for (index, measure) in Measure.allCases.enumerated() {
      lines.line(
        measure.rawValue, x: x, y: byLayer[measure]!, color: Color.series(index), markers: true)
    }
    return [
      LabFigure(
        name: "similarity-heatmaps",
        caption:
          "Linear CKA and mean CCA between the 8 hidden layers of the first two networks trained from different seeds (test examples). A layer counts as matched when its row's largest entry is on the diagonal; over all \(orderedPairs) ordered pairs the fraction of layers matched is \(Format.fixed(accuracy[.linearCKA]!, digits: 2)) for linear CKA and \(Format.fixed(accuracy[.meanCCA]!, digits: 2)) for mean CCA (chance 1/8).",
        svg: try grid.svg),
      try LabFigure(
        name: "correspondence-accuracy",
        caption:
          "Fraction of (network pair, layer) cases where the index is strictly largest for the same layer of the other network.",
        chart: bars),
      try LabFigure(
        name: "correspondence-by-layer",
        caption: "Correspondence accuracy of each index for each hidden layer.", chart: lines),
    ]
  }
}
