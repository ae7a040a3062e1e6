#!/usr/bin/env python3
"""Reference values for Reprise's symmetric eigen and SVD tests.

Writes Fixtures/linalg/svd_*.txt and eig_*.txt. Matrices come from numpy's
PCG64 generator with fixed seeds; reference decompositions come from
numpy.linalg (LAPACK) and, for the graded matrices, from mpmath at 80 digits.
Vectors are put in Reprise's canonical sign form (largest-|.| entry of each
singular/eigen vector positive, ties -> lowest index; for the SVD the sign is
fixed on u and v follows) so the tests can compare them entry by entry.

File format (read by SpectralTestKit.swift): blocks of
    <name> <rows> <cols>
    <rows lines of cols numbers>
Lines starting with '#' are comments. Numbers are printed with repr() (round
trip exact for doubles) or, for mpmath values, with 40 significant digits.

Run: python3 Fixtures/scripts/make_linalg_fixtures_spectral.py
"""
import os
import numpy as np
import mpmath

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "linalg")


def canon_rows(x):
    """Flip each row so its largest-|.| entry (first on ties) is positive."""
    x = np.array(x, dtype=float)
    flips = np.ones(x.shape[0])
    for i in range(x.shape[0]):
        k = int(np.argmax(np.abs(x[i])))  # argmax returns the first maximum
        if x[i, k] < 0:
            x[i] = -x[i]
            flips[i] = -1
    return x, flips


def block(f, name, m):
    m = np.atleast_2d(np.asarray(m, dtype=float))
    f.write(f"{name} {m.shape[0]} {m.shape[1]}\n")
    for row in m:
        f.write(" ".join(repr(float(v)) for v in row) + "\n")


def block_mp(f, name, values):
    f.write(f"{name} 1 {len(values)}\n")
    f.write(" ".join(mpmath.nstr(v, 40, min_fixed=1, max_fixed=0) for v in values) + "\n")


def svd_case(f, name, a):
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    ut, flips = canon_rows(u.T)
    vt = vt * flips[:, None]
    block(f, name + ".a", a)
    block(f, name + ".s", s[None, :])
    block(f, name + ".u", ut.T)
    block(f, name + ".vt", vt)


def eig_case(f, name, a):
    w, v = np.linalg.eigh(a)
    vt, _ = canon_rows(v.T)
    block(f, name + ".a", a)
    block(f, name + ".values", w[None, :])
    block(f, name + ".vectors", vt.T)


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20260311)

    with open(os.path.join(OUT, "svd_random.txt"), "w") as f:
        f.write("# numpy.linalg.svd of uniform(-1,1) matrices (seed 20260311); canonical signs\n")
        for (m, n) in [(6, 4), (4, 7), (8, 8), (12, 5), (1, 5), (5, 1)]:
            svd_case(f, f"r{m}x{n}", rng.uniform(-1, 1, size=(m, n)))

    with open(os.path.join(OUT, "eig_random.txt"), "w") as f:
        f.write("# numpy.linalg.eigh of (B + B^T)/2, B uniform(-1,1) (seed 20260311); canonical signs\n")
        for n in [5, 9, 12]:
            b = rng.uniform(-1, 1, size=(n, n))
            eig_case(f, f"s{n}", (b + b.T) / 2)

    # Graded A = B.D: B well conditioned (random orthogonal times a diagonal in
    # [1, 2], so kappa(B) <= 2), D = diag(10^(-15 k/(n-1))) with the exponents
    # in a random order (a bidiagonalisation mixes columns of very different
    # size, which is what costs Golub-Kahan its relative accuracy). The reference
    # singular values of the *stored* double matrix come from mpmath at 80
    # digits; kappa(B) is recorded for the tests' bound.
    mpmath.mp.dps = 80
    with open(os.path.join(OUT, "svd_graded.txt"), "w") as f:
        f.write("# A = B*D, D spanning 1..1e-15 in random column order; singular values by mpmath.svd_r at 80 digits\n")
        for (m, n, seed) in [(8, 8, 1), (10, 6, 2), (30, 12, 3)]:
            g = np.random.default_rng(seed)
            q, _ = np.linalg.qr(g.standard_normal((m, n)))
            w, _ = np.linalg.qr(g.standard_normal((n, n)))
            b = q @ np.diag(g.uniform(1, 2, size=n)) @ w
            d = 10.0 ** (-15.0 * g.permutation(n) / (n - 1))
            a = b * d[None, :]
            s = mpmath.svd_r(mpmath.matrix(a.tolist()), compute_uv=False)
            s = sorted([s[i] for i in range(n)], reverse=True)
            name = f"g{m}x{n}"
            block(f, name + ".a", a)
            block_mp(f, name + ".s", s)
            block(f, name + ".kappaB", [[np.linalg.cond(b)]])

    # Positive definite graded symmetric matrix H = D.C.D (C well-conditioned
    # correlation-like matrix), for Jacobi's relative accuracy on eigenvalues.
    with open(os.path.join(OUT, "eig_graded.txt"), "w") as f:
        f.write("# H = D*C*D, C = B^T B / n + I (well conditioned), D spanning 1..1e-7; eigenvalues by mpmath.eigsy at 80 digits\n")
        g = np.random.default_rng(4)
        n = 8
        b = g.uniform(-1, 1, size=(n, n))
        c = b.T @ b / n + np.eye(n)
        d = 10.0 ** (-7.0 * np.arange(n) / (n - 1))
        h = c * d[:, None] * d[None, :]
        h = (h + h.T) / 2
        ev = mpmath.eigsy(mpmath.matrix(h.tolist()), eigvals_only=True)
        ev = sorted([ev[i] for i in range(n)])
        block(f, "h8.a", h)
        block_mp(f, "h8.values", ev)

    # Functions on top of the SVD: orthogonal Procrustes by scipy, and the
    # 2-norm condition number of the (double-rounded) 8x8 Hilbert matrix by
    # mpmath at 80 digits.
    import scipy.linalg
    with open(os.path.join(OUT, "svd_functions.txt"), "w") as f:
        f.write("# procrustes: scipy.linalg.orthogonal_procrustes(A, B) (seed 5); hilbert8: mpmath cond_2 of the double matrix\n")
        g = np.random.default_rng(5)
        a = g.uniform(-1, 1, size=(10, 4))
        b = g.uniform(-1, 1, size=(10, 4))
        r, _ = scipy.linalg.orthogonal_procrustes(a, b)
        block(f, "procrustes.a", a)
        block(f, "procrustes.b", b)
        block(f, "procrustes.r", r)
        block(f, "procrustes.distance", [[np.linalg.norm(a @ r - b)]])
        h = np.array([[1.0 / (i + j + 1) for j in range(8)] for i in range(8)])
        s = mpmath.svd_r(mpmath.matrix(h.tolist()), compute_uv=False)
        s = sorted([s[i] for i in range(8)], reverse=True)
        block_mp(f, "hilbert8.cond", [s[0] / s[-1]])


if __name__ == "__main__":
    main()
