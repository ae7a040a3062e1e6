// Fixture access and tolerance checks shared by the alignment, collapse,
// geometry, Fourier and task-diversity tests (values from
// Fixtures/scripts/make_geometry_fixtures.py).
import RepriseMetrics
import RepriseTestSupport
import Testing

enum GeoFixture {
  /// `Fixtures/metrics/<area>/<name>.npy` as a Double tensor of its shape.
  static func tensor(_ area: String, _ name: String) throws -> Tensor<Double> {
    let array = try NumpyArray.fixture("metrics/\(area)/\(name).npy")
    return try Tensor(shape: array.shape, scalars: array.doubles)
  }

  /// The values of a float fixture as an array.
  static func values(_ area: String, _ name: String) throws -> [Double] {
    try NumpyArray.fixture("metrics/\(area)/\(name).npy").doubles
  }

  /// An integer fixture (labels) as an array.
  static func integers(_ area: String, _ name: String) throws -> [Int] {
    try NumpyArray.fixture("metrics/\(area)/\(name).npy").integers
  }
}

/// Records an issue unless |a − b| ≤ tolerance·max(|b|, floor) elementwise.
func expectRelativelyClose(
  _ a: [Double], _ b: [Double], _ tolerance: Double = 1e-10, floor: Double = 1e-300,
  _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
  guard a.count == b.count else {
    Issue.record("\(what): \(a.count) values, expected \(b.count)", sourceLocation: sourceLocation)
    return
  }
  for (i, (x, y)) in zip(a, b).enumerated() where !(abs(x - y) <= tolerance * max(abs(y), floor)) {
    Issue.record(
      "\(what)[\(i)]: \(x) vs \(y) (relative \(abs(x - y) / max(abs(y), floor)))",
      sourceLocation: sourceLocation)
    return
  }
}

/// Scalar form of `expectRelativelyClose`.
func expectRelativelyClose(
  _ a: Double, _ b: Double, _ tolerance: Double = 1e-10, floor: Double = 1e-300,
  _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
  expectRelativelyClose(
    [a], [b], tolerance, floor: floor, what, sourceLocation: sourceLocation)
}
