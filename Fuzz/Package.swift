// swift-tools-version: 6.0
//
// libFuzzer harnesses for every Reprise reader that takes outside bytes.
// A separate package so the root package stays free of sanitizer flags:
// `Fuzz/run.sh HARNESS SECONDS` builds one harness with
// `-sanitize=fuzzer,address` and runs it on its seed corpus.
//
// The root package is a path dependency; SwiftPM names it after its folder,
// so the folder name is read here rather than assumed ("main", "Reprise", ...).
import Foundation
import PackageDescription

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let rootName = root.lastPathComponent

/// One executable per harness: `fuzz-NAME` from `Sources/fuzz-NAME/`.
func harness(_ name: String) -> Target {
  .executableTarget(
    name: "fuzz-\(name)",
    dependencies: ["FuzzDriver", .product(name: "RepriseIO", package: rootName)],
    path: "Sources/fuzz-\(name)")
}

let harnesses = [
  "npy", "npz", "inflate", "safetensors", "csv", "json", "arguments", "matrix-spec",
]

let package = Package(
  name: "RepriseFuzz",
  platforms: [.macOS(.v15)],
  dependencies: [.package(path: root.path)],
  targets: [.target(name: "FuzzDriver")] + harnesses.map(harness)
)
