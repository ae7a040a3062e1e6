// Linear CKA's feature form centres X and Y side by side into Z = [X̃ Ỹ] and
// forms X̃ᵀX̃, X̃ᵀỸ and ỸᵀỸ as blocks of one symmetric product ZᵀZ. The
// numbers must be exactly those of the plain composition it replaced, built
// here from public pieces: `FeatureMatrix.centered`, the power-of-two rescale
// of large or tiny data, X̃ᵀỸ by `GEMM.product`, X̃ᵀX̃ and ỸᵀỸ by
// `SymmetricRankK.product`, and the sums of squares written out below in
// their fixed pairwise order (runs of ≤ 8 from 0, halves at ⌊n/2⌋; the norms
// over the recursive upper tiling of the symmetric matrix, off-diagonal
// tiles counted twice). Any change of a bit of CKA shows up here (and in
// the Lab's digests, which use linear CKA).
import RepriseMetrics
import Testing

@Suite struct CKAOnePassBitsTests {
  /// Σ terms in the pairwise order: runs of at most 8 added left to right
  /// from 0, longer ranges split at ⌊count/2⌋.
  static func pairwise(_ count: Int, _ term: (Int) -> Double) -> Double {
    func sum(_ start: Int, _ count: Int) -> Double {
      if count <= 8 { return (start..<(start + count)).reduce(0.0) { $0 + term($1) } }
      return sum(start, count / 2) + sum(start + count / 2, count - count / 2)
    }
    return sum(0, count)
  }

  /// ‖S‖²_F of a symmetric p×p S over the tiles of its upper triangle:
  /// column ranges halved recursively, ≤ 64 columns a full diagonal square,
  /// each split adding the rectangle (first half × second half) twice.
  static func symmetricSquares<T: RealScalar>(_ s: [T], _ p: Int) -> Double {
    var tiles: [Double] = []
    func tile(_ r0: Int, _ rows: Int, _ c0: Int, _ cols: Int, _ weight: Double) {
      tiles.append(
        weight
          * pairwise(rows * cols) { i in
            let v = Double(s[(r0 + i / cols) * p + c0 + i % cols])
            return v * v
          })
    }
    func split(_ start: Int, _ width: Int) {
      if width <= 64 {
        if width > 0 { tile(start, width, start, width, 1) }
        return
      }
      let half = width / 2
      split(start, half)
      tile(start, half, start + half, width - half, 2)
      split(start + half, width - half)
    }
    split(0, p)
    return pairwise(tiles.count) { tiles[$0] }
  }

  /// Centred, and multiplied by 2^−(e+1) when the largest |entry| 2^e lies
  /// beyond 2^(±emax/4) (the exact rescale every similarity measure applies).
  static func centredAndScaled<T: RealScalar>(_ x: Tensor<T>) throws -> [T] {
    let c = try FeatureMatrix.centered(x).scalars
    let largest = c.map { abs($0) }.max() ?? 0
    let limit = T.greatestFiniteMagnitude.exponent
    guard largest > 0 && abs(Int(largest.exponent)) > Int(limit) / 4 else { return c }
    let factor = T(sign: .plus, exponent: -(largest.exponent + 1), significand: 1)
    return c.map { $0 * factor }
  }

  static func plainLinearCKA<T: RealScalar>(_ x: Tensor<T>, _ y: Tensor<T>) throws -> T {
    let (n, p, q) = (x.shape[0], x.shape[1], y.shape[1])
    let cx = try centredAndScaled(x)
    let cy = try centredAndScaled(y)
    let xy = try GEMM.product(cx, cy, m: p, n: q, k: n, transA: .transposed, threads: 1)
    let xx = try SymmetricRankK.product(.transposed, cx, n: p, k: n, threads: 1)
    let yy = try SymmetricRankK.product(.transposed, cy, n: q, k: n, threads: 1)
    let cross = pairwise(xy.count) { Double(xy[$0]) * Double(xy[$0]) }
    let norms = symmetricSquares(xx, p).squareRoot() * symmetricSquares(yy, q).squareRoot()
    return T(min(1, cross / norms))
  }

  /// Inputs with n ≥ p + q (the feature form), p and q not multiples of the
  /// kernel's 6 × 8 tiles (so tiles straddle the X/Y boundary of Z), above
  /// 64 (recursive tiling), with a constant column and an offset.
  static func inputs(_ n: Int, _ p: Int, _ q: Int, seed: UInt64) throws -> (
    Tensor<Double>, Tensor<Double>
  ) {
    var random = RandomStream(seed: seed, stream: 3)
    var x = random.normals(n * p, Double.self).map { $0 + 40 }
    for i in 0..<n { x[i * p + p / 2] = 0.1 }
    let noise = random.normals(n * q, Double.self)
    var y = [Double](repeating: 0, count: n * q)
    for i in 0..<n {
      for j in 0..<q {
        let signal: Double = x[i * p + j % p] * Double(j % 3)
        y[i * q + j] = signal + noise[i * q + j]
      }
    }
    return (try Tensor(shape: [n, p], scalars: x), try Tensor(shape: [n, q], scalars: y))
  }

  // 1100 × 131 is past the size where centring splits the columns between
  // threads.
  @Test(arguments: [(60, 7, 5), (200, 70, 83), (1100, 131, 66)])
  func sameBitsAsThreeSeparateProducts(n: Int, p: Int, q: Int) throws {
    let (x, y) = try Self.inputs(n, p, q, seed: UInt64(n + p))
    let expected = try Self.plainLinearCKA(x, y)
    #expect(expected > 0.05 && expected < 0.999)
    for threads in [1, 2, 3] {
      #expect(try CKA.linear(x, y, threads: threads).bitPattern == expected.bitPattern)
    }
    let xf = try Tensor(shape: x.shape, scalars: x.scalars.map { Float($0) })
    let yf = try Tensor(shape: y.shape, scalars: y.scalars.map { Float($0) })
    let expectedFloat = try Self.plainLinearCKA(xf, yf)
    for threads in [1, 3] {
      #expect(try CKA.linear(xf, yf, threads: threads).bitPattern == expectedFloat.bitPattern)
    }
  }

  @Test func rescaledInputsKeepTheirBits() throws {
    // 1e200 and 1e-200 put the centred data past 2^(±emax/4): both are
    // rescaled by a power of two before the products (on their own blocks).
    let (x, y) = try Self.inputs(300, 40, 50, seed: 11)
    let (big, tiny) = (x * 1e200, y * 1e-200)
    let expected = try Self.plainLinearCKA(big, tiny)
    #expect(expected.isFinite && expected > 0.05)
    #expect(try CKA.linear(big, tiny, threads: 2).bitPattern == expected.bitPattern)
    expectClose(expected, try CKA.linear(x, y), relative: 1e-12, "scale invariance")
  }

  @Test func errorsComeInTheOrderXThenYThenRows() throws {
    let good = try Tensor<Double>(shape: [20, 3], scalars: (0..<60).map { Double($0 % 7) })
    var withNaN = good.scalars
    withNaN[31] = .nan
    let badX = try Tensor(shape: [20, 3], scalars: withNaN)
    let shortY = try Tensor<Double>(shape: [19, 3], scalars: (0..<57).map { Double($0 % 5) })
    do {
      _ = try CKA.linear(badX, shortY)
      Issue.record("a NaN in X was accepted")
    } catch RepriseError.nonFinite(_, let row, let column, _) {
      #expect(row == 10 && column == 1)
    }
    #expect(throws: RepriseError.self) { try CKA.linear(good, shortY) }
    let constant = try Tensor<Double>(shape: [20, 3], repeating: 2)
    do {
      _ = try CKA.linear(good, constant)
      Issue.record("a constant Y was accepted")
    } catch RepriseError.invalidArgument(_, let name, _) {
      #expect(name == "y")
    }
  }
}
