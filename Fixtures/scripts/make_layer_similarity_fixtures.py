"""Reference similarity indices of one pair of layer-like representations
(Fixtures/lab/layer_pair_*.npy), for the Lab's cka-layer-correspondence test.

Written from the definitions in Kornblith et al. 2019 (arXiv:1905.00414),
independently of the Swift code (which uses the Gram form, cached unit-norm
kernels and an SVD basis):
  linear CKA  = ||Y'X||_F^2 / (||X'X||_F ||Y'Y||_F) on column-centred X, Y
                (feature form, eq. 5);
  RBF CKA     = <HKH, HLH> / (||HKH||_F ||HLH||_F), K_ij = exp(-d_ij^2/(2 s^2)),
                s = 0.8 x the median of the n(n-1)/2 distances between
                distinct examples (biased HSIC, eq. 4), H = I - 11'/n built
                explicitly;
  mean CCA    = mean of the canonical correlations = singular values of
                Q_x' Q_y, Q from numpy's QR of the centred matrices
                (Bjorck & Golub 1973), averaged over min(p1, p2) of them.
X and Y look like two hidden ReLU layers: X = relu(Z A + a), Y = relu(X B + b)
plus a little noise, so they are related but not linearly equivalent; both
have full column rank.

Run: python3 Fixtures/scripts/make_layer_similarity_fixtures.py   (numpy)
"""
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "lab")
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(20261129)

n, d, p1, p2 = 60, 8, 20, 14
z = rng.normal(size=(n, d))
x = np.maximum(z @ rng.normal(size=(d, p1)) + 0.3 * rng.normal(size=p1), 0)
y = np.maximum(x @ rng.normal(size=(p1, p2)) / np.sqrt(p1) + 0.2 * rng.normal(size=p2), 0)
y = y + 0.05 * rng.normal(size=(n, p2))


def centred(m):
    return m - m.mean(axis=0)


def linear_cka(a, b):
    a, b = centred(a), centred(b)
    return np.linalg.norm(b.T @ a) ** 2 / (np.linalg.norm(a.T @ a) * np.linalg.norm(b.T @ b))


def rbf_cka(a, b, fraction=0.8):
    h = np.eye(n) - np.ones((n, n)) / n

    def kernel(m):
        d2 = ((m[:, None, :] - m[None, :, :]) ** 2).sum(axis=-1)
        upper = np.sqrt(d2[np.triu_indices(n, 1)])
        sigma = fraction * np.median(upper)
        return h @ np.exp(-d2 / (2 * sigma**2)) @ h

    k, l = kernel(a), kernel(b)
    return (k * l).sum() / np.sqrt((k * k).sum() * (l * l).sum())


def mean_cca(a, b):
    qa, _ = np.linalg.qr(centred(a))
    qb, _ = np.linalg.qr(centred(b))
    rho = np.linalg.svd(qa.T @ qb, compute_uv=False)
    return rho[: min(a.shape[1], b.shape[1])].mean()


assert np.linalg.matrix_rank(centred(x)) == p1 and np.linalg.matrix_rank(centred(y)) == p2
values = np.array([linear_cka(x, y), rbf_cka(x, y), mean_cca(x, y)])
np.save(os.path.join(OUT, "layer_pair_x.npy"), np.ascontiguousarray(x))
np.save(os.path.join(OUT, "layer_pair_y.npy"), np.ascontiguousarray(y))
np.save(os.path.join(OUT, "layer_pair_values.npy"), values)
print("linear CKA, RBF CKA, mean CCA:", values)
