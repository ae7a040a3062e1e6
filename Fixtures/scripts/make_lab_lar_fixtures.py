"""Reference weights for the LAR experiment's quadratic model (Fixtures/lab/lar_*).

The authors' synthetic classification code (EhsanEI/lar, synthetic_clf.py)
minimises, for a linear model w on source X (n x 2, labels y = +-1) and
unlabelled target Xt, with SVDs X = U S V^T and Xt = Ut St Vt^T, k = kt = 1:

    L(w) = [ ||X w - y||^2 - sum_{i>k} s_i^2 (v_i . w)^2
             + lam * sum_{i>kt} s_i^2 (vt_i . w)^2 ] / n

(the target directions weighted by the *source* singular values, as in
their code), by 2000 full-batch gradient steps of rate 1e-4 from w = 0.
No adaptation is ||X w - y||^2 / n, optionally plus the ridge rho ||w||^2 / n.
Here the gradient is written out from that loss and uses X itself at every
step (the Swift code folds X^T X into a 2 x 2 Gram matrix once), so the
two agree only if the Swift model implements the loss above.

Data: 200 source rows x ~ N(0, C), C = [[1, .5], [.5, .5]], y = sign(x . v1)
with v1 the top eigenvector of C; 200 target rows drawn the same way and
rotated by 45 degrees as row vectors times R = [[c, -s], [s, c]].

Run: python3 Fixtures/scripts/make_lab_lar_fixtures.py   (numpy)
"""
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "lab")
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(20261129)

n = 200
C = np.array([[1.0, 0.5], [0.5, 0.5]])
L = np.linalg.cholesky(C)
eigenvalues, eigenvectors = np.linalg.eigh(C)
v1 = eigenvectors[:, -1]


def draw():
    x = rng.standard_normal((n, 2)) @ L.T
    return x, np.where(x @ v1 > 0, 1.0, -1.0)


source, source_signs = draw()
target, target_signs = draw()
angle = np.deg2rad(45.0)
c, s = np.cos(angle), np.sin(angle)
target = target @ np.array([[c, -s], [s, c]])

_, sv, vt = np.linalg.svd(source, full_matrices=False)
_, _, vt_target = np.linalg.svd(target, full_matrices=False)


def gradient(w, lam=None, rho=0.0):
    g = 2 * source.T @ (source @ w - source_signs)
    if lam is None:
        g += 2 * rho * w
    else:
        # remove the source bottom-direction penalty, add the LAR term
        g -= 2 * sv[1] ** 2 * vt[1] * (vt[1] @ w)
        g += 2 * lam * sv[1] ** 2 * vt_target[1] * (vt_target[1] @ w)
    return g / n


def descend(**kwargs):
    w = np.zeros(2)
    for _ in range(2000):
        w = w - 1e-4 * gradient(w, **kwargs)
    return w


weights = np.array(
    [descend(rho=0.0), descend(rho=1000.0)] + [descend(lam=lam) for lam in (1.0, 10.0, 100.0, 1000.0)]
)


def save(name, array):
    np.save(os.path.join(OUT, name + ".npy"), np.ascontiguousarray(array))


save("lar_source_x", source)
save("lar_source_y", source_signs)
save("lar_target_x", target)
save("lar_target_y", target_signs)
# rows: ridge 0, ridge 1000, LAR lambda 1, 10, 100, 1000
save("lar_weights", weights)
print(weights)
