#!/usr/bin/env bash
# bench-firmware.sh: emulator benchmark of the mailbox C runtime, a thin wrapper over
# `./hsxmbx bench` (harness BenchCommand; method and figures in docs/performance.md).
# A benchmark, not a test: scripts/test.sh does not run it.
#
#   scripts/bench-firmware.sh [--board atmega1284p|mps2-an386]... [other ./hsxmbx bench options]
#
# Without --board both boards run, one after the other. Figures per board: pair (per
# send+recv pair), fanout4 (per send + 4 recvs, fan-out), open_close and wake, for the builds
# all, all-events-off and minimal. Default flags: the AVR board's opt_flags, -O2 on
# Cortex-M (the anchors' defaults); --opt "FLAGS" overrides.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
boards=()
rest=()
while [ $# -gt 0 ]; do
  case "$1" in
    --board) [ $# -ge 2 ] || { echo "bench-firmware.sh: --board needs a value" >&2; exit 2; }
             boards+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) rest+=("$1"); shift ;;
  esac
done
[ ${#boards[@]} -gt 0 ] || boards=(atmega1284p mps2-an386)
status=0
for board in "${boards[@]}"; do
  "$ROOT/hsxmbx" bench --board "$board" ${rest[@]+"${rest[@]}"} || status=$?
done
exit $status
