#!/usr/bin/env python3
"""Compare Reprise GEMM speed with numpy matmul (OpenBLAS) on the same shapes.

Runs `swift run -c release -Xcc -march=native reprise-bench gemm --json`
(plus --quick / --sizes / --threads when given), then times numpy matmul on
the same square sizes, scalar types and thread counts, and prints GFLOPS and
the ratio reprise/numpy per (type, n, threads). Ratios, not absolute times,
are the point: this machine is shared and noisy.

Timing rule (both sides): each call is timed on its own; calls repeat until
>= MIN_SECONDS of work and >= 3 calls; the minimum is kept. GFLOPS = 2 n^3 / t.

numpy's thread count: threadpoolctl if installed; otherwise each thread count
runs in its own subprocess with OPENBLAS_NUM_THREADS / OMP_NUM_THREADS /
MKL_NUM_THREADS set. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (which may be set
on our machines and slow OpenBLAS down) are removed from that subprocess's
environment only, and the OpenBLAS core it reports is printed.

With --rounds R (default 2) the two sides are measured alternately R times
and the best GFLOPS of each side is kept, so a burst of load from other
processes does not land on one side only. (OpenBLAS with 2 threads collapses
when another process occupies a core; such numbers show up as huge ratios.)

Usage:
  python3 Benchmarks/compare_numpy.py [--quick] [--sizes 64,256] [--threads 1,2]
                                      [--rounds 2] [--json]
"""

import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Executed in a subprocess per thread count (fresh OpenBLAS thread pool).
NUMPY_WORKER = r"""
import ctypes, json, sys, time
import numpy as np

def corename():
    paths = []
    with open('/proc/self/maps') as f:
        for line in f:
            p = line.split()[-1]
            if 'openblas' in p.lower() and p not in paths:
                paths.append(p)
    for p in paths:
        lib = ctypes.CDLL(p)
        for name in ('scipy_openblas_get_corename64_', 'openblas_get_corename64_',
                     'openblas_get_corename'):
            fn = getattr(lib, name, None)
            if fn is not None:
                fn.restype = ctypes.c_char_p
                return fn().decode()
    return 'unknown'

sizes = json.loads(sys.argv[1]); threads = int(sys.argv[2]); min_seconds = float(sys.argv[3])
try:
    from threadpoolctl import threadpool_limits
    limit = threadpool_limits(limits=threads)
except ImportError:
    limit = None
print(json.dumps({'corename': corename(), 'numpy': np.__version__}), flush=True)
for typename, dt in (('Double', np.float64), ('Float', np.float32)):
    for n in sizes:
        rng = np.random.default_rng(n)
        a = (rng.random((n, n)) * 2 - 1).astype(dt)
        b = (rng.random((n, n)) * 2 - 1).astype(dt)
        c = np.empty((n, n), dtype=dt)
        np.matmul(a, b, out=c)
        best, total, calls = float('inf'), 0.0, 0
        while calls < 3 or total < min_seconds:
            t0 = time.perf_counter()
            np.matmul(a, b, out=c)
            dt_ = time.perf_counter() - t0
            best = min(best, dt_); total += dt_; calls += 1
        print(json.dumps({'type': typename, 'n': n, 'threads': threads, 'seconds': best,
                          'gflops': 2.0 * n ** 3 / best / 1e9}), flush=True)
"""


def run_reprise(args):
    cmd = ['swift', 'run', '-c', 'release', '-Xcc', '-march=native', 'reprise-bench', 'gemm',
           '--json']
    if args.quick:
        cmd.append('--quick')
    if args.sizes:
        cmd += ['--sizes', args.sizes]
    if args.threads:
        cmd += ['--threads', args.threads]
    print('$ ' + ' '.join(cmd), file=sys.stderr, flush=True)
    out = subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    rows = []
    for line in out.splitlines():
        line = line.strip()
        if line.startswith('{'):
            row = json.loads(line)
            if row.get('bench') == 'gemm':
                rows.append(row)
    if not rows:
        sys.exit('reprise-bench printed no gemm JSON lines')
    return rows


def run_numpy(sizes, thread_counts, min_seconds):
    rows, cores = [], {}
    for t in thread_counts:
        env = dict(os.environ)
        for var in ('OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'):
            env.pop(var, None)
        for var in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
            env[var] = str(t)
        out = subprocess.run([sys.executable, '-c', NUMPY_WORKER, json.dumps(sizes), str(t),
                              str(min_seconds)], env=env, check=True, stdout=subprocess.PIPE,
                             text=True).stdout
        for line in out.splitlines():
            row = json.loads(line)
            if 'corename' in row:
                cores[t] = row
            else:
                rows.append(row)
    return rows, cores


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--quick', action='store_true', help='sizes up to 512, shorter timing')
    parser.add_argument('--sizes', help='comma-separated square sizes, e.g. 64,256,1024')
    parser.add_argument('--threads', help='comma-separated thread counts, e.g. 1,2')
    parser.add_argument('--json', action='store_true', help='print one JSON object per ratio')
    parser.add_argument('--rounds', type=int, default=2,
                        help='alternate reprise/numpy this many times, keep the best of each')
    args = parser.parse_args()

    def best_of(old, new):
        merged = {(r['type'], r['n'], r['threads']): r for r in old}
        for r in new:
            key = (r['type'], r['n'], r['threads'])
            if key not in merged or r['gflops'] > merged[key]['gflops']:
                merged[key] = r
        return list(merged.values())

    reprise, numpy_rows, cores = [], [], {}
    for _ in range(max(1, args.rounds)):
        reprise = best_of(reprise, run_reprise(args))
        sizes = sorted({r['n'] for r in reprise})
        thread_counts = sorted({r['threads'] for r in reprise})
        rows, cores = run_numpy(sizes, thread_counts, 0.15 if args.quick else 0.3)
        numpy_rows = best_of(numpy_rows, rows)
    for t in thread_counts:
        info = cores.get(t, {})
        print(f"numpy {info.get('numpy', '?')}, OpenBLAS core at {t} thread(s): "
              f"{info.get('corename', 'unknown')}", file=sys.stderr)

    # Reprise's bits must not depend on the thread count (or the run).
    digests = {}
    for r in reprise:
        digests.setdefault((r['type'], r['n']), set()).add(r.get('digest'))
    for (typename, n), ds in sorted(digests.items()):
        if len(ds) != 1:
            print(f"WARNING: {typename} n={n}: digests differ across thread counts: {ds}",
                  file=sys.stderr)

    npt = {(r['type'], r['n'], r['threads']): r for r in numpy_rows}
    results = []
    for r in reprise:
        key = (r['type'], r['n'], r['threads'])
        if key not in npt:
            continue
        results.append({'type': r['type'], 'n': r['n'], 'threads': r['threads'],
                        'reprise_gflops': r['gflops'], 'numpy_gflops': npt[key]['gflops'],
                        'ratio': r['gflops'] / npt[key]['gflops'], 'digest': r.get('digest')})
    results.sort(key=lambda x: (x['type'] != 'Double', x['threads'], x['n']))
    # A multi-threaded numpy run slower than half its single-threaded run means
    # OpenBLAS's spinning threads lost a core to another process: flag it.
    one = {(x['type'], x['n']): x['numpy_gflops'] for x in results if x['threads'] == 1}
    for x in results:
        single = one.get((x['type'], x['n']))
        suspect = x['threads'] > 1 and single is not None and x['numpy_gflops'] < 0.5 * single
        x['numpy_suspect'] = suspect
        x['note'] = '  (numpy slower than half its 1-thread speed: machine busy?)' if suspect else ''

    if args.json:
        for x in results:
            print(json.dumps({k: v for k, v in x.items() if k != 'note'}))
    else:
        print(f"{'type':>7} {'n':>5} {'threads':>7} {'reprise GF/s':>13} {'numpy GF/s':>11} "
              f"{'ratio':>6}")
        for x in results:
            print(f"{x['type']:>7} {x['n']:>5} {x['threads']:>7} {x['reprise_gflops']:>13.2f} "
                  f"{x['numpy_gflops']:>11.2f} {x['ratio']:>6.2f}{x['note']}")


if __name__ == '__main__':
    main()
