#!/usr/bin/env python3
"""Reference values for Reprise's QR / LU / least-squares tests.

Writes, under Fixtures/linalg/:
  factor_hilbert_det.json  det(H_n), H_ij = 1/(i+j+1), n = 1..12, computed by
                           mpmath at 60 digits from the exact rational matrix
                           (printed with 17 significant digits, plus log10).
  factor_lstsq.json        least-squares problems (A, b given in the file) with
                           numpy.linalg.lstsq solutions, residual norms and
                           ranks; for rank-deficient problems also the basic
                           solution from scipy's pivoted QR (LAPACK xGEQP3):
                           x = P·(R11^-1 (Q^T b)[:r], 0).

Run: python3 Fixtures/scripts/make_linalg_factor_fixtures.py   (numpy, scipy, mpmath)
"""
import json
import os

import mpmath
import numpy as np
import scipy.linalg

OUT = os.path.join(os.path.dirname(__file__), "..", "linalg")


def hilbert_dets():
    mpmath.mp.dps = 60
    rows = []
    for n in range(1, 13):
        h = mpmath.matrix(n, n)
        for i in range(n):
            for j in range(n):
                h[i, j] = mpmath.mpf(1) / (i + j + 1)
        d = mpmath.det(h)
        rows.append({"n": n, "det": float(d), "log10": float(mpmath.log10(d))})
    return rows


def basic_solution(a, b, rank):
    q, r, perm = scipy.linalg.qr(a, pivoting=True, mode="economic")
    c = q.T @ b
    y = scipy.linalg.solve_triangular(r[:rank, :rank], c[:rank])
    x = np.zeros((a.shape[1],) + b.shape[1:])
    x[perm[:rank]] = y
    return x


def lstsq_cases():
    rng = np.random.default_rng(20240603)
    cases = []

    def add(name, a, b, kind):
        x, _, rank, sv = np.linalg.lstsq(a, b, rcond=None)
        res = np.linalg.norm(a @ x - b, axis=0)
        case = {
            "name": name, "kind": kind, "rows": a.shape[0], "columns": a.shape[1],
            "a": a.tolist(), "b": b.tolist(), "x": x.tolist(),
            "residual": np.atleast_1d(res).tolist(), "rank": int(rank),
        }
        if kind == "rankDeficient":
            case["xBasic"] = basic_solution(a, b, int(rank)).tolist()
        cases.append(case)

    a = rng.uniform(-1, 1, (30, 8))
    add("tall30x8", a, rng.uniform(-1, 1, (30, 3)), "fullRank")
    a = rng.uniform(-1, 1, (200, 20))
    add("tall200x20", a, rng.uniform(-1, 1, (200, 2)), "fullRank")
    a = rng.uniform(-1, 1, (6, 15))
    add("wide6x15", a, rng.uniform(-1, 1, (6, 2)), "fullRank")
    # Rank 4 in a 25x10: product of 25x4 and 4x10.
    a = rng.uniform(-1, 1, (25, 4)) @ rng.uniform(-1, 1, (4, 10))
    add("rank4of25x10", a, rng.uniform(-1, 1, (25, 2)), "rankDeficient")
    # Rank 3 with two exactly repeated columns and a zero column.
    base = rng.uniform(-1, 1, (12, 3))
    a = np.column_stack([base[:, 0], base[:, 1], base[:, 0], np.zeros(12), base[:, 2], base[:, 1]])
    add("repeatedColumns12x6", a, rng.uniform(-1, 1, (12, 1)), "rankDeficient")
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "factor_hilbert_det.json"), "w") as f:
        json.dump(hilbert_dets(), f, indent=1)
    with open(os.path.join(OUT, "factor_lstsq.json"), "w") as f:
        json.dump(lstsq_cases(), f)


if __name__ == "__main__":
    main()
