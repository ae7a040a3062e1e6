// The parameters of a model: named tensors with masks and freeze flags.
//
// Models in Reprise are functions of their parameters: a layer holds only
// `ParameterID`s, and each training step binds the store's tensors to a fresh
// tape (`bind(to:)`), runs the forward pass on the bound variables, and hands
// the gradients to an optimizer, which updates the store. Keeping parameters
// outside the model makes the things the papers need simple: snapshots and
// rewinding (lottery tickets), masks (pruning), frozen copies (lazy
// training's w₀, linear probes), and growth (GradMax adds neurons).
//
// A mask is a 0/1 tensor of the parameter's shape. Bound variables are
// value ⊙ mask, so masked weights contribute nothing and receive zero
// gradient, and `applyMasks()` re-zeroes them after every update.

/// Identifies one parameter of a `ParameterStore`.
public struct ParameterID: Hashable, Sendable, Comparable {
  public let index: Int
  public static func < (a: Self, b: Self) -> Bool { a.index < b.index }
}

/// An ordered collection of named parameter tensors.
public struct ParameterStore<Scalar: RealScalar>: Sendable {
  public private(set) var names: [String] = []
  public internal(set) var values: [Tensor<Scalar>] = []
  public private(set) var masks: [Tensor<Scalar>?] = []
  public private(set) var frozen: [Bool] = []

  public init() {}

  /// All parameter ids in creation order.
  public var ids: [ParameterID] { names.indices.map(ParameterID.init(index:)) }
  /// Ids of the parameters an optimizer should update.
  public var trainableIDs: [ParameterID] { ids.filter { !frozen[$0.index] } }
  /// Total number of scalars.
  public var scalarCount: Int { values.reduce(0) { $0 + $1.count } }

  /// Adds a parameter; names must be unique.
  public mutating func add(_ name: String, _ value: Tensor<Scalar>) throws -> ParameterID {
    guard !names.contains(name) else {
      throw RepriseError.invalidArgument(
        operation: "ParameterStore.add", name: "name", reason: "'\(name)' already exists")
    }
    names.append(name)
    values.append(value)
    masks.append(nil)
    frozen.append(false)
    return ParameterID(index: names.count - 1)
  }

  /// The id of a parameter by name.
  public func id(named name: String) throws -> ParameterID {
    guard let index = names.firstIndex(of: name) else {
      throw RepriseError.invalidArgument(
        operation: "ParameterStore.id(named:)", name: "name", reason: "no parameter '\(name)'")
    }
    return ParameterID(index: index)
  }

  public subscript(id: ParameterID) -> Tensor<Scalar> {
    get { values[id.index] }
  }

  /// Replaces a parameter's value; the shape must not change (use `grow`).
  public mutating func setValue(_ value: Tensor<Scalar>, for id: ParameterID) throws {
    guard value.shape == values[id.index].shape else {
      throw RepriseError.shapeMismatch(
        operation: "ParameterStore.setValue(\(names[id.index]))", expected: values[id.index].shape,
        got: value.shape)
    }
    values[id.index] = value
    applyMask(id)
  }

  /// Mutates a parameter's scalars in place (no copy of the tensor), then
  /// re-applies its mask. The shape cannot change.
  mutating func modifyScalars<R>(_ id: ParameterID, _ body: (inout UnsafeMutableBufferPointer<Scalar>) throws -> R)
    rethrows -> R
  {
    let result = try values[id.index].withUnsafeMutableBufferPointer(body)
    applyMask(id)
    return result
  }

  /// Excludes a parameter from training (or includes it again).
  public mutating func setFrozen(_ isFrozen: Bool, for id: ParameterID) {
    frozen[id.index] = isFrozen
  }

  /// Sets a 0/1 pruning mask (nil removes it) and zeroes the masked entries.
  public mutating func setMask(_ mask: Tensor<Scalar>?, for id: ParameterID) throws {
    if let mask {
      guard mask.shape == values[id.index].shape else {
        throw RepriseError.shapeMismatch(
          operation: "ParameterStore.setMask(\(names[id.index]))", expected: values[id.index].shape,
          got: mask.shape)
      }
      guard mask.scalars.allSatisfy({ $0 == 0 || $0 == 1 }) else {
        throw RepriseError.invalidArgument(
          operation: "ParameterStore.setMask", name: "mask", reason: "entries must be 0 or 1")
      }
    }
    masks[id.index] = mask
    applyMask(id)
  }

  /// Re-zeroes masked entries of every parameter (after an update).
  public mutating func applyMasks() {
    for id in ids { applyMask(id) }
  }

  private mutating func applyMask(_ id: ParameterID) {
    guard let mask = masks[id.index] else { return }
    values[id.index] = try! values[id.index] * mask  // shapes checked in setMask/setValue
  }

  /// A copy of every value (masks and flags are not part of a snapshot).
  public func snapshot() -> [Tensor<Scalar>] { values }

  /// Restores values from a snapshot of this store's layout; masks are re-applied.
  public mutating func restore(_ snapshot: [Tensor<Scalar>]) throws {
    guard snapshot.count == values.count else {
      throw RepriseError.shapeMismatch(
        operation: "ParameterStore.restore", expected: [values.count], got: [snapshot.count])
    }
    for (index, value) in snapshot.enumerated() {
      try setValue(value, for: ParameterID(index: index))
    }
  }

  /// Records every parameter on `tape`: trainable ones as tracked variables,
  /// frozen ones as constants; masks are applied.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func bind(to tape: Tape<Scalar>) throws -> BoundParameters<Scalar> {
    var used: [Variable<Scalar>] = []
    var leaves: [Variable<Scalar>] = []
    for index in values.indices {
      let leaf = frozen[index] ? Variable(constant: values[index]) : tape.variable(values[index])
      leaves.append(leaf)
      if let mask = masks[index], !frozen[index] {
        used.append(try leaf * Variable(constant: mask))
      } else {
        used.append(leaf)
      }
    }
    return BoundParameters(variables: used, leaves: leaves, tape: tape, store: self)
  }

  /// Binds every parameter as a constant (evaluation without a tape).
  public func constants() -> BoundParameters<Scalar> {
    let constants = values.map { Variable(constant: $0) }
    return BoundParameters(variables: constants, leaves: constants, tape: nil, store: self)
  }

  /// Grows parameter `id` along `axis` by appending `newSlices` (which must
  /// match the other extents); an existing mask grows with ones.
  public mutating func grow(_ id: ParameterID, axis: Int, appending newSlices: Tensor<Scalar>)
    throws
  {
    let old = values[id.index]
    values[id.index] = try Tensor.concatenate([old, newSlices], axis: axis)
    if let mask = masks[id.index] {
      masks[id.index] = try Tensor.concatenate(
        [mask, try Tensor(shape: newSlices.shape, repeating: 1)], axis: axis)
    }
  }
}

/// A store's parameters bound to one tape for one forward/backward pass.
public struct BoundParameters<Scalar: RealScalar> {
  /// The variable the forward pass uses for each parameter (value ⊙ mask).
  public let variables: [Variable<Scalar>]
  /// The tape leaves gradients are taken with respect to.
  public let leaves: [Variable<Scalar>]
  let tape: Tape<Scalar>?
  let store: ParameterStore<Scalar>

  public subscript(id: ParameterID) -> Variable<Scalar> { variables[id.index] }

  /// Gradients of `loss` for every trainable parameter, keyed by id
  /// (masked entries get zero).
  public func gradients(of loss: Variable<Scalar>, createGraph: Bool = false) throws
    -> [ParameterID: Tensor<Scalar>]
  {
    guard let tape else {
      throw RepriseError.invalidArgument(
        operation: "BoundParameters.gradients", name: "parameters",
        reason: "were bound as constants (no tape)")
    }
    let trainable = store.trainableIDs
    let grads = try tape.gradients(
      of: loss, withRespectTo: trainable.map { leaves[$0.index] }, createGraph: createGraph)
    var result: [ParameterID: Tensor<Scalar>] = [:]
    for (id, gradient) in zip(trainable, grads) { result[id] = gradient.value }
    return result
  }
}
