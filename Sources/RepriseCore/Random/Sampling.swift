// Permutations and sampling without replacement.
//
// A permutation of 0..<n is drawn by the Fisher–Yates shuffle run from the
// top: for i = n−1 down to 1, swap element i with element j = integer(0...i).
// Sampling k of n without replacement runs the first k steps of the same
// shuffle from the bottom (for i = 0..<k, swap i with integer(i...n−1)) and
// keeps the first k entries. Both consume a documented sequence of
// `RandomStream.integer` draws, so they are reproducible. Cost O(n).
// Source: Knuth, TAOCP vol. 2, §3.4.2, Algorithm P.

extension RandomStream {
  /// A uniformly random permutation of 0..<n.
  public mutating func permutation(_ n: Int) throws -> [Int] {
    guard n >= 0 else {
      throw RepriseError.invalidArgument(
        operation: "RandomStream.permutation(_:)", name: "n",
        reason: "must be non-negative, got \(n)")
    }
    var items = Array(0..<n)
    var i = n - 1
    while i > 0 {
      let j = Int(try integer(below: UInt64(i + 1)))
      items.swapAt(i, j)
      i -= 1
    }
    return items
  }

  /// `count` distinct indices from 0..<n in random order.
  public mutating func sample(_ count: Int, from n: Int) throws -> [Int] {
    guard n >= 0, count >= 0, count <= n else {
      throw RepriseError.invalidArgument(
        operation: "RandomStream.sample(_:from:)", name: "count",
        reason: "need 0 ≤ count ≤ n, got count \(count), n \(n)")
    }
    var items = Array(0..<n)
    for i in 0..<count {
      let j = i + Int(try integer(below: UInt64(n - i)))
      items.swapAt(i, j)
    }
    return Array(items[0..<count])
  }

  /// `count` indices from 0..<n drawn independently with replacement.
  public mutating func choices(_ count: Int, from n: Int) throws -> [Int] {
    guard n > 0, count >= 0 else {
      throw RepriseError.invalidArgument(
        operation: "RandomStream.choices(_:from:)", name: "n",
        reason: "need n > 0 and count ≥ 0, got count \(count), n \(n)")
    }
    return try (0..<count).map { _ in Int(try integer(below: UInt64(n))) }
  }

  /// A random element of a non-empty collection.
  public mutating func choice<C: Collection>(from items: C) throws -> C.Element {
    guard !items.isEmpty else {
      throw RepriseError.invalidArgument(
        operation: "RandomStream.choice(from:)", name: "items", reason: "is empty")
    }
    let offset = Int(try integer(below: UInt64(items.count)))
    return items[items.index(items.startIndex, offsetBy: offset)]
  }
}
