#!/usr/bin/env bash
# The determinism matrix: the golden-digest and bit-equality tests
# (--filter 'Golden|BitEquality|BitIdentical|Determinism') in every build a
# user may make — debug and release, with and without -Xcc -march=native —
# at REPRISE_THREADS 1, 2 and 3. The tests compare against the digests
# committed in Fixtures/golden/, so passing everywhere means every build and
# thread count gives the same bits. Prints a table and exits non-zero if any
# cell fails. In release the filter also selects the Lab's experiments
# (claims and golden digests at quick size); the release build without CPU
# flags skips them (see flags_for).
#
#   .ci/determinism-matrix.sh                  # all 12 cells
#   MATRIX_SCRATCH=/tmp/dm .ci/determinism-matrix.sh
#   MATRIX_CONFIGS="release-native debug" MATRIX_THREADS="1 3" .ci/determinism-matrix.sh
#
# Each build has its own scratch path (MATRIX_SCRATCH/<config>, default
# .build-matrix/<config>), so the four builds never rebuild one another.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

scratch_root="${MATRIX_SCRATCH:-.build-matrix}"
configs="${MATRIX_CONFIGS:-debug debug-native release release-native}"
threads_list="${MATRIX_THREADS:-1 2 3}"
filter='Golden|BitEquality|BitIdentical|Determinism'
start=$(date +%s)
results=()
logs="$scratch_root/logs"
mkdir -p "$logs"
failed=0

flags_for() {
  case "$1" in
    debug) echo "-c debug" ;;
    debug-native) echo "-c debug -Xcc -march=native" ;;
    # Without CPU flags every fma is a libm call: the Lab would take hours.
    release) echo "-c release --skip LabExperiments" ;;
    release-native) echo "-c release -Xcc -march=native" ;;
    *) echo "unknown configuration '$1'" >&2; exit 2 ;;
  esac
}

# No separate `swift build --build-tests`: in release it builds without
# testable imports and the @testable test targets fail to compile, so the
# first cell of each build is a plain `swift test` that also builds (its
# seconds include the build); the later cells find the build up to date.
for config in $configs; do
  flags=$(flags_for "$config")
  scratch="$scratch_root/$config"
  for threads in $threads_list; do
    t1=$(date +%s)
    log="$logs/$config.t$threads.log"
    # shellcheck disable=SC2086
    REPRISE_THREADS=$threads swift test $flags --scratch-path "$scratch" \
      --filter "$filter" >"$log" 2>&1
    status=$?
    summary=$(grep -Eo 'Test run with [0-9]+ tests?( in [0-9]+ suites?)? (passed|failed)[^.]*' "$log" | tail -n 1)
    tests=$(echo "$summary" | grep -Eo '[0-9]+ tests?' | head -n 1 | grep -Eo '[0-9]+')
    if [ $status -eq 0 ] && [ -n "$tests" ]; then verdict=pass; else verdict=FAIL; failed=1; fi
    results+=("$config $threads $verdict ${tests:-?} $(( $(date +%s) - t1 ))")
  done
done

echo
printf '%-16s %-8s %-12s %-7s %s\n' build threads result tests seconds
for row in "${results[@]}"; do
  # shellcheck disable=SC2086
  printf '%-16s %-8s %-12s %-7s %s\n' $row
done
echo "total $(( $(date +%s) - start )) s"
if [ $failed -ne 0 ]; then
  echo "determinism matrix: FAILED (logs in $logs)"
  exit 1
fi
echo "determinism matrix: all cells give the committed digests"
