#!/usr/bin/env bash
# bench-profile.sh: per-function profile of the bench firmware's timed batches: for each
# board, build and op, the cycles (AVR, libsimavr) or instructions (Cortex-M, QEMU
# -icount shift=0) each function spends per operation. Method in docs/performance.md
# ("Per-function profile"). A diagnostic, not a benchmark figure: the totals equal
# `./hsxmbx bench`'s per_op (AVR exactly; Cortex-M within the 40-instruction SysTick grain
# the bench divides out).
#
#   scripts/bench-profile.sh [--board atmega1284p|mps2-an386]... [--builds all,all-events-off,minimal]
#                            [--opt "FLAGS"] [--out DIR] [--annotate FUNCTION]...
#
# Without --board both boards run. The firmware is the bench's (built by ./hsxmbx bench,
# which also runs and checks it) with -DBENCH_PROFILE=1, which keeps timer_start/timer_stop
# out of line so the trace sees each timed region; --opt replaces the default flags (the AVR
# board's opt_flags, -O2 on Cortex-M) as in ./hsxmbx bench. Output in DIR (default
# build/profile): <board>/<build>/build/bench.elf, console.txt and profile.txt. --annotate
# also lists FUNCTION's instructions with the cost of each per operation (per op column).
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
boards=()
builds="all,all-events-off,minimal"
opt=""
out="$ROOT/build/profile"
annotate=()
need() { [ $# -ge 2 ] || { echo "bench-profile.sh: $1 needs a value" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --board) need "$@"; boards+=("$2"); shift 2 ;;
    --builds) need "$@"; builds=$2; shift 2 ;;
    --opt) need "$@"; opt=$2; shift 2 ;;
    --out) need "$@"; out=$2; shift 2 ;;
    --annotate) need "$@"; annotate+=(--annotate "$2"); shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "bench-profile.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ ${#boards[@]} -gt 0 ] || boards=(atmega1284p mps2-an386)
mkdir -p "$out"
out=$(cd "$out" && pwd)

# The AVR tracer: a small libsimavr program (boards/bench/profile/avr_trace.c).
tracer="$out/avr_trace"
build_tracer() {
  local src="$ROOT/boards/bench/profile/avr_trace.c"
  if [ ! -x "$tracer" ] || [ "$src" -nt "$tracer" ]; then
    cc -O2 -Wall -Wextra -Werror -o "$tracer" "$src" -lsimavr -lelf \
      || { echo "bench-profile.sh: cannot build $src (libsimavr-dev, libelf-dev: scripts/install-deps.sh)" >&2; exit 1; }
  fi
}

status=0
for board in "${boards[@]}"; do
  case "$board" in
    atmega1284p)
      build_tracer
      nm=avr-nm
      flags=${opt:-$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["opt_flags"]))' \
                     "$ROOT/boards/atmega1284p/board.json")} ;;
    mps2-an386) nm=arm-none-eabi-nm; flags=${opt:--O2} ;;
    *) echo "bench-profile.sh: no profile for board '$board' (atmega1284p, mps2-an386)" >&2; exit 2 ;;
  esac
  dir="$out/$board"
  "$ROOT/hsxmbx" bench --board "$board" --builds "$builds" --opt "$flags -DBENCH_PROFILE=1" --out "$dir" >&2 \
    || { echo "bench-profile.sh: ./hsxmbx bench failed for $board" >&2; status=1; continue; }
  IFS=, read -r -a list <<<"$builds"
  for b in "${list[@]}"; do
    python3 "$ROOT/scripts/bench_profile.py" --board "$board" --build "$b" --nm "$nm" \
      --elf "$dir/$b/build/bench.elf" --tracer "$tracer" --console "$dir/$b/console.txt" ${annotate[@]+"${annotate[@]}"} \
      >"$dir/$b/profile.txt" || { status=1; continue; }
    cat "$dir/$b/profile.txt"
  done
done
exit $status
