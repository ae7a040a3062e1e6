import RepriseCore
import Testing

@Suite struct TensorConstructionTests {
  @Test func shapeAndScalarsMustAgree() throws {
    let t = try Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    #expect(t.rank == 2 && t.count == 6 && t.strides == [3, 1])
    #expect(t[1, 2] == 6)
    #expect(
      throws: RepriseError.shapeMismatch(
        operation: "Tensor.init(shape:scalars:)", expected: [6], got: [5])
    ) {
      try Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5])
    }
  }

  @Test func hostileShapesAreRejected() {
    #expect(throws: RepriseError.self) { try Tensor<Float>(shape: [-1, 3], repeating: 0) }
    #expect(throws: RepriseError.self) {
      try Tensor<Float>(shape: [1 << 40, 1 << 40], repeating: 0)
    }
    #expect(throws: RepriseError.self) { try Tensor<Float>(rows: [[1, 2], [3]]) }
  }

  @Test func emptyShapesWork() throws {
    let empty = try Tensor<Double>.zeros([0, 4])
    #expect(empty.count == 0 && empty.sum() == 0)
    #expect(try empty.transposed().shape == [4, 0])
    #expect(throws: RepriseError.self) { try empty.mean() }
    #expect(throws: RepriseError.self) { try empty.maximum() }
    let scalar = Tensor<Double>(scalar: 3)
    #expect(scalar.rank == 0 && scalar.count == 1 && scalar[] == 3)
  }

  @Test func checkedAccess() throws {
    var t = try Tensor<Double>.identity(3)
    #expect(try t.element(at: [1, 1]) == 1)
    try t.setElement(5, at: [0, 2])
    #expect(t[0, 2] == 5)
    #expect(throws: RepriseError.self) { try t.element(at: [3, 0]) }
    #expect(throws: RepriseError.self) { try t.element(at: [0]) }
  }

  @Test func copiesAreIndependent() throws {
    let a = try Tensor<Float>(shape: [2, 2], repeating: 1)
    var b = a
    b[0, 0] = 7
    #expect(a[0, 0] == 1 && b[0, 0] == 7)
  }
}

@Suite struct TensorReshapingTests {
  let m = try! Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])

  @Test func transposeAndPermute() throws {
    let t = try m.transposed()
    #expect(t.shape == [3, 2] && t.scalars == [1, 4, 2, 5, 3, 6])
    #expect(try m.permuted([1, 0]) == t)
    let cube = try Tensor<Double>(shape: [2, 3, 4], scalars: (0..<24).map(Double.init))
    let p = try cube.permuted([2, 0, 1])
    #expect(p.shape == [4, 2, 3])
    for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { #expect(p[k, i, j] == cube[i, j, k]) } } }
    #expect(throws: RepriseError.self) { try cube.permuted([0, 0, 1]) }
    #expect(throws: RepriseError.self) { try cube.transposed() }
    // A transpose larger than the 32×32 blocking.
    let big = try Tensor<Double>(shape: [37, 70], scalars: (0..<(37 * 70)).map(Double.init))
    let bt = try big.transposed()
    #expect(try bt.transposed() == big && bt[69, 36] == big[36, 69])
  }

  @Test func reshapeRowsColumns() throws {
    #expect(try m.reshaped([3, 2]).scalars == m.scalars)
    #expect(throws: RepriseError.self) { try m.reshaped([4, 2]) }
    #expect(try m.row(1).scalars == [4, 5, 6])
    #expect(try m.column(1).scalars == [2, 5])
    #expect(try m.columns(1..<3) == Tensor(rows: [[2, 3], [5, 6]]))
    #expect(try m.rows(0..<1).shape == [1, 3])
    #expect(throws: RepriseError.self) { try m.rows(1..<3) }
    #expect(throws: RepriseError.self) { try m.columns(2..<4) }
  }

  @Test func concatenation() throws {
    let a = try Tensor<Double>(rows: [[1, 2]])
    let b = try Tensor<Double>(rows: [[3, 4], [5, 6]])
    #expect(try Tensor.concatenate([a, b], axis: 0) == Tensor(rows: [[1, 2], [3, 4], [5, 6]]))
    let c = try Tensor<Double>(rows: [[9], [8]])
    #expect(try Tensor.concatenate([b, c], axis: 1) == Tensor(rows: [[3, 4, 9], [5, 6, 8]]))
    #expect(throws: RepriseError.self) { try Tensor.concatenate([a, c], axis: 0) }
  }

  @Test func viewsShareStorageAndTranspose() throws {
    let v = try m.view(rows: 0..<2, columns: 1..<3)
    #expect(v.rows == 2 && v.columns == 2 && v[1, 0] == 5)
    #expect(v.transposed[0, 1] == 5)
    #expect(v.transposed.materialized() == (try v.materialized().transposed()))
    #expect(throws: RepriseError.self) { try m.view(rows: 0..<3) }
  }
}

@Suite struct TensorArithmeticTests {
  @Test func broadcastingFollowsNumpyRules() throws {
    let m = try Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])
    let row = Tensor<Double>([10, 20, 30])
    let column = try Tensor<Double>(rows: [[100], [200]])
    #expect(try (m + row) == Tensor(rows: [[11, 22, 33], [14, 25, 36]]))
    #expect(try (m * column) == Tensor(rows: [[100, 200, 300], [800, 1000, 1200]]))
    #expect(try (row - column).shape == [2, 3])
    #expect(try (m / Tensor(scalar: 2)) == m * 0.5)
    #expect(throws: RepriseError.self) { try m + Tensor<Double>([1, 2]) }
    let a = try Tensor<Double>(shape: [2, 1, 3], scalars: (0..<6).map(Double.init))
    let b = try Tensor<Double>(shape: [4, 1], scalars: [0, 10, 20, 30])
    let s = try a + b
    #expect(s.shape == [2, 4, 3])
    for i in 0..<2 {
      for j in 0..<4 { for k in 0..<3 { #expect(s[i, j, k] == a[i, 0, k] + b[j, 0]) } }
    }
  }

  @Test func nonFiniteValuesAreLocated() throws {
    var m = try Tensor<Double>.zeros([3, 4])
    try m.requireFinite(operation: "test")
    m[2, 1] = .nan
    let error = #expect(throws: RepriseError.self) { try m.requireFinite(operation: "test") }
    guard case .nonFinite(_, 2, 1, let value)? = error, value.isNaN else {
      Issue.record("expected nonFinite at (2, 1), got \(String(describing: error))")
      return
    }
    #expect(m.firstNonFinite()?.row == 2 && m.firstNonFinite()?.column == 1)
  }
}

@Suite struct TensorReductionTests {
  @Test func pairwiseSumIsExactOnIntegersAndAccurate() throws {
    let n = 10_001
    let t = Tensor<Double>((1...n).map(Double.init))
    #expect(t.sum() == Double(n * (n + 1) / 2))
    // 0.1 added a million times: pairwise error stays near ε·log2(n)·sum.
    let tenths = Tensor<Float>([Float](repeating: 0.1, count: 1 << 20))
    let exact = Double(Float(0.1)) * Double(1 << 20)
    #expect(abs(Double(tenths.sum()) - exact) / exact < 1e-6)
  }

  @Test func axisReductions() throws {
    let m = try Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])
    #expect(try m.sum(alongAxis: 0).scalars == [5, 7, 9])
    #expect(try m.sum(alongAxis: 1).scalars == [6, 15])
    #expect(try m.mean(alongAxis: 1).scalars == [2, 5])
    #expect(throws: RepriseError.self) { try m.sum(alongAxis: 2) }
    // Axis reduction uses the same pairwise order as the full sum.
    let values = (0..<1000).map { 1.0 / Double($0 + 1) }
    let column = try Tensor<Double>(shape: [1000, 1], scalars: values)
    #expect(try column.sum(alongAxis: 0).scalars[0].bitPattern == Tensor(values).sum().bitPattern)
  }

  @Test func extremesPropagateNaN() throws {
    let t = Tensor<Double>([3, -1, 7, 7, 2])
    #expect(try t.maximum() == 7 && t.argmax() == 2 && t.minimum() == -1 && t.argmin() == 1)
    let withNaN = Tensor<Double>([3, .nan, 9])
    #expect(try withNaN.maximum().isNaN && withNaN.argmax() == 1)
  }

  @Test func digestSeesShapeAndBits() throws {
    let a = try Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    #expect(a.digest == (try a.reshaped([2, 3])).digest)
    #expect(a.digest != (try a.reshaped([3, 2])).digest)
    var b = a
    b[0, 0] = 1.0000000000000002
    #expect(a.digest != b.digest)
    #expect(Tensor<Double>([0.0]).digest != Tensor<Double>([-0.0]).digest)
  }
}
