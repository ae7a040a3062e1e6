"""Reference values for RepriseMetrics' alignment, collapse, geometry and
Fourier metrics, computed by straightforward numpy code written from the
definitions in ../shared/papers.md (sections 1, 3, 4, 12, 17, 18), not from
the Swift implementation.

Every case saves its inputs and its expected outputs as .npy files under
Fixtures/metrics/<area>/ (float64, little endian, C order; labels int64).

    python3 Fixtures/scripts/make_geometry_fixtures.py
"""
import os
import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "metrics")


def save(area, name, array):
    folder = os.path.join(ROOT, area)
    os.makedirs(folder, exist_ok=True)
    array = np.asarray(array)
    if array.dtype.kind in "iub":
        array = array.astype("<i8")
    else:
        array = array.astype("<f8")
    np.save(os.path.join(folder, name + ".npy"), np.ascontiguousarray(array))


# ---------------------------------------------------------------- collapse

def class_stats(h, labels, k):
    mu = np.stack([h[labels == c].mean(axis=0) for c in range(k)])
    mu_g = h.mean(axis=0)
    n = h.shape[0]
    sw = np.zeros((h.shape[1], h.shape[1]))
    for i in range(n):
        d = h[i] - mu[labels[i]]
        sw += np.outer(d, d)
    sw /= n
    m = mu - mu_g
    sb = sum(np.outer(m[c], m[c]) for c in range(k)) / k
    return mu, mu_g, sw, sb, m


def nc_values(h, labels, k, w, logits, rcond):
    mu, mu_g, sw, sb, m = class_stats(h, labels, k)
    nc1 = np.trace(sw @ np.linalg.pinv(sb, rcond=rcond)) / k
    norms = np.linalg.norm(m, axis=1)
    cos = [m[a] @ m[b] / (norms[a] * norms[b]) for a in range(k) for b in range(k) if a != b]
    cos = np.array(cos)
    gram = m @ m.T
    etf = (np.eye(k) - np.ones((k, k)) / k) / np.sqrt(k - 1)
    nc2 = [norms.std() / norms.mean(), cos.std(), np.abs(cos + 1 / (k - 1)).mean(),
           np.linalg.norm(gram / np.linalg.norm(gram) - etf)]
    nc3 = np.linalg.norm(w / np.linalg.norm(w) - m / np.linalg.norm(m)) ** 2
    net = logits.argmax(axis=1)
    dist = ((h[:, None, :] - mu[None, :, :]) ** 2).sum(axis=2)
    ncc = dist.argmin(axis=1)
    nc4 = np.array([np.sum(net != ncc)])
    return mu, mu_g, sw, sb, nc1, np.array(nc2), nc3, nc4


def r_squared(h, labels, k, centre):
    if centre:
        h = h - h.mean(axis=0)
    z = h / np.linalg.norm(h, axis=1, keepdims=True)
    dist = 1 - z @ z.T
    n = h.shape[0]
    within = sum(dist[np.ix_(labels == c, labels == c)].sum() for c in range(k))
    counts = np.array([np.sum(labels == c) for c in range(k)])
    d_within = within / np.sum(counts ** 2)
    d_total = dist.sum() / n ** 2
    return 1 - d_within / d_total


def collapse_case(name, rng, n, p, k, balanced, constant_column, rcond):
    if balanced:
        labels = np.repeat(np.arange(k), n // k)
        rng.shuffle(labels)
    else:
        labels = np.concatenate([np.arange(k), rng.integers(0, k, n - k)])
        rng.shuffle(labels)
    centres = rng.normal(size=(k, p)) * 2.0
    h = centres[labels] + rng.normal(size=(n, p)) * 0.7 + 0.3
    if constant_column:
        h[:, 1] = 0.1
    w = rng.normal(size=(k, p))
    logits = h @ w.T + rng.normal(size=(n, k)) * 0.5
    mu, mu_g, sw, sb, nc1, nc2, nc3, nc4 = nc_values(h, labels, k, w, logits, rcond)
    for key, value in dict(features=h, labels=labels, weights=w, logits=logits, means=mu,
                           global_mean=mu_g, within=sw, between=sb, nc1=[nc1], nc2=nc2,
                           nc3=[nc3], nc4=nc4,
                           r2=[r_squared(h, labels, k, False), r_squared(h, labels, k, True)]).items():
        save("collapse", f"{name}_{key}", value)


# ---------------------------------------------------------------- alignment

def preprocess(phi):
    phi = np.hstack([phi, np.ones((phi.shape[0], 1))])
    return phi / np.linalg.norm(phi, axis=1, keepdims=True)


def label_alignment_case(name, phi, y, bias_rows):
    x = preprocess(phi) if bias_rows else phi
    u, s, vt = np.linalg.svd(x, full_matrices=False)
    r = np.linalg.matrix_rank(x)  # tol = s.max() * max(M, N) * eps
    y2 = y.reshape(len(y), -1)
    energy = ((u[:, :r].T @ y2) ** 2).sum(axis=1)
    total = (y2 ** 2).sum()
    save("alignment", f"{name}_representation", phi)
    save("alignment", f"{name}_targets", y)
    save("alignment", f"{name}_singular", s[:r])
    save("alignment", f"{name}_energy", energy)
    save("alignment", f"{name}_total", [total, total - energy.sum()])


def kernel_alignment_case(name, rng, n):
    a = rng.normal(size=(n, 4))
    b = a @ rng.normal(size=(4, 6)) + 0.5 * rng.normal(size=(n, 6)) + 1.0
    k1 = a @ a.T + 0.3
    k2 = np.exp(-((b[:, None, :] - b[None, :, :]) ** 2).sum(axis=2) / 10)
    y = rng.normal(size=n) + 0.4
    h = np.eye(n) - np.ones((n, n)) / n

    def align(p, q):
        return (p * q).sum() / (np.linalg.norm(p) * np.linalg.norm(q))

    values = [align(k1, k2), align(h @ k1 @ h, h @ k2 @ h),
              align(k1, np.outer(y, y)), align(h @ k1 @ h, h @ np.outer(y, y) @ h)]
    for key, value in dict(k1=k1, k2=k2, y=y, values=values).items():
        save("alignment", f"{name}_{key}", value)


def kernel_features_case(name, x1, x2, y):
    # Linear kernels of two feature matrices (Reprise builds them with
    # KernelAlignment.linearKernel), the same four alignments.
    k1, k2 = x1 @ x1.T, x2 @ x2.T
    n = x1.shape[0]
    h = np.eye(n) - np.ones((n, n)) / n
    yy = y @ y.T if y.ndim == 2 else np.outer(y, y)

    def align(p, q):
        return (p * q).sum() / (np.linalg.norm(p) * np.linalg.norm(q))

    values = [align(k1, k2), align(h @ k1 @ h, h @ k2 @ h),
              align(k1, yy), align(h @ k1 @ h, h @ yy @ h)]
    for key, value in dict(x1=x1, x2=x2, k1=k1, k2=k2, y=y, values=values).items():
        save("alignment", f"{name}_{key}", value)


def kernel_feature_cases(rng):
    # Wide: n = 8 samples of 20 and 12 features (full-rank n x n kernels),
    # one-hot targets (an n x 3 matrix).
    x1 = rng.normal(size=(8, 20)) + 0.5
    x2 = x1[:, :12] @ rng.normal(size=(12, 12)) / 3 + rng.normal(size=(8, 12))
    labels = np.array([0, 1, 2, 0, 1, 2, 2, 0])
    kernel_features_case("kernels_wide", x1, x2, np.eye(3)[labels])
    # Rank deficient: X1 has a constant column and two dependent ones (rank
    # 4 of 6 columns), X2 a constant column and duplicated rows; targets
    # with an offset (centring changes them).
    base = rng.normal(size=(12, 3))
    x1 = np.hstack([base, 2.0 * base[:, :1], np.full((12, 1), 0.7), base[:, 2:] - base[:, 1:2]])
    x2 = np.tanh(base @ rng.normal(size=(3, 4))) + 0.3 * rng.normal(size=(12, 4))
    x2[:, 1] = -1.5
    x2[9], x2[10] = x2[0], x2[1]
    y = base[:, 0] - 0.5 * base[:, 2] + 0.4
    kernel_features_case("kernels_deficient", x1, x2, y)


# ---------------------------------------------------------------- Fourier

def fourier_cases(rng):
    for n in [1, 2, 7, 12, 97, 128, 1000]:
        x = rng.normal(size=n) + 1j * rng.normal(size=n)
        spectrum = np.fft.fft(x)
        save("fourier", f"fft{n}_input", np.stack([x.real, x.imag]))
        save("fourier", f"fft{n}_output", np.stack([spectrum.real, spectrum.imag]))
    # A sum of sinusoids on the 200-point grid of papers.md section 18.
    z = np.arange(200) / 200
    ks = np.arange(5, 55, 5)
    amps = 0.1 * np.arange(1, 11)
    phases = rng.uniform(0, 2 * np.pi, size=10)
    f = sum(a * np.sin(2 * np.pi * k * z + p) for k, a, p in zip(ks, amps, phases)) + 0.3
    save("fourier", "sinusoids_samples", f)
    save("fourier", "sinusoids_amplitudes", np.abs(np.fft.rfft(f)) * np.r_[1, np.full(99, 2), 1] / 200)


# ---------------------------------------------------------------- geometry

def batch_entropy_case(rng):
    a = rng.normal(size=(9, 3, 2)) * np.array([[0.5, 1.0], [2.0, 0.1], [3.0, 1.5]]) + 1.0
    flat = a.reshape(9, -1)
    var = flat.var(axis=0, ddof=1)  # torch.std's default (unbiased)
    save("geometry", "entropy_activations", a)
    save("geometry", "entropy_lbe", 0.5 * np.log(np.pi * np.e * var + 1))
    save("geometry", "entropy_differential", 0.5 * np.log(2 * np.pi * np.e * var))


# ---------------------------------------------------------------- task diversity

def diversity_case(rng):
    # Mean over ordered pairs i != j (the paper's sum); spread and interval
    # over the unordered pairs (each distance once).
    e = np.abs(rng.normal(size=(6, 10))) + np.linspace(0, 1, 10)
    d = [1 - e[i] @ e[j] / (np.linalg.norm(e[i]) * np.linalg.norm(e[j]))
         for i in range(6) for j in range(6) if i != j]  # ordered pairs, as the paper sums
    d = np.array(d)
    unordered = np.array([1 - e[i] @ e[j] / (np.linalg.norm(e[i]) * np.linalg.norm(e[j]))
                          for i in range(6) for j in range(i + 1, 6)])
    half = 1.959963984540054 * unordered.std(ddof=1) / np.sqrt(len(unordered))
    save("taskdiversity", "embeddings", e)
    save("taskdiversity", "diversity", [d.mean(), unordered.std(ddof=1), unordered.mean() - half,
                                        unordered.mean() + half])


def main():
    rng = np.random.default_rng(20261129)
    collapse_case("unbalanced", rng, n=30, p=5, k=3, balanced=False, constant_column=False,
                  rcond=1e-15 * 5)
    collapse_case("wide", rng, n=12, p=20, k=4, balanced=True, constant_column=True, rcond=1e-10)

    phi = rng.normal(size=(40, 6)) @ np.diag([5, 3, 2, 1, 0.5, 0.1]) + 0.2
    y = phi @ rng.normal(size=6) + rng.normal(size=40)
    label_alignment_case("tall", phi, y, False)
    phi = rng.normal(size=(10, 25))
    labels = rng.integers(0, 3, 10)
    label_alignment_case("wide_onehot", phi, np.eye(3)[labels], True)
    base = rng.normal(size=(16, 4))
    phi = np.hstack([base, base[:, :2] * 2.0, np.full((16, 1), 0.7), base[:, 3:] - base[:, :1]])
    y = np.sign(rng.normal(size=16))
    label_alignment_case("deficient", phi, y, False)

    kernel_alignment_case("kernels", rng, 15)

    fourier_cases(np.random.default_rng(18))
    batch_entropy_case(np.random.default_rng(12))
    diversity_case(np.random.default_rng(13))
    kernel_feature_cases(np.random.default_rng(15))


if __name__ == "__main__":
    main()
