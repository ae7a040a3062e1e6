#!/usr/bin/env bash
# Runs the test suite under the sanitizers, each build in its own scratch path.
#
#   Scripts/sanitizers.sh [address|undefined|thread|leak|valgrind ...]
#
# With no argument all five runs are made, in that order. SANITIZER_FILTER
# (a `swift test --filter` regex) narrows the tests; the default covers Core,
# the Linalg GEMM and parallel tests, the IO readers and Autodiff.
# SANITIZER_SCRATCH (default /tmp/reprise-sanitizers) holds the builds.
#
#   address    AddressSanitizer: out-of-bounds and use-after-free.
#   undefined  UndefinedBehaviorSanitizer (-sanitize=undefined is accepted
#              by swiftc on Linux; Swift's own overflow and bounds checks
#              trap anyway, so this mostly covers C shims and the runtime).
#   thread     ThreadSanitizer with REPRISE_THREADS=3, so the parallel GEMM
#              and every ParallelFor loop run on more threads than cores.
#   leak       the address build again with ASAN_OPTIONS=detect_leaks=1
#              (LeakSanitizer ships with ASan on Linux).
#   valgrind   memcheck on the plain debug test binary (slow: IO tests only
#              unless VALGRIND_FILTER is set), if valgrind is installed.
#
# Prints one line per run and exits non-zero if any run failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

scratch="${SANITIZER_SCRATCH:-/tmp/reprise-sanitizers}"
filter="${SANITIZER_FILTER:-RepriseCoreTests|GEMM|Parallel|Threads|RepriseIOTests|RepriseAutodiffTests}"
valgrind_filter="${VALGRIND_FILTER:-RepriseIOTests}"
runs="${*:-address undefined thread leak valgrind}"
mkdir -p "$scratch/logs"
summary=()
failed=0

record() {  # name, status, log
  local result
  result=$(grep -Eo 'Test run with [0-9]+ tests?.*(passed|failed)[^.]*' "$3" | tail -n 1)
  if [ "$2" -eq 0 ]; then summary+=("$1: ok — ${result:-no summary}")
  else summary+=("$1: FAILED (exit $2) — ${result:-see $3}"); failed=1; fi
  grep -E 'ERROR: (Address|Leak|Thread|Undefined)Sanitizer|WARNING: ThreadSanitizer|runtime error:' "$3" \
    | sort | uniq -c | head -n 20
}

for run in $runs; do
  log="$scratch/logs/$run.log"
  echo "=== $run (log: $log)"
  t0=$(date +%s)
  case "$run" in
    address)
      ASAN_OPTIONS=detect_leaks=0 swift test --sanitize=address --scratch-path "$scratch/address" \
        --filter "$filter" >"$log" 2>&1 ;;
    undefined)
      UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 swift test --sanitize=undefined \
        --scratch-path "$scratch/undefined" --filter "$filter" >"$log" 2>&1 ;;
    thread)
      REPRISE_THREADS=3 TSAN_OPTIONS=halt_on_error=1 swift test --sanitize=thread \
        --scratch-path "$scratch/thread" --filter "$filter" >"$log" 2>&1 ;;
    leak)
      ASAN_OPTIONS=detect_leaks=1 swift test --sanitize=address --scratch-path "$scratch/address" \
        --filter "$filter" >"$log" 2>&1 ;;
    valgrind)
      if ! command -v valgrind >/dev/null; then echo "valgrind not installed; skipped"; continue; fi
      swift build --build-tests --scratch-path "$scratch/plain" >"$log" 2>&1 &&
        valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
          "$scratch/plain/debug/ReprisePackageTests.xctest" --testing-library swift-testing \
          --filter "$valgrind_filter" >>"$log" 2>&1 ;;
    *) echo "unknown run '$run'" >&2; exit 2 ;;
  esac
  status=$?
  record "$run ($(( $(date +%s) - t0 )) s)" $status "$log"
done

echo
printf '%s\n' "${summary[@]}"
exit $failed
