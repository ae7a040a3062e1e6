import RepriseLinalg
import RepriseTestSupport
import Testing

@Suite struct MatrixProductTests {
  @Test func tensorProductEqualsTheReferenceLoopBitForBit() throws {
    var random = RandomStream(seed: 17)
    for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
      let (m, n, k) = (37, 29, 70)
      let a = try random.tensor(ta ? [k, m] : [m, k])
      let b = try random.tensor(tb ? [n, k] : [k, n])
      for threads in [1, 2, 3] {
        let c = try matmul(a, b, transposeA: ta, transposeB: tb, threads: threads)
        for i in 0..<m {
          for j in 0..<n {
            var t = 0.0
            for p in 0..<k { t = t.addingProduct(ta ? a[p, i] : a[i, p], tb ? b[j, p] : b[p, j]) }
            #expect(c[i, j].bitPattern == t.bitPattern)
          }
        }
      }
    }
  }

  @Test func shapeErrors() throws {
    let a = try Tensor<Float>.zeros([2, 3])
    #expect(throws: RepriseError.self) { try matmul(a, a) }
    #expect(throws: RepriseError.self) { try matmul(a, Tensor<Float>([1, 2, 3])) }
    #expect(try matmul(a, a, transposeB: true).shape == [2, 2])
    #expect(try matmul(Tensor<Float>.zeros([0, 3]), Tensor<Float>.zeros([3, 4])).shape == [0, 4])
    #expect(try matmul(Tensor<Float>.zeros([2, 0]), Tensor<Float>.zeros([0, 4])) == Tensor<Float>.zeros([2, 4]))
  }
}
