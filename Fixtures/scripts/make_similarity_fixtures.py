#!/usr/bin/env python3
"""Reference values for Reprise's representational-similarity tests.

Writes Fixtures/metrics/similarity/similarity_cases.json: a list of cases,
each with two inputs X (n x p) and Y (n x q) and the value of every measure
as computed here, independently of Reprise's algorithms:

  * linear / RBF CKA from explicitly centred n x n Gram matrices H K H;
  * debiased CKA from Song et al.'s unbiased HSIC written out with explicit
    zero-diagonal kernels (on the *uncentred* data, where the data allow it,
    to exercise the estimator's invariance to centring);
  * CCA from pivoted QR bases (scipy) of the centred inputs, rank from
    numpy's matrix_rank rule capped at n - 1; ridge CCA from the whitened
    covariance (C_xx + k I)^(-1/2) C_xy (C_yy + k I)^(-1/2) via eigh;
  * SVCCA by projecting onto the top right singular vectors, then QR-CCA;
  * minibatch CKA: unbiased HSICs of consecutive batches of b rows (the last
    n mod b rows unused), averaged, then combined as in CKA; b = 8 where
    n >= 16 and b = 6 everywhere (so the wide n < p and the integer case
    with ties have a value too);
  * PWCCA from canonical weights a_i = C_xx^(+1/2) u_i (covariance route);
    the "fewer features" side by the rule of the authors' published code
    (google/svcca, pwcca.py: weight X when X keeps no more neurons than Y,
    a neuron kept when its variance is >= epsilon, default epsilon = 0, so
    every column counts, constant ones included);
  * Procrustes from scipy.linalg.orthogonal_procrustes on zero-padded,
    normalised inputs (the residual itself, no nuclear norm);
  * the angular shape metric from an explicit partial-whitening matrix
    V diag(alpha + (1 - alpha) lambda^(-1/2)) V^T of C = X^T X / n;
  * RSA from numpy.corrcoef / scipy pdist RDMs and scipy.stats.spearmanr;
  * mutual k-NN from full argsorts (stable, so ties go to the lower index).

Numbers are written with repr() through json (round-trip exact).
Run: python3 Fixtures/scripts/make_similarity_fixtures.py
"""
import json
import os

import numpy as np
import scipy.linalg
import scipy.spatial.distance as ssd
import scipy.stats

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "metrics", "similarity")


def centre(x):
    return x - x.mean(axis=0, keepdims=True)


# ---------------------------------------------------------------- CKA family

def hsic_biased(k, l):
    n = k.shape[0]
    h = np.eye(n) - np.ones((n, n)) / n
    return np.trace(k @ h @ l @ h) / (n - 1) ** 2


def cka_from_grams(k, l):
    return hsic_biased(k, l) / np.sqrt(hsic_biased(k, k) * hsic_biased(l, l))


def hsic_unbiased(k, l):
    n = k.shape[0]
    kt = k.copy()
    lt = l.copy()
    np.fill_diagonal(kt, 0)
    np.fill_diagonal(lt, 0)
    one = np.ones(n)
    term1 = np.trace(kt @ lt)
    term2 = (one @ kt @ one) * (one @ lt @ one) / ((n - 1) * (n - 2))
    term3 = 2.0 / (n - 2) * (one @ kt @ lt @ one)
    return (term1 + term2 - term3) / (n * (n - 3))


def debiased_from_grams(k, l):
    return hsic_unbiased(k, l) / np.sqrt(hsic_unbiased(k, k) * hsic_unbiased(l, l))


def rbf_gram(x, rule, fraction):
    d = ssd.squareform(ssd.pdist(x))  # Euclidean distances, exact zeros on the diagonal
    if rule == "median":
        sigma2 = (fraction * np.median(ssd.pdist(x))) ** 2
    else:  # the published-code rule: median of all n^2 squared distances
        sigma2 = fraction ** 2 * np.median(d ** 2)
    return np.exp(-(d ** 2) / (2 * sigma2))


def linear_cka(x, y):
    xc, yc = centre(x), centre(y)
    return cka_from_grams(xc @ xc.T, yc @ yc.T)


def minibatch_cka(x, y, b):
    hs = []
    for s in range(0, x.shape[0] - b + 1, b):
        xb, yb = x[s:s + b], y[s:s + b]
        k, l = xb @ xb.T, yb @ yb.T
        hs.append((hsic_unbiased(k, l), hsic_unbiased(k, k), hsic_unbiased(l, l)))
    hs = np.array(hs).mean(axis=0)
    return hs[0] / np.sqrt(hs[1] * hs[2])


# ---------------------------------------------------------------- CCA family

def rank_of(xc):
    return min(np.linalg.matrix_rank(xc), xc.shape[0] - 1)


def qr_basis(xc):
    r = rank_of(xc)
    q, _, _ = scipy.linalg.qr(xc, mode="economic", pivoting=True)
    return q[:, :r]


def cca_qr(xc, yc):
    qx, qy = qr_basis(xc), qr_basis(yc)
    rho = np.linalg.svd(qx.T @ qy, compute_uv=False)
    return np.clip(rho, 0, 1), qx.shape[1], qy.shape[1]


def inv_sqrt_psd(c, drop_tol):
    w, v = np.linalg.eigh(c)
    keep = w > drop_tol * w.max()
    d = np.zeros_like(w)
    d[keep] = 1 / np.sqrt(w[keep])
    return (v * d) @ v.T


def cca_ridge(xc, yc, kappa):
    n = xc.shape[0]
    cxx = xc.T @ xc / (n - 1) + kappa * np.eye(xc.shape[1])
    cyy = yc.T @ yc / (n - 1) + kappa * np.eye(yc.shape[1])
    cxy = xc.T @ yc / (n - 1)
    t = inv_sqrt_psd(cxx, 0) @ cxy @ inv_sqrt_psd(cyy, 0)
    m = min(rank_of(xc), rank_of(yc))
    return np.linalg.svd(t, compute_uv=False)[:m]


def svcca(xc, yc, f):
    def reduce(zc):
        _, s, vt = np.linalg.svd(zc, full_matrices=False)
        frac = np.cumsum(s ** 2) / np.sum(s ** 2)
        k = int(np.searchsorted(frac, f, side="left")) + 1  # first index with frac >= f
        k = min(k, rank_of(zc))
        return zc @ vt[:k].T, k
    xr, kx = reduce(xc)
    yr, ky = reduce(yc)
    qx, _ = np.linalg.qr(xr)
    qy, _ = np.linalg.qr(yr)
    rho = np.linalg.svd(qx.T @ qy, compute_uv=False)
    return np.clip(rho, 0, 1), kx, ky


def published_side(x, y, epsilon=0.0):
    """The side google/svcca's compute_pwcca weights: X when X keeps no more
    neurons than Y (ties to X), a neuron kept when its variance, relative to
    the largest covariance entry, is >= epsilon."""
    def kept(z):
        c = np.cov(z, rowvar=False).reshape(z.shape[1], z.shape[1])
        return int(np.sum(np.abs(np.diag(c)) / np.max(np.abs(c)) >= epsilon))
    return "x" if kept(x) <= kept(y) else "y"


def pwcca(xc, yc, side):
    if side == "y":
        xc, yc = yc, xc
    n = xc.shape[0]
    cxx = xc.T @ xc / (n - 1)
    cyy = yc.T @ yc / (n - 1)
    cxy = xc.T @ yc / (n - 1)
    wx = inv_sqrt_psd(cxx, 1e-12)
    wy = inv_sqrt_psd(cyy, 1e-12)
    u, rho, _ = np.linalg.svd(wx @ cxy @ wy)
    m = min(rank_of(xc), rank_of(yc))
    rho, u = rho[:m], u[:, :m]
    h = xc @ (wx @ u)                       # canonical variates of the weighted side
    h = h / np.linalg.norm(h, axis=0)       # unit norm
    alpha = np.abs(h.T @ xc).sum(axis=1)
    alpha = alpha / alpha.sum()
    return float(np.sum(alpha * rho))


# ---------------------------------------------------------- shape metrics

def procrustes_squared(xc, yc):
    xn = xc / np.linalg.norm(xc)
    yn = yc / np.linalg.norm(yc)
    w = max(xn.shape[1], yn.shape[1])
    xp = np.pad(xn, ((0, 0), (0, w - xn.shape[1])))
    yp = np.pad(yn, ((0, 0), (0, w - yn.shape[1])))
    r, _ = scipy.linalg.orthogonal_procrustes(xp, yp)
    return float(np.linalg.norm(xp @ r - yp) ** 2)


def angular(xc, yc, alpha):
    def whiten(zc):
        n = zc.shape[0]
        lam, v = np.linalg.eigh(zc.T @ zc / n)
        keep = lam > 1e-12 * lam.max()
        d = np.zeros_like(lam)
        d[keep] = alpha + (1 - alpha) / np.sqrt(lam[keep])
        return zc @ ((v * d) @ v.T)
    a, b = whiten(xc), whiten(yc)
    c = np.linalg.norm(a.T @ b, ord="nuc") / (np.linalg.norm(a) * np.linalg.norm(b))
    return float(np.arccos(min(1.0, c)))


# ------------------------------------------------------------- RSA, k-NN

def rdm(x, kind):
    if kind == "correlation":
        return 1 - np.corrcoef(x)
    return ssd.squareform(ssd.pdist(x))


def rsa(x, y, kind, comparison):
    n = x.shape[0]
    iu = np.triu_indices(n, k=1)
    a, b = rdm(x, kind)[iu], rdm(y, kind)[iu]
    if comparison == "pearson":
        return float(np.corrcoef(a, b)[0, 1])
    return float(scipy.stats.spearmanr(a, b).correlation)


def knn_sets(x, k, metric):
    n = x.shape[0]
    if metric == "cosine":
        z = x / np.linalg.norm(x, axis=1, keepdims=True)
        dist = 1 - z @ z.T
    else:
        dist = ssd.squareform(ssd.pdist(x))
    sets = []
    for i in range(n):
        order = [j for j in np.argsort(dist[i], kind="stable") if j != i]
        sets.append(set(order[:k]))
    return sets


def mutual_knn(x, y, k, metric):
    a, b = knn_sets(x, k, metric), knn_sets(y, k, metric)
    return float(np.mean([len(a[i] & b[i]) / k for i in range(len(a))]))


# ------------------------------------------------------------------ cases

def make_cases():
    rng = np.random.default_rng(20260529)
    cases = {}
    # Tall, correlated: Y is a noisy nonlinear function of X.
    x = rng.standard_normal((40, 6))
    y = np.tanh(x @ rng.standard_normal((6, 9))) + 0.3 * rng.standard_normal((40, 9))
    cases["tall"] = (x, y)
    # Wide: fewer samples than features (n < p, q).
    x = rng.standard_normal((12, 20))
    y = x[:, :15] + 0.5 * rng.standard_normal((12, 15))
    cases["wide"] = (x, y)
    # Rank deficient: exact linear dependencies among columns.
    x = rng.standard_normal((30, 8))
    x[:, 7] = x[:, 0] + x[:, 1]
    x[:, 5] = 2 * x[:, 2]
    y = x[:, :6] @ rng.standard_normal((6, 6)) + 0.4 * rng.standard_normal((30, 6))
    y[:, 4] = y[:, 3] - y[:, 1]
    cases["rankdeficient"] = (x, y)
    # Constant columns (0.1 and -3.3 do not survive a naive mean exactly).
    x = rng.standard_normal((25, 7))
    x[:, 2] = 0.1
    x[:, 5] = -3.3
    y = np.sin(x) + 0.2 * rng.standard_normal((25, 7))
    y = y[:, :5]
    y[:, 0] = 0.7
    cases["constantcolumns"] = (x, y)
    # Far from the origin: offsets of 1e4 that uncentred formulas would cancel.
    x = rng.standard_normal((32, 5)) + 1e4
    y = (x - 1e4) @ rng.standard_normal((5, 4)) + 0.5 * rng.standard_normal((32, 4)) - 2e4
    cases["offset"] = (x, y)
    # Small integers: many tied distances (average ranks in Spearman, the
    # lower-index rule in k-NN, which a stable argsort also follows).
    x = rng.integers(0, 3, size=(14, 3)).astype(float)
    y = np.abs(x @ rng.integers(-1, 2, size=(3, 4))).astype(float) + rng.integers(0, 2, size=(14, 4))
    cases["integers"] = (x, y)
    # Equal widths (p = q, PWCCA's fewer-features rule ties and weights X)
    # with a constant column in Y only, so a rule that counted non-constant
    # features would pick Y instead.
    x = rng.standard_normal((18, 5))
    y = np.tanh(x @ rng.standard_normal((5, 5))) + 0.4 * rng.standard_normal((18, 5))
    y[:, 2] = 1.3
    cases["equalwidths"] = (x, y)
    return cases


def measures(x, y):
    xc, yc = centre(x), centre(y)
    far = np.abs(x.mean()) > 100 or np.abs(y.mean()) > 100
    gx, gy = (xc @ xc.T, yc @ yc.T) if far else (x @ x.T, y @ y.T)
    out = {}
    out["linear_cka"] = linear_cka(x, y)
    out["rbf_cka_median_0.8"] = cka_from_grams(rbf_gram(x, "median", 0.8), rbf_gram(y, "median", 0.8))
    out["rbf_cka_kornblith_0.5"] = cka_from_grams(
        rbf_gram(x, "kornblith", 0.5), rbf_gram(y, "kornblith", 0.5))
    out["debiased_cka_linear"] = debiased_from_grams(gx, gy)
    out["debiased_cka_rbf_median_0.8"] = debiased_from_grams(
        rbf_gram(x, "median", 0.8), rbf_gram(y, "median", 0.8))
    if x.shape[0] >= 16:
        xm, ym = (x - 1e4, y + 2e4) if far else (x, y)  # same kernels' HSIC, fewer cancelling digits
        out["minibatch_cka_8"] = minibatch_cka(xm, ym, 8)
    xm, ym = (x - 1e4, y + 2e4) if far else (x, y)
    out["minibatch_cka_6"] = minibatch_cka(xm, ym, 6)
    rho, rx, ry = cca_qr(xc, yc)
    out["cca_correlations"] = rho.tolist()
    out["cca_dimensions"] = [rx, ry]
    out["cca_mean_rho"] = float(rho.mean())
    out["cca_mean_r2"] = float((rho ** 2).mean())
    out["cca_ridge_0.1_correlations"] = cca_ridge(xc, yc, 0.1).tolist()
    for f in (0.99, 0.9):
        rho, kx, ky = svcca(xc, yc, f)
        out[f"svcca_{f}_correlations"] = rho.tolist()
        out[f"svcca_{f}_dimensions"] = [kx, ky]
    out["pwcca_x"] = pwcca(xc, yc, "x")
    out["pwcca_y"] = pwcca(xc, yc, "y")
    out["pwcca_fewer_features"] = pwcca(xc, yc, published_side(x, y))
    out["procrustes_squared"] = procrustes_squared(xc, yc)
    for a in (1.0, 0.5, 0.0):
        out[f"angular_{a}"] = angular(xc, yc, a)
    for kind in ("correlation", "euclidean"):
        for comparison in ("pearson", "spearman"):
            constant_row = np.any(np.ptp(x, axis=1) == 0) or np.any(np.ptp(y, axis=1) == 0)
            # A constant row has no correlation distance: Reprise throws.
            out[f"rsa_{kind}_{comparison}"] = (
                "undefined" if kind == "correlation" and constant_row else rsa(x, y, kind, comparison))
    for metric in ("cosine", "euclidean"):
        out[f"mutual_knn_{metric}_5"] = mutual_knn(x, y, 5, metric)
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    result = []
    for name, (x, y) in make_cases().items():
        result.append({
            "name": name,
            "x": {"shape": list(x.shape), "data": x.ravel().tolist()},
            "y": {"shape": list(y.shape), "data": y.ravel().tolist()},
            "expected": measures(x, y),
        })
    path = os.path.join(OUT, "similarity_cases.json")
    with open(path, "w") as f:
        json.dump({"generator": "Fixtures/scripts/make_similarity_fixtures.py", "cases": result}, f)
        f.write("\n")
    for case in result:
        e = case["expected"]
        print(case["name"], {k: (round(v, 6) if isinstance(v, float) else v)
                             for k, v in e.items() if not k.endswith("correlations")})


if __name__ == "__main__":
    main()
