#!/usr/bin/env bash
# Build one libFuzzer harness and run it on its seed corpus.
#
#   Fuzz/run.sh HARNESS SECONDS [extra libFuzzer flags...]
#   Fuzz/run.sh list
#
# HARNESS is one of: npy npz inflate safetensors csv json arguments matrix-spec.
# SECONDS bounds the run (-max_total_time); pass e.g. -runs=10000000 as an
# extra flag to stop after a number of executions instead.
#
# The harness is built in release with `-sanitize=fuzzer,address` and lld
# (gold stops with an internal error on these objects) (the root
# package's RepriseCore and RepriseIO are instrumented too), in its own
# scratch folder (FUZZ_SCRATCH, default /tmp/reprise-fuzz-build). Inputs
# libFuzzer finds are kept in FUZZ_WORK/HARNESS (default
# /tmp/reprise-fuzz-work), not in the committed seed corpus Fuzz/Corpus/HARNESS.
# A crash, hang (> 10 s per input) or out-of-memory (> 2048 MB) stops the run
# and leaves the input in Fuzz/Crashes/HARNESS/; the script then exits non-zero.
# The last lines of the log give the executions and executions per second.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
harnesses="npy npz inflate safetensors csv json arguments matrix-spec"
if [ "${1:-}" = "list" ]; then echo "$harnesses"; exit 0; fi
if [ $# -lt 2 ]; then
  echo "usage: Fuzz/run.sh HARNESS SECONDS [libFuzzer flags...]  (harnesses: $harnesses)" >&2
  exit 2
fi
harness="$1"; seconds="$2"; shift 2
case " $harnesses " in *" $harness "*) ;; *) echo "unknown harness '$harness' (one of: $harnesses)" >&2; exit 2 ;; esac
export PATH="/opt/swift/usr/bin:$PATH"
scratch="${FUZZ_SCRATCH:-/tmp/reprise-fuzz-build}"
work="${FUZZ_WORK:-/tmp/reprise-fuzz-work}/$harness"
crashes="$here/Crashes/$harness"
mkdir -p "$work" "$crashes"

swift build -c release --package-path "$here" --scratch-path "$scratch" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld --product "fuzz-$harness" >&2

# LeakSanitizer stays on (libFuzzer checks for leaks on inputs that allocate).
"$scratch/release/fuzz-$harness" -rss_limit_mb=2048 -timeout=10 -max_total_time="$seconds" \
  -print_final_stats=1 -artifact_prefix="$crashes/" "$@" "$work" "$here/Corpus/$harness"
