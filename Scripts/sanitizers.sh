#!/usr/bin/env bash
# Runs the test suite under the sanitizers, each build in its own scratch path.
#
#   Scripts/sanitizers.sh [address|undefined|thread|leak|valgrind ...]
#
# With no argument all five runs are made, in that order. Every run is a
# debug build (`swift test --sanitize=...`), so the Lab's experiment suite is
# skipped by its own setting (it runs in release only); everything else runs.
#
#   address    AddressSanitizer: out-of-bounds, use-after-free, double free,
#              on the whole test suite.
#   undefined  UndefinedBehaviorSanitizer. swiftc 6.3.1 refuses
#              -sanitize=undefined for x86_64-unknown-linux-gnu ("unsupported
#              option"), and Sources/ holds no C, so there is nothing for
#              UBSan to instrument: this run only checks that the refusal still
#              stands (and runs the suite under UBSan the day swiftc accepts
#              it). The undefined behaviour UBSan finds in C is trapped by
#              Swift itself in the debug builds the other runs use: integer
#              overflow, out-of-range shifts and conversions, array bounds,
#              nil unwraps, exclusivity, and the debug preconditions of the
#              unsafe-pointer APIs (alignment of load(as:), buffer bounds).
#   thread     ThreadSanitizer on the whole test suite with REPRISE_THREADS=3
#              (SANITIZER_THREADS), so the parallel GEMM and every ParallelFor
#              loop run on more threads than the machine has cores.
#   leak       LeakSanitizer (part of ASan on Linux) on a representative run
#              of the CLI: `reprise reproduce label-alignment --quick` (a
#              training run, metrics, figures and a report written to disk)
#              and `reprise compare` on two .npy files. The CLI is built in
#              release with -march=native and ASan (its own scratch path):
#              in a debug ASan build the training alone takes over half an
#              hour of CPU. Any leak report fails the run.
#   valgrind   memcheck on the same two commands in a plain release build
#              with -march=native (valgrind 3.19 decodes AVX2 and FMA; the
#              machine has no AVX-512): definite leaks and invalid reads or
#              writes fail the run.
#
# One test turns itself off under ASan and TSan (no skip list here):
# HeapRetentionTests expects glibc's mallopt to accept its settings, but both
# sanitizers replace malloc and their mallopt interceptor refuses them; the test
# sees the sanitizer's runtime (Tests/RepriseTestSupport/SanitizerRuntime.swift)
# and reports itself as skipped with that reason.
#
# SANITIZER_FILTER (a `swift test --filter` regex) narrows the test runs;
# SANITIZER_SCRATCH (default /tmp/reprise-sanitizers) holds the builds and
# logs. Prints one line per run with its duration and exits non-zero if any
# run failed. No suppression file is used.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

scratch="${SANITIZER_SCRATCH:-/tmp/reprise-sanitizers}"
threads="${SANITIZER_THREADS:-3}"
filter=()
if [ -n "${SANITIZER_FILTER:-}" ]; then filter=(--filter "$SANITIZER_FILTER"); fi
runs="${*:-address undefined thread leak valgrind}"
mkdir -p "$scratch/logs"
summary=()
failed=0

report_pattern='ERROR: (Address|Leak|Thread|UndefinedBehavior)Sanitizer|WARNING: ThreadSanitizer|runtime error:|ERROR SUMMARY: [1-9]|definitely lost: [1-9]'

record() {  # name, status, log
  local result
  result=$(grep -Eo 'Test run with [0-9]+ tests?.*(passed|failed)[^.]*' "$3" | tail -n 1)
  if [ "$2" -eq 0 ] && ! grep -Eq "$report_pattern" "$3"; then
    summary+=("$1: ok — ${result:-no test summary}")
  else
    summary+=("$1: FAILED (exit $2) — ${result:-see $3}")
    failed=1
  fi
  grep -E "$report_pattern" "$3" | sort | uniq -c | head -n 20
}

# Two small representation files for `reprise compare` (written by the CLI
# itself would need a second command; a fixed .npy header is enough).
write_inputs() {  # folder
  python3 - "$1" <<'EOF'
import sys, numpy as np
rng = np.random.default_rng(7)
a = rng.standard_normal((60, 12))
np.save(sys.argv[1] + "/a.npy", a)
np.save(sys.argv[1] + "/b.npy", a @ rng.standard_normal((12, 8)))
EOF
}

# The representative CLI run, under `wrapper` (empty, or valgrind ...).
cli_run() {  # binary, out folder, wrapper...
  local binary="$1" out="$2"; shift 2
  write_inputs "$out" || return 1
  "$@" "$binary" reproduce label-alignment --quick --out "$out/report"
  local status=$?
  # Exit 1 means a claim did not hold at quick size: not a memory error.
  [ "$status" -le 1 ] || return "$status"
  "$@" "$binary" compare "$out/a.npy" "$out/b.npy" --permutations 20 --json >/dev/null
}

for run in $runs; do
  log="$scratch/logs/$run.log"
  echo "=== $run (log: $log)"
  t0=$(date +%s)
  case "$run" in
    address)
      ASAN_OPTIONS=detect_leaks=0 swift test --sanitize=address \
        --scratch-path "$scratch/address" "${filter[@]}" >"$log" 2>&1 ;;
    undefined)
      echo 'print(0)' >"$scratch/ubsan-probe.swift"
      if ! swiftc -sanitize=undefined "$scratch/ubsan-probe.swift" -o "$scratch/ubsan-probe" \
        >"$log" 2>&1; then
        summary+=("undefined: not run — $(head -n 1 "$log") (see the header)")
        continue
      fi
      UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 swift test --sanitize=undefined \
        --scratch-path "$scratch/undefined" "${filter[@]}" >"$log" 2>&1 ;;
    thread)
      REPRISE_THREADS=$threads TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
        swift test --sanitize=thread --scratch-path "$scratch/thread" "${filter[@]}" \
        >"$log" 2>&1 ;;
    leak)
      out=$(mktemp -d)
      swift build -c release -Xcc -march=native --sanitize=address --product reprise \
        --scratch-path "$scratch/address-release" >"$log" 2>&1 &&
        (export ASAN_OPTIONS=detect_leaks=1
          cli_run "$scratch/address-release/release/reprise" "$out") >>"$log" 2>&1
      ;;
    valgrind)
      if ! command -v valgrind >/dev/null; then echo "valgrind not installed; skipped"; continue; fi
      out=$(mktemp -d)
      swift build -c release -Xcc -march=native --product reprise \
        --scratch-path "$scratch/plain-release" >"$log" 2>&1 &&
        cli_run "$scratch/plain-release/release/reprise" "$out" \
          valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
          >>"$log" 2>&1 ;;
    *) echo "unknown run '$run'" >&2; exit 2 ;;
  esac
  status=$?
  record "$run ($(( $(date +%s) - t0 )) s)" $status "$log"
done

echo
printf '%s\n' "${summary[@]}"
exit $failed
