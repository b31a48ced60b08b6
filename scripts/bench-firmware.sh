#!/usr/bin/env bash
# bench-firmware.sh: emulator benchmark of the mailbox C runtime (boards/bench/bench_main.c).
# A benchmark, not a test: scripts/test.sh does not run it. Needs `mvn -q -o install` first
# (the code generator writes the configuration of the embedded profile).
#
#   scripts/bench-firmware.sh [--board atmega1284p|mps2-an386] [--profile P] [--opt "FLAGS"]
#
# Without --board both boards run. Default optimisation: the AVR board's own flags
# (the board.json opt_flags, as the generated firmware) and -O2 on Cortex-M.
# Method (see docs/c-runtime.md, "Speed on the emulators"):
#   AVR: simavr, Timer1 prescaler 1, TCNT1 reset, batch of N operations, TCNT1 read,
#        TOV1 must be clear; the same loop with empty bodies subtracted.
#   Cortex-M: QEMU -icount shift=0 (1 ns per instruction), SysTick on the 25 MHz
#        processor clock = 40 instructions per tick; empty loop subtracted.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
boards=()
profile=embedded
opt=""
while [ $# -gt 0 ]; do
  case "$1" in
    --board) boards+=("$2"); shift 2 ;;
    --profile) profile="$2"; shift 2 ;;
    --opt) opt="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "bench-firmware.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ ${#boards[@]} -gt 0 ] || boards=(atmega1284p mps2-an386)

CP="$ROOT/harness/target/classes:$ROOT/harness/target/lib/*:$ROOT/java-model/target/classes:$ROOT/codegen/target/classes"
if [ ! -d "$ROOT/codegen/target/classes" ] || [ ! -d "$ROOT/harness/target/lib" ]; then
  echo "bench-firmware.sh: build the Java modules first: cd $ROOT && mvn -q -o install -Dmaven.test.skip=true" >&2
  exit 2
fi

status=0
for board in "${boards[@]}"; do
  case "$board" in
    atmega1284p)
      bopt=${opt:-"$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["opt_flags"]))' "$ROOT/boards/atmega1284p/board.json")"}
      emu=(simavr -m atmega1284p -f 16000000) ;;
    mps2-an386)
      bopt=${opt:-"-O2"}
      emu=(qemu-system-arm -M mps2-an386 -nographic -monitor none -serial none -semihosting -icount shift=0 -kernel) ;;
    *) echo "bench-firmware.sh: no bench for board $board (atmega1284p, mps2-an386)" >&2; exit 2 ;;
  esac
  out="$ROOT/build/bench/$board"
  rm -rf "$out/gen"
  java -cp "$CP" org.hsxmbx.harness.cli.Main generate --board "$board" --profile "$profile" --out "$out/gen" >/dev/null
  cmake -S "$ROOT/boards/bench" -B "$out/build" -DCMAKE_BUILD_TYPE= \
        -DCMAKE_TOOLCHAIN_FILE="$ROOT/boards/$board/toolchain.cmake" \
        -DHSX_GEN_DIR="$out/gen" -DHSX_BENCH_OPT="$bopt" >"$out/cmake.log" 2>&1 \
    || { cat "$out/cmake.log" >&2; exit 1; }
  cmake --build "$out/build" >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
  elf="$out/build/bench.elf"
  raw=$(timeout 120 "${emu[@]}" "$elf" 2>&1) || true
  # simavr prints UART lines in green with the newline shown as '.'.
  lines=$(printf '%s\n' "$raw" | sed 's/\x1b\[[0-9]*m//g; s/^\(bench .*\|FAIL .*\|hsx-exit .*\)\.$/\1/' \
          | grep -a '^bench \|^FAIL \|^hsx-exit ' || true)

  echo "== $board, profile $profile, runtime and bench compiled with: $bopt"
  echo "   run: ${emu[*]} $elf"
  printf '%s\n' "$lines" | grep -a '^FAIL ' | sed 's/^/   /' || true
  if ! printf '%s\n' "$lines" | grep -qx 'hsx-exit 0'; then
    echo "   bench failed (no 'hsx-exit 0'); emulator output:" >&2
    printf '%s\n' "$raw" | tail -20 >&2
    status=1
    continue
  fi
  printf '%s\n' "$lines" | awk '
    /^bench checksum=/ { sub(/^bench checksum=/, ""); printf "   checksum of all received bytes: %s (every byte also compared with what was sent)\n", $0; next }
    /^bench / {
      name=$2; n=""; net=""; per=""; unit="";
      for (i = 3; i <= NF; i++) {
        split($i, kv, "=");
        if (kv[1] == "n") n = kv[2];
        else if (kv[1] == "total") total = kv[2];
        else if (kv[1] == "empty") empty = kv[2];
        else if (kv[1] ~ /_per_op_x100$/) { per = kv[2]; unit = kv[1]; sub(/_per_op_x100$/, "", unit) }
      }
      if (name ~ /^calibrate/) {
        printf "   timer check: %s measured %s %s\n", name, total, unit; next
      }
      what = (name == "pair") ? "per send+recv pair" : "per send + 4 recvs (fan-out)";
      printf "   %-30s %8.2f %s  (n=%s, total %s - empty loop %s)\n", what, per / 100.0, unit, n, total, empty
    }'
done
exit $status
