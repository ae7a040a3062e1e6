import RepriseNN
import RepriseTestSupport
import Testing

@Suite struct ConvolutionalModelTests {
  @Test func smallCNNShapesAndGradients() throws {
    var store = ParameterStore<Double>()
    var random = RandomStream(seed: 4)
    let cnn2 = try SmallCNN<Double>(
      inputShape: [1, 8, 8], channels: [3, 4], classes: 5, store: &store, random: &random)
    let images = Variable(constant: try random.tensor([2, 64]))
    #expect(try cnn2(images, store.constants()).shape == [2, 5])
    var store1 = ParameterStore<Double>()
    let cnn1 = try SmallCNN<Double>(
      inputShape: [1, 12], channels: [2], classes: 3, store: &store1, random: &random)
    #expect(
      try cnn1(Variable(constant: try random.tensor([3, 12])), store1.constants()).shape == [3, 3])
    // Gradients of a loss through the whole CNN, by central differences.
    let labels = [0, 2, 1]
    let x = try random.tensor([3, 12])
    let tape = Tape<Double>()
    let bound = try store1.bind(to: tape)
    let analytic = try bound.gradients(
      of: try Loss.softmaxCrossEntropy(cnn1(Variable(constant: x), bound), labels: labels))
    for id in store1.ids {
      let numeric = try FiniteDifference.gradient(
        of: { value in
          var probe = store1
          try probe.setValue(value, for: id)
          return try Loss.softmaxCrossEntropy(
            cnn1(Variable(constant: x), probe.constants()), labels: labels
          ).value.scalars[0]
        }, at: store1[id])
      #expect(
        FiniteDifference.maxRelativeError(analytic[id]!, numeric) < 1e-6,
        "\(store1.names[id.index])")
    }
    #expect(throws: RepriseError.self) {
      try SmallCNN<Double>(
        inputShape: [1, 4], channels: [2, 2, 2], classes: 2, store: &store1, random: &random)
    }
  }
}

@Suite struct SuperpositionModelTests {
  @Test func diagnosticsOnAKnownGeometry() throws {
    // Features 0 and 1 orthogonal unit vectors, 2 an antipodal copy of 0, 3 unused.
    let w = try Tensor<Double>(rows: [[1, 0], [0, 1], [-1, 0], [0, 0]])
    let (norms, superposition, dimensionality) = try SuperpositionModel<Double>.diagnostics(w)
    #expect(norms == [1, 1, 1, 0])
    #expect(superposition == [1, 0, 1, 0])
    #expect(dimensionality == [0.5, 1, 0.5, 0])
  }

  @Test func denseFeaturesAreStoredWithoutSuperposition() throws {
    // S = 0: with n = 4 features, m = 2 dimensions and importance 0.7^i, the
    // model keeps the two most important features, orthogonally (the paper's
    // dense regime), and drops the others.
    var store = ParameterStore<Double>()
    var random = RandomStream(seed: 5)
    let model = try SuperpositionModel<Double>(
      features: 4, hidden: 2, store: &store, random: &random)
    let importance = Tensor<Double>([1, 0.7, 0.49, 0.343])
    var trainer = Trainer(optimizer: Adam<Double>(learningRate: 2e-2), batchSize: 256)
    var data = RandomStream(seed: 6)
    for _ in 0..<600 {
      let x = Variable(constant: try Tensor<Double>.uniform([256, 4], in: 0..<1, using: &data))
      try trainer.step(&store) { p in
        try Loss.importanceWeightedSquaredError(model(x, p), x, importance: importance)
      }
    }
    let (norms, superposition, _) = try SuperpositionModel<Double>.diagnostics(store[model.weight])
    #expect(norms[0] > 0.8 && norms[1] > 0.8, "norms \(norms)")
    #expect(norms[2] < 0.5 && norms[3] < 0.5, "norms \(norms)")
    #expect(superposition[0] < 0.05 && superposition[1] < 0.05, "superposition \(superposition)")
  }
}

@Suite struct GatedLinearNetworkTests {
  @Test func gatesSelectSharedPlusOwnPathway() throws {
    var store = ParameterStore<Double>()
    var random = RandomStream(seed: 7)
    let net = try GatedLinearNetwork<Double>(
      widths: [3, 4, 2], contexts: 2, initScale: 0.5, store: &store, random: &random)
    let x = try random.tensor([4, 3])
    let contexts = [0, 1, 1, 0]
    let y = try net(Variable(constant: x), contexts: contexts, store.constants()).value
    let maps = try net.pathwayMaps(store)
    for row in 0..<4 {
      let xr = try x.rows(row..<(row + 1))
      let expected = try matmul(xr, maps[0]) + matmul(xr, maps[1 + contexts[row]])
      #expect(FiniteDifference.maxRelativeError(try y.rows(row..<(row + 1)), expected) < 1e-14)
    }
    #expect(throws: RepriseError.self) {
      try net(Variable(constant: x), contexts: [0, 1, 2, 0], store.constants())
    }
    #expect(throws: RepriseError.self) {
      try net(Variable(constant: x), contexts: [0], store.constants())
    }
  }
}

@Suite struct AutoencoderTests {
  @Test func contractivePenaltyMatchesFiniteDifferenceJacobians() throws {
    var store = ParameterStore<Double>()
    var random = RandomStream(seed: 8)
    let ae = try Autoencoder<Double>(
      widths: [4, 3, 2], activation: .tanh, store: &store, random: &random)
    let x0 = try random.tensor([3, 4])
    func penalty(_ s: ParameterStore<Double>) throws -> (
      Tape<Double>, BoundParameters<Double>, Variable<Double>
    ) {
      let tape = Tape<Double>()
      let bound = try s.bind(to: tape)
      let x = tape.variable(x0)
      let code = try ae.encode(x, bound)
      return (tape, bound, try ae.contractivePenalty(x, code: code))
    }
    let (_, bound, p) = try penalty(store)
    // The penalty's value: mean over rows of ‖∂h/∂x‖²_F by finite differences.
    var expected = 0.0
    for row in 0..<3 {
      let xr = try x0.rows(row..<(row + 1))
      for unit in 0..<2 {
        let numeric = try FiniteDifference.gradient(
          of: { try ae.encode(Variable(constant: $0), store.constants()).value[0, unit] }, at: xr)
        expected += (try numeric * numeric).sum()
      }
    }
    #expect(abs(p.value.scalars[0] - expected / 3) < 1e-8)
    // Its gradient with respect to the encoder weights (double backprop).
    let grads = try bound.gradients(of: p)
    let w = ae.encoder.layers[0].weight
    let numeric = try FiniteDifference.gradient(
      of: { value in
        var probe = store
        try probe.setValue(value, for: w)
        return try penalty(probe).2.value.scalars[0]
      }, at: store[w])
    #expect(FiniteDifference.maxRelativeError(grads[w]!, numeric) < 1e-6)
    let (code, reconstruction) = try ae(Variable(constant: x0), store.constants())
    #expect(code.shape == [3, 2] && reconstruction.shape == [3, 4])
  }
}

@Suite struct CosineClassifierAndGrowthTests {
  @Test func cosineLogitsAreScaledCosines() throws {
    var store = ParameterStore<Double>()
    var random = RandomStream(seed: 9)
    let head = try CosineClassifier(
      "cos", inputs: 3, classes: 2, temperature: 0.5, store: &store, random: &random)
    let h = try random.tensor([4, 3])
    let z = try head(Variable(constant: h), store.constants()).value
    let w = store[head.weight]
    for r in 0..<4 {
      for c in 0..<2 {
        let hr = try h.row(r)
        let wc = try w.column(c)
        let cosine =
          (try hr * wc).sum()
          / ((try hr * hr).sum().squareRoot() * (try wc * wc).sum().squareRoot())
        // The ε = 1e-12 inside the norms perturbs the result by about ε/‖h‖².
        #expect(abs(z[r, c] - cosine / 0.5) < 1e-10)
      }
    }
    // Gradient of a loss through the layer, by central differences.
    let tape = Tape<Double>()
    let bound = try store.bind(to: tape)
    let analytic = try bound.gradients(
      of: try Loss.softmaxCrossEntropy(head(Variable(constant: h), bound), labels: [0, 1, 1, 0]))
    let numeric = try FiniteDifference.gradient(
      of: { value in
        var probe = store
        try probe.setValue(value, for: head.weight)
        return try Loss.softmaxCrossEntropy(
          head(Variable(constant: h), probe.constants()), labels: [0, 1, 1, 0]
        ).value.scalars[0]
      }, at: store[head.weight])
    #expect(FiniteDifference.maxRelativeError(analytic[head.weight]!, numeric) < 1e-6)
  }

  @Test func growingKeepsTheFunctionWithZeroIncomingWeights() throws {
    var store = ParameterStore<Double>()
    var random = RandomStream(seed: 10)
    let mlp = try MLP(widths: [3, 4, 2], store: &store, random: &random)
    var adam = Adam<Double>(learningRate: 1e-2)
    let x = Variable(constant: try random.tensor([5, 3]))
    // One step so the optimizer has state to grow.
    var trainer = Trainer(optimizer: adam, batchSize: 5)
    try trainer.step(&store) { p in try mlp(x, p).squared().mean() }
    adam = trainer.optimizer
    let before = try mlp(x, store.constants()).value
    let grown = try mlp.growingHiddenLayer(
      0, incoming: try Tensor.zeros([3, 2]), outgoing: try random.tensor([2, 2]), store: &store,
      optimizer: &adam)
    #expect(grown.widths == [3, 6, 2])
    #expect(try grown(x, store.constants()).value == before)
    // The grown optimizer state matches the grown parameters: a step works.
    let tape = Tape<Double>()
    let bound = try store.bind(to: tape)
    try adam.step(&store, gradients: try bound.gradients(of: try grown(x, bound).squared().mean()))
    #expect(store[grown.layers[0].weight].shape == [3, 6])
  }
}
