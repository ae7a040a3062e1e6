// Loads Fixtures/metrics/similarity/similarity_cases.json, written by
// Fixtures/scripts/make_similarity_fixtures.py (an independent numpy/scipy
// implementation of every measure), and compares numbers with a relative
// tolerance.
import Foundation
import RepriseMetrics
import RepriseTestSupport
import Testing

struct SimilarityCase {
  let name: String
  let x: Tensor<Double>
  let y: Tensor<Double>
  let expected: [String: Any]

  func value(_ key: String) -> Double {
    guard let v = expected[key] as? Double else {
      Issue.record("fixture \(name) has no number '\(key)'")
      return .nan
    }
    return v
  }

  func values(_ key: String) -> [Double] {
    guard let v = expected[key] as? [Double] else {
      Issue.record("fixture \(name) has no list '\(key)'")
      return []
    }
    return v
  }

  func integers(_ key: String) -> [Int] {
    (expected[key] as? [Int]) ?? []
  }

  /// Cases in file order.
  static func all() throws -> [SimilarityCase] {
    let data = try FixtureFiles.data("metrics/similarity/similarity_cases.json")
    let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    return (root["cases"] as! [[String: Any]]).map { c in
      func tensor(_ key: String) -> Tensor<Double> {
        let t = c[key] as! [String: Any]
        let shape = t["shape"] as! [Int]
        let values = (t["data"] as! [NSNumber]).map { $0.doubleValue }
        return try! Tensor(shape: shape, scalars: values)
      }
      return SimilarityCase(
        name: c["name"] as! String, x: tensor("x"), y: tensor("y"),
        expected: c["expected"] as! [String: Any])
    }
  }

  static func named(_ name: String) throws -> SimilarityCase {
    try all().first { $0.name == name }!
  }
}

/// |a − b| ≤ relative·|b| + absolute.
func isClose(_ a: Double, _ b: Double, relative: Double = 1e-10, absolute: Double = 1e-13) -> Bool {
  abs(a - b) <= relative * abs(b) + absolute
}

func expectClose(
  _ a: Double, _ b: Double, relative: Double = 1e-10, absolute: Double = 1e-13, _ what: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    isClose(a, b, relative: relative, absolute: absolute), "\(what): got \(a), expected \(b)",
    sourceLocation: sourceLocation)
}

func expectClose(
  _ a: [Double], _ b: [Double], relative: Double = 1e-10, absolute: Double = 1e-13, _ what: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    a.count == b.count, "\(what): \(a.count) values, expected \(b.count)",
    sourceLocation: sourceLocation)
  for (u, v) in zip(a, b) {
    expectClose(u, v, relative: relative, absolute: absolute, what, sourceLocation: sourceLocation)
  }
}
