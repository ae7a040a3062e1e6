// Mean softmax cross-entropy of a batch of logits as one tape node.
//
// For logits z [rows, columns] and labels y, the loss is
//   ℓ = −(1/rows) Σ_r (z[r, y_r] − lse_r),   lse_r = log Σ_j e^(z[r, j] − s_r) + s_r,
// with the shift s_r = max_j z[r, j] (0 where that maximum is not finite).
// It is the value of the composed ops −logSoftmax(z).pick(y).mean(), computed
// with the same IEEE operations in the same order (the same pairwise sums,
// RepriseCore's exp and log), so it has the same bits (NaN results
// excepted: which NaN comes out, its sign and payload, is not promised, as
// for GEMM); what fusing saves is fourteen tape nodes, their closures and a
// dozen small tensors per step.
//
// The adjoint, for an incoming adjoint ḡ of ℓ, is what the composed rules
// produce, operation for operation: with c = 1/rows and b = (−ḡ)·c,
//   P̄[r, j] = (0 + b if j = y_r, else 0)     (the gather's scatter-add),
//   S̄_r = (Σ_j −P̄[r, j]) / S_r,  S_r = Σ_j e^(z[r, j] − s_r),
//   z̄ = P̄ + S̄_r·e^(z[r, j] − s_r),
// where the two terms reach z as two separate contributions (the node lists
// z twice as a parent), so the tape adds them in the order the composed ops
// did — P̄ first, then the exponential term — and z's adjoint has the same
// bits even when other ops also use z. Mathematically z̄ = ḡ·c·(softmax(z) −
// onehot(y)). Without a recorded backward pass the rule is two loops over
// raw buffers. With `createGraph` the rule instead records the composed
// rules themselves, recomputing e^(z − s) and S from z on the tape (the same
// nodes the composed forward pass would have made), so second derivatives
// flow as before; the recomputed exponential feeding S is recorded before
// the one multiplying S̄, so they meet at z − s in the composed order.
// Cost: O(rows·columns) exp evaluations forward; one multiply-add per entry
// backward. Source: the softmax cross-entropy gradient softmax(z) − onehot(y)
// (Goodfellow, Bengio & Courville, "Deep Learning", 2016, §6.2.2.3); the
// shifted log-sum-exp is Softmax.swift's.

extension Variable {
  /// −(1/rows) Σ_r log softmax(self)[r, labels[r]] for logits [rows,
  /// columns], recorded as one tape node with the value and gradients of
  /// `-(logSoftmax(alongAxis: 1).pick(columns: labels).mean())`.
  ///
  /// - Throws: `invalidShape` unless `self` is a matrix; `shapeMismatch`
  ///   when `labels.count != rows`; `indexOutOfRange` naming the row of the
  ///   first label outside 0..<columns; for an empty batch or no columns, the
  ///   errors of the composed ops.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func meanSoftmaxCrossEntropy(labels: [Int]) throws -> Variable {
    let (rows, columns) = try value.matrixShape(operation: "Variable.meanSoftmaxCrossEntropy")
    guard labels.count == rows else {
      throw RepriseError.shapeMismatch(
        operation: "Variable.meanSoftmaxCrossEntropy (labels)", expected: [rows],
        got: [labels.count])
    }
    for (row, label) in labels.enumerated() where label < 0 || label >= columns {
      throw RepriseError.indexOutOfRange(
        operation: "Variable.meanSoftmaxCrossEntropy (labels)", index: [row, label],
        shape: value.shape)
    }
    guard rows > 0, columns > 0 else {
      return try -(logSoftmax(alongAxis: 1).pick(columns: labels).mean())
    }
    let forward = SoftmaxCrossEntropyKernels.forward(value, labels: labels)
    let z = self
    let tape = Variable.commonTape([z])
    let loss = try Tensor(shape: [], scalars: [forward.loss])
    return Variable.make(loss, "softmax cross-entropy", [z, z]) { _, g in
      if tape?.isRecording == true {
        let (direct, throughExp) = try z.recordedCrossEntropyAdjoints(
          g, labels: labels, shifts: forward.shifts)
        return [direct, throughExp]
      }
      let (direct, throughExp) = SoftmaxCrossEntropyKernels.adjoints(
        g.value.scalars[0], labels: labels, exponentials: forward.exponentials,
        sums: forward.sums)
      return [Variable(constant: direct), Variable(constant: throughExp)]
    }
  }

  /// The composed ops' backward pass, recorded (createGraph): the adjoint
  /// through z − lse, then the adjoint through e^(z − s), as differentiable
  /// ops on the tape in the composed rules' order.
  func recordedCrossEntropyAdjoints(
    _ g: Variable, labels: [Int], shifts: Tensor<Scalar>
  ) throws -> (Variable, Variable) {
    let (rows, columns) = (shape[0], shape[1])
    // The forward quantities the composed rules read, recomputed on the tape.
    let shifted = try self - Variable(constant: shifts)
    let sums = try shifted.exp().sum(alongAxis: 1, keepingAxis: true)
    // negate, scale (mean), sum, reshape, gather and reshape, in reverse.
    let flat = labels.enumerated().map { $0.offset * columns + $0.element }
    let pickedBar = try (-g * (1 / Scalar(rows))).broadcast(to: [rows]).reshaped([rows, 1])
    let direct = try pickedBar.scatterAddRows(flat, rowCount: rows * columns)
      .reshaped([rows, columns])
    // z − lse, lse = log S + s, S = Σ_j e^(z − s).
    let lseBar = try (-direct).sum(toShape: [rows, 1])
    let sumsBar = try (lseBar / sums).reshaped([rows])
    let expBar = try sumsBar.reshaped([rows, 1]).broadcast(to: [rows, columns])
    return (direct, try expBar * shifted.exp())
  }
}

/// The raw-buffer loops of `meanSoftmaxCrossEntropy`.
enum SoftmaxCrossEntropyKernels {
  struct Forward<S: RealScalar> {
    let loss: S
    /// s_r as a [rows, 1] tensor (the composed ops' detached shift).
    let shifts: Tensor<S>
    /// e^(z[r, j] − s_r), [rows, columns].
    let exponentials: [S]
    /// S_r = Σ_j e^(z[r, j] − s_r) in pairwise order.
    let sums: [S]
  }

  /// The loss and the quantities the backward pass reads.
  @_specialize(where S == Float)
  @_specialize(where S == Double)
  static func forward<S: RealScalar>(_ z: Tensor<S>, labels: [Int]) -> Forward<S> {
    let (rows, columns) = (z.shape[0], z.shape[1])
    var shifts = [S](repeating: 0, count: rows)
    var exponentials = [S](repeating: 0, count: rows * columns)
    var sums = [S](repeating: 0, count: rows)
    var picked = [S](repeating: 0, count: rows)
    z.withUnsafeBufferPointer { zb in
      exponentials.withUnsafeMutableBufferPointer { eb in
        for r in 0..<rows {
          let row = zb.baseAddress! + r * columns
          // `max(alongAxis:)`: the first largest entry, or the first NaN.
          var best = 0
          for j in 1..<columns {
            if row[best].isNaN { break }
            if row[j].isNaN || row[j] > row[best] { best = j }
          }
          let shift = row[best].isFinite ? row[best] : 0
          let e = eb.baseAddress! + r * columns
          for j in 0..<columns { e[j] = S.exp(row[j] - shift) }
          let total = AffineKernels.pairwise1(UnsafePointer(e), count: columns, stride: 1)
          shifts[r] = shift
          sums[r] = total
          picked[r] = row[labels[r]] - (S.log(total) + shift)
        }
      }
    }
    let mean = picked.withUnsafeBufferPointer {
      AffineKernels.pairwise1($0.baseAddress!, count: rows, stride: 1) * (1 / S(rows))
    }
    return Forward(
      loss: -mean, shifts: try! Tensor(shape: [rows, 1], scalars: shifts),  // rows scalars
      exponentials: exponentials, sums: sums)
  }

  /// The two contributions to z's adjoint for an incoming adjoint `g`:
  /// P̄ (through z − lse) and S̄_r·e^(z − s) (through the exponential).
  @_specialize(where S == Float)
  @_specialize(where S == Double)
  static func adjoints<S: RealScalar>(
    _ g: S, labels: [Int], exponentials: [S], sums: [S]
  ) -> (Tensor<S>, Tensor<S>) {
    let rows = sums.count
    let columns = exponentials.count / rows
    let picked = 0 + (-g) * (1 / S(rows))
    var direct = [S](repeating: 0, count: rows * columns)
    var throughExp = [S](repeating: 0, count: rows * columns)
    var negated = [S](repeating: 0, count: columns)
    direct.withUnsafeMutableBufferPointer { pb in
      throughExp.withUnsafeMutableBufferPointer { tb in
        exponentials.withUnsafeBufferPointer { eb in
          negated.withUnsafeMutableBufferPointer { nb in
            for r in 0..<rows {
              let p = pb.baseAddress! + r * columns
              p[labels[r]] = picked
              for j in 0..<columns { nb[j] = -p[j] }
              let lseBar = AffineKernels.pairwise1(
                UnsafePointer(nb.baseAddress!), count: columns, stride: 1)
              let sumBar = lseBar / sums[r]
              let e = eb.baseAddress! + r * columns
              let t = tb.baseAddress! + r * columns
              for j in 0..<columns { t[j] = sumBar * e[j] }
            }
          }
        }
      }
    }
    return (
      try! Tensor(shape: [rows, columns], scalars: direct),  // rows·columns scalars each
      try! Tensor(shape: [rows, columns], scalars: throughExp)
    )
  }
}
