// A small convolutional classifier for images or sequences:
//   [conv → ReLU → (2×2 max-pool)] × len(channels) → flatten → dense → classes
// For 1-D inputs [N, C, L] the convolutions are 1-D and pooling halves L
// (MNIST-1D's CNN); for 2-D inputs [N, C, H, W] they are 2-D 3×3 with
// padding 1 and pooling halves H and W (digits as 8×8 images).

/// A conv-ReLU-pool stack with a dense classifier on top.
public struct SmallCNN<Scalar: RealScalar>: Sendable {
  public enum Layers: Sendable {
    case oneDimensional([Conv1D])
    case twoDimensional([Conv2D])
  }

  public let convolutions: Layers
  public let classifier: Dense
  public let inputShape: [Int]

  /// - Parameters:
  ///   - inputShape: [C, L] for sequences or [C, H, W] for images (no batch).
  ///   - channels: output channels of each convolution.
  ///   - pool: whether to 2× max-pool after each convolution.
  public init(
    _ name: String = "cnn", inputShape: [Int], channels: [Int], classes: Int, kernel: Int = 3,
    pool: Bool = true,
    store: inout ParameterStore<Scalar>, random: inout RandomStream
  ) throws {
    guard inputShape.count == 2 || inputShape.count == 3, !channels.isEmpty, classes > 0 else {
      throw RepriseError.invalidArgument(
        operation: "SmallCNN.init", name: "inputShape/channels/classes",
        reason: "need [C, L] or [C, H, W], at least one convolution and a positive class count")
    }
    var spatial = Array(inputShape.dropFirst())
    var inChannels = inputShape[0]
    var conv1: [Conv1D] = []
    var conv2: [Conv2D] = []
    for (index, out) in channels.enumerated() {
      if inputShape.count == 2 {
        conv1.append(
          try Conv1D(
            "\(name).conv\(index)", inChannels: inChannels, outChannels: out, kernel: kernel,
            padding: kernel / 2, store: &store, random: &random))
      } else {
        conv2.append(
          try Conv2D(
            "\(name).conv\(index)", inChannels: inChannels, outChannels: out,
            kernel: (kernel, kernel), padding: kernel / 2,
            store: &store, random: &random))
      }
      spatial = spatial.map { $0 + 2 * (kernel / 2) - kernel + 1 }
      if pool { spatial = spatial.map { $0 / 2 } }
      guard spatial.allSatisfy({ $0 > 0 }) else {
        throw RepriseError.invalidArgument(
          operation: "SmallCNN.init", name: "channels",
          reason: "too many pooled layers for input \(inputShape)")
      }
      inChannels = out
    }
    convolutions = inputShape.count == 2 ? .oneDimensional(conv1) : .twoDimensional(conv2)
    classifier = try Dense(
      "\(name).classifier", inputs: inChannels * spatial.reduce(1, *), outputs: classes,
      store: &store, random: &random)
    self.inputShape = inputShape
    self.pool = pool
  }

  let pool: Bool

  /// Logits for a batch of shape [N] + inputShape (or [N, features] with
  /// features = product of inputShape, reshaped here).
  public func callAsFunction(_ x: Variable<Scalar>, _ parameters: BoundParameters<Scalar>) throws
    -> Variable<Scalar>
  {
    var h = try x.reshaped([x.shape[0]] + inputShape)
    switch convolutions {
    case .oneDimensional(let layers):
      for layer in layers {
        h = try layer(h, parameters).relu()
        if pool {
          let pooled = try h.reshaped([h.shape[0], h.shape[1], 1, h.shape[2]]).pool2d(
            .max, window: (1, 2))
          h = try pooled.reshaped([pooled.shape[0], pooled.shape[1], pooled.shape[3]])
        }
      }
    case .twoDimensional(let layers):
      for layer in layers {
        h = try layer(h, parameters).relu()
        if pool { h = try h.pool2d(.max, window: (2, 2)) }
      }
    }
    return try classifier(try h.reshaped([h.shape[0], h.value.count / h.shape[0]]), parameters)
  }
}
