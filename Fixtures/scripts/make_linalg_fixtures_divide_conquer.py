#!/usr/bin/env python3
"""Reference values for Reprise's divide-and-conquer tests (bidiagonal SVD and
symmetric tridiagonal / full symmetric eigen).

Writes Fixtures/linalg/dc_bidiagonal.txt and Fixtures/linalg/dc_eigen.txt in the
block format of make_linalg_fixtures_spectral.py (read by SpectralTestKit.swift):
    <name> <rows> <cols>
    <rows lines of cols numbers>
Inputs come from numpy's PCG64 generator (fixed seed); references from
numpy.linalg.svd / numpy.linalg.eigh (LAPACK) on the dense matrices. Vectors are
in Reprise's canonical sign form (largest-|.| entry of each left singular vector
or eigenvector positive, ties -> lowest index; the right singular vector follows
its left one). Sizes are chosen so that, with the small leaf sizes the tests
use, several merges and both deflation kinds happen, while every singular value
or eigenvalue stays well separated (so the vectors are determined up to sign).

Run: python3 Fixtures/scripts/make_linalg_fixtures_divide_conquer.py
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_linalg_fixtures_spectral import block, canon_rows  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "linalg")


def bidiagonal_case(f, name, d, e):
    b = np.diag(d) + np.diag(e, 1)
    u, s, vt = np.linalg.svd(b)
    ut, flips = canon_rows(u.T)
    vt = vt * flips[:, None]
    block(f, name + ".d", d[None, :])
    block(f, name + ".e", e[None, :])
    block(f, name + ".s", s[None, :])
    block(f, name + ".u", ut.T)
    block(f, name + ".vt", vt)


def eig_case(f, name, a, d=None, e=None):
    w, v = np.linalg.eigh(a)
    vt, _ = canon_rows(v.T)
    if d is None:
        block(f, name + ".a", a)
    else:
        block(f, name + ".d", d[None, :])
        block(f, name + ".e", e[None, :])
    block(f, name + ".values", w[None, :])
    block(f, name + ".vectors", vt.T)


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261129)
    with open(os.path.join(OUT, "dc_bidiagonal.txt"), "w") as f:
        f.write("# numpy.linalg.svd of upper bidiagonal matrices (seed 20261129); canonical signs\n")
        for n in [9, 40]:
            bidiagonal_case(f, f"random{n}", rng.uniform(-1, 1, n), rng.uniform(-1, 1, n - 1))
        # Graded: d_i = 2^(-i/2) times uniform(1, 2), e uniform(-1, 1) times the same scale.
        n = 30
        scale = 2.0 ** (-np.arange(n) / 2)
        bidiagonal_case(f, "graded30", scale * rng.uniform(1, 2, n),
                        scale[:-1] * rng.uniform(-1, 1, n - 1))
    with open(os.path.join(OUT, "dc_eigen.txt"), "w") as f:
        f.write("# numpy.linalg.eigh of symmetric tridiagonal and full symmetric matrices "
                "(seed 20261129); canonical signs\n")
        for n in [10, 50]:
            d = rng.uniform(-1, 1, n)
            e = rng.uniform(-1, 1, n - 1)
            eig_case(f, f"tridiagonal{n}", np.diag(d) + np.diag(e, 1) + np.diag(e, -1), d, e)
        for n in [40, 70]:
            b = rng.uniform(-1, 1, size=(n, n))
            eig_case(f, f"symmetric{n}", (b + b.T) / 2)


if __name__ == "__main__":
    main()
