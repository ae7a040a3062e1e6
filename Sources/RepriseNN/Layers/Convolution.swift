// Convolutional layers: 2-D and 1-D, holding their weights in a store.
//
// Conv2D maps [N, C, H, W] to [N, O, Ho, Wo] with weights [O, C, kh, kw] and
// a bias per output channel, through the im2col + GEMM convolution of
// RepriseAutodiff (Ops/Convolution.swift explains the method and its cost).
// Conv1D is the same with H = 1, mapping [N, C, L] to [N, O, Lo].
// Default initialisation is PyTorch's: U(±1/√fanIn), fanIn = C·kh·kw.

/// A 2-D convolution layer.
public struct Conv2D: Sendable, Equatable {
  public let weight: ParameterID
  public let bias: ParameterID?
  public let stride: Int
  public let padding: Int

  public init<Scalar: RealScalar>(
    _ name: String, inChannels: Int, outChannels: Int, kernel: (Int, Int), stride: Int = 1,
    padding: Int = 0,
    bias useBias: Bool = true, weightInit: Initializer<Scalar> = .pytorchDefault,
    store: inout ParameterStore<Scalar>, random: inout RandomStream
  ) throws {
    guard inChannels > 0, outChannels > 0, kernel.0 > 0, kernel.1 > 0, stride > 0, padding >= 0
    else {
      throw RepriseError.invalidArgument(
        operation: "Conv2D.init(\(name))", name: "geometry",
        reason: "channels, kernel and stride must be positive and padding non-negative")
    }
    let fanIn = inChannels * kernel.0 * kernel.1
    weight = try store.add(
      "\(name).weight",
      try weightInit.make(
        [outChannels, inChannels, kernel.0, kernel.1], fanIn: fanIn, fanOut: outChannels,
        using: &random))
    bias =
      useBias
      ? try store.add(
        "\(name).bias",
        try Initializer<Scalar>.pytorchDefault.make(
          [outChannels], fanIn: fanIn, fanOut: outChannels, using: &random))
      : nil
    self.stride = stride
    self.padding = padding
  }

  public func callAsFunction<Scalar>(_ x: Variable<Scalar>, _ parameters: BoundParameters<Scalar>)
    throws
    -> Variable<Scalar>
  {
    try x.conv2d(
      weights: parameters[weight], bias: bias.map { parameters[$0] }, stride: (stride, stride),
      padding: (padding, padding))
  }
}

/// A 1-D convolution layer on [N, C, L].
public struct Conv1D: Sendable, Equatable {
  public let weight: ParameterID
  public let bias: ParameterID?
  public let stride: Int
  public let padding: Int

  public init<Scalar: RealScalar>(
    _ name: String, inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1,
    padding: Int = 0,
    store: inout ParameterStore<Scalar>, random: inout RandomStream
  ) throws {
    guard inChannels > 0, outChannels > 0, kernel > 0, stride > 0, padding >= 0 else {
      throw RepriseError.invalidArgument(
        operation: "Conv1D.init(\(name))", name: "geometry",
        reason: "channels, kernel and stride must be positive and padding non-negative")
    }
    let fanIn = inChannels * kernel
    weight = try store.add(
      "\(name).weight",
      try Initializer<Scalar>.pytorchDefault.make(
        [outChannels, inChannels, kernel], fanIn: fanIn, fanOut: outChannels, using: &random))
    bias = try store.add(
      "\(name).bias",
      try Initializer<Scalar>.pytorchDefault.make(
        [outChannels], fanIn: fanIn, fanOut: outChannels, using: &random))
    self.stride = stride
    self.padding = padding
  }

  public func callAsFunction<Scalar>(_ x: Variable<Scalar>, _ parameters: BoundParameters<Scalar>)
    throws
    -> Variable<Scalar>
  {
    try x.conv1d(
      weights: parameters[weight], bias: bias.map { parameters[$0] }, stride: stride,
      padding: padding)
  }
}
