#!/usr/bin/env python3
"""Compare Reprise's linear CKA with a straightforward numpy implementation.

Runs `swift run -c release -Xcc -march=native reprise-bench cka --json`
(n = 10,000, p = q = 1,000 Double by default; --quick / --sizes n,p /
--threads pass through), then, in the same invocation, times numpy on the
same matrices (the SplitMix64 generator of reprise-bench's GEMMBenchmark.fill,
seeds 0xC4A + 1 and 0xC4A + 2) at the same thread counts:

    x = x - x.mean(0); y = y - y.mean(0)
    cka = ||y.T @ x||_F^2 / (||x.T @ x||_F * ||y.T @ y||_F)

(Kornblith et al.'s feature-space form, as in their published notebook; numpy
uses OpenBLAS, and x.T @ x goes through its symmetric rank-k update.) It
prints seconds, the ratio reprise/numpy per thread count (target <= 1), the
ratio of the least CPU time per call (all threads of each process: on a
loaded machine the steadier figure, since it does not count time spent
waiting for a core), the
times of the two products alone on each side — XᵀY by GEMM (half of CKA's
flops) and XᵀX by the symmetric product (numpy: BLAS syrk; a quarter) — with
their ratios, which show how much of the CKA ratio is the products' and how
much the rest (centring, norms), and the two CKA values, which must agree
to ~1e-12.

Timing rule (both sides): each call is timed on its own; calls repeat until
>= 3 calls (or >= 3 s of work) and >= MIN_SECONDS; the minimum is kept. numpy
runs in a subprocess per thread count with OPENBLAS_NUM_THREADS /
OMP_NUM_THREADS / MKL_NUM_THREADS set and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE
removed (as compare_numpy.py). With --rounds R the sides alternate R times
and each keeps its best time; it also prints, per thread count, the median
(and range) of the R per-round ratios, each Reprise's best over numpy's best
in the same round — the figure to quote on a shared machine, whose speed
drifts between rounds. The machine is shared: read ratios, not times.

Usage:
  python3 Benchmarks/compare_numpy_cka.py [--quick] [--sizes 10000,1000]
                                          [--threads 1,2] [--rounds 1] [--json]
                                          [--scratch-path /tmp/build-x]
"""

import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_numpy import ROOT  # noqa: E402  (shared repository root)

NUMPY_WORKER = r"""
import json, sys, time
import numpy as np

def splitmix(count, seed):
    with np.errstate(over='ignore'):
        state = np.uint64(seed) + np.uint64(0x9E3779B97F4A7C15) * np.arange(
            1, count + 1, dtype=np.uint64)
        z = state
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) / 9007199254740992.0 * 2 - 1

def linear_cka(x, y):
    x = x - x.mean(0)
    y = y - y.mean(0)
    return np.linalg.norm(y.T @ x) ** 2 / (np.linalg.norm(x.T @ x) * np.linalg.norm(y.T @ y))

n, p, threads, min_seconds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
x = splitmix(n * p, 0xC4A + 1).reshape(n, p)
y = splitmix(n * p, 0xC4A + 2).reshape(n, p)
best, best_cpu, total, calls, value = float('inf'), float('inf'), 0.0, 0, None
while calls == 0 or (calls < 3 and total < 3.0) or total < min_seconds:
    t0, c0 = time.perf_counter(), time.process_time()
    value = linear_cka(x, y)
    dt = time.perf_counter() - t0
    best_cpu = min(best_cpu, time.process_time() - c0)
    best = min(best, dt); total += dt; calls += 1
def floor(f):
    return min(timed(f) for _ in range(3))
def timed(f):
    t0 = time.perf_counter(); f(); return time.perf_counter() - t0
xc, yc = x - x.mean(0), y - y.mean(0)
print(json.dumps({'bench': 'cka', 'n': n, 'p': p, 'threads': threads, 'seconds': best,
                  'cpu_seconds': best_cpu, 'calls': calls, 'value': float(value),
                  'xty_seconds': floor(lambda: yc.T @ xc),
                  'xtx_seconds': floor(lambda: xc.T @ xc)}), flush=True)
"""


def run_reprise(args):
    cmd = ['swift', 'run', '-c', 'release', '-Xcc', '-march=native', 'reprise-bench', 'cka',
           '--json', '--threads', args.threads]
    if args.quick:
        cmd.append('--quick')
    if args.sizes:
        cmd += ['--sizes', args.sizes]
    if args.scratch_path:
        cmd[2:2] = ['--scratch-path', args.scratch_path]
    print('$ ' + ' '.join(cmd), file=sys.stderr, flush=True)
    out = subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.startswith('{')]
    if not any(r.get('bench') == 'cka' for r in rows):
        sys.exit('reprise-bench printed no cka JSON lines')
    return rows


def run_numpy(n, p, threads, min_seconds):
    env = dict(os.environ)
    for var in ('OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'):
        env.pop(var, None)
    for var in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
        env[var] = str(threads)
    out = subprocess.run([sys.executable, '-c', NUMPY_WORKER, str(n), str(p), str(threads),
                          str(min_seconds)], env=env, check=True, stdout=subprocess.PIPE,
                         text=True).stdout
    return json.loads(next(line for line in out.splitlines() if line.startswith('{')))


def median(values):
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--quick', action='store_true')
    parser.add_argument('--sizes', help='n,p (default 10000,1000; --quick 2000,200)')
    parser.add_argument('--threads', default='1,2')
    parser.add_argument('--rounds', type=int, default=1)
    parser.add_argument('--json', action='store_true')
    parser.add_argument('--scratch-path')
    args = parser.parse_args()
    if args.sizes:
        n, p = (int(v) for v in args.sizes.split(','))
    else:
        n, p = (2000, 200) if args.quick else (10000, 1000)
    min_seconds = 0.2 if args.quick else 1.0
    threads = [int(t) for t in args.threads.split(',')]
    best_reprise, best_numpy, values, stream, floor = {}, {}, {}, None, {}
    cpu_reprise, cpu_numpy = {}, {}
    syrk, numpy_xty, numpy_xtx = {}, {}, {}
    # Per round and thread count: Reprise's time over numpy's in the same
    # round (adjacent runs), whose median is steadier than a ratio of bests
    # taken minutes apart on a shared machine.
    round_ratios = {t: [] for t in threads}
    for _ in range(args.rounds):
        this_round = {}
        for r in run_reprise(args):
            if r['bench'] == 'cka':
                t = r['threads']
                this_round[t] = r['seconds']
                best_reprise[t] = min(best_reprise.get(t, float('inf')), r['seconds'])
                cpu_reprise[t] = min(cpu_reprise.get(t, float('inf')), r['cpu_seconds'])
                values['reprise'] = r['value']
            elif r['bench'] == 'xty-gemm':
                t = r['threads']
                floor[t] = min(floor.get(t, float('inf')), r['seconds'])
            elif r['bench'] == 'xtx-syrk':
                t = r['threads']
                syrk[t] = min(syrk.get(t, float('inf')), r['seconds'])
            elif r['bench'] == 'cka-stream':
                stream = r if stream is None or r['seconds'] < stream['seconds'] else stream
        for t in threads:
            r = run_numpy(n, p, t, min_seconds)
            best_numpy[t] = min(best_numpy.get(t, float('inf')), r['seconds'])
            cpu_numpy[t] = min(cpu_numpy.get(t, float('inf')), r['cpu_seconds'])
            numpy_xty[t] = min(numpy_xty.get(t, float('inf')), r['xty_seconds'])
            numpy_xtx[t] = min(numpy_xtx.get(t, float('inf')), r['xtx_seconds'])
            values['numpy'] = r['value']
            if t in this_round:
                round_ratios[t].append(this_round[t] / r['seconds'])
    rows = [{'bench': 'cka', 'n': n, 'p': p, 'threads': t, 'reprise_seconds': best_reprise[t],
             'numpy_seconds': best_numpy[t], 'ratio': best_reprise[t] / best_numpy[t],
             'reprise_cpu_seconds': cpu_reprise[t], 'numpy_cpu_seconds': cpu_numpy[t],
             'cpu_ratio': cpu_reprise[t] / cpu_numpy[t],
             'reprise_xty_seconds': floor.get(t), 'numpy_xty_seconds': numpy_xty[t],
             'reprise_xtx_seconds': syrk.get(t), 'numpy_xtx_seconds': numpy_xtx[t],
             'round_ratios': round_ratios[t], 'median_round_ratio': median(round_ratios[t])}
            for t in threads]
    if args.json:
        for row in rows:
            print(json.dumps(row))
        print(json.dumps({'values': values, 'stream': stream}))
        return
    print(f'linear CKA, Double, n = {n}, p = q = {p}')
    print(f'{"threads":>8} {"reprise s":>11} {"numpy s":>11} {"ratio":>7} {"CPU ratio":>9}'
          f' {"XtY: reprise s":>15} {"numpy s":>8} {"ratio":>6}'
          f' {"XtX: reprise s":>15} {"numpy s":>8} {"ratio":>6}')
    for row in rows:
        parts = ''
        for name in ('xty', 'xtx'):
            ours, theirs = row[f'reprise_{name}_seconds'], row[f'numpy_{name}_seconds']
            parts += (f' {ours:>15.4f} {theirs:>8.4f} {ours / theirs:>6.3f}' if ours
                      else f' {"-":>15} {theirs:>8.4f} {"-":>6}')
        print(f'{row["threads"]:>8} {row["reprise_seconds"]:>11.4f} {row["numpy_seconds"]:>11.4f}'
              f' {row["ratio"]:>7.3f} {row["cpu_ratio"]:>9.3f}' + parts)
    print(f'values: reprise {values["reprise"]!r}, numpy {values["numpy"]!r}, '
          f'relative difference {abs(values["reprise"] - values["numpy"]) / abs(values["numpy"]):.2e}')
    if args.rounds > 1:
        for row in rows:
            ratios = row['round_ratios']
            print(f'{row["threads"]} thread(s): median of the {len(ratios)} per-round ratios '
                  f'{row["median_round_ratio"]:.3f} (min {min(ratios):.3f}, max {max(ratios):.3f})')
    if stream:
        print(f'streaming (CrossProductAccumulator, 1000-row chunks, {stream["threads"]} threads): '
              f'{stream["seconds"]:.4f} s, {stream["gb_per_second"]:.3f} GB/s of input')


if __name__ == '__main__':
    main()
