#!/usr/bin/env bash
# bench-host.sh: host benchmark of the mailbox C runtime (boards/bench/bench_host.c):
# ns per send+recv pair and per fan-out round (1 send + 4 recvs), 16-byte payloads,
# POLL, no waiters, direct calls (boards-and-budgets.md: host C <= 40 ns per pair).
# A benchmark, not a test: scripts/test.sh does not run it.
#
#   scripts/bench-host.sh [--config embedded|host] [--opt "FLAGS"] [--cc CC]
#
# --config embedded (default): the embedded profile, all features, limits fixed at
#   compile time (firmware-c/test/cross/full/hsx_mbx_config.h: the values
#   `hsxmbx generate --profile embedded` writes, without a board's critical sections).
# --config host: the JNA host library's configuration (firmware-c/config/host,
#   run-time limits, desktop maxima), initialised with the embedded profile.
# Default flags: -O2 (with -march of the build machine left at the compiler default).
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
config=embedded
opt="-O2"
cc=${CC:-cc}
while [ $# -gt 0 ]; do
  case "$1" in
    --config) config="$2"; shift 2 ;;
    --opt) opt="$2"; shift 2 ;;
    --cc) cc="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "bench-host.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$config" in
  embedded) cfgdir="$ROOT/firmware-c/test/cross/full" ;;
  host) cfgdir="$ROOT/firmware-c/config/host" ;;
  *) echo "bench-host.sh: --config embedded or host" >&2; exit 2 ;;
esac

out="$ROOT/build/bench/host-$config"
mkdir -p "$out"
# shellcheck disable=SC2086
"$cc" $opt -std=c11 -Wall -Wextra -Werror -I"$cfgdir" -I"$ROOT/firmware-c/include" \
  -o "$out/bench_host" "$ROOT/boards/bench/bench_host.c" "$ROOT"/firmware-c/src/hsx_mbx*.c
echo "== host ($(uname -m)), config $config ($cfgdir), compiled with: $cc $opt"
"$out/bench_host" | awk '
  /^bench checksum=/ { sub(/^bench checksum=/, ""); printf "   checksum of all received bytes: %s (every byte also compared with what was sent)\n", $0; next }
  /^bench / { split($3, kv, "="); what = ($2 == "pair") ? "per send+recv pair" : "per send + 4 recvs (fan-out)";
              printf "   %-30s %8s ns (best of 5 runs of 1.28M)\n", what, kv[2]; next }
  { print "   " $0 }'
exit "${PIPESTATUS[0]}"
