// TrainingBenchmark: optimizer steps per second for small MLPs (issue 4's
// speed target, compared with PyTorch by Benchmarks/compare_torch.py).
//
// For each model — 40-100-100-10 (batch 100, the MNIST-1D MLP),
// 64-256-256-10 (batch 128, digits) and 784-300-100-10 (batch 60,
// LeNet-300-100) — one step is: bind the parameters to a new tape, forward
// pass with ReLU, softmax cross-entropy on fixed random labels, backward
// pass, Adam update (Float). Inputs are uniform random from a fixed seed.
// After a few warm-up steps, steps repeat until ~1 s has passed (quick:
// 0.3 s; REPRISE_TRAIN_SECONDS=S sets it, as Benchmarks/compare_torch.py
// does); steps/s = steps / elapsed; also steps per CPU second and the rate
// of the fastest 3 consecutive steps (shared machines). Peak memory is the process's resident
// high-water mark (VmHWM from /proc/self/status) after the model's run. The
// benchmark asks glibc to keep freed heap pages mapped
// (`HeapRetention.keepFreedMemory`), as a training application would;
// REPRISE_TRAIN_DEFAULT_MALLOC=1 measures with glibc's defaults.

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
    let seconds =
      getenv("REPRISE_TRAIN_SECONDS").flatMap { Double(String(cString: $0)) }.flatMap {
        $0 > 0 ? $0 : nil
      } ?? (quick ? 0.3 : 1.0)
    // Keep freed heap pages mapped between steps (HeapRetention.swift);
    // REPRISE_TRAIN_DEFAULT_MALLOC=1 measures with glibc's default settings.
    if getenv("REPRISE_TRAIN_DEFAULT_MALLOC") == nil { HeapRetention.keepFreedMemory() }
    if getenv("REPRISE_TRAIN_GEMM_SHAPES") != nil {
      return try gemmShapes(threadCounts: threadCounts ?? [1, 2])
    }
    if !json { print("model               batch threads   steps/s  per-cpu-s  best-3    peak MB") }
    // REPRISE_TRAIN_MODEL=i runs only model i (0, 1, 2), for profiling.
    let only = getenv("REPRISE_TRAIN_MODEL").flatMap { Int(String(cString: $0)) }
    for (index, model) in models.enumerated() where only == nil || only == index {
      for threads in threadCounts ?? [1, 2] {
        try ThreadSettings.setDefaultCount(threads)
        let (stepsPerSecond, stepsPerCPUSecond, bestWindow) = try measure(model, seconds: seconds)
        let name = model.widths.map(String.init).joined(separator: "-")
        let peak = peakResidentMegabytes()
        if json {
          print(
            "{\"bench\":\"train\",\"type\":\"Float\",\"model\":\"\(name)\",\"batch\":\(model.batch),"
              + "\"threads\":\(threads),\"steps_per_second\":\(stepsPerSecond),"
              + "\"steps_per_cpu_second\":\(stepsPerCPUSecond),\"best_window_steps_per_second\":\(bestWindow),"
              + "\"peak_mb\":\(peak)}")
        } else {
          print(
            name.rightPadded(20) + "\(model.batch)".leftPadded(5)
              + "\(threads)".leftPadded(8) + "\(Int(stepsPerSecond))".leftPadded(10)
              + "\(Int(stepsPerCPUSecond))".leftPadded(10) + "\(Int(bestWindow))".leftPadded(10)
              + "\(Int(peak))".leftPadded(10))
        }
      }
    }
  }

  /// Steps per wall-clock second, per second of process CPU time (all
  /// threads; on a loaded machine this shows the work, not the waiting), and
  /// in the fastest window of 3 consecutive steps (the least disturbed).
  static func measure(_ model: Model, seconds: Double) throws -> (Double, Double, Double) {
    let window = 3
    var best = 0.0
    var random = RandomStream(seed: 11)
    var store = ParameterStore<Float>()
    let mlp = try MLP(widths: model.widths, store: &store, random: &random)
    let x = Variable(
      constant: try Tensor<Float>.uniform(
        [model.batch, model.widths[0]], in: 0..<1, using: &random))
    let labels = try (0..<model.batch).map { _ in
      Int(try random.integer(below: UInt64(model.widths.last!)))
    }
    var trainer = Trainer(optimizer: Adam<Float>(learningRate: 1e-3), batchSize: model.batch)
    let step = {
      (trainer: inout Trainer<Float, Adam<Float>>, store: inout ParameterStore<Float>) throws in
      try trainer.step(&store) { p in try Loss.softmaxCrossEntropy(mlp(x, p), labels: labels) }
    }
    for _ in 0..<5 { _ = try step(&trainer, &store) }
    let clock = ContinuousClock()
    let start = clock.now
    let cpuStart = processCPUSeconds()
    var steps = 0
    var elapsed = 0.0
    var windowStart = 0.0
    var bestWindow = Double.infinity
    while elapsed < seconds || steps < 2 * window {
      _ = try step(&trainer, &store)
      steps += 1
      let d = clock.now - start
      elapsed = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
      if steps % window == 0 {
        bestWindow = min(bestWindow, elapsed - windowStart)
        windowStart = elapsed
      }
    }
    best = Double(window) / bestWindow
    return (Double(steps) / elapsed, Double(steps) / (processCPUSeconds() - cpuStart), best)
  }

  /// CPU time used by the whole process so far, in seconds.
  static func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
  }

  /// Times every GEMM of one training step on its own (environment variable
  /// REPRISE_TRAIN_GEMM_SHAPES set): the forward product x·W, the weight
  /// gradient xᵀ·G and the input gradient G·Wᵀ (not for the first layer),
  /// best of repeated calls, in GFLOPS.
  static func gemmShapes(threadCounts: [Int]) throws {
    print("model               layer  product     m     n     k threads    µs  GFLOPS")
    var random = RandomStream(seed: 5)
    for model in models {
      let name = model.widths.map(String.init).joined(separator: "-")
      for layer in 0..<(model.widths.count - 1) {
        let (b, i, o) = (model.batch, model.widths[layer], model.widths[layer + 1])
        let x = try Tensor<Float>.uniform([b, i], in: -1..<1, using: &random)
        let w = try Tensor<Float>.uniform([i, o], in: -1..<1, using: &random)
        let g = try Tensor<Float>.uniform([b, o], in: -1..<1, using: &random)
        var products: [(String, Int, Int, Int, (Int) throws -> Tensor<Float>)] = [
          ("x·W", b, o, i, { try matmul(x, w, threads: $0) }),
          ("xᵀ·G", i, o, b, { try matmul(x, g, transposeA: true, threads: $0) }),
        ]
        if layer > 0 {
          products.append(("G·Wᵀ", b, i, o, { try matmul(g, w, transposeB: true, threads: $0) }))
        }
        for (label, m, n, k, product) in products {
          for threads in threadCounts {
            let clock = ContinuousClock()
            var best = Double.infinity
            for _ in 0..<200 {
              let start = clock.now
              _ = try product(threads)
              let d = clock.now - start
              best = min(
                best, Double(d.components.attoseconds) * 1e-18 + Double(d.components.seconds))
            }
            print(
              name.rightPadded(20) + "\(layer)".leftPadded(6) + "  " + label.rightPadded(8)
                + "\(m)".leftPadded(6) + "\(n)".leftPadded(6) + "\(k)".leftPadded(6)
                + "\(threads)".leftPadded(8) + "\(Int(best * 1e6))".leftPadded(6)
                + "\(Int(2 * Double(m * n * k) / best / 1e9))".leftPadded(8))
          }
        }
      }
    }
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
