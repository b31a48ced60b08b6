#!/usr/bin/env bash
# bench-loader.sh: time per entry of the `.mailbox` loader (hsx_mbx_load_section), from
# boards/bench/bench_loader.c. A benchmark, not a test: scripts/test.sh does not run it.
# Two rows per size: "load" (a full load: codec, service checks, creation) and "codec" (the
# same section with metadata entry_count n + 1: all n entries validated, then rejected).
#
#   scripts/bench-loader.sh [--host-only | --avr-only] [--sizes "16 256 4096"] [--avr-sizes 8,16,64,256]
#                           [--timeout S]
#
# host: bench_loader.c and firmware-c/src compiled with -O2 and the bench's own fixed-limit
#   configuration (boards/bench/loader-host: 4160 descriptors, so every size loads in full);
#   best of 5 loads per size, each in a fresh service; every size runs as its own process
#   under `timeout S` (default 120 s), so a load that takes longer is reported, not waited for.
# AVR: the emulator machinery of scripts/bench-firmware.sh (simavr, atmega1284p at 16 MHz,
#   the board's own optimisation flags, the configuration `hsxmbx generate --profile embedded`
#   writes: 16 descriptors, so 64 and 256 entries end in NO_DESCRIPTOR at the first entry that
#   does not fit, after the codec has checked them all); Timer1 with the smallest prescaler that
#   does not overflow (resolution = the prescaler: 8..1024 cycles). Sizes 8, 16, 64 and 256 (a
#   256-entry JSON section is 5.9 KiB of the 16 KiB SRAM; after task_start(1) the profile has
#   fewer than 16 free descriptors, so only 8 loads in full). Needs `mvn -q -o install` first.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
host=1
avr=1
sizes="16 256 4096"
limit=120
avr_sizes="8,16,64,256"
while [ $# -gt 0 ]; do
  case "$1" in
    --host-only) avr=0; shift ;;
    --avr-only) host=0; shift ;;
    --sizes) sizes="$2"; shift 2 ;;
    --avr-sizes) avr_sizes="$2"; shift 2 ;;
    --timeout) limit="$2"; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "bench-loader.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

status=0
fmt() { # bench lines -> table rows
  awk '/^bench (load|codec) / {
         for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
         printf "   %-5s n=%-5s status %s  total %12s %-6s  per entry %10.2f %s\n", $2, v["n"], v["status"], v["total"], v["unit"], v["per_entry_x100"] / 100.0, v["unit"]; next }
       /^FAIL / { print "   " $0 }'
}

if [ "$host" = 1 ]; then
  out="$ROOT/build/bench/loader-host"
  mkdir -p "$out"
  cc -O2 -std=c11 -Wall -Wextra -Werror -I"$ROOT/boards/bench/loader-host" -I"$ROOT/firmware-c/include" \
    -o "$out/bench_loader" "$ROOT/boards/bench/bench_loader.c" "$ROOT"/firmware-c/src/hsx_mbx*.c
  echo "== host ($(uname -m)), cc -O2, config boards/bench/loader-host, best of 5 loads"
  for n in $sizes; do
    rc=0
    res=$(timeout "$limit" "$out/bench_loader" "$n") || rc=$?
    if [ "$rc" = 124 ]; then
      echo "   n=$n: did not finish within $limit s"
    else
      printf '%s\n' "$res" | fmt
      [ "$rc" = 0 ] || status=1
    fi
  done
fi

if [ "$avr" = 1 ]; then
  CP="$ROOT/harness/target/classes:$ROOT/harness/target/lib/*:$ROOT/java-model/target/classes:$ROOT/codegen/target/classes"
  if [ ! -d "$ROOT/codegen/target/classes" ] || [ ! -d "$ROOT/harness/target/lib" ]; then
    echo "bench-loader.sh: build the Java modules first: cd $ROOT && mvn -q -o install -Dmaven.test.skip=true" >&2
    exit 2
  fi
  board=atmega1284p
  bopt="$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["opt_flags"]))' "$ROOT/boards/$board/board.json")"
  out="$ROOT/build/bench/loader-$board"
  rm -rf "$out/gen"
  mkdir -p "$out"
  java -cp "$CP" org.hsxmbx.harness.cli.Main generate --board "$board" --profile embedded --out "$out/gen" >/dev/null
  cmake -S "$ROOT/boards/bench" -B "$out/build" -DCMAKE_BUILD_TYPE= \
        -DCMAKE_TOOLCHAIN_FILE="$ROOT/boards/$board/toolchain.cmake" \
        -DHSX_GEN_DIR="$out/gen" -DHSX_BENCH_OPT="$bopt" \
        "-DHSX_BENCH_DEFINES=BENCH_SIZES=$avr_sizes" >"$out/cmake.log" 2>&1 \
    || { cat "$out/cmake.log" >&2; exit 1; }
  cmake --build "$out/build" --target bench_loader.elf >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
  elf="$out/build/bench_loader.elf"
  raw=$(timeout $((limit * 10)) simavr -m atmega1284p -f 16000000 "$elf" 2>&1) || true
  lines=$(printf '%s\n' "$raw" | sed 's/\x1b\[[0-9]*m//g; s/^\(bench .*\|FAIL .*\|hsx-exit .*\)\.$/\1/' \
          | grep -a '^bench \|^FAIL \|^hsx-exit ' || true)
  echo "== $board (simavr, 16 MHz), profile embedded, compiled with: $bopt"
  printf '%s\n' "$lines" | fmt
  if ! printf '%s\n' "$lines" | grep -qx 'hsx-exit 0'; then
    echo "   bench failed (no 'hsx-exit 0'); emulator output:" >&2
    printf '%s\n' "$raw" | tail -20 >&2
    status=1
  fi
fi
exit $status
