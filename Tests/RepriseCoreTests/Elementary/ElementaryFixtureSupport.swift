// Shared helpers for the elementary-function tests: fixture loading and the
// function tables the parameterised tests run over.
import Foundation
import RepriseCore
import RepriseTestSupport

/// The function names, in the order of Fixtures/elementary/<name>_<type>.bin.
let elementaryNames = [
  "exp", "expm1", "log", "log1p", "tanh", "sigmoid", "softplus", "sin", "cos", "erf",
]

func scalarDouble(_ name: String) -> (Double) -> Double {
  switch name {
  case "exp": return Double.exp
  case "expm1": return Double.expm1
  case "log": return Double.log
  case "log1p": return Double.log1p
  case "tanh": return Double.tanh
  case "sigmoid": return Double.sigmoid
  case "softplus": return Double.softplus
  case "sin": return Double.sin
  case "cos": return Double.cos
  case "erf": return Double.erf
  default: fatalError("unknown function \(name)")
  }
}

func scalarFloat(_ name: String) -> (Float) -> Float {
  switch name {
  case "exp": return Float.exp
  case "expm1": return Float.expm1
  case "log": return Float.log
  case "log1p": return Float.log1p
  case "tanh": return Float.tanh
  case "sigmoid": return Float.sigmoid
  case "softplus": return Float.softplus
  case "sin": return Float.sin
  case "cos": return Float.cos
  case "erf": return Float.erf
  default: fatalError("unknown function \(name)")
  }
}

func arrayDouble(_ name: String) -> ([Double]) -> [Double] {
  switch name {
  case "exp": return Elementary.exp
  case "expm1": return Elementary.expm1
  case "log": return Elementary.log
  case "log1p": return Elementary.log1p
  case "tanh": return Elementary.tanh
  case "sigmoid": return Elementary.sigmoid
  case "softplus": return Elementary.softplus
  case "sin": return Elementary.sin
  case "cos": return Elementary.cos
  case "erf": return Elementary.erf
  default: fatalError("unknown function \(name)")
  }
}

func arrayFloat(_ name: String) -> ([Float]) -> [Float] {
  switch name {
  case "exp": return Elementary.exp
  case "expm1": return Elementary.expm1
  case "log": return Elementary.log
  case "log1p": return Elementary.log1p
  case "tanh": return Elementary.tanh
  case "sigmoid": return Elementary.sigmoid
  case "softplus": return Elementary.softplus
  case "sin": return Elementary.sin
  case "cos": return Elementary.cos
  case "erf": return Elementary.erf
  default: fatalError("unknown function \(name)")
  }
}

/// (inputs, correctly rounded outputs) from `elementary/<name>_double.bin`.
func loadDoubleFixture(_ name: String) throws -> (x: [Double], y: [Double]) {
  let data = try FixtureFiles.data("elementary/\(name)_double.bin")
  let n = data.count / 16
  var x = [Double](repeating: 0, count: n)
  var y = [Double](repeating: 0, count: n)
  data.withUnsafeBytes { raw in
    for i in 0..<n {
      x[i] = Double(
        bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 16 * i, as: UInt64.self))
      )
      y[i] = Double(
        bitPattern: UInt64(
          littleEndian: raw.loadUnaligned(fromByteOffset: 16 * i + 8, as: UInt64.self)))
    }
  }
  return (x, y)
}

/// (inputs, correctly rounded outputs) from `elementary/<name>_float.bin`.
func loadFloatFixture(_ name: String) throws -> (x: [Float], y: [Float]) {
  let data = try FixtureFiles.data("elementary/\(name)_float.bin")
  let n = data.count / 8
  var x = [Float](repeating: 0, count: n)
  var y = [Float](repeating: 0, count: n)
  data.withUnsafeBytes { raw in
    for i in 0..<n {
      x[i] = Float(
        bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt32.self)))
      y[i] = Float(
        bitPattern: UInt32(
          littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i + 4, as: UInt32.self)))
    }
  }
  return (x, y)
}

/// Inputs that exercise every special path: zeros, infinities, NaN,
/// subnormals, thresholds; appended to the fixture inputs for bitwise
/// array/SIMD-versus-scalar comparisons.
let specialDoubles: [Double] = [
  0, -0.0, .infinity, -.infinity, .nan, -.nan, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
  .leastNormalMagnitude, -.leastNormalMagnitude, .greatestFiniteMagnitude,
  -.greatestFiniteMagnitude, 1, -1, 708, -708, 709.78, 709.79, -745.1, -745.2, 0x1p-61, 0x1p30,
  0.0625, -0.0625, 0.9375, 1.0625, 20, -20, 36, -36, 40, -40, 6, -6, 0.75,
]

let specialFloats: [Float] =
  specialDoubles.map { Float($0) } + [
    88.72, 88.73, -103.9, -104, .leastNonzeroMagnitude, .leastNormalMagnitude,
    .greatestFiniteMagnitude,
  ]
