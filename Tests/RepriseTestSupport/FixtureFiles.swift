// Locates files under the package's top-level `Fixtures/` folder from a test,
// whatever the working directory: the path is derived from this source file's
// own location (`Tests/RepriseTestSupport/FixtureFiles.swift`).
import Foundation

public enum FixtureFiles {
  /// The package root: two levels above this file's folder.
  public static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // RepriseTestSupport
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // package root

  /// `Fixtures/<relative>` as a file URL.
  public static func url(_ relative: String) -> URL {
    root.appendingPathComponent("Fixtures").appendingPathComponent(relative)
  }

  /// The whole file as bytes; a missing fixture is a test failure, not a skip.
  public static func data(_ relative: String) throws -> Data {
    try Data(contentsOf: url(relative))
  }

  /// The whole file as UTF-8 text.
  public static func text(_ relative: String) throws -> String {
    String(decoding: try data(relative), as: UTF8.self)
  }
}
