// swift-tools-version: 6.0
//
// Reprise: a pure-Swift, dependency-free numerical engine for the science of
// neural-network representations. Modules are layers; each imports only the
// layers below it (see CONTRIBUTING.md, "Module map").
//
// No target carries `unsafeFlags`: a package that depends on Reprise by version
// must be able to build it. Speed flags (`-Xcc -march=native` on x86-64) are
// passed on the command line by whoever builds the root package.
import PackageDescription

// `addingProduct` lowers to a libm `fma` call when the target CPU has no FMA
// instructions enabled; link libm explicitly so such builds still link.
let linkMath: [LinkerSetting] = [.linkedLibrary("m", .when(platforms: [.linux]))]

let package = Package(
  name: "Reprise",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "Reprise", targets: ["Reprise"]),
    .library(name: "RepriseCore", targets: ["RepriseCore"]),
    .library(name: "RepriseLinalg", targets: ["RepriseLinalg"]),
    .library(name: "RepriseAutodiff", targets: ["RepriseAutodiff"]),
    .library(name: "RepriseNN", targets: ["RepriseNN"]),
    .library(name: "RepriseIO", targets: ["RepriseIO"]),
    .library(name: "RepriseMetrics", targets: ["RepriseMetrics"]),
    .library(name: "RepriseLab", targets: ["RepriseLab"]),
    .executable(name: "reprise", targets: ["reprise"]),
    .executable(name: "reprise-bench", targets: ["reprise-bench"]),
  ],
  targets: [
    // Layer 1: array type, scalars, RNG, elementary functions, parallel loops, errors.
    .target(name: "RepriseCore", linkerSettings: linkMath),
    // Layer 2: GEMM, BLAS-1/2, decompositions.
    .target(name: "RepriseLinalg", dependencies: ["RepriseCore"], linkerSettings: linkMath),
    // Layer 3: reverse-mode automatic differentiation on a tape.
    .target(name: "RepriseAutodiff", dependencies: ["RepriseCore", "RepriseLinalg"]),
    // Side module: file formats (safetensors, JSON), using Core only.
    .target(name: "RepriseIO", dependencies: ["RepriseCore"]),
    // Layer 4: layers, models, losses, optimizers, training, data sets.
    .target(name: "RepriseNN", dependencies: ["RepriseAutodiff", "RepriseIO"]),
    // Layer 5: representational similarity, alignment, collapse, geometry, Fourier.
    .target(name: "RepriseMetrics", dependencies: ["RepriseNN"]),
    // Layer 6: one experiment per paper, its claims and its figures.
    .target(name: "RepriseLab", dependencies: ["RepriseMetrics", "RepriseIO"]),
    // Umbrella: `import Reprise` gives every layer.
    .target(
      name: "Reprise",
      dependencies: [
        "RepriseCore", "RepriseLinalg", "RepriseAutodiff", "RepriseNN", "RepriseIO", "RepriseMetrics",
        "RepriseLab",
      ]),
    // Layer 7: command-line front ends.
    .executableTarget(name: "reprise", dependencies: ["Reprise"]),
    .executableTarget(
      name: "reprise-bench", dependencies: ["Reprise"], path: "Benchmarks/reprise-bench"),

    // Tests share one support library (fixture paths, ulp helpers).
    .target(
      name: "RepriseTestSupport", dependencies: ["RepriseAutodiff"], path: "Tests/RepriseTestSupport"),
    .testTarget(name: "RepriseCoreTests", dependencies: ["RepriseCore", "RepriseTestSupport"]),
    .testTarget(
      name: "RepriseLinalgTests", dependencies: ["RepriseLinalg", "RepriseTestSupport"]),
    .testTarget(
      name: "RepriseAutodiffTests", dependencies: ["RepriseAutodiff", "RepriseTestSupport"]),
    .testTarget(name: "RepriseNNTests", dependencies: ["RepriseNN", "RepriseTestSupport"]),
    .testTarget(name: "RepriseIOTests", dependencies: ["RepriseIO", "RepriseTestSupport"]),
    .testTarget(
      name: "RepriseMetricsTests", dependencies: ["RepriseMetrics", "RepriseTestSupport"]),
    .testTarget(name: "RepriseLabTests", dependencies: ["RepriseLab", "RepriseTestSupport"]),
    // Runs the built `reprise` binary (the dependency makes `swift test` build it).
    .testTarget(name: "RepriseCLITests", dependencies: ["reprise", "RepriseLab"]),
  ]
)
