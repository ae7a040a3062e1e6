"""Reference values for the Lab's support helpers (Fixtures/lab/).

linear_probe_*: L2-penalised multinomial logistic regression, written here
directly from its definition in numpy and minimised by scipy's L-BFGS-B to a
gradient of 1e-12 -- independent of the Swift L-BFGS. Three overlapping
Gaussian classes in 5 dimensions, plus one constant column (standardisation
must map it to zero). Objective on train-standardised features (population
std, constant column scale 1):
    f(W, b) = mean_i [logsumexp(z_i) - z_{i,y_i}] + (lam/2) ||W||_F^2,
    z = X W + b.
The bias is defined up to a common shift; we store it centred (sum 0).

spearman_*: scipy.stats.spearmanr (average ranks for ties).

Run: python3 Fixtures/scripts/make_lab_fixtures.py   (numpy, scipy)
"""
import os

import numpy as np
from scipy.optimize import minimize
from scipy.special import logsumexp
from scipy.stats import spearmanr

OUT = os.path.join(os.path.dirname(__file__), "..", "lab")
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(20261129)


def save(name, array):
    np.save(os.path.join(OUT, name + ".npy"), np.ascontiguousarray(array))


# ---- linear probe --------------------------------------------------------
K, P = 3, 5
centres = rng.normal(scale=1.5, size=(K, P))


def sample(per_class):
    xs, ys = [], []
    for k in range(K):
        xs.append(centres[k] + rng.normal(size=(per_class, P)) * np.array([1, 2, 0.5, 1, 3]))
        ys += [k] * per_class
    x = np.concatenate(xs)
    x = np.concatenate([x, np.full((x.shape[0], 1), 4.25)], axis=1)  # constant column
    order = rng.permutation(len(ys))
    return x[order] * 3.0 + 7.0, np.array(ys)[order]


train_x, train_y = sample(20)
test_x, test_y = sample(15)
lam = 0.05

mean = train_x.mean(axis=0)
std = train_x.std(axis=0)
std[std == 0] = 1.0
xs = (train_x - mean) / std
n, p = xs.shape
onehot = np.eye(K)[train_y]


def objective(theta):
    w = theta[: p * K].reshape(p, K)
    b = theta[p * K :]
    z = xs @ w + b
    lse = logsumexp(z, axis=1)
    f = np.mean(lse - z[np.arange(n), train_y]) + 0.5 * lam * np.sum(w * w)
    prob = np.exp(z - lse[:, None])
    r = (prob - onehot) / n
    gw = xs.T @ r + lam * w
    gb = r.sum(axis=0)
    return f, np.concatenate([gw.ravel(), gb])


res = minimize(objective, np.zeros((p + 1) * K), jac=True, method="L-BFGS-B",
               options=dict(gtol=1e-12, ftol=0, maxiter=100000, maxcor=20))
f_opt, g_opt = objective(res.x)
assert np.max(np.abs(g_opt)) < 1e-9, np.max(np.abs(g_opt))
w = res.x[: p * K].reshape(p, K)
b = res.x[p * K :]
b = b - b.mean()
zt = ((test_x - mean) / std) @ w + b
test_accuracy = np.mean(np.argmax(zt, axis=1) == test_y)

save("linear_probe_train_x", train_x)
save("linear_probe_train_y", train_y.astype(np.int64))
save("linear_probe_test_x", test_x)
save("linear_probe_test_y", test_y.astype(np.int64))
save("linear_probe_weights", w)
save("linear_probe_bias", b)
save("linear_probe_scalars", np.array([lam, f_opt, test_accuracy]))
print("probe: objective", f_opt, "test accuracy", test_accuracy, "iterations", res.nit)

# ---- Spearman rank correlation --------------------------------------------
a = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0])
c = np.array([2.7, 1.8, 2.8, 1.8, 2.8, 4.5, 9.0, 0.5, 2.8, 3.1, -1.0])
save("spearman_a", a)
save("spearman_b", c)
save("spearman_value", np.array([spearmanr(a, c).statistic]))
print("spearman", spearmanr(a, c).statistic)
