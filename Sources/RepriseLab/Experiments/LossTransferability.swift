// Better losses, less transferable features (Kornblith, Chen, Lee, Norouzi,
// NeurIPS 2021; papers.md §4).
//
// The claim: objectives that give better accuracy on the pre-training task
// (label smoothing, sigmoid cross-entropy, cosine softmax, squared error, …)
// do so by separating the classes more in the penultimate layer — higher
// class separation R² = 1 − d̄_within/d̄_total with cosine distances
// (ClassSeparation.swift) — and that separation throws away information
// other tasks need, so a linear probe on the frozen features transfers
// worse as R² rises. Networks trained with different losses agree (high
// CKA) in their early layers and differ only near the output.
//
// Experiment (papers.md §4, minimal version): digits (pixels in [0, 1],
// centred with the source-training means). Source task: classes 0–4, 600
// training examples, the rest for testing. For each objective — softmax
// cross-entropy, label smoothing α = 0.1, sigmoid cross-entropy, cosine
// softmax τ = 0.25 (CosineClassifier; see "Temperature" below), squared
// error (κ = 1) — an MLP 64→256→256→128 (ReLU) with a 128→5 head (dense, or
// cosine) is trained with Adam (lr 1e-3, batch 64) for the same number of
// epochs from its own initialisation. We measure the source test accuracy,
// R² of the 128-d penultimate (post-ReLU) features on the source test set,
// and transfer: a linear probe (LinearProbe.swift, λ = 0.1 on standardised
// features, fixed in advance) on the frozen penultimate features of classes
// 5–9 with 20 labelled examples per class, scored on all remaining 5–9
// examples. Linear CKA between the cross-entropy network and each other
// network is computed layer by layer on the source test inputs. Cosine
// softmax is also trained at τ = 0.05, 0.1 and 0.5 (same initialisation as
// the main one) to show how its temperature moves R² and transfer (metrics
// and a figure, no claim). Networks train in Float; metrics are computed in
// Double. Quick size: 25 epochs, one seed; full: 60 epochs, results averaged
// over 2 seeds (each seed re-draws every initialisation, the source split
// and the probe's labelled examples). Per seed, one more softmax-CE network
// from another initialisation gives the seed-to-seed CKA baseline (metrics
// and figure, no claim; see (3) below).
//
// Temperature (issue 6 audit; a calibration of the setting, not of a
// threshold). The paper's τ = 0.05 was chosen for 1000 ImageNet classes.
// What matters to the loss is the logit scale 1/τ against log(K − 1): the
// softmax saturates (and stops pulling examples towards their class weight)
// once the cosine margin reaches about τ·log(K − 1). Keeping that ratio for
// K = 5 gives τ = 0.05·log 999/log 4 ≈ 0.25 (scale 4 instead of 20). With
// τ = 0.05 and 5 classes the loss saturates early and cosine softmax had the
// *lowest* R² (quick 0.82) and the best probe (0.90) — the anomaly reported
// in issue 6. The sweep (quick, seed 0) shows R² rising and transfer
// falling monotonically with τ: τ = 0.05/0.1/0.25/0.5 → R² 0.82/0.93/0.99/
// 0.99, probe 0.90/0.87/0.83/0.79 (Spearman −1 within cosine softmax, the
// paper's separation/transfer trade-off inside one objective). An
// independent numpy implementation of the whole experiment (own MLP,
// backprop, Adam, cosine head, R², probe; 2 seeds) gives the same pattern
// (τ = 0.05: R² 0.84/0.87, probe 0.90/0.85; τ = 0.25: R² 0.99/0.97, probe
// 0.83/0.77) and the same R² order for the other objectives, so the anomaly
// was the setting, not a defect in CosineClassifier, ClassSeparation or the
// probe (their unit tests check them against a direct cosine computation
// with finite-difference gradients, reference values and scipy). Note that we sweep τ upward
// because a *large* logit scale is what stops collapse: a small scale keeps
// the loss from saturating and collapses classes further.
//
// Results (seed 0, quick): softmax CE now has the lowest R² (0.942; next
// sigmoid CE 0.956, label smoothing 0.969, squared error 0.975, cosine
// softmax 0.985 — the paper's order except that cosine and squared error
// swap), so that claim holds. The transfer claim does not: all objectives
// fit digits 0–4 and every R² is ≥ 0.94 (the paper's range is 0.35–0.85),
// and across objectives the probe favours the more separated features —
// Spearman(R², probe) = +0.8 (softmax CE probe 0.74, squared error 0.83).
// How the probe reads the features matters in this regime (numpy, 2 seeds):
// on standardised features Spearman is +0.6…+0.9 for λ from 1e-3 to 1, on
// raw features −0.1…−0.9, on unit-normalised rows or with 1-NN +0.2…+1.0;
// we keep the probe fixed in advance (standardised, λ = 0.1). CKA: h1 0.98,
// penultimate 0.89, a drop of 0.087 (< 0.1). Earlier, with τ = 0.05: the
// claims gave Spearman −0.10 at E = 25 (−0.90 only at E = 2 with an
// under-trained sigmoid network; −0.40/−0.10 at E = 4/8), cosine lowest R²
// at every length. Full size (60 epochs, 2 seeds) agrees: R² softmax CE
// 0.930 (lowest ✓), sigmoid 0.944, label smoothing 0.968, squared error
// 0.969, cosine 0.976; Spearman(R², probe) +0.8 ✗; cosine sweep τ = 0.05/
// 0.1/0.25/0.5 → R² 0.84/0.94/0.98/0.98, probe 0.87/0.83/0.77/0.71
// (Spearman −0.8); CKA h1 0.978, drop 0.091 ✗. A harder source task (so
// that softmax CE's penultimate layer stays far from collapse) is what is
// left to try.
//
// Audit, session 6 (nothing calibrated; claims, thresholds and the claim's
// probe unchanged).
// (1) The probe. The paper's transfer probe is L2-penalised multinomial
// logistic regression on the penultimate features with λ chosen on held-out
// data; to our reading it describes no feature standardisation. That
// protocol is `paperProbe` (ValidatedLinearProbe.swift: raw features, λ from
// 1e-4…10 by 4-fold stratified cross-validation on the 100 labelled
// examples, then refit). Quick, seed 0: it selects the smallest λ of the
// grid for every objective (a grid down to 1e-6 selects 1e-6: the probe
// wants almost no penalty) and raises every probe accuracy (softmax CE
// 0.744 → 0.817, squared error 0.832 → 0.867), but Spearman(R², probe)
// stays positive: +0.6 (+0.8 with the 1e-6 grid), against +0.8 for the
// fixed probe. An independent numpy probe on numpy-trained features agrees
// (cross-validated λ: raw +0.1, standardised +0.6). So the sign is not an
// artefact of the probe. The cross-validation costs 25 fits per network
// (quick CPU 4.7 s → 16.2 s, over the 10 s budget), so it runs at full size
// only, on the five objectives, as metrics (`*.paper_probe_accuracy`,
// `spearman_r2_paper_probe`); the claims keep the probe fixed in advance.
// Full size, 2 seeds: it selects λ = 1e-4 or 1e-3, probe accuracies 0.74
// (sigmoid) to 0.85 (squared error), Spearman(R², probe) = +0.2 (fixed
// probe +0.8); the full run took 47.7 s of CPU on the loaded machine
// (≈ 17 s before), within the 60 s budget.
// (2) A harder source task (numpy re-implementation, MNIST-1D classes 0–4 →
// 5–9, 2000 source training examples, same MLP, losses and τ). The source
// task is no longer solved (test accuracy 0.66–0.77) and test R² falls into
// the paper's range (0.49–0.76), but softmax CE then has the *highest* R²
// rather than the lowest (seed 0, 25 epochs: 0.72 vs cosine 0.53, squared
// error 0.60; seed 1: 0.70 vs 0.53, 0.63; 10 epochs: 0.76 vs 0.49, 0.59),
// and Spearman(R², probe) is positive for every probe we tried (fixed
// standardised +0.6/+0.6, cross-validated raw +0.1/+0.7 at 25/10 epochs).
// Cosine softmax there has the lowest R² *and* the worst probe. Not adopted:
// it would break the claim that holds (softmax-lowest-r2) without moving the
// one that fails. Within one objective the paper's trade-off shows at every
// size we ran: cosine softmax across τ gives Spearman(R², probe) = −1
// (metric `spearman_r2_probe_cosine_temperatures`), with either probe.
//
// (3) late-layers-differ (session 7; claim and threshold unchanged). Which
// objectives drive the CKA drop, and is it more than seed noise? A seed
// baseline is now trained and recorded (metrics `*.softmax_reseeded.*`): a
// second softmax-CE network from another initialisation and batch order,
// compared with the first layer by layer (dashed line in the CKA figure).
// CKA(softmax CE, ·) at h1 / h2 / penultimate, quick (seed 0) | full (mean
// of 2 seeds):
//   label smoothing  0.977 / 0.947 / 0.885 | 0.977 / 0.953 / 0.899
//   sigmoid CE       0.992 / 0.987 / 0.972 | 0.990 / 0.987 / 0.956
//   cosine softmax   0.973 / 0.938 / 0.844 | 0.971 / 0.937 / 0.814
//   squared error    0.973 / 0.925 / 0.865 | 0.974 / 0.948 / 0.879
//   softmax CE, other seed 0.992 / 0.986 / 0.977 | 0.991 / 0.986 / 0.977
// Drop h1 → penultimate: cosine 0.13 | 0.16, squared error 0.11 | 0.10,
// label smoothing 0.09 | 0.08, sigmoid 0.02 | 0.03; mean 0.087 | 0.091;
// seed baseline 0.016 | 0.014. So the objectives do differ near the
// output, five to seven times more than two seeds of one objective, in the
// paper's direction; the mean misses the [guess] 0.1 because sigmoid CE
// stays almost as close to softmax CE as a re-seeded softmax CE (its drop
// is about twice the seed baseline's), while cosine softmax and squared
// error alone pass 0.1. Against papers.md §4: CKA(CE, other) ≥ 0.9 in the
// first hidden layer holds for every objective (≥ 0.97); "lower in the
// penultimate layer" holds for every objective; only the size of the mean
// drop is short. Known differences from the paper that plausibly shrink it
// (not measured here): the paper compares ResNet-50s on ImageNet, where
// the "early" and "late" layers are dozens of layers apart, while here the
// penultimate layer is two layers above h1; and our source task is nearly
// solved by every objective (R² ≥ 0.94), so the penultimate layers have
// less room to differ. No defect found: CKA of a network with itself is 1
// at every layer (`*.softmax.softmax.*` metrics), and the seed baseline is
// close to 1 as expected for the same objective.
//
// Tried (session 8): coarse → fine transfer, not adopted (nothing here
// changed; claims, thresholds, probe and design as above). The paper's
// mechanism is that more separated features drop the information the
// source labels do not ask for; digits 5–9 may not need such information.
// So the source task merged digits into 5 coarse classes and the probe
// asked for the 10 fine digits of held-out images, which needs exactly the
// within-class distinctions the source never rewarded. Prototype (PyTorch,
// same MLP, objectives, τ = 0.25, Adam 1e-3, batch 64, centring, R², CKA;
// probe = the fixed one re-implemented: standardised, λ = 0.1, L-BFGS):
// all 1797 digits permuted per seed, 600 source-training images with coarse
// labels, 400 source-test images (R², CKA, coarse accuracy), the remaining
// 797 for the probe (20 per fine digit, the rest scored). On the old split
// it reproduces this file (seed 0: R² 0.94–0.97, Spearman +0.8, CKA drop
// 0.092). Pairing fixed in advance: consecutive digits {0,1} {2,3} {4,5}
// {6,7} {8,9} (no visual reasoning); robustness checked with {d, d+5}, a
// random pairing {2,9} {0,7} {3,4} {1,8} {5,6} and a deliberately
// confusable one {3,8} {4,9} {1,7} {5,6} {0,2}. 25 epochs, seeds 0/1/2:
//   Spearman(R², probe)  consecutive −0.1/−0.1/−0.1, d+5 0.0/−0.1/−0.4,
//   random −0.2/−0.2/−0.1, confusable −0.2/−0.1/−0.3; 60 epochs
//   (consecutive, seeds 0/1) −0.15/−0.2. Never ≤ −0.5 in 14 runs.
// Mean over 3 seeds (consecutive, 25 epochs), R² → probe: softmax CE
// 0.822 → 0.862, label smoothing 0.884 → 0.890, sigmoid CE 0.845 → 0.849,
// cosine softmax 0.909 → 0.761, squared error 0.899 → 0.929. So the
// source task is no longer trivial (R² 0.79–0.92, in the paper's range;
// coarse accuracy 0.95–0.98) and softmax CE keeps the lowest R² in every run
// (margin +0.013…+0.042), but only cosine softmax shows the trade-off:
// squared error and label smoothing separate the coarse classes nearly as
// much and transfer *best*. The probe on the discarded information alone
// (the two digits of each test image's own coarse class) orders the
// objectives the same way (consecutive, 3 seeds: squared error 0.92–0.99,
// cosine 0.76–0.80).
// Within cosine softmax the trade-off is strong (τ = 0.05/0.1/0.25/0.5 →
// R² 0.63/0.79/0.90/0.92, probe 0.97/0.95/0.79/0.64, seed 0). Raw-feature
// probe (λ = 1e-3) gives the same picture (−0.05…−0.2). CKA drop h1 →
// penultimate 0.072–0.133 (mean 0.088 over the 14 runs, ≥ 0.1 in one), no
// better than the old split.
// Squared error with a larger target scale κ (the paper's squared error
// scales its one-hot target; a setting tried here, not adopted): κ = 5 or 9
// makes squared error the most separated objective (R² 0.91–0.94) with
// probe 0.75–0.86. Coarse → fine, 25 epochs, seeds 0/1/2: consecutive
// −0.6/−0.6/−0.6 (κ = 9 the same), d+5 −0.1/−0.3/−0.9, random −0.6/−0.6/
// +0.1, confusable −0.3/−0.1/−0.5; 60 epochs (consecutive, seeds 0/1)
// −0.56/−0.3; with the raw-feature probe −0.3…+0.3. On digits 0–4 → 5–9
// κ = 5 leaves Spearman at +0.6/+0.8/+0.8. So ≤ −0.5 in 11 of 17
// coarse → fine runs (7 of the 8 with the consecutive pairing, 4 of the 9
// with the others), hanging on the pairing and on one rank swap, and only
// under the standardised probe: not a robust effect, which is why it was
// not ported. (The paper does scale the squared-error target, but for its
// 1000 ImageNet classes; we did not find its value for few classes, and
// unlike τ above, which follows a rule fixed before the runs, a κ for 5
// classes would now be picked with the claim's outcome in view.)
// The prototype (a re-implementation of this file in PyTorch with a scipy
// L-BFGS probe; ≈ 15 s of CPU per seed and design) is
// Fixtures/scripts/investigations/losses_coarse_fine.py, e.g.
// `python3 losses_coarse_fine.py consecutive 25 0,1,2`; the κ rows set
// the environment variable KAPPA (default 1).
//
// Claims:
// - Spearman(R², probe accuracy) over the objectives ≤ −0.5 ([paper]
//   direction < 0; [guess] −0.5 threshold from papers.md, not calibrated);
// - softmax cross-entropy has the lowest R² of all objectives ([paper]);
// - mean CKA(CE, other) in the first hidden layer ≥ 0.9 ([guess], papers.md);
// - first-layer minus penultimate-layer mean CKA ≥ 0.1 ([guess], papers.md).

public struct LossTransferabilityExperiment: Experiment {
  public init() {}

  public let name = "losses-transferability"
  public let paper = PaperReference(
    authors: "Kornblith, Chen, Lee, Norouzi",
    title: "Why Do Better Loss Functions Lead to Less Transferable Features?",
    venue: "NeurIPS", year: 2021, identifier: "arXiv:2010.16402")
  public let summary =
    "objectives that separate source classes more (higher penultimate R²) give frozen features that transfer worse to new classes"

  /// The training objectives compared.
  enum Objective: String, CaseIterable {
    case softmax = "softmax CE"
    case labelSmoothing = "label smoothing 0.1"
    case sigmoid = "sigmoid CE"
    case cosine = "cosine softmax"
    case squaredError = "squared error"

    var key: String {
      switch self {
      case .softmax: "softmax"
      case .labelSmoothing: "label_smoothing"
      case .sigmoid: "sigmoid"
      case .cosine: "cosine_softmax"
      case .squaredError: "squared_error"
      }
    }
  }

  static let layerNames = ["h1", "h2", "penultimate"]
  static let sourceClasses = [0, 1, 2, 3, 4]
  static let targetClasses = [5, 6, 7, 8, 9]
  static let probeLabelsPerClass = 20
  static let probePenalty = 0.1
  /// The paper's probe protocol (raw features, λ chosen by cross-validation
  /// on the probe's training examples), run at full size on the five
  /// objectives as a check of how the probe reads the features (metrics
  /// only; see the header).
  static let paperProbe = ValidatedLinearProbe(
    penalties: [1e-4, 1e-3, 1e-2, 1e-1, 1, 10], folds: 4,
    probe: LinearProbe(standardizesFeatures: false))
  /// Cosine-softmax temperature of the comparison (see the header): the
  /// paper's τ = 0.05 for 1000 classes, rescaled to 5 classes.
  static let cosineTemperature = 0.25
  /// Extra cosine-softmax temperatures trained for the temperature sweep.
  static let sweepTemperatures = [0.05, 0.1, 0.5]
  /// Init stream offset of the seed-baseline CE network (the objectives use
  /// offsets 0–4, their batch orders 50–54).
  static let reseededStreamOffset = 10

  /// What one trained network gives.
  struct Trained {
    var sourceAccuracy: Double
    var rSquared: Double
    var probeAccuracy: Double
    /// The paper-protocol probe's accuracy and selected λ (full size only).
    var paperProbe: (accuracy: Double, penalty: Double)?
    /// Hidden representations of the source test inputs (h1, h2, penultimate).
    var layers: [Tensor<Float>]
  }

  public func run(_ context: ExperimentContext) throws -> ExperimentOutcome {
    let epochs = context.size(quick: 25, full: 60)
    let seeds = context.size(quick: 1, full: 2)
    let digits = try Digits.load(Float.self)
    var metrics = MetricTable()
    let objectives = Objective.allCases
    var rSquared = [Double](repeating: 0, count: objectives.count)
    var probe = rSquared
    var paperProbe = rSquared
    var sourceAccuracy = rSquared
    // ckaSums[o][l]: CKA(CE network, objective o) at layer l, summed over seeds.
    var ckaSums = [[Double]](
      repeating: [Double](repeating: 0, count: Self.layerNames.count), count: objectives.count)
    // Seed baseline: CKA(CE network, CE network from another initialisation
    // and batch order) at each layer, summed over seeds.
    var reseededSums = [Double](repeating: 0, count: Self.layerNames.count)
    // sweep[t]: (R², probe) of cosine softmax at sweepTemperatures[t], mean over seeds.
    var sweepRSquared = [Double](repeating: 0, count: Self.sweepTemperatures.count)
    var sweepProbe = sweepRSquared
    let cosineIndex = objectives.firstIndex(of: .cosine)!
    for seed in 0..<seeds {
      let data = try prepare(digits, context: context, seed: seed)
      var trained: [Trained] = []
      for (index, objective) in objectives.enumerated() {
        context.progress("seed \(seed): training with \(objective.rawValue)")
        let result = try train(
          objective, data: data, epochs: epochs, context: context,
          initStream: UInt64(1000 + 100 * seed + index), temperature: Self.cosineTemperature,
          runsPaperProbe: !context.quick)
        trained.append(result)
        let prefix = "seed\(seed).\(objective.key)"
        metrics["\(prefix).source_accuracy"] = result.sourceAccuracy
        metrics["\(prefix).r2"] = result.rSquared
        metrics["\(prefix).probe_accuracy"] = result.probeAccuracy
        sourceAccuracy[index] += result.sourceAccuracy / Double(seeds)
        rSquared[index] += result.rSquared / Double(seeds)
        probe[index] += result.probeAccuracy / Double(seeds)
        if let paper = result.paperProbe {
          metrics["\(prefix).paper_probe_accuracy"] = paper.accuracy
          metrics["\(prefix).paper_probe_penalty"] = paper.penalty
          paperProbe[index] += paper.accuracy / Double(seeds)
        }
      }
      for (t, temperature) in Self.sweepTemperatures.enumerated() {
        context.progress("seed \(seed): cosine softmax at τ = \(temperature)")
        // Same initialisation stream as the main cosine-softmax network.
        let result = try train(
          .cosine, data: data, epochs: epochs, context: context,
          initStream: UInt64(1000 + 100 * seed + cosineIndex), temperature: temperature)
        metrics["seed\(seed).cosine_tau\(temperature).r2"] = result.rSquared
        metrics["seed\(seed).cosine_tau\(temperature).probe_accuracy"] = result.probeAccuracy
        sweepRSquared[t] += result.rSquared / Double(seeds)
        sweepProbe[t] += result.probeAccuracy / Double(seeds)
      }
      context.progress("seed \(seed): softmax CE from another initialisation (seed baseline)")
      let reseeded = try train(
        .softmax, data: data, epochs: epochs, context: context,
        initStream: UInt64(1000 + 100 * seed + Self.reseededStreamOffset),
        temperature: Self.cosineTemperature)
      for layer in Self.layerNames.indices {
        let cka = Double(try CKA.linear(trained[0].layers[layer], reseeded.layers[layer]))
        reseededSums[layer] += cka
        metrics["seed\(seed).cka.softmax.softmax_reseeded.\(Self.layerNames[layer])"] = cka
      }
      for index in objectives.indices {
        for layer in Self.layerNames.indices {
          let cka = Double(try CKA.linear(trained[0].layers[layer], trained[index].layers[layer]))
          ckaSums[index][layer] += cka
          metrics["seed\(seed).cka.softmax.\(objectives[index].key).\(Self.layerNames[layer])"] =
            cka
        }
      }
    }
    let cka = ckaSums.map { $0.map { $0 / Double(seeds) } }
    for (index, objective) in objectives.enumerated() {
      metrics["mean.\(objective.key).source_accuracy"] = sourceAccuracy[index]
      metrics["mean.\(objective.key).r2"] = rSquared[index]
      metrics["mean.\(objective.key).probe_accuracy"] = probe[index]
    }
    let others = 1..<objectives.count
    let meanCKA = Self.layerNames.indices.map { layer in
      others.map { cka[$0][layer] }.reduce(0, +) / Double(others.count)
    }
    let reseededCKA = reseededSums.map { $0 / Double(seeds) }
    for (layer, name) in Self.layerNames.enumerated() {
      metrics["mean.cka_with_softmax.\(name)"] = meanCKA[layer]
      metrics["mean.cka_softmax_reseeded.\(name)"] = reseededCKA[layer]
    }
    let spearman = try RankCorrelation.spearman(rSquared, probe)
    metrics["spearman_r2_probe"] = spearman
    if !context.quick {
      for (index, objective) in objectives.enumerated() {
        metrics["mean.\(objective.key).paper_probe_accuracy"] = paperProbe[index]
      }
      metrics["spearman_r2_paper_probe"] = try RankCorrelation.spearman(rSquared, paperProbe)
    }
    // The temperature sweep, with the main τ in its place (ascending τ).
    var sweep = zip(Self.sweepTemperatures, zip(sweepRSquared, sweepProbe)).map {
      (temperature: $0, rSquared: $1.0, probe: $1.1)
    }
    sweep.append((Self.cosineTemperature, rSquared[cosineIndex], probe[cosineIndex]))
    sweep.sort { $0.temperature < $1.temperature }
    for point in sweep {
      metrics["mean.cosine_tau\(point.temperature).r2"] = point.rSquared
      metrics["mean.cosine_tau\(point.temperature).probe_accuracy"] = point.probe
    }
    metrics["spearman_r2_probe_cosine_temperatures"] = try RankCorrelation.spearman(
      sweep.map(\.rSquared), sweep.map(\.probe))
    let lowestOther = others.map { rSquared[$0] }.min()!
    let claims = [
      Claim(
        id: "separation-hurts-transfer",
        statement: "Spearman correlation of penultimate R² and probe accuracy across objectives",
        value: spearman, .atMost, -0.5,
        provenance: "[paper] direction < 0; [guess] threshold −0.5 (papers.md §4)"),
      Claim(
        id: "softmax-lowest-r2",
        statement: "lowest R² of the other objectives − R² of softmax cross-entropy",
        value: lowestOther - rSquared[0], .greaterThan, 0,
        provenance: "[paper] softmax CE has the lowest R² (≈ 0.35 on ImageNet)"),
      Claim(
        id: "early-layers-agree",
        statement: "mean CKA(softmax CE, other objective) in the first hidden layer",
        value: meanCKA[0], .atLeast, 0.9, provenance: "[guess] papers.md §4"),
      Claim(
        id: "late-layers-differ",
        statement: "mean CKA with softmax CE: first hidden layer − penultimate layer",
        value: meanCKA[0] - meanCKA[meanCKA.count - 1], .atLeast, 0.1,
        provenance: "[guess] papers.md §4"),
    ]
    return ExperimentOutcome(
      claims: claims, metrics: metrics,
      figures: try figures(
        objectives: objectives, rSquared: rSquared, probe: probe, sourceAccuracy: sourceAccuracy,
        cka: cka, reseededCKA: reseededCKA, sweep: sweep))
  }

  /// Source train/test and probe train/test sets for one seed.
  struct Splits {
    var sourceTrain: LabeledDataset<Float>
    var sourceTest: LabeledDataset<Float>
    var probeTrain: LabeledDataset<Float>
    var probeTest: LabeledDataset<Float>
  }

  func prepare(_ digits: LabeledDataset<Float>, context: ExperimentContext, seed: Int) throws
    -> Splits
  {
    var splitStream = context.stream(UInt64(10 + seed))
    let source = try digits.restricted(toClasses: Self.sourceClasses)
    let (rawTrain, rawTest) = try source.split(trainCount: 600, using: &splitStream)
    // Centre every input with the source-training pixel means.
    let means = try FeatureMatrix.columnMeans(rawTrain.features)
    func centred(_ set: LabeledDataset<Float>) throws -> LabeledDataset<Float> {
      let p = means.count
      var scalars = set.features.scalars
      for index in scalars.indices { scalars[index] -= means[index % p] }
      return try LabeledDataset(
        features: Tensor(shape: set.features.shape, scalars: scalars), labels: set.labels,
        classCount: set.classCount)
    }
    let target = try centred(try digits.restricted(toClasses: Self.targetClasses))
    var probeStream = context.stream(UInt64(20 + seed))
    let order = try probeStream.permutation(target.count)
    var taken = [Int](repeating: 0, count: target.classCount)
    var trainIndices: [Int] = []
    var testIndices: [Int] = []
    for index in order {
      let label = target.labels[index]
      if taken[label] < Self.probeLabelsPerClass {
        taken[label] += 1
        trainIndices.append(index)
      } else {
        testIndices.append(index)
      }
    }
    return Splits(
      sourceTrain: try centred(rawTrain), sourceTest: try centred(rawTest),
      probeTrain: try target.subset(trainIndices), probeTest: try target.subset(testIndices))
  }

  /// Trains one network with `objective` and measures it.
  func train(
    _ objective: Objective, data: Splits, epochs: Int, context: ExperimentContext,
    initStream: UInt64, temperature: Double, runsPaperProbe: Bool = false
  ) throws -> Trained {
    var random = context.stream(initStream)
    var store = ParameterStore<Float>()
    let body = try MLP(widths: [64, 256, 256, 128], store: &store, random: &random)
    let classes = Self.sourceClasses.count
    let dense =
      objective == .cosine
      ? nil : try Dense("head", inputs: 128, outputs: classes, store: &store, random: &random)
    let cosine =
      objective == .cosine
      ? try CosineClassifier(
        "cosine", inputs: 128, classes: classes, temperature: temperature, store: &store,
        random: &random)
      : nil
    func network(_ x: Variable<Float>, _ parameters: BoundParameters<Float>) throws -> (
      logits: Variable<Float>, layers: [Variable<Float>]
    ) {
      let (output, hidden) = try body.forward(x, parameters)
      let penultimate = output.relu()
      let logits =
        try cosine.map { try $0(penultimate, parameters) } ?? dense!(penultimate, parameters)
      return (logits, hidden + [penultimate])
    }
    var trainer = Trainer(optimizer: Adam<Float>(learningRate: 1e-3), batchSize: 64)
    trainer.showsProgress = false
    var shuffle = context.stream(initStream + 50)
    _ = try trainer.fit(&store, data: data.sourceTrain, epochs: epochs, random: &shuffle) {
      parameters, x, labels in
      let logits = try network(x, parameters).logits
      switch objective {
      case .softmax, .cosine: return try Loss.softmaxCrossEntropy(logits, labels: labels)
      case .labelSmoothing:
        return try Loss.softmaxCrossEntropy(logits, labels: labels, labelSmoothing: 0.1)
      case .sigmoid: return try Loss.sigmoidCrossEntropy(logits, labels: labels)
      case .squaredError: return try Loss.squaredError(logits, labels: labels)
      }
    }
    let constants = store.constants()
    let source = try network(Variable(constant: data.sourceTest.features), constants)
    let sourceAccuracy = try accuracy(source.logits.value, labels: data.sourceTest.labels)
    let layers = source.layers.map(\.value)
    let rSquared = try ClassSeparation.rSquared(
      features: layers[layers.count - 1], labels: data.sourceTest.labels, classCount: classes)
    let probeTrain = try network(Variable(constant: data.probeTrain.features), constants).layers
      .last!.value
    let probeTest = try network(Variable(constant: data.probeTest.features), constants).layers
      .last!.value
    let evaluation = try LinearProbe(penalty: Self.probePenalty).evaluate(
      train: probeTrain, trainLabels: data.probeTrain.labels, test: probeTest,
      testLabels: data.probeTest.labels, classCount: Self.targetClasses.count)
    let paper =
      try runsPaperProbe
      ? Self.paperProbe.evaluate(
        train: probeTrain, trainLabels: data.probeTrain.labels, test: probeTest,
        testLabels: data.probeTest.labels, classCount: Self.targetClasses.count) : nil
    return Trained(
      sourceAccuracy: sourceAccuracy, rSquared: rSquared,
      probeAccuracy: evaluation.testAccuracy,
      paperProbe: paper.map { ($0.evaluation.testAccuracy, $0.penalty) }, layers: layers)
  }

  func figures(
    objectives: [Objective], rSquared: [Double], probe: [Double], sourceAccuracy: [Double],
    cka: [[Double]], reseededCKA: [Double],
    sweep: [(temperature: Double, rSquared: Double, probe: Double)]
  ) throws -> [LabFigure] {
    var scatter = Chart(
      title: "Class separation vs transfer",
      xLabel: "penultimate-layer class separation R² (source)",
      yLabel: "linear-probe accuracy on digits 5–9")
    scatter.legendPosition = .topRight
    for (index, objective) in objectives.enumerated() {
      scatter.scatter(
        objective.rawValue, x: [rSquared[index]], y: [probe[index]], color: Color.series(index),
        radius: 5)
    }
    var bars = Chart(
      title: "Source accuracy and transfer by objective", xLabel: "training objective",
      yLabel: "accuracy")
    bars.yRange = 0...1
    bars.legendPosition = .bottomRight
    bars.bars(
      categories: objectives.map(\.rawValue),
      series: [
        BarSeries("source test accuracy (digits 0–4)", values: sourceAccuracy),
        BarSeries("probe accuracy (digits 5–9)", values: probe),
        BarSeries("penultimate R²", values: rSquared),
      ])
    var layers = Chart(
      title: "Similarity to the softmax cross-entropy network",
      xLabel: "layer (1 = h1, 3 = penultimate)",
      yLabel: "linear CKA with softmax CE")
    layers.yRange = 0...1
    layers.legendPosition = .bottomLeft
    for index in 1..<objectives.count {
      layers.line(
        objectives[index].rawValue, x: [1, 2, 3], y: cka[index], color: Color.series(index),
        markers: true)
    }
    layers.line(
      "softmax CE, other seed", x: [1, 2, 3], y: reseededCKA, color: .black, dashed: true,
      markers: true)
    var temperatures = Chart(
      title: "Cosine softmax: temperature trades separation for transfer",
      xLabel: "temperature τ", yLabel: "value", xScale: .log)
    temperatures.yRange = 0...1
    temperatures.legendPosition = .bottomLeft
    temperatures.line(
      "penultimate R² (source)", x: sweep.map(\.temperature), y: sweep.map(\.rSquared),
      color: Color.series(0), markers: true)
    temperatures.line(
      "probe accuracy (digits 5–9)", x: sweep.map(\.temperature), y: sweep.map(\.probe),
      color: Color.series(1), markers: true)
    return [
      try LabFigure(
        name: "separation-vs-transfer",
        caption:
          "Each point is one training objective: class separation R² of its penultimate features on source test data against the accuracy of a linear probe on the frozen features for unseen classes (mean over seeds).",
        chart: scatter),
      try LabFigure(
        name: "accuracy-by-objective",
        caption:
          "Source test accuracy, transfer accuracy of the frozen penultimate features and their class separation R², per objective.",
        chart: bars),
      try LabFigure(
        name: "cka-by-layer",
        caption:
          "Linear CKA between the network trained with softmax cross-entropy and each other network, layer by layer, on source test inputs; dashed: the same objective (softmax CE) trained from another initialisation and batch order, the seed-to-seed baseline.",
        chart: layers),
      try LabFigure(
        name: "cosine-temperature",
        caption:
          "Cosine softmax trained at several temperatures τ (logit scale 1/τ): class separation R² of the penultimate layer and linear-probe accuracy on unseen classes (mean over seeds).",
        chart: temperatures),
    ]
  }
}
