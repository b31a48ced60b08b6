#!/usr/bin/env bash
# Test of scripts/bench-profile.sh: profiles the minimal bench firmware on both boards for
# real (libsimavr, QEMU) and checks that each pair profile lists hsx_mbx_send and
# hsx_mbx_recv (or their fast paths hsx_mbx__send_fast/__recv_fast) with a nonzero cost and one call per operation, and that its total equals
# the bench's own per_op figure for the same firmware (AVR exactly, Cortex-M within the
# SysTick grain of the bench: one 40-instruction tick per timed batch).
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "test-bench-profile: FAILED: $*" >&2; exit 1; }

for board in atmega1284p mps2-an386; do
  "$ROOT/scripts/bench-profile.sh" --board "$board" --builds minimal --out "$out" >"$out/$board.txt" 2>"$out/$board.err" \
    || { tail -20 "$out/$board.err" >&2; fail "bench-profile.sh --board $board"; }
  # the pair section: from its header to the next header
  pair=$(awk '/^profile .* pair:/ {p=1; print; next} /^profile / {p=0} p' "$out/$board.txt")
  [ -n "$pair" ] || fail "$board: no pair profile in $(cat "$out/$board.txt")"
  for fn in hsx_mbx_send hsx_mbx_recv; do
    # the fast entry points the callers' wrappers try first (hsx_mbx.h), or the general ones
    fast=${fn/hsx_mbx_/hsx_mbx__}_fast
    awk -v fn="$fn" -v fast="$fast" '($NF == fn || $NF == fast) && $1 > 0 && $2 == "1.00" {ok=1} END {exit !ok}' <<<"$pair" \
      || fail "$board: $fn not in the pair profile with a nonzero cost and 1 call per pair: $pair"
  done
  total=$(awk 'NR == 1 {print $5}' <<<"$pair")
  bench=$(awk '$1 == "minimal" && $2 == "pair" {print $3}' "$out/$board.err")
  [ -n "$bench" ] || fail "$board: no bench pair figure in the ./hsxmbx bench output"
  python3 - "$board" "$total" "$bench" <<'PY' || fail "$board: profile total $total, bench per_op $bench"
import sys
board, total, bench = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
# AVR: both print 2 decimals; Cortex-M: one 40-instruction tick per timed batch, 8 batches
# of 64 pairs and 8 empty ones
tolerance = 0.02 if board == "atmega1284p" else 2 * 8 * 40 / 512
sys.exit(0 if abs(total - bench) <= tolerance else 1)
PY
  echo "test-bench-profile: $board ok (pair $total, bench $bench)" >&2
done
