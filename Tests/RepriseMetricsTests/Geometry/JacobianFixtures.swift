// Loads Fixtures/metrics/jacobian/jacobian_cases.json, written by
// Fixtures/scripts/make_jacobian_metric_fixtures.py (a numpy network with
// hand-written forward and backward passes, no autodiff), and rebuilds each
// case's network on Reprise's tape: layers z = h·W + b, tanh or ReLU between
// them, the last layer linear. Parameters are [W₁, b₁, W₂, b₂, …] in the
// file's order (b of shape [width], broadcast over the rows).
import Foundation
import RepriseMetrics
import RepriseTestSupport
import Testing

struct JacobianCase {
  let name: String
  let activation: String
  let parameters: [Tensor<Double>]
  let inputs: Tensor<Double>
  let fields: [String: Any]

  /// The network f(x; θ) on whatever tape its arguments live on.
  func network(_ x: Variable<Double>, _ p: [Variable<Double>]) throws -> Variable<Double> {
    var h = x
    let layers = p.count / 2
    for l in 0..<layers {
      h = try h.matmul(p[2 * l]) + p[2 * l + 1]
      if l < layers - 1 { h = activation == "tanh" ? h.tanh() : h.relu() }
    }
    return h
  }

  /// The network with its parameters as constants: a function of x only.
  var inputModel: (Variable<Double>) throws -> Variable<Double> {
    let constants = parameters.map { Variable(constant: $0) }
    return { x in try network(x, constants) }
  }

  func number(_ key: String) -> Double {
    guard let v = fields[key] as? Double else {
      Issue.record("fixture \(name) has no number '\(key)'")
      return .nan
    }
    return v
  }

  func integer(_ key: String) -> Int { (fields[key] as? Int) ?? -1 }

  func integers(_ key: String) -> [Int] { (fields[key] as? [Int]) ?? [] }

  func values(_ key: String) -> [Double] {
    guard let v = fields[key] as? [NSNumber] else {
      Issue.record("fixture \(name) has no list '\(key)'")
      return []
    }
    return v.map(\.doubleValue)
  }

  func tensor(_ key: String) -> Tensor<Double> {
    guard let t = fields[key] as? [String: Any] else {
      Issue.record("fixture \(name) has no array '\(key)'")
      return try! Tensor(shape: [0], scalars: [])
    }
    return Self.decode(t)
  }

  func tensors(_ key: String) -> [Tensor<Double>] {
    ((fields[key] as? [[String: Any]]) ?? []).map(Self.decode)
  }

  static func decode(_ t: [String: Any]) -> Tensor<Double> {
    let shape = t["shape"] as! [Int]
    let values = (t["data"] as! [NSNumber]).map(\.doubleValue)
    return try! Tensor(shape: shape, scalars: values)
  }

  /// The cases of one metric ("ntk", "geometric_complexity",
  /// "transverse_variation", "task2vec"), in file order.
  static func all(_ metric: String) throws -> [JacobianCase] {
    let data = try FixtureFiles.data("metrics/jacobian/jacobian_cases.json")
    let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    let cases = try #require(root[metric] as? [[String: Any]], "no '\(metric)' cases")
    return cases.map { c in
      let model = c["model"] as! [String: Any]
      return JacobianCase(
        name: c["name"] as! String, activation: model["activation"] as! String,
        parameters: (model["parameters"] as! [[String: Any]]).map(decode),
        inputs: decode(c["inputs"] as! [String: Any]), fields: c)
    }
  }
}
