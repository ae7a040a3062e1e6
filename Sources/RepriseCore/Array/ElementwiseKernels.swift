// Named elementwise operations with concrete Float and Double loops.
//
// Generic Swift code that is not specialised — which is what runs when a
// generic library function is called from another module — pays a protocol
// dispatch for every `+` on a `Scalar` and for every call of a generic
// closure. Over the tensors of a training step that overhead dwarfs the
// arithmetic. So the operations the tape uses most are named here, and
// `applying(_:)` switches once on the scalar type to a loop compiled for
// `Double` or `Float`. Each element still sees exactly the IEEE operations
// the generic definition would perform (and the transcendental cases call
// Reprise's own array forms, bitwise equal to the scalar functions), so the
// results are the same bits; only the speed changes.

/// A pointwise function of one tensor.
public enum UnaryOperation: Sendable, Equatable {
  case negate, square, squareRoot, absoluteValue, sign
  case exp, log, tanh, sigmoid, softplus
  /// max(x, 0).
  case relu
  /// 1 for x > 0, 0 for x < 0, `atZero` at 0 (the ReLU derivative).
  case reluDerivative(atZero: Double)
  /// x for x > 0, slope·x otherwise.
  case leakyReLU(slope: Double)
  /// 1 for x > 0, slope otherwise.
  case leakyReLUDerivative(slope: Double)
  /// x, with non-finite entries replaced by 0.
  case zeroingNonFinite
}

/// A pointwise function of two broadcast tensors.
public enum BinaryOperation: Sendable, Equatable {
  case add, subtract, multiply, divide
}

extension Tensor {
  /// The unary operation applied to every element.
  public func applying(_ operation: UnaryOperation) -> Tensor {
    if Scalar.self == Double.self {
      let out = ElementwiseKernels.unary(operation, unsafeBitCast(scalars, to: [Double].self))
      return Tensor(validShape: shape, scalars: unsafeBitCast(out, to: [Scalar].self))
    }
    if Scalar.self == Float.self {
      let out = ElementwiseKernels.unary(operation, unsafeBitCast(scalars, to: [Float].self))
      return Tensor(validShape: shape, scalars: unsafeBitCast(out, to: [Scalar].self))
    }
    preconditionFailure("RealScalar has only Float and Double conformances")
  }

  /// The binary operation on broadcast pairs of elements (NumPy rules).
  public func applying(_ operation: BinaryOperation, _ other: Tensor, name: String) throws -> Tensor
  {
    let outShape =
      shape == other.shape ? shape : try Shape.broadcast(shape, other.shape, operation: name)
    let count = try Shape.elementCount(outShape, operation: name)
    let sa = Shape.broadcastStrides(shape, to: outShape)
    let sb = Shape.broadcastStrides(other.shape, to: outShape)
    if Scalar.self == Double.self {
      let out = ElementwiseKernels.binary(
        operation, unsafeBitCast(scalars, to: [Double].self), sa,
        unsafeBitCast(other.scalars, to: [Double].self), sb,
        outShape, count)
      return Tensor(validShape: outShape, scalars: unsafeBitCast(out, to: [Scalar].self))
    }
    if Scalar.self == Float.self {
      let out = ElementwiseKernels.binary(
        operation, unsafeBitCast(scalars, to: [Float].self), sa,
        unsafeBitCast(other.scalars, to: [Float].self), sb,
        outShape, count)
      return Tensor(validShape: outShape, scalars: unsafeBitCast(out, to: [Scalar].self))
    }
    preconditionFailure("RealScalar has only Float and Double conformances")
  }
}

/// The concrete loops behind `applying`.
enum ElementwiseKernels {
  static func unary<T: RealScalar>(_ operation: UnaryOperation, _ x: [T]) -> [T] {
    switch operation {
    case .negate: return each(x) { -$0 }
    case .square: return each(x) { $0 * $0 }
    case .squareRoot: return each(x) { $0.squareRoot() }
    case .absoluteValue: return each(x) { Swift.abs($0) }
    case .sign: return each(x) { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
    case .exp: return each(x, T.exp)
    case .log: return each(x, T.log)
    case .tanh: return each(x, T.tanh)
    case .sigmoid: return each(x, T.sigmoid)
    case .softplus: return each(x, T.softplus)
    case .relu: return each(x) { $0 > 0 ? $0 : 0 }
    case .reluDerivative(let d):
      let atZero = T(d)
      return each(x) { $0 > 0 ? 1 : ($0 == 0 ? atZero : 0) }
    case .leakyReLU(let s):
      let slope = T(s)
      return each(x) { $0 > 0 ? $0 : slope * $0 }
    case .leakyReLUDerivative(let s):
      let slope = T(s)
      return each(x) { $0 > 0 ? 1 : slope }
    case .zeroingNonFinite: return each(x) { $0.isFinite ? $0 : 0 }
    }
  }

  /// `f` of every element, by an index loop. Called only with T = Float or
  /// Double from `applying`, where it is specialised and inlined.
  @inline(__always)
  static func each<T>(_ x: [T], _ f: (T) -> T) -> [T] {
    [T](unsafeUninitializedCapacity: x.count) { output, initialized in
      x.withUnsafeBufferPointer { input in
        for i in 0..<input.count { (output.baseAddress! + i).initialize(to: f(input[i])) }
      }
      initialized = x.count
    }
  }

  static func binary<T: RealScalar>(
    _ operation: BinaryOperation, _ a: [T], _ sa: [Int], _ b: [T], _ sb: [Int], _ outShape: [Int],
    _ count: Int
  ) -> [T] {
    switch operation {
    case .add: return strided(a, sa, b, sb, outShape, count) { $0 + $1 }
    case .subtract: return strided(a, sa, b, sb, outShape, count) { $0 - $1 }
    case .multiply: return strided(a, sa, b, sb, outShape, count) { $0 * $1 }
    case .divide: return strided(a, sa, b, sb, outShape, count) { $0 / $1 }
    }
  }

  /// Walks the output in row-major order: an odometer over the outer axes,
  /// a strided inner loop over the last axis (stride 0 where broadcast).
  @inline(__always)
  static func strided<T>(
    _ a: [T], _ sa: [Int], _ b: [T], _ sb: [Int], _ outShape: [Int], _ count: Int, _ f: (T, T) -> T
  ) -> [T] {
    guard count > 0 else { return [] }
    let rank = outShape.count
    guard rank > 0 else { return [f(a[0], b[0])] }
    let inner = outShape[rank - 1]
    let (ia, ib) = (sa[rank - 1], sb[rank - 1])
    var index = [Int](repeating: 0, count: rank - 1)
    return [T](unsafeUninitializedCapacity: count) { output, initialized in
      a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
          var out = output.baseAddress!
          for _ in 0..<(count / inner) {
            var offA = 0
            var offB = 0
            for axis in 0..<(rank - 1) {
              offA += index[axis] * sa[axis]
              offB += index[axis] * sb[axis]
            }
            if ia == 1 && ib == 1 {
              for j in 0..<inner { (out + j).initialize(to: f(pa[offA + j], pb[offB + j])) }
            } else {
              for j in 0..<inner {
                (out + j).initialize(to: f(pa[offA + j * ia], pb[offB + j * ib]))
              }
            }
            out += inner
            var axis = rank - 2
            while axis >= 0 {
              index[axis] += 1
              if index[axis] < outShape[axis] { break }
              index[axis] = 0
              axis -= 1
            }
          }
        }
      }
      initialized = count
    }
  }
}
