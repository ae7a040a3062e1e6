#!/usr/bin/env python3
"""Compare Reprise decompositions with numpy.linalg (LAPACK) on the same matrices.

Runs `swift run -c release -Xcc -march=native reprise-bench <svd|eigh|qr|cholesky> --json`
(plus --quick / --sizes when given), then, in the same invocation, times
numpy on the same shapes and the *same* matrices (the SplitMix64 generator of
Benchmarks/reprise-bench/LinalgBenchmark.swift is reproduced below):

  svd       numpy.linalg.svd(a, full_matrices=False)
  eigh      numpy.linalg.eigh(s),  s = (a + a.T)/2
  qr        numpy.linalg.qr(a)     (reduced: thin Q and R)
  cholesky  numpy.linalg.cholesky(p),  p = a a.T + n I

It prints seconds and the ratio reprise/numpy per (routine, algorithm, shape),
with the LAPACK-style accuracy ratios of both sides next to them (Frobenius
norms; see LinalgBenchmark.swift for the formulas). Ratios, not absolute
times, are the point: this machine is shared and noisy.

Timing rule (both sides): each call is timed on its own; calls repeat until
>= 3 calls (or >= 3 s of work) and >= MIN_SECONDS of work; the minimum is kept.

numpy runs single-threaded: threadpoolctl if installed; in any case in a
subprocess with OPENBLAS_NUM_THREADS / OMP_NUM_THREADS / MKL_NUM_THREADS = 1
and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE removed from that subprocess's
environment only (as in compare_numpy.py). With --rounds R (default 1) both
sides are measured alternately R times and the best time of each is kept.

Usage:
  python3 Benchmarks/compare_numpy_linalg.py [svd|eigh|qr|cholesky ...] [--quick]
                                             [--sizes 64,512] [--rounds 1] [--json]
                                             [--scratch-path .build-x]
"""

import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_numpy import ROOT  # noqa: E402  (shared repository root)

ROUTINES = ('svd', 'eigh', 'qr', 'cholesky')

# Executed in a subprocess (fresh single-threaded OpenBLAS).
NUMPY_WORKER = r"""
import json, sys, time
import numpy as np
try:
    from threadpoolctl import threadpool_limits
    limit = threadpool_limits(limits=1)
except ImportError:
    limit = None

def splitmix(count, seed):
    # SplitMix64 mapped to [-1, 1), as GEMMBenchmark.fill in reprise-bench.
    with np.errstate(over='ignore'):
        state = np.uint64(seed) + np.uint64(0x9E3779B97F4A7C15) * np.arange(
            1, count + 1, dtype=np.uint64)
        z = state
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) / 9007199254740992.0 * 2 - 1

def matrix(m, n):
    seed = (0x5EED + m * 100003 + n) % 2**64
    return splitmix(m * n, seed).reshape(m, n)

def timed(fn, min_seconds):
    best, total, calls, out = float('inf'), 0.0, 0, None
    while calls == 0 or (calls < 3 and total < 3.0) or total < min_seconds:
        t0 = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t0
        best = min(best, dt); total += dt; calls += 1
    return out, best

def fro(x):
    return float(np.sqrt(np.sum(x * x)))

eps = np.finfo(np.float64).eps
routine = sys.argv[1]; shapes = json.loads(sys.argv[2]); min_seconds = float(sys.argv[3])
for m, n in shapes:
    a = matrix(m, n)
    if routine == 'svd':
        (u, s, vt), t = timed(lambda: np.linalg.svd(a, full_matrices=False), min_seconds)
        res = fro(a - (u * s) @ vt) / (fro(a) * max(m, n) * eps)
        k = min(m, n)
        orth = max(fro(np.eye(k) - u.T @ u) / (m * eps), fro(np.eye(k) - vt @ vt.T) / (n * eps))
    elif routine == 'eigh':
        a = (a + a.T) / 2
        (w, v), t = timed(lambda: np.linalg.eigh(a), min_seconds)
        res = fro(a @ v - v * w) / (fro(a) * n * eps)
        orth = fro(np.eye(n) - v.T @ v) / (n * eps)
    elif routine == 'qr':
        (q, r), t = timed(lambda: np.linalg.qr(a), min_seconds)
        res = fro(a - q @ r) / (fro(a) * max(m, n) * eps)
        orth = fro(np.eye(q.shape[1]) - q.T @ q) / (m * eps)
    else:
        p = a @ a.T + n * np.eye(n)
        l, t = timed(lambda: np.linalg.cholesky(p), min_seconds)
        res = fro(p - l @ l.T) / (fro(p) * n * eps)
        orth = None
    print(json.dumps({'bench': routine, 'm': m, 'n': n, 'seconds': t, 'residual_ratio': res,
                      'orthogonality_ratio': orth}), flush=True)
"""


def run_reprise(routine, args):
    cmd = ['swift', 'run', '-c', 'release', '-Xcc', '-march=native', 'reprise-bench', routine,
           '--json']
    if args.quick:
        cmd.append('--quick')
    if args.sizes:
        cmd += ['--sizes', args.sizes]
    if args.scratch_path:
        cmd[2:2] = ['--scratch-path', args.scratch_path]
    print('$ ' + ' '.join(cmd), file=sys.stderr, flush=True)
    out = subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    rows = [json.loads(line) for line in map(str.strip, out.splitlines())
            if line.startswith('{')]
    rows = [r for r in rows if r.get('bench') == routine]
    if not rows:
        sys.exit(f'reprise-bench printed no {routine} JSON lines')
    for r in rows:
        print(json.dumps(r), file=sys.stderr, flush=True)
    return rows


def run_numpy(routine, shapes, min_seconds):
    env = dict(os.environ)
    for var in ('OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'):
        env.pop(var, None)
    for var in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
        env[var] = '1'
    out = subprocess.run([sys.executable, '-c', NUMPY_WORKER, routine, json.dumps(shapes),
                          str(min_seconds)], env=env, check=True, stdout=subprocess.PIPE,
                         text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith('{')]


def best_of(old, new, key):
    merged = {key(r): r for r in old}
    for r in new:
        if key(r) not in merged or r['seconds'] < merged[key(r)]['seconds']:
            merged[key(r)] = r
    return list(merged.values())


def fmt(x, width, digits=2):
    return f"{'-':>{width}}" if x is None else f'{x:>{width}.{digits}f}'


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('routines', nargs='*', default=list(ROUTINES),
                        help='any of svd, eigh, qr, cholesky (default: all)')
    parser.add_argument('--quick', action='store_true', help='sizes up to 256, shorter timing')
    parser.add_argument('--sizes', help='comma-separated square sizes, e.g. 64,512')
    parser.add_argument('--rounds', type=int, default=1,
                        help='alternate reprise/numpy this many times, keep the best of each')
    parser.add_argument('--json', action='store_true', help='print one JSON object per ratio')
    parser.add_argument('--scratch-path', help='swift build folder (default: .build)')
    args = parser.parse_args()
    for routine in args.routines:
        if routine not in ROUTINES:
            parser.error(f'unknown routine {routine!r}')

    results = []
    for routine in args.routines:
        reprise, numpy_rows = [], []
        for _ in range(max(1, args.rounds)):
            reprise = best_of(reprise, run_reprise(routine, args),
                              lambda r: (r['algorithm'], r['m'], r['n']))
            shapes = sorted({(r['m'], r['n']) for r in reprise})
            numpy_rows = best_of(numpy_rows, run_numpy(routine, shapes,
                                                       0.15 if args.quick else 0.3),
                                 lambda r: (r['m'], r['n']))
        npt = {(r['m'], r['n']): r for r in numpy_rows}
        for r in reprise:
            ref = npt.get((r['m'], r['n']))
            if ref is None:
                continue
            results.append({
                'bench': routine, 'algorithm': r['algorithm'], 'm': r['m'], 'n': r['n'],
                'reprise_seconds': r['seconds'], 'numpy_seconds': ref['seconds'],
                'ratio': r['seconds'] / ref['seconds'],
                'reprise_residual_ratio': r['residual_ratio'],
                'reprise_orthogonality_ratio': r['orthogonality_ratio'],
                'numpy_residual_ratio': ref['residual_ratio'],
                'numpy_orthogonality_ratio': ref['orthogonality_ratio'],
                'digest': r.get('digest')})

    if args.json:
        for x in results:
            print(json.dumps(x))
        return
    print(f"{'routine':>8} {'algorithm':>13} {'m':>5} {'n':>5} {'reprise s':>10} "
          f"{'numpy s':>9} {'ratio':>6} | {'resid R':>8} {'orth R':>8} | "
          f"{'resid np':>8} {'orth np':>8}")
    for x in results:
        print(f"{x['bench']:>8} {x['algorithm']:>13} {x['m']:>5} {x['n']:>5} "
              f"{x['reprise_seconds']:>10.4f} {x['numpy_seconds']:>9.4f} {x['ratio']:>6.2f} | "
              f"{fmt(x['reprise_residual_ratio'], 8)} {fmt(x['reprise_orthogonality_ratio'], 8)} | "
              f"{fmt(x['numpy_residual_ratio'], 8)} {fmt(x['numpy_orthogonality_ratio'], 8)}")


if __name__ == '__main__':
    main()
