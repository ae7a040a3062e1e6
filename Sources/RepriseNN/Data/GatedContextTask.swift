// The gated-context regression task of the neural race reduction (Saxe,
// Sodhani & Lewallen, "The Neural Race Reduction: Dynamics of Abstraction in
// Gated Networks", ICML 2022; shared/papers.md §11).
//
// What: K contexts, each with its own block of whitened inputs x ∈ R^d and
// linear targets y = A_c·x, where A_c = A + B_c is a shared map A (the same
// in every context) plus an optional context-specific map B_c. The minimal
// experiment of §11 uses B_c = 0: K = 4, d = 16, 64 examples per context, A
// of rank 8 with singular values evenly spaced from 1 to 3. A gated network
// sees the context only through its gates (`gates()`: column 0 is the
// shared pathway, on for every row; column 1 + c is context c's pathway, on
// only for rows of context c).
//
// Method. Maps: A = U·diag(s)·Vᵀ with U (out×r) and V (d×r) the thin Q
// factors of Gaussian matrices, so A's singular values are exactly the
// prescribed s (up to rounding) and its singular vectors are random; each B_c
// is built the same way from its own draws. Inputs: each context's block is
// X_c = √n_c · Q_c, with Q_c the thin Q factor of an n_c×d Gaussian matrix,
// so X_cᵀX_c / n_c = I exactly in exact arithmetic: the inputs are whitened
// within every context (and hence overall). Then the input–output
// correlation of context c is Σ_yx,c = Y_cᵀX_c / n_c = A_c, the quantity
// whose singular values drive the learning dynamics in the paper.
// Draw order (one `RandomStream`, all N(0, 1), row-major): U, V of A; then for
// each context c in order, U_c, V_c of B_c (only when context singular values
// are given); then for each context c in order, its n_c×d input draws.
// Rows are context-major: rows c·n_c ..< (c + 1)·n_c belong to context c.
// Cost: O(K·n_c·d²) for the QR factorisations, O(K·n_c·d·out) for targets.
// Everything is computed in Double and rounded once to `Scalar`.

/// Whitened inputs, context labels and targets y = (A + B_c)·x for a gated
/// deep linear network.
public struct GatedContextTask<Scalar: RealScalar>: Sendable {
  /// [contextCount · examplesPerContext, inputDimension], context-major rows.
  public let inputs: Tensor<Scalar>
  /// [contextCount · examplesPerContext, outputDimension]; row i is A_c·xᵢ.
  public let targets: Tensor<Scalar>
  /// The context of each row.
  public let contexts: [Int]
  public let contextCount: Int
  public let examplesPerContext: Int
  /// A, [outputDimension, inputDimension] (maps a column x to a column y).
  public let sharedMap: Tensor<Scalar>
  /// A_c = A + B_c for every context c (each [outputDimension, inputDimension]).
  public let contextMaps: [Tensor<Scalar>]
  /// The prescribed singular values of A (descending as given).
  public let sharedSingularValues: [Double]
  /// The prescribed singular values of every B_c (empty: B_c = 0).
  public let contextSingularValues: [Double]

  public var count: Int { contexts.count }
  public var inputDimension: Int { inputs.columnCount }
  public var outputDimension: Int { targets.columnCount }

  /// `count` evenly spaced values from `first` to `last` (the §11 spectrum
  /// is `evenlySpaced(8, from: 3, to: 1)`).
  public static func evenlySpaced(_ count: Int, from first: Double, to last: Double) -> [Double] {
    guard count > 1 else { return count == 1 ? [first] : [] }
    return (0..<count).map { first + (last - first) * Double($0) / Double(count - 1) }
  }

  /// Generates the task; the defaults are the minimal experiment of §11.
  ///
  /// - Parameters:
  ///   - examplesPerContext: n_c ≥ inputDimension (exact whitening needs it).
  ///   - sharedSingularValues: singular values of A (rank = their count,
  ///     at most min(input, output) dimension), finite and ≥ 0.
  ///   - contextSingularValues: singular values of each B_c; empty for the
  ///     §11 task (targets identical in every context).
  /// - Throws: `RepriseError.invalidArgument` naming the bad argument.
  public static func generate(
    contexts: Int = 4, inputDimension: Int = 16, outputDimension: Int = 16,
    examplesPerContext: Int = 64,
    sharedSingularValues: [Double] = evenlySpaced(8, from: 3, to: 1),
    contextSingularValues: [Double] = [],
    using random: inout RandomStream
  ) throws -> GatedContextTask {
    let operation = "GatedContextTask.generate"
    func check(_ ok: Bool, _ name: String, _ reason: String) throws {
      if !ok {
        throw RepriseError.invalidArgument(operation: operation, name: name, reason: reason)
      }
    }
    try check(contexts >= 1, "contexts", "must be at least 1, got \(contexts)")
    try check(inputDimension >= 1, "inputDimension", "must be at least 1, got \(inputDimension)")
    try check(
      outputDimension >= 1, "outputDimension", "must be at least 1, got \(outputDimension)")
    try check(
      examplesPerContext >= inputDimension, "examplesPerContext",
      "\(examplesPerContext) is below inputDimension \(inputDimension): the inputs cannot be whitened"
    )
    let maxRank = min(inputDimension, outputDimension)
    for (name, values) in [
      ("sharedSingularValues", sharedSingularValues),
      ("contextSingularValues", contextSingularValues),
    ] {
      try check(
        values.count <= maxRank, name,
        "has \(values.count) values; a \(outputDimension)×\(inputDimension) map has rank ≤ \(maxRank)"
      )
      for (index, value) in values.enumerated() {
        try check(
          value.isFinite && value >= 0, "\(name)[\(index)]", "\(value) is not finite and ≥ 0")
      }
    }

    let shared = try lowRankMap(
      sharedSingularValues, rows: outputDimension, columns: inputDimension, using: &random)
    var maps: [[Double]] = []
    for _ in 0..<contexts {
      if contextSingularValues.isEmpty {
        maps.append(shared)
      } else {
        let specific = try lowRankMap(
          contextSingularValues, rows: outputDimension, columns: inputDimension, using: &random)
        maps.append(zip(shared, specific).map { $0 + $1 })
      }
    }

    let total = contexts * examplesPerContext
    var x: [Double] = []
    var y: [Double] = []
    x.reserveCapacity(total * inputDimension)
    y.reserveCapacity(total * outputDimension)
    let scale = Double(examplesPerContext).squareRoot()
    for c in 0..<contexts {
      let block = try orthonormalColumns(
        rows: examplesPerContext, columns: inputDimension, using: &random)
      for row in 0..<examplesPerContext {
        let xi = (0..<inputDimension).map { scale * block[row * inputDimension + $0] }
        x.append(contentsOf: xi)
        for o in 0..<outputDimension {
          var t = 0.0
          for i in 0..<inputDimension {
            t = t.addingProduct(maps[c][o * inputDimension + i], xi[i])
          }
          y.append(t)
        }
      }
    }
    let rounded = { (values: [Double]) in values.map { Scalar($0) } }
    let mapShape = [outputDimension, inputDimension]
    return GatedContextTask(
      inputs: try Tensor(shape: [total, inputDimension], scalars: rounded(x)),
      targets: try Tensor(shape: [total, outputDimension], scalars: rounded(y)),
      contexts: (0..<total).map { $0 / examplesPerContext },
      contextCount: contexts, examplesPerContext: examplesPerContext,
      sharedMap: try Tensor(shape: mapShape, scalars: rounded(shared)),
      contextMaps: try maps.map { try Tensor(shape: mapShape, scalars: rounded($0)) },
      sharedSingularValues: sharedSingularValues, contextSingularValues: contextSingularValues)
  }

  /// The gate of every pathway for every row, [count, contextCount + 1]:
  /// column 0 (the shared pathway) is 1 everywhere; column 1 + c is 1 exactly
  /// on the rows of context c.
  public func gates() throws -> Tensor<Scalar> {
    let width = contextCount + 1
    var scalars = Tensor<Scalar>.filled(0, count: count * width)
    for (row, c) in contexts.enumerated() {
      scalars[row * width] = 1
      scalars[row * width + 1 + c] = 1
    }
    return try Tensor(shape: [count, width], scalars: scalars)
  }

  /// The rows of context `c`.
  public func rows(inContext c: Int) throws -> Range<Int> {
    guard c >= 0 && c < contextCount else {
      throw RepriseError.invalidArgument(
        operation: "GatedContextTask.rows(inContext:)", name: "c",
        reason: "\(c) is not in 0..<\(contextCount)")
    }
    return (c * examplesPerContext)..<((c + 1) * examplesPerContext)
  }

  /// U·diag(s)·Vᵀ (rows×columns, row-major) with random orthonormal U, V.
  static func lowRankMap(
    _ singularValues: [Double], rows: Int, columns: Int, using random: inout RandomStream
  ) throws -> [Double] {
    let r = singularValues.count
    var map = [Double](repeating: 0, count: rows * columns)
    guard r > 0 else { return map }
    let u = try orthonormalColumns(rows: rows, columns: r, using: &random)
    let v = try orthonormalColumns(rows: columns, columns: r, using: &random)
    for i in 0..<rows {
      for j in 0..<columns {
        var t = 0.0
        for k in 0..<r { t = t.addingProduct(u[i * r + k] * singularValues[k], v[j * r + k]) }
        map[i * columns + j] = t
      }
    }
    return map
  }

  /// The thin Q factor (rows×columns, orthonormal columns, row-major) of a
  /// rows×columns matrix of N(0, 1) draws; requires rows ≥ columns.
  static func orthonormalColumns(rows: Int, columns: Int, using random: inout RandomStream)
    throws -> [Double]
  {
    let gaussian = try Tensor<Double>.normal([rows, columns], using: &random)
    return try QRFactorization(gaussian).q(thin: true).scalars
  }
}
