#!/usr/bin/env bash
# The whole test suite: toolchains, every JUnit test and the C tests (ctest through the
# cmake-maven-plugin, inside the Maven build), then the shared test vectors through the CLI.
# Stops at the first failing stage with a message naming it.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$ROOT"

stage() {
  echo "==> test.sh: $*" >&2
}

fail() {
  echo "test.sh: FAILED: $*" >&2
  exit 1
}

stage "install-deps"
scripts/install-deps.sh || fail "scripts/install-deps.sh"

# install (not just verify) so the launcher below finds the jar it needs. The launcher's
# build stamp (see ./hsxmbx) is taken before and published after a successful build, exactly
# as the launcher does it, so ./hsxmbx does not build the same tree a second time.
stage "mvn -B install (JUnit + ctest)"
stamp=harness/target/.hsxmbx-built
mkdir -p harness/target
: >"$stamp.new"
mvn -B -Dstyle.color=never install || fail "mvn -B install"
mv -f "$stamp.new" "$stamp"

# Every vector on the Java model and the host C library, compared step by step.
stage "./hsxmbx verify --backend java,c testvectors"
./hsxmbx verify --backend java,c testvectors || fail "./hsxmbx verify --backend java,c testvectors"

# Random operation sequences in lock step, Java against C, on both built-in profiles.
for profile in embedded desktop; do
  stage "./hsxmbx fuzz --backend java,c --seed 1 --ops 50000 --profile $profile"
  ./hsxmbx fuzz --backend java,c --seed 1 --ops 50000 --profile "$profile" \
    || fail "./hsxmbx fuzz --backend java,c --seed 1 --ops 50000 --profile $profile"
done
# Again with sequence numbers starting a few messages before 2^32 (profile first_seq).
stage "./hsxmbx fuzz --backend java,c --seed 3 --ops 50000 --profile embedded --seq-wrap"
./hsxmbx fuzz --backend java,c --seed 3 --ops 50000 --profile embedded --seq-wrap \
  || fail "./hsxmbx fuzz --backend java,c --seed 3 --ops 50000 --profile embedded --seq-wrap"

# The same C sources built with the embedded target configuration (narrow types,
# constant limits; firmware-c/config/host-embedded), plain and with the 8-bit wait-order
# and tap-stamp renumbering forced every few waits/opens: the wide host library above
# cannot reach those paths.
for lib in embedded embedded_stress; do
  so="$ROOT/build/host/firmware-c/libhsxmbx_host_$lib.so"
  [ -f "$so" ] || fail "$so was not built by mvn install"
  stage "HSXMBX_HOSTLIB=$so ./hsxmbx fuzz --backend java,c --seed 2 --ops 50000 --profile embedded"
  HSXMBX_HOSTLIB="$so" ./hsxmbx fuzz --backend java,c --seed 2 --ops 50000 --profile embedded \
    || fail "fuzz of libhsxmbx_host_$lib.so against the embedded profile"
done

stage "all passed"
