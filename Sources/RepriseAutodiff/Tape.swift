// The tape: reverse-mode automatic differentiation by recording.
//
// Every differentiable operation on `Variable`s appends one node to the tape:
// its value, the nodes it read (parents) and its derivative rule. Nodes are
// only ever appended, and an operation can only read nodes that already
// exist, so the order of the tape is a topological order of the computation:
// the backward pass is a single reverse scan (Griewank & Walther, "Evaluating
// Derivatives", 2nd ed., ch. 3).
//
// A derivative rule maps the gradient flowing into a node (the adjoint of its
// output) to the adjoints of its parents, and it is written with the same
// differentiable operations. So when `gradients(…, createGraph: true)` runs
// the rules while the tape records, the backward pass itself lands on the
// tape and gradients can be differentiated again: double backprop,
// Hessian-vector products, MAML. With `createGraph: false` the rules run with
// recording switched off and cost no tape memory.
//
// Determinism: adjoints are accumulated in reverse node order, and a node's
// parents in the order the operation declared them, so the sum order is fixed
// by the program, never by timing.

/// A recording of differentiable operations over `Tensor<Scalar>` values.
public final class Tape<Scalar: RealScalar> {
  /// Maps the adjoint of a node's output to the adjoints of its parents
  /// (one per parent, `nil` where a parent gets no gradient).
  public typealias DerivativeRule = (Variable<Scalar>) throws -> [Variable<Scalar>?]

  struct Node {
    let parents: [Int]
    var rule: DerivativeRule?
    let operation: String
    /// Set when a backward pass without `retainGraph` dropped `rule`.
    var released = false
  }

  var nodes: [Node] = []
  /// Whether new operations are recorded; switched off during a backward pass
  /// that does not create a graph.
  public internal(set) var isRecording = true
  public init() {}

  /// Number of recorded nodes.
  public var count: Int { nodes.count }

  /// A leaf whose gradient can be requested (a parameter or an input).
  public func variable(_ value: Tensor<Scalar>) -> Variable<Scalar> {
    nodes.append(Node(parents: [], rule: nil, operation: "leaf"))
    return Variable(value: value, tape: self, id: nodes.count - 1)
  }

  /// Records the result of an operation. If no parent is tracked on this
  /// tape, or recording is off, the result is an untracked constant. Parents
  /// recorded on another tape count as constants here.
  public func record(
    _ value: Tensor<Scalar>, operation: String, parents: [Variable<Scalar>],
    rule: @escaping DerivativeRule
  ) -> Variable<Scalar> {
    guard isRecording, parents.contains(where: { $0.tape === self }) else {
      return Variable(constant: value)
    }
    nodes.append(
      Node(parents: parents.map { $0.tape === self ? $0.id : -1 }, rule: rule, operation: operation)
    )
    return Variable(value: value, tape: self, id: nodes.count - 1)
  }

  /// Runs `body` with recording switched on or off, restoring the old state.
  func withRecording<R>(_ on: Bool, _ body: () throws -> R) rethrows -> R {
    let saved = isRecording
    isRecording = on
    defer { isRecording = saved }
    return try body()
  }
}
