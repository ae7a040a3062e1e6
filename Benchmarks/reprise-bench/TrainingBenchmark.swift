// TrainingBenchmark: optimizer steps per second for small MLPs (issue 4's
// speed target, compared with PyTorch by Benchmarks/compare_torch.py).
//
// For each model — 40-100-100-10 (batch 100, the MNIST-1D MLP),
// 64-256-256-10 (batch 128, digits) and 784-300-100-10 (batch 60,
// LeNet-300-100) — one step is: bind the parameters to a new tape, forward
// pass with ReLU, softmax cross-entropy on fixed random labels, backward
// pass, Adam update (Float). Inputs are uniform random from a fixed seed.
// After a few warm-up steps, steps repeat until ~1 s has passed (quick:
// 0.3 s); steps/s = steps / elapsed. Peak memory is the process's resident
// high-water mark (VmHWM from /proc/self/status) after the model's run.

import Reprise

#if canImport(Glibc)
  import Glibc
#endif

enum TrainingBenchmark {
  struct Model {
    let widths: [Int]
    let batch: Int
  }

  static let models = [
    Model(widths: [40, 100, 100, 10], batch: 100),
    Model(widths: [64, 256, 256, 10], batch: 128),
    Model(widths: [784, 300, 100, 10], batch: 60),
  ]

  static func run(json: Bool, quick: Bool, threadCounts: [Int]?) throws {
    let seconds = quick ? 0.3 : 1.0
    if !json { print("model               batch threads   steps/s   peak MB") }
    for model in models {
      for threads in threadCounts ?? [1, 2] {
        try ThreadSettings.setDefaultCount(threads)
        let stepsPerSecond = try measure(model, seconds: seconds)
        let name = model.widths.map(String.init).joined(separator: "-")
        let peak = peakResidentMegabytes()
        if json {
          print(
            "{\"bench\":\"train\",\"type\":\"Float\",\"model\":\"\(name)\",\"batch\":\(model.batch),"
              + "\"threads\":\(threads),\"steps_per_second\":\(stepsPerSecond),\"peak_mb\":\(peak)}")
        } else {
          print(
            name.rightPadded(20) + "\(model.batch)".leftPadded(5)
              + "\(threads)".leftPadded(8) + "\(Int(stepsPerSecond))".leftPadded(10) + "\(Int(peak))".leftPadded(10))
        }
      }
    }
  }

  static func measure(_ model: Model, seconds: Double) throws -> Double {
    var random = RandomStream(seed: 11)
    var store = ParameterStore<Float>()
    let mlp = try MLP(widths: model.widths, store: &store, random: &random)
    let x = Variable(constant: try Tensor<Float>.uniform([model.batch, model.widths[0]], in: 0..<1, using: &random))
    let labels = try (0..<model.batch).map { _ in Int(try random.integer(below: UInt64(model.widths.last!))) }
    var trainer = Trainer(optimizer: Adam<Float>(learningRate: 1e-3), batchSize: model.batch)
    let step = { (trainer: inout Trainer<Float, Adam<Float>>, store: inout ParameterStore<Float>) throws in
      try trainer.step(&store) { p in try Loss.softmaxCrossEntropy(mlp(x, p), labels: labels) }
    }
    for _ in 0..<5 { _ = try step(&trainer, &store) }
    let clock = ContinuousClock()
    let start = clock.now
    var steps = 0
    var elapsed = 0.0
    while elapsed < seconds {
      _ = try step(&trainer, &store)
      steps += 1
      let d = clock.now - start
      elapsed = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
    return Double(steps) / elapsed
  }

  /// VmHWM in MB, or 0 where /proc is unavailable.
  static func peakResidentMegabytes() -> Double {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, 256, file) != nil {
      let text = String(cString: line)
      if text.hasPrefix("VmHWM:") {
        let kilobytes = text.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kilobytes / 1024
      }
    }
    return 0
  }
}

extension String {
  fileprivate func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }

  fileprivate func rightPadded(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
