// Spearman rank correlation between two paired lists of numbers: the Pearson
// correlation of their ranks, tied values sharing the mean of the ranks they
// span ("average" ranks, as scipy.stats.spearmanr). The Lab uses it to test
// monotone relations across a handful of trained models (papers.md §4, §17).
//
// Cost O(n log n). Sums are sequential in index order with fused
// multiply-adds, so the result is reproducible bit for bit. Undefined cases
// (fewer than 2 pairs, unequal lengths, a non-finite value, or a list whose
// values are all equal, so its ranks have no variance) throw.

public enum RankCorrelation {
  /// Spearman's ρ in [−1, 1].
  public static func spearman(_ a: [Double], _ b: [Double]) throws -> Double {
    let operation = "RankCorrelation.spearman"
    guard a.count == b.count else {
      throw RepriseError.shapeMismatch(operation: operation, expected: [a.count], got: [b.count])
    }
    guard a.count >= 2 else {
      throw RepriseError.invalidShape(
        operation: operation, shape: [a.count], reason: "needs at least 2 pairs")
    }
    for (name, values) in [("a", a), ("b", b)] {
      if let index = values.firstIndex(where: { !$0.isFinite }) {
        throw RepriseError.nonFinite(
          operation: "\(operation) (\(name))", row: index, column: 0, value: values[index])
      }
    }
    let ra = averageRanks(a)
    let rb = averageRanks(b)
    // Ranks have mean (n + 1)/2 exactly.
    let centre = Double(a.count + 1) / 2
    var sab = 0.0
    var saa = 0.0
    var sbb = 0.0
    for i in a.indices {
      let x = ra[i] - centre
      let y = rb[i] - centre
      sab.addProduct(x, y)
      saa.addProduct(x, x)
      sbb.addProduct(y, y)
    }
    guard saa > 0, sbb > 0 else {
      throw RepriseError.invalidArgument(
        operation: operation, name: saa > 0 ? "b" : "a",
        reason: "all values are equal, so the rank correlation is undefined")
    }
    return max(-1, min(1, sab / (saa * sbb).squareRoot()))
  }

  /// 1-based ranks; a run of equal values gets the mean of its ranks.
  public static func averageRanks(_ values: [Double]) -> [Double] {
    let order = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
    var ranks = [Double](repeating: 0, count: values.count)
    var start = 0
    while start < order.count {
      var end = start + 1
      while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
      let rank = Double(start + end + 1) / 2  // mean of start+1 … end
      for k in start..<end { ranks[order[k]] = rank }
      start = end
    }
    return ranks
  }
}
