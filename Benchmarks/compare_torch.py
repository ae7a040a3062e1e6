#!/usr/bin/env python3
"""Training speed: Reprise vs PyTorch on the same small MLPs, in one run.

Runs `swift run -c release -Xcc -march=native reprise-bench train --json`
(Adam steps per second, Float, MLPs 40-100-100-10 / batch 100,
64-256-256-10 / batch 128, 784-300-100-10 / batch 60, at 1 and 2 threads),
then times the same step in PyTorch (forward, cross-entropy, backward,
Adam) with torch.set_num_threads matching, and prints steps/s and the ratio
reprise/torch. Ratios, not absolute numbers: the machines are shared.
Without torch installed it prints Reprise's numbers and says so.

Usage: python3 Benchmarks/compare_torch.py [--quick] [--threads 1,2] [--json]
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def reprise(args):
    cmd = ["swift", "run", "-c", "release", "-Xcc", "-march=native", "reprise-bench", "train", "--json",
           "--threads", args.threads]
    if args.quick:
        cmd.append("--quick")
    print("$ " + " ".join(cmd), file=sys.stderr, flush=True)
    out = subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def torch_steps_per_second(torch, widths, batch, threads, seconds):
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
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        step()
        steps += 1
    return steps / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = reprise(args)
    try:
        import torch
    except ImportError:
        torch = None
        print("PyTorch is not installed (pip install torch): showing Reprise only.", file=sys.stderr)
    seconds = 0.3 if args.quick else 1.0
    print(f"{'model':<18}{'batch':>6}{'thr':>4}{'reprise/s':>11}{'torch/s':>10}{'ratio':>8}{'peak MB':>9}")
    for row in rows:
        widths = [int(w) for w in row["model"].split("-")]
        torch_rate = torch_steps_per_second(torch, widths, row["batch"], row["threads"], seconds) if torch else None
        ratio = row["steps_per_second"] / torch_rate if torch_rate else None
        row.update({"torch_steps_per_second": torch_rate, "ratio": ratio})
        if args.json:
            print(json.dumps(row))
        else:
            tr = f"{torch_rate:10.0f}" if torch_rate else f"{'-':>10}"
            ra = f"{ratio:8.2f}" if ratio else f"{'-':>8}"
            print(f"{row['model']:<18}{row['batch']:>6}{row['threads']:>4}{row['steps_per_second']:11.0f}{tr}{ra}{row['peak_mb']:9.0f}")


if __name__ == "__main__":
    main()
