// The Hilbert–Schmidt independence criterion of two n×n kernel matrices.
//
// What: two estimators of HSIC(K, L) for symmetric Gram matrices K, L over
// the same n samples:
//   • biased (Gretton et al. 2005): tr(K H L H)/(n − 1)², H = I − 11ᵀ/n;
//     computed as ⟨HKH, HLH⟩/(n − 1)², with HKH formed by subtracting row
//     means, column means and adding back the grand mean;
//   • unbiased (Song et al. 2012, "Feature selection via dependence
//     maximization", JMLR 13, eq. 5): with K̃, L̃ equal to K, L with their
//     diagonals set to zero,
//       HSIC₁ = [tr(K̃L̃) + (1ᵀK̃1)(1ᵀL̃1)/((n−1)(n−2)) − 2/(n−2)·1ᵀK̃L̃1]
//               / (n(n−3)),
//     needs n ≥ 4 and is an unbiased estimate of the population HSIC.
// All sums are taken in Double in a fixed pairwise order.
// Cost: O(n²) each, after the kernels are formed.

/// HSIC estimators on Gram matrices (row-major n×n Double arrays).
enum HSIC {
  /// ⟨HKH, HLH⟩/(n − 1)² (biased estimator).
  static func biased(_ k: [Double], _ l: [Double], samples n: Int) -> Double {
    let kc = doublyCentred(k, n)
    let lc = doublyCentred(l, n)
    let inner = SimilarityKernels.pairwiseSum(n * n) { kc[$0] * lc[$0] }
    let m = Double(n - 1)
    return inner / (m * m)
  }

  /// HKH for a symmetric K: K_ij − r_i − r_j + m (r = row means, m = grand mean).
  static func doublyCentred(_ k: [Double], _ n: Int) -> [Double] {
    let rowMeans = (0..<n).map { i in
      SimilarityKernels.pairwiseSum(n) { k[i * n + $0] } / Double(n)
    }
    let grand = SimilarityKernels.pairwiseSum(rowMeans) / Double(n)
    var out = k
    for i in 0..<n {
      for j in 0..<n { out[i * n + j] = k[i * n + j] - rowMeans[i] - rowMeans[j] + grand }
    }
    return out
  }

  /// The statistics of one Gram matrix that the unbiased estimator needs:
  /// row sums and total of K̃ (K with a zero diagonal).
  struct OffDiagonalSums {
    let rowSums: [Double]
    let total: Double

    init(_ k: [Double], _ n: Int) {
      rowSums = (0..<n).map { i in
        SimilarityKernels.pairwiseSum(n) { j in j == i ? 0 : k[i * n + j] }
      }
      total = SimilarityKernels.pairwiseSum(rowSums)
    }
  }

  /// Song et al.'s unbiased HSIC₁ (n ≥ 4; the caller checks).
  static func unbiased(_ k: [Double], _ l: [Double], samples n: Int) -> Double {
    let sk = OffDiagonalSums(k, n)
    let sl = OffDiagonalSums(l, n)
    let trace = SimilarityKernels.pairwiseSum(n * n) { idx in
      idx / n == idx % n ? 0 : k[idx] * l[idx]
    }
    let rowProducts = SimilarityKernels.pairwiseSum(n) { sk.rowSums[$0] * sl.rowSums[$0] }
    return unbiasedFormula(
      trace: trace, kTotal: sk.total, lTotal: sl.total, rowProducts: rowProducts, samples: n)
  }

  /// The estimator from its four ingredients tr(K̃L̃), 1ᵀK̃1, 1ᵀL̃1, 1ᵀK̃L̃1.
  static func unbiasedFormula(
    trace: Double, kTotal: Double, lTotal: Double, rowProducts: Double, samples n: Int
  ) -> Double {
    let nd = Double(n)
    let correction = kTotal * lTotal / ((nd - 1) * (nd - 2))
    return (trace + correction - 2 / (nd - 2) * rowProducts) / (nd * (nd - 3))
  }
}
