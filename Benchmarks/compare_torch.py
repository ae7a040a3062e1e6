#!/usr/bin/env python3
"""Training speed: Reprise vs PyTorch on the same small MLPs, in one run.

What is measured. For each model (MLPs 40-100-100-10 / batch 100,
64-256-256-10 / batch 128, 784-300-100-10 / batch 60) and thread count, one
optimizer step is: forward with ReLU, softmax cross-entropy on fixed random
labels, backward, Adam (Float). Reprise runs as `reprise-bench train --json`
for that model alone (REPRISE_TRAIN_MODEL, REPRISE_TRAIN_SECONDS); PyTorch
runs the same step in this process (zero_grad, forward, CrossEntropyLoss,
backward, Adam) with torch.set_num_threads matching. After 5 warm-up steps
each side steps for `--seconds` (default 2 s) and reports three rates:
  steps/s      steps per wall-clock second;
  per CPU s    steps per second of process CPU time (all threads);
  best-3       the rate of the fastest 3 consecutive steps.

Protocol. A round measures every model/thread cell once, Reprise and PyTorch
back to back (the order alternates from round to round, so a slow drift in
machine load does not always favour the same side). `--rounds` rounds
(default 5) are interleaved: round 1 measures every cell, then round 2, and so
on, so each cell's rounds are spread over the whole run. For each round the
ratio Reprise/PyTorch of each rate is taken within the round, where both
sides saw the same load.

The stated statistic, per cell: the MEDIAN OVER ROUNDS OF THE PER-ROUND RATIO
of wall-clock steps/s, printed with its min–max over the rounds; the same
for per-CPU-second and best-3 ratios. The median of per-round ratios is what
one calls the speed ratio: one disturbed round moves it little, and its
min–max shows the spread. On a quiet machine (load average below ~1.5, no
compiler running) the wall-clock and per-CPU-second ratios agree at 1 thread;
at 2 threads the per-CPU-second ratio is biased (PyTorch's OpenMP threads
spin while waiting), so the wall-clock ratio is the one to quote. The load
average before and after the run is printed, and is part of the result.

Usage: python3 Benchmarks/compare_torch.py [--threads 1,2] [--rounds N]
                                           [--seconds S] [--quick] [--json]
                                           [--scratch-path DIR | --binary PATH]
--binary runs an already built reprise-bench (no build step); otherwise the
release product is built with -Xcc -march=native. --quick is one round of
0.3 s per side. --json prints one object per cell and round, then one summary
object per cell. Without torch installed it prints Reprise's numbers and says
so. Example, the measurement of record (about 2 × 6 cells × 5 × 2 s ≈ 2.5 min):
  python3 Benchmarks/compare_torch.py --binary .build/release/reprise-bench \\
      --threads 1,2 --rounds 5 --seconds 2
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = [([40, 100, 100, 10], 100), ([64, 256, 256, 10], 128), ([784, 300, 100, 10], 60)]
KEYS = ["steps_per_second", "steps_per_cpu_second", "best_window_steps_per_second"]
LABELS = ["steps/s", "per-cpu-s", "best-3"]


def build(args):
    cmd = ["swift", "build", "-c", "release", "-Xcc", "-march=native", "--product", "reprise-bench"]
    if args.scratch_path:
        cmd += ["--scratch-path", args.scratch_path]
    print("$ " + " ".join(cmd), file=sys.stderr, flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=sys.stderr)
    path = subprocess.run(cmd + ["--show-bin-path"], cwd=ROOT, check=True, stdout=subprocess.PIPE,
                          text=True).stdout.strip()
    return os.path.join(path, "reprise-bench")


def reprise(binary, model_index, threads, seconds):
    cmd = [binary, "train", "--json", "--threads", str(threads)]
    env = dict(os.environ, REPRISE_TRAIN_MODEL=str(model_index), REPRISE_TRAIN_SECONDS=str(seconds))
    out = subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True, env=env).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")][0]


def torch_rates(torch, widths, batch, threads, seconds):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(batch, widths[0])
    y = torch.randint(0, widths[-1], (batch,))
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()

    for _ in range(5):
        step()
    window, best, steps = 3, float("inf"), 0
    start, cpu_start = time.perf_counter(), time.process_time()
    window_start = start
    while time.perf_counter() - start < seconds or steps < 2 * window:
        step()
        steps += 1
        if steps % window == 0:
            now = time.perf_counter()
            best = min(best, now - window_start)
            window_start = now
    elapsed = time.perf_counter() - start
    return dict(zip(KEYS, [steps / elapsed, steps / (time.process_time() - cpu_start), window / best]))


def summary(rows):
    """Median and min–max over rounds of each per-round ratio (and rate)."""
    out = {}
    for key in KEYS:
        for prefix in ["", "torch_", "ratio_"]:
            values = [row[prefix + key] for row in rows if row.get(prefix + key) is not None]
            if values:
                out[prefix + key] = {"median": statistics.median(values), "min": min(values),
                                     "max": max(values)}
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one round of 0.3 s per side")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--scratch-path", default=None)
    parser.add_argument("--binary", default=None)
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--seconds", type=float, default=2.0,
                        help="timed stepping per side, cell and round (default 2)")
    args = parser.parse_args()
    rounds, seconds = (1, 0.3) if args.quick else (max(args.rounds, 1), args.seconds)
    binary = args.binary or build(args)
    try:
        import torch
    except ImportError:
        torch = None
        print("PyTorch is not installed (pip install torch): showing Reprise only.", file=sys.stderr)
    cells = [(index, widths, batch, int(t)) for index, (widths, batch) in enumerate(MODELS)
             for t in args.threads.split(",")]
    load_before = os.getloadavg()
    if not args.json:
        print(f"{rounds} interleaved rounds, {seconds:g} s per side and cell; "
              f"load average before {load_before[0]:.2f}")
        print(f"{'round':<6}{'model':<16}{'thr':>4}  {'reprise: steps/s  per-cpu-s  best-3':>36}"
              f"  {'torch: steps/s  per-cpu-s  best-3':>34}  {'ratios':>23}{'peak MB':>9}")
    results = {cell[:1] + cell[3:]: [] for cell in cells}
    for round_index in range(rounds):
        for index, widths, batch, threads in cells:
            torch_first = round_index % 2 == 1
            theirs = None
            if torch and torch_first:
                theirs = torch_rates(torch, widths, batch, threads, seconds)
            row = reprise(binary, index, threads, seconds)
            if torch and not torch_first:
                theirs = torch_rates(torch, widths, batch, threads, seconds)
            for key in KEYS:
                row["torch_" + key] = theirs[key] if theirs else None
                row["ratio_" + key] = row[key] / theirs[key] if theirs else None
            row["round"] = round_index + 1
            results[(index, threads)].append(row)
            if args.json:
                print(json.dumps(row), flush=True)
                continue
            fmt = lambda values: "".join(f"{v:>10.0f}" for v in values)
            ours = fmt(row[k] for k in KEYS)
            other = fmt(theirs[k] for k in KEYS) if theirs else f"{'-':>30}"
            ratios = "".join(f"{row['ratio_' + k]:>8.2f}" for k in KEYS) if theirs else f"{'-':>24}"
            print(f"{round_index + 1:<6}{row['model']:<16}{threads:>4}  {ours:>36}  {other:>34}"
                  f"  {ratios:>23}{row['peak_mb']:9.0f}", flush=True)
    load_after = os.getloadavg()
    if not args.json:
        print(f"\nMedian over {rounds} rounds of the per-round ratio reprise/torch [min–max]; "
              f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")
        print(f"{'model':<16}{'thr':>4}  " + "".join(f"{label:>22}" for label in LABELS)
              + f"  {'reprise steps/s':>16}  {'torch steps/s':>14}")
    for index, widths, batch, threads in cells:
        rows = results[(index, threads)]
        stats = summary(rows)
        name = "-".join(map(str, widths))
        if args.json:
            print(json.dumps({"summary": True, "model": name, "batch": batch, "threads": threads,
                              "rounds": rounds, "seconds": seconds,
                              "load_before": load_before[0], "load_after": load_after[0],
                              "statistics": stats}), flush=True)
            continue
        if not torch:
            median = stats["steps_per_second"]["median"]
            print(f"{name:<16}{threads:>4}  {'-':>66}  {median:>16.0f}")
            continue
        cells_text = "".join(
            f"{stats['ratio_' + k]['median']:>8.2f} " + f"[{stats['ratio_' + k]['min']:.2f}–"
            f"{stats['ratio_' + k]['max']:.2f}]".ljust(13) for k in KEYS)
        print(f"{name:<16}{threads:>4}  {cells_text}  {stats['steps_per_second']['median']:>16.0f}"
              f"  {stats['torch_steps_per_second']['median']:>14.0f}")


if __name__ == "__main__":
    main()
