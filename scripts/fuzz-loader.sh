#!/usr/bin/env bash
# Builds and runs the libFuzzer harnesses of the .mailbox loader (firmware-c/fuzz), one per
# host configuration (host: desktop and embedded profiles; host-embedded and its stress
# variant: the embedded profile), each for a bounded time from the committed seed corpus.
#
#   scripts/fuzz-loader.sh [SECONDS]   seconds per fuzzer (default 60, or $FUZZ_SECONDS)
#
# Environment: FUZZ_SEED (libFuzzer -seed; default: libFuzzer's own, printed in the log).
# New inputs go to build/fuzz/work-NAME (started empty each run), findings to
# build/fuzz/artifacts/ (crash-*, timeout-*, oom-*: reproduce with build/fuzz/NAME FILE).
# Exit 0 when every fuzzer ran its time without a finding, 1 on a finding, 2 on usage or
# tool problems.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$ROOT"

SECONDS_EACH=${1:-${FUZZ_SECONDS:-60}}
[[ "$SECONDS_EACH" =~ ^[1-9][0-9]*$ ]] || { echo "fuzz-loader.sh: SECONDS must be a positive integer, not '$SECONDS_EACH'" >&2; exit 2; }
OUT=build/fuzz
FUZZERS=(fuzz_loader_host fuzz_loader_embedded fuzz_loader_embedded_stress)

tool_fail() {
  echo "fuzz-loader.sh: $*" >&2
  exit 2
}

command -v clang >/dev/null 2>&1 || tool_fail "clang not found (scripts/install-deps.sh installs clang and libFuzzer)"
command -v nm >/dev/null 2>&1 || tool_fail "nm not found (binutils)"

# The committed corpus must be what seeds.sh writes from the images and its edge cases.
firmware-c/fuzz/seeds.sh --check || exit 1

mkdir -p "$OUT"
cmake -S firmware-c/fuzz -B "$OUT" -DCMAKE_C_COMPILER=clang >"$OUT/configure.log" 2>&1 \
  || { cat "$OUT/configure.log" >&2; tool_fail "cmake configure of firmware-c/fuzz failed"; }
cmake --build "$OUT" -j2 >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; exit 1; }

# Every static object of the runtime's translation units must be in fuzz_state.c's list:
# a static that the list misses would escape the byte-for-byte state comparison.
nsrc=$(find firmware-c/src -name 'hsx_mbx*.c' | wc -l)
for f in "${FUZZERS[@]}"; do
  listed=$(FUZZ_LIST_STATICS=1 "$OUT/$f")
  mapfile -t objs < <(find "$OUT/CMakeFiles/$f.dir" -name 'hsx_mbx*.c.o')
  [ "${#objs[@]}" -eq "$nsrc" ] || tool_fail "objects of $f not found under $OUT/CMakeFiles/$f.dir"
  missing=$(nm --defined-only "${objs[@]}" | awk '$2 ~ /^[bBdD]$/ { print $3 }' \
    | grep -Ev '^(__sancov|__unnamed|___asan|__odr_asan|\.L|fuzz_regions$)' | sort -u \
    | grep -vxF -f <(echo "$listed") || true)
  if [ -n "$missing" ]; then
    echo "fuzz-loader.sh: $f: static objects missing from firmware-c/fuzz/fuzz_state.c: $missing" >&2
    exit 1
  fi
done

mkdir -p "$OUT/artifacts"
status=0
for f in "${FUZZERS[@]}"; do
  work="$OUT/work-${f#fuzz_loader_}"
  rm -rf "$work"
  mkdir -p "$work"
  args=(-max_total_time="$SECONDS_EACH" -timeout=5 -max_len=8192 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$OUT/artifacts/$f-")
  [ -n "${FUZZ_SEED:-}" ] && args+=(-seed="$FUZZ_SEED")
  log="$OUT/$f.log"
  start=$SECONDS
  # The work directory first: libFuzzer adds new inputs to the first corpus directory,
  # and the committed one must stay as seeds.sh wrote it.
  if "$OUT/$f" "${args[@]}" "$work" firmware-c/fuzz/corpus >"$log" 2>&1; then
    runs=$(awk '/stat::number_of_executed_units/ { print $2 }' "$log")
    rate=$(awk '/stat::average_exec_per_sec/ { print $2 }' "$log")
    cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
    echo "fuzz-loader.sh: $f: ${runs:-?} inputs in $((SECONDS - start)) s (${rate:-?}/s), $cov," \
      "$(find "$work" -type f | wc -l) new corpus inputs; log $log" >&2
  else
    echo "fuzz-loader.sh: $f: FINDING (log $log):" >&2
    grep -E '^(fuzz_loader:|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written|.*runtime error)' "$log" | head -20 >&2
    status=1
  fi
done
exit $status
