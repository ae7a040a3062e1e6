#!/usr/bin/env python3
"""Training speed: Reprise vs PyTorch on the same small MLPs, in one run.

Builds `reprise-bench` (release, -Xcc -march=native) once, then for each
model (MLPs 40-100-100-10 / batch 100, 64-256-256-10 / batch 128,
784-300-100-10 / batch 60) and thread count (1 and 2) runs Reprise's
`reprise-bench train --json` for that model alone and, right after it,
the same step in PyTorch (zero_grad, forward, cross-entropy, backward, Adam;
Float) with torch.set_num_threads matching. Alternating the two keeps them
under the same machine load. Three rates are compared, each as the ratio
reprise/torch:
  steps/s      steps per wall-clock second over ~1 s (0.3 s with --quick);
  per CPU s    steps per second of process CPU time (on a loaded machine
               this counts the work, not the waiting);
  best-3       the rate of the fastest 3 consecutive steps (the least
               disturbed stretch).
Without torch installed it prints Reprise's numbers and says so.

Usage: python3 Benchmarks/compare_torch.py [--quick] [--threads 1,2] [--json]
                                           [--scratch-path DIR | --binary PATH]
                                           [--rounds N]
--binary runs an already built reprise-bench (no build step, e.g. while
another build holds the scratch directory); --rounds repeats every
model/thread cell N times, interleaved, one row per round.
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = [([40, 100, 100, 10], 100), ([64, 256, 256, 10], 128), ([784, 300, 100, 10], 60)]


def build(args):
    cmd = ["swift", "build", "-c", "release", "-Xcc", "-march=native", "--product", "reprise-bench"]
    if args.scratch_path:
        cmd += ["--scratch-path", args.scratch_path]
    print("$ " + " ".join(cmd), file=sys.stderr, flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=sys.stderr)
    path = subprocess.run(cmd + ["--show-bin-path"], cwd=ROOT, check=True, stdout=subprocess.PIPE,
                          text=True).stdout.strip()
    return os.path.join(path, "reprise-bench")


def reprise(binary, model_index, threads, quick):
    cmd = [binary, "train", "--json", "--threads", str(threads)] + (["--quick"] if quick else [])
    env = dict(os.environ, REPRISE_TRAIN_MODEL=str(model_index))
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
    return steps / elapsed, steps / (time.process_time() - cpu_start), window / best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--scratch-path", default=None)
    parser.add_argument("--binary", default=None)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    binary = args.binary or build(args)
    try:
        import torch
    except ImportError:
        torch = None
        print("PyTorch is not installed (pip install torch): showing Reprise only.", file=sys.stderr)
    seconds = 0.3 if args.quick else 1.0
    keys = ["steps_per_second", "steps_per_cpu_second", "best_window_steps_per_second"]
    if not args.json:
        print(f"{'model':<16}{'thr':>4}  {'reprise: steps/s  per-cpu-s  best-3':>36}"
              f"  {'torch: steps/s  per-cpu-s  best-3':>34}  {'ratios':>20}{'peak MB':>9}")
    cells = [(index, widths, batch, int(t)) for index, (widths, batch) in enumerate(MODELS)
             for t in args.threads.split(",")]
    for _ in range(max(args.rounds, 1)):
        for index, widths, batch, threads in cells:
            row = reprise(binary, index, threads, args.quick)
            ours = [row[k] for k in keys]
            theirs = list(torch_rates(torch, widths, batch, threads, seconds)) if torch else None
            ratios = [a / b for a, b in zip(ours, theirs)] if theirs else None
            row.update({"torch_" + k: (theirs[i] if theirs else None) for i, k in enumerate(keys)})
            row.update({"ratio_" + k: (ratios[i] if ratios else None) for i, k in enumerate(keys)})
            if args.json:
                print(json.dumps(row), flush=True)
                continue
            fmt = lambda values: "".join(f"{v:>10.0f}" for v in values) if values else f"{'-':>30}"
            rat = "".join(f"{r:>7.2f}" for r in ratios) if ratios else f"{'-':>21}"
            print(f"{row['model']:<16}{threads:>4}  {fmt(ours):>36}  {fmt(theirs):>34}  {rat:>20}"
                  f"{row['peak_mb']:9.0f}", flush=True)


if __name__ == "__main__":
    main()
