// 2-D and 1-D convolution and pooling by im2col + GEMM.
//
// A convolution slides a kernel over the input; unrolling every receptive
// field into one row ("im2col") turns it into a single matrix product:
//   input [N, C, H, W] → patches [N·Ho·Wo, C·kh·kw],
//   output = patches · Wᵀ with weights W reshaped to [O, C·kh·kw],
// then reshaped to [N, O, Ho, Wo]; Ho = ⌊(H + 2·padH − kh)/strideH⌋ + 1.
// (Chellapilla, Puri & Simard 2006.) The adjoint of im2col is "col2im": add
// every patch entry back into the input position it came from; the two are
// each other's adjoints, so convolutions are twice differentiable.
// Pooling unrolls each channel separately and reduces each patch row with
// max or mean. Cost: the GEMM, O(N·Ho·Wo·O·C·kh·kw), plus copying patches.
// 1-D convolution is the 2-D one with H = 1.

/// Geometry of a sliding window over [N, C, H, W].
public struct ConvolutionGeometry: Equatable, Sendable {
  public var kernel: (height: Int, width: Int)
  public var stride: (height: Int, width: Int) = (1, 1)
  public var padding: (height: Int, width: Int) = (0, 0)

  public init(kernel: (Int, Int), stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0)) {
    self.kernel = kernel
    self.stride = stride
    self.padding = padding
  }

  public static func == (a: Self, b: Self) -> Bool {
    a.kernel == b.kernel && a.stride == b.stride && a.padding == b.padding
  }

  /// Output height and width for an input of the given height and width.
  func outputSize(height: Int, width: Int, operation: String) throws -> (Int, Int) {
    guard kernel.height > 0, kernel.width > 0, stride.height > 0, stride.width > 0,
      padding.height >= 0,
      padding.width >= 0
    else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "geometry",
        reason: "kernel and stride must be positive, padding non-negative")
    }
    let h = height + 2 * padding.height - kernel.height
    let w = width + 2 * padding.width - kernel.width
    guard h >= 0, w >= 0 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: "kernel",
        reason: "\(kernel) is larger than the padded input \(height)×\(width)")
    }
    return (h / stride.height + 1, w / stride.width + 1)
  }
}

extension Variable {
  /// Unrolls receptive fields of [N, C, H, W] into rows [N·Ho·Wo, C·kh·kw].
  public func im2col(_ geometry: ConvolutionGeometry) throws -> Variable {
    let operation = "Variable.im2col"
    guard shape.count == 4 else {
      throw RepriseError.invalidShape(
        operation: operation, shape: shape, reason: "expected [N, C, H, W]")
    }
    let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
    let (ho, wo) = try geometry.outputSize(height: h, width: w, operation: operation)
    let (kh, kw) = geometry.kernel
    let rowLength = c * kh * kw
    var patches = Tensor<Scalar>.filled(0, count: n * ho * wo * rowLength)
    Self.forEachTap(n: n, c: c, h: h, w: w, ho: ho, wo: wo, geometry) { patchIndex, inputIndex in
      patches[patchIndex] = value.scalars[inputIndex]
    }
    let old = shape
    let result = try Tensor(shape: [n * ho * wo, rowLength], scalars: patches)
    return Variable.make(result, "im2col", [self]) { g in [try g.col2im(geometry, inputShape: old)]
    }
  }

  /// Adds patch rows back into an input of `inputShape` (adjoint of im2col).
  public func col2im(_ geometry: ConvolutionGeometry, inputShape: [Int]) throws -> Variable {
    let operation = "Variable.col2im"
    guard inputShape.count == 4 else {
      throw RepriseError.invalidShape(
        operation: operation, shape: inputShape, reason: "expected [N, C, H, W]")
    }
    let (n, c, h, w) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
    let (ho, wo) = try geometry.outputSize(height: h, width: w, operation: operation)
    let expected = [n * ho * wo, c * geometry.kernel.height * geometry.kernel.width]
    guard shape == expected else {
      throw RepriseError.shapeMismatch(operation: operation, expected: expected, got: shape)
    }
    var image = Tensor<Scalar>.filled(0, count: n * c * h * w)
    Self.forEachTap(n: n, c: c, h: h, w: w, ho: ho, wo: wo, geometry) { patchIndex, inputIndex in
      image[inputIndex] += value.scalars[patchIndex]
    }
    let result = try Tensor(shape: inputShape, scalars: image)
    return Variable.make(result, "col2im", [self]) { g in [try g.im2col(geometry)] }
  }

  /// Visits every (patch entry, input entry) pair that lies inside the
  /// unpadded input, in a fixed order.
  private static func forEachTap(
    n: Int, c: Int, h: Int, w: Int, ho: Int, wo: Int, _ geometry: ConvolutionGeometry,
    _ body: (_ patchIndex: Int, _ inputIndex: Int) -> Void
  ) {
    let (kh, kw) = geometry.kernel
    let rowLength = c * kh * kw
    for image in 0..<n {
      for oy in 0..<ho {
        for ox in 0..<wo {
          let row = (image * ho + oy) * wo + ox
          for channel in 0..<c {
            for ky in 0..<kh {
              let y = oy * geometry.stride.height - geometry.padding.height + ky
              guard y >= 0 && y < h else { continue }
              for kx in 0..<kw {
                let x = ox * geometry.stride.width - geometry.padding.width + kx
                guard x >= 0 && x < w else { continue }
                body(
                  row * rowLength + (channel * kh + ky) * kw + kx,
                  ((image * c + channel) * h + y) * w + x)
              }
            }
          }
        }
      }
    }
  }

  /// 2-D convolution (cross-correlation, as in every DL framework) of
  /// [N, C, H, W] with weights [O, C, kh, kw] and optional bias [O].
  public func conv2d(
    weights: Variable, bias: Variable? = nil, stride: (Int, Int) = (1, 1),
    padding: (Int, Int) = (0, 0)
  ) throws -> Variable {
    guard weights.shape.count == 4, shape.count == 4, weights.shape[1] == shape[1] else {
      throw RepriseError.shapeMismatch(
        operation: "Variable.conv2d (input [N, C, H, W], weights [O, C, kh, kw])",
        expected: [weights.shape.first ?? 0, shape.count == 4 ? shape[1] : -1], got: weights.shape)
    }
    let (n, outChannels) = (shape[0], weights.shape[0])
    let geometry = ConvolutionGeometry(
      kernel: (weights.shape[2], weights.shape[3]), stride: stride, padding: padding)
    let (ho, wo) = try geometry.outputSize(
      height: shape[2], width: shape[3], operation: "Variable.conv2d")
    let kernelMatrix = try weights.reshaped([
      outChannels, weights.value.count / Swift.max(outChannels, 1),
    ])
    var rows = try im2col(geometry).matmul(kernelMatrix, transposeOther: true)  // [N·Ho·Wo, O]
    if let bias { rows = try rows + bias.reshaped([1, outChannels]) }
    return try rows.reshaped([n, ho, wo, outChannels]).permuted([0, 3, 1, 2])
  }

  /// 1-D convolution of [N, C, L] with weights [O, C, k] and optional bias [O].
  public func conv1d(weights: Variable, bias: Variable? = nil, stride: Int = 1, padding: Int = 0)
    throws -> Variable
  {
    guard shape.count == 3, weights.shape.count == 3 else {
      throw RepriseError.invalidShape(
        operation: "Variable.conv1d", shape: shape,
        reason: "expected input [N, C, L] and weights [O, C, k]")
    }
    let input4 = try reshaped([shape[0], shape[1], 1, shape[2]])
    let weights4 = try weights.reshaped([weights.shape[0], weights.shape[1], 1, weights.shape[2]])
    let out = try input4.conv2d(
      weights: weights4, bias: bias, stride: (1, stride), padding: (0, padding))
    return try out.reshaped([out.shape[0], out.shape[1], out.shape[3]])
  }

  /// Max or average pooling of [N, C, H, W] over windows (no padding).
  public func pool2d(_ kind: PoolingKind, window: (Int, Int), stride: (Int, Int)? = nil) throws
    -> Variable
  {
    guard shape.count == 4 else {
      throw RepriseError.invalidShape(
        operation: "Variable.pool2d", shape: shape, reason: "expected [N, C, H, W]")
    }
    let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
    let geometry = ConvolutionGeometry(kernel: window, stride: stride ?? window)
    let (ho, wo) = try geometry.outputSize(height: h, width: w, operation: "Variable.pool2d")
    let patches = try reshaped([n * c, 1, h, w]).im2col(geometry)  // [N·C·Ho·Wo, kh·kw]
    let pooled = kind == .max ? try patches.max(alongAxis: 1) : try patches.mean(alongAxis: 1)
    return try pooled.reshaped([n, c, ho, wo])
  }
}

/// How `pool2d` reduces a window.
public enum PoolingKind: Sendable { case max, average }
