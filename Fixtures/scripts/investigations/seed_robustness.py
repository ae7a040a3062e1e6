"""How many seeds does each Lab claim hold at?  (issue 6, session 8)

The Lab's tests run every experiment at one seed (0).  This script runs
`reprise reproduce all` at several seeds with a built `reprise` binary and
prints, for every claim, its verdict and value at each seed and the number of
seeds it holds at, so a claim that passes only at the tested seed shows up.
The experiment headers quote its table ("Seed robustness").

    swift build -c release -Xcc -march=native --product reprise
    python3 seed_robustness.py --binary .build/release/reprise --seeds 0,1,2,3,4 [--full]
    (quick size: about 35 s of CPU per seed; --full: several minutes per seed)
"""
import argparse
import json
import subprocess
import sys
import tempfile


def run(binary, seed, full, only):
    with tempfile.TemporaryDirectory() as out:
        command = [binary, "reproduce", only or "all", "--seed", str(seed), "--json", "--out", out]
        if not full:
            command.insert(3, "--quick")
        finished = subprocess.run(command, capture_output=True, text=True)
        if finished.returncode not in (0, 1):
            sys.exit(f"seed {seed}: reprise exited {finished.returncode}\n{finished.stderr}")
        document = json.loads(finished.stdout)
        return document if isinstance(document, list) else [document]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=".build/release/reprise")
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--full", action="store_true", help="full size instead of --quick")
    parser.add_argument("--experiment", help="one experiment instead of all")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    verdicts = {}
    for seed in seeds:
        print(f"seed {seed} ...", file=sys.stderr, flush=True)
        for result in run(args.binary, seed, args.full, args.experiment):
            for claim in result["claims"]:
                key = f"{result['experiment']}/{claim['id']}"
                verdicts.setdefault(key, {})[seed] = (claim["passed"], claim["value"])
    print(f"claim | holds at | {' '.join(f'seed {s}' for s in seeds)}")
    for key, row in verdicts.items():
        held = sum(passed for passed, _ in row.values())
        cells = " ".join(
            f"{'P' if row[s][0] else 'F'} {row[s][1]:.3g}" if s in row else "-" for s in seeds)
        flag = "" if held in (0, len(seeds)) else "   <- depends on the seed"
        print(f"{key} | {held}/{len(seeds)} | {cells}{flag}")


if __name__ == "__main__":
    main()
