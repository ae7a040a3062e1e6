// A dense layer as one tape node: y = act(x·W + b), act = identity or ReLU.
//
// The same value, in the same IEEE operations, as x.matmul(W) + b followed by
// relu: the product comes from GEMM, the bias is added to each element once,
// ReLU keeps z where z > 0 and writes 0 elsewhere. What fusing saves is the
// bookkeeping: one node and one output buffer instead of three, and in the
// backward pass one sweep instead of five. Rules, with z = x·W + b and
// m = act′(z) (for ReLU 1 where z > 0, the chosen value at z = 0, 0 below):
//   Ḡ = ȳ ⊙ m,   b̄ = Σ_rows Ḡ,   W̄ = xᵀ·Ḡ,   x̄ = Ḡ·Wᵀ.
// The unfused ops give exactly these bits (ȳ·m is one rounded product, b̄ is
// the pairwise column sum of `Tensor.sum(toShape:)`, the products are the
// same GEMM calls), so fusing changes no result. When the backward pass is
// recorded (`createGraph`) the rule is written with the differentiable ops
// themselves, so second derivatives flow as before; otherwise it runs
// kernels on raw buffers: a masked copy of ȳ, column sums that walk eight
// columns at a time through the same pairwise tree, and two GEMMs. With
// ReLU and derivative +0 at 0 (the default) the forward adds the bias and
// rectifies in one in-place pass over the product and the mask is read
// from y (y > 0 exactly where z > 0), so z is never stored separately.
// A narrow Float layer (out < 16, a classifier head) computes x·W as
// (Wᵀ·xᵀ)ᵀ and W̄ as (Ḡᵀ·x)ᵀ: GEMM's Float micro-kernel tiles the output in
// 6 × 16 blocks, so 10 output columns fill 10 of 16 lanes, while as 10 rows
// they fill 10 of 12. Same bits: every entry is the same fused multiply-add
// chain over the same index in the same order, with the two factors of each
// product swapped, and fma(a, b, c) = fma(b, a, c) exactly; the transposes
// are copies. (64-256-256-10, batch 128, last layer: x·W 34 → 25 µs,
// xᵀ·Ḡ 32 → 13 µs.)
// Cost: the GEMMs (2·batch·in·out flops each) plus O(batch·out).

/// The activation fused into `Variable.affine`.
public enum FusedActivation<Scalar: RealScalar>: Sendable, Equatable {
  case identity
  /// max(z, 0), derivative `derivativeAtZero` at exactly 0 (as `relu`).
  case relu(derivativeAtZero: Scalar)
}

extension Variable {
  /// act(self·weight + bias) for a batch `self` [batch, in], `weight`
  /// [in, out] and `bias` [out] (or nil), recorded as one tape node with the
  /// same value and gradients as the unfused operations.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func affine(
    weight: Variable, bias: Variable?, activation: FusedActivation<Scalar> = .identity
  ) throws -> Variable {
    let x = self
    if let bias, weight.shape.count != 2 || bias.shape != [weight.shape[1]] {
      // Any other bias shape broadcasts through the general path.
      var h = try x.matmul(weight) + bias
      if case .relu(let d0) = activation { h = h.relu(derivativeAtZero: d0) }
      return h
    }
    var z = try AffineKernels.product(x.value, weight.value)
    let out = z.shape[1]
    let y: Tensor<Scalar>
    // The tensor whose signs give ReLU's derivative mask: z itself, or y
    // when the derivative at 0 is +0 (then y > 0 exactly where z > 0, and
    // y = 0 where z ≤ 0 or z is NaN, all masked by +0), so z is not kept and
    // bias and ReLU are one in-place pass.
    let maskSource: Tensor<Scalar>
    let zeroSlope: Scalar?
    switch activation {
    case .identity:
      if let bias { AffineKernels.addRowVector(&z, bias.value) }
      y = z
      maskSource = z
      zeroSlope = nil
    case .relu(let d0) where d0 == 0 && d0.sign == .plus:
      AffineKernels.addRowVectorAndRectify(&z, bias?.value)
      y = z
      maskSource = y
      zeroSlope = d0
    case .relu(let d0):
      if let bias { AffineKernels.addRowVector(&z, bias.value) }
      y = z.applying(.relu)
      maskSource = z
      zeroSlope = d0
    }
    let parents = bias.map { [x, weight, $0] } ?? [x, weight]
    let tape = Variable.commonTape(parents)
    return Variable.make(y, "affine", parents) { needs, g in
      if tape?.isRecording == true {
        // Differentiable form (createGraph): the unfused rules, composed.
        var gz = g
        if let zeroSlope {
          gz =
            try g
            * Variable(constant: maskSource.applying(.reluDerivative(atZero: Double(zeroSlope))))
        }
        return [
          needs[0] ? try gz.matmul(weight, transposeOther: true) : nil,
          needs[1] ? try x.matmul(gz, transposeSelf: true) : nil,
        ] + (bias == nil ? [] : [needs[2] ? try gz.sum(toShape: [out]) : nil])
      }
      let gz =
        zeroSlope.map { AffineKernels.masked(g.value, by: maskSource, zeroSlope: $0) } ?? g.value
      var result: [Variable?] = [
        needs[0]
          ? Variable(constant: try RepriseLinalg.matmul(gz, weight.value, transposeB: true)) : nil,
        needs[1] ? Variable(constant: try AffineKernels.weightGradient(x.value, gz)) : nil,
      ]
      if bias != nil {
        result.append(needs[2] ? Variable(constant: AffineKernels.columnSums(gz)) : nil)
      }
      return result
    }
  }
}

/// Raw-buffer kernels of `affine`, bit-identical to the unfused tensor ops.
enum AffineKernels {
  /// Whether a Float layer with `out` outputs is computed transposed (see
  /// the file header): narrower than one 16-column kernel tile, and large
  /// enough for GEMM's packed path (where that tile is used; measured there).
  static func computesTransposed<S: RealScalar>(_: S.Type, batch: Int, in: Int, out: Int) -> Bool {
    S.self == Float.self && out < 16 && batch * `in` * out > GEMMBlocking.float.smallLimit
  }

  /// x·W for x [batch, in], W [in, out]; (Wᵀ·xᵀ)ᵀ for a narrow Float layer.
  @_specialize(where S == Float)
  @_specialize(where S == Double)
  static func product<S: RealScalar>(_ x: Tensor<S>, _ w: Tensor<S>) throws -> Tensor<S> {
    guard x.shape.count == 2, w.shape.count == 2, x.shape[1] == w.shape[0],
      computesTransposed(S.self, batch: x.shape[0], in: x.shape[1], out: w.shape[1])
    else { return try RepriseLinalg.matmul(x, w) }
    return try RepriseLinalg.matmul(w, x, transposeA: true, transposeB: true).transposed()
  }

  /// W̄ = xᵀ·Ḡ for x [batch, in], Ḡ [batch, out]; (Ḡᵀ·x)ᵀ for a narrow Float layer.
  @_specialize(where S == Float)
  @_specialize(where S == Double)
  static func weightGradient<S: RealScalar>(_ x: Tensor<S>, _ g: Tensor<S>) throws -> Tensor<S> {
    guard computesTransposed(S.self, batch: x.shape[0], in: x.shape[1], out: g.shape[1]) else {
      return try RepriseLinalg.matmul(x, g, transposeA: true)
    }
    return try RepriseLinalg.matmul(g, x, transposeA: true).transposed()
  }

  // The loops below are plain `while` loops over raw pointers with the
  // selects written as conditional expressions: in that form the compiler
  // vectorizes them (vaddps/vmaxps/vblendvps), keeping each element's IEEE
  // operations. A per-element branch would mispredict half the time (ReLU's
  // sign pattern is random), and SIMD types in generic code were lowered
  // lane by lane through the stack (both measured 5–20× slower).

  /// z[i, j] += b[j] (the broadcasting add's one rounding per element).
  @_specialize(where S == Float)
  @_specialize(where S == Double)
  static func addRowVector<S: RealScalar>(_ z: inout Tensor<S>, _ b: Tensor<S>) {
    let n = b.count
    b.withUnsafeBufferPointer { bias in
      z.withUnsafeMutableBufferPointer { buffer in
        guard n > 0, var row = buffer.baseAddress, let b = bias.baseAddress else { return }
        for _ in 0..<(buffer.count / n) {
          var j = 0
          while j < n {
            row[j] = row[j] + b[j]
            j += 1
          }
          row += n
        }
      }
    }
  }

  /// z[i, j] = max(z[i, j] + b[j], 0) in one pass (b optional): the
  /// broadcasting add's rounding, then `relu`'s rule (v if v > 0, else +0;
  /// NaN gives +0).
  @_specialize(where S == Float)
  @_specialize(where S == Double)
  static func addRowVectorAndRectify<S: RealScalar>(_ z: inout Tensor<S>, _ b: Tensor<S>?) {
    let n = z.shape[1]
    guard let b else {
      z.withUnsafeMutableBufferPointer { buffer in
        guard let x = buffer.baseAddress else { return }
        var i = 0
        while i < buffer.count {
          let v = x[i]
          x[i] = v > 0 ? v : 0
          i += 1
        }
      }
      return
    }
    b.withUnsafeBufferPointer { bias in
      z.withUnsafeMutableBufferPointer { buffer in
        guard n > 0, var row = buffer.baseAddress, let b = bias.baseAddress else { return }
        for _ in 0..<(buffer.count / n) {
          var j = 0
          while j < n {
            let v = row[j] + b[j]
            row[j] = v > 0 ? v : 0
            j += 1
          }
          row += n
        }
      }
    }
  }

  /// g ⊙ m with m = 1 where z > 0, `zeroSlope` where z == 0, 0 elsewhere
  /// (so g·0 keeps the sign and NaN rules of the multiply it replaces),
  /// written straight into a new buffer.
  @_specialize(where S == Float)
  @_specialize(where S == Double)
  static func masked<S: RealScalar>(_ g: Tensor<S>, by z: Tensor<S>, zeroSlope: S) -> Tensor<S> {
    let count = g.count
    let scalars = [S](unsafeUninitializedCapacity: count) { out, initialized in
      g.withUnsafeBufferPointer { gb in
        z.withUnsafeBufferPointer { zb in
          guard let o = out.baseAddress, let gp = gb.baseAddress, let zp = zb.baseAddress else {
            return
          }
          var i = 0
          while i < count {
            let v = zp[i]
            let m: S = v > 0 ? 1 : (v == 0 ? zeroSlope : 0)
            o[i] = gp[i] * m
            i += 1
          }
        }
      }
      initialized = count
    }
    return try! Tensor(shape: g.shape, scalars: scalars)  // g's own shape and count
  }

  /// Sums over the rows of a [rows, n] matrix, each column in the pairwise
  /// order of `Tensor.sum(alongAxis:)` (halves down to runs of ≤ 8 summed
  /// left to right), eight columns at a time.
  @_specialize(where S == Float)
  @_specialize(where S == Double)
  static func columnSums<S: RealScalar>(_ g: Tensor<S>) -> Tensor<S> {
    let (rows, n) = (g.shape[0], g.shape[1])
    var sums = [S](repeating: 0, count: n)
    g.withUnsafeBufferPointer { buffer in
      guard rows > 0, let base = buffer.baseAddress else { return }
      var j = 0
      while j + 8 <= n {
        let total = pairwise8(base + j, count: rows, stride: n)
        for l in 0..<8 { sums[j + l] = total[l] }
        j += 8
      }
      while j < n {
        sums[j] = pairwise1(base + j, count: rows, stride: n)
        j += 1
      }
    }
    return try! Tensor(shape: [n], scalars: sums)
  }

  @inline(__always)
  static func pairwise8<S: RealScalar>(_ p: UnsafePointer<S>, count: Int, stride: Int) -> SIMD8<S> {
    if count <= 8 {
      var total = SIMD8<S>()
      for i in 0..<count {
        total += UnsafeRawPointer(p + i * stride).loadUnaligned(as: SIMD8<S>.self)
      }
      return total
    }
    let half = count / 2
    return pairwise8(p, count: half, stride: stride)
      + pairwise8(p + half * stride, count: count - half, stride: stride)
  }

  static func pairwise1<S: RealScalar>(_ p: UnsafePointer<S>, count: Int, stride: Int) -> S {
    if count <= 8 {
      var total = S.zero
      for i in 0..<count { total += p[i * stride] }
      return total
    }
    let half = count / 2
    return pairwise1(p, count: half, stride: stride)
      + pairwise1(p + half * stride, count: count - half, stride: stride)
  }
}
