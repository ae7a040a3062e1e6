import Foundation
import RepriseLab
import RepriseTestSupport
import Testing

/// Every registered experiment, at quick size with seed 0: all its claims
/// hold, and its numbers are bit-identical to the golden digest in
/// `Fixtures/golden/lab.txt` (at any thread count, in any build that CI runs).
///
/// Training even the quick experiments takes minutes in an unoptimised debug
/// build (the GEMM micro-kernels run ~50× slower), so this suite runs in
/// optimised builds: `swift test -c release -Xcc -march=native --filter
/// LabExperiments` (CI's release stage). `REPRISE_LAB_TESTS=1` forces it on
/// in a debug build.
@Suite(.enabled(if: LabTestSettings.enabled, LabTestSettings.reason))
struct LabExperimentsTests {
  static let names = Registry.experiments.map(\.name)

  @Test(arguments: names)
  func quickRunHoldsItsClaimsAndMatchesGolden(name: String) throws {
    let experiment = try #require(Registry.experiment(named: name))
    let result = try LabRunner(seed: 0, quick: true, outputFolder: nil).run(experiment)
    for claim in result.claims {
      let message: Comment =
        "\(name): claim '\(claim.id)' fails: \(claim.statement) = \(claim.value), needs \(claim.comparison.rawValue) \(claim.threshold)"
      if let reason = LabTestSettings.knownFailures["\(name)/\(claim.id)"] {
        // A claim that does not reproduce yet (see the open Lab issue): it is
        // expected to fail, and the test flags it the day it starts to hold.
        withKnownIssue(Comment(rawValue: reason)) {
          if !claim.passed { Issue.record(message) }
        }
      } else if !claim.passed {
        Issue.record(message)
      }
    }
    #expect(!result.claims.isEmpty)
    let golden = try LabTestSettings.goldenDigests()
    let expected = try #require(
      golden[name], "no golden digest for \(name); its digest is \(result.digest)")
    #expect(
      result.digest == expected,
      "\(name): numbers changed (digest \(result.digest)); if on purpose, update Fixtures/golden/lab.txt and say why"
    )
  }
}

enum LabTestSettings {
  static var enabled: Bool {
    #if DEBUG
      return ProcessInfo.processInfo.environment["REPRISE_LAB_TESTS"] == "1"
    #else
      return true
    #endif
  }

  static let reason: Comment =
    "experiments run in optimised builds: swift test -c release -Xcc -march=native --filter LabExperiments (or REPRISE_LAB_TESTS=1)"

  /// Claims ("experiment/claim-id") that do not reproduce at quick size with
  /// seed 0, and why; each is investigated in the Lab issue. Never add one
  /// to make a test pass without saying so in that issue.
  static let knownFailures: [String: String] = [
    "losses-transferability/separation-hurts-transfer":
      "every objective fits digits 0-4 (R² ≥ 0.94); Spearman +0.8 with the fixed probe, +0.6 quick / +0.2 full with the paper's cross-validated raw-feature probe; a harder source (MNIST-1D, numpy) makes softmax CE the most separated objective instead; a coarse → fine transfer task (session 8, PyTorch, 4 pairings × 3 seeds) gives −0.4 to 0.0, and ≤ −0.5 in 11 of 17 runs only with a 5-9x squared-error target, depending on the pairing",
    "losses-transferability/late-layers-differ":
      "CKA with softmax CE falls 0.087 (full 0.091) from h1 to the penultimate layer, mean over 4 objectives: cosine 0.13, squared error 0.11, label smoothing 0.09, sigmoid CE 0.02 — 5-7x the drop between two seeds of softmax CE (0.016), so the direction holds but sigmoid CE stays as close to CE as a reseeded copy; a coarse → fine task leaves it at 0.088",
    "dann/dann-separates-target":
      "target accuracy 0.78 (quick, 3 seeds; full 0.79, 5 seeds); audited (reversal sign and scale, balanced batches, schedules, d_A formula): no defect; the paper's Algorithm 1 transcribed in numpy reaches 0.80-0.90 over 3 seeds, the first author's own toy settings 0.82-0.93 over 5",
    "dann/dann-beats-source-only":
      "DANN gains 0.031 at quick size over 3 seeds (full: 0.0503, 5 seeds); the 3-seed gain over seeds 0-4 is 0.029-0.072, so the verdict depends on the seed; Algorithm 1 in numpy gains +0.03 to +0.14",
    "dann/dann-features-domain-invariant":
      "proxy A-distance DANN - source-only +0.024 at quick (3 seeds), +0.043 at full (5 seeds); the 3-seed mean over seeds 0-4 ranges -0.067 to +0.171: the one logistic domain head does not reliably make the features domain-invariant here",
    "neural-collapse-transfer/source-collapse-not-best":
      "sibling-class split: more source collapse goes with better transfer (Spearman -0.6); label smoothing 0.2 also collapses the downstream data and transfers best (numpy agrees); coarse → fine tasks (session 8, 5 groupings × 3 seeds): both claims hold in 3 of 15 runs, label smoothing is the most collapsed and the best in 9",
    "cka-layer-correspondence/linear-cka-finds-layers":
      "deep layers of this 8-hidden-layer MLP on digits look alike (full 0.26); a PyTorch rebuild agrees (0.29), batch norm does not help (0.27), the paper's Tiny-10 CNN adapted to digits gives 0.42 with BN / 0.65 without, 0.56 on MNIST-1D; a sweep of width, length, optimiser, dropout, weight decay (session 8): ReLU 0.16-0.42, ELU 0.46, tanh up to 0.76 (3-seed mean) but then mean CCA finds the layers as well or CKA stays < 0.9",
    "cka-layer-correspondence/rbf-cka-finds-layers": "same as linear CKA",
    "cka-layer-correspondence/mean-cca-markedly-lower": "follows from the low CKA accuracy",
  ]

  /// name → digest from `Fixtures/golden/lab.txt`.
  static func goldenDigests() throws -> [String: String] {
    var table: [String: String] = [:]
    for line in try FixtureFiles.text("golden/lab.txt").split(separator: "\n")
    where !line.hasPrefix("#") {
      let fields = line.split(separator: " ")
      if fields.count == 2 { table[String(fields[0])] = String(fields[1]) }
    }
    return table
  }
}
