#!/usr/bin/env bash
# The whole test suite: toolchains, every JUnit test and the C tests (ctest through the
# cmake-maven-plugin, inside the Maven build), then the shared test vectors through the CLI.
# Then the sanitizer build (ASan + UBSan: ctest and a lock-step fuzz through it) and the
# libFuzzer run of the .mailbox loader. Stops at the first failing stage with a message
# naming it; every stage prints its duration, and the last line lists them all.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$ROOT"

# Durations: each stage ends where the next one starts (SECONDS: bash's own clock).
STAGE_NAME=""
STAGE_START=$SECONDS
TIMES=()
stage_done() {
  if [ -n "$STAGE_NAME" ]; then
    echo "<== test.sh: $((SECONDS - STAGE_START)) s: $STAGE_NAME" >&2
    TIMES+=("$((SECONDS - STAGE_START)) s  $STAGE_NAME")
  fi
}

stage() {
  stage_done
  STAGE_NAME=$*
  STAGE_START=$SECONDS
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

# Runs every vector on the Java model and the host C library $1 (empty: the default one) in lock
# step. The vector player admits the vectors whose profile the library can hold (it asks the
# library for its constant profile or its maxima) and prints a NOT ADMITTED line with the reason
# for each other one; $2 is "all" when every vector must be admitted, else "some" (at least one).
verify_vectors() {
  local so=$1 want=$2 log summary
  log=$(mktemp)
  HSXMBX_HOSTLIB="$so" ./hsxmbx verify --backend java,c testvectors | tee "$log" \
    || { rm -f "$log"; fail "./hsxmbx verify --backend java,c testvectors (HSXMBX_HOSTLIB=${so:-default})"; }
  summary=$(tail -n 1 "$log")
  rm -f "$log"
  case "$want:$summary" in
    all:*"not admitted"*) fail "the default host library did not admit every vector ($summary)" ;;
    some:"0 passed,"*) fail "$so admitted no vector ($summary)" ;;
  esac
}

# Every vector on the Java model and the host C library, compared step by step.
stage "./hsxmbx verify --backend java,c testvectors"
verify_vectors "" all

# Random operation sequences in lock step, Java against C, on every built-in profile.
# (minimal: the run-time-limits library with the minimal features switched off per profile.)
for profile in embedded desktop minimal; do
  stage "./hsxmbx fuzz --backend java,c --seed 1 --ops 50000 --profile $profile"
  ./hsxmbx fuzz --backend java,c --seed 1 --ops 50000 --profile "$profile" \
    || fail "./hsxmbx fuzz --backend java,c --seed 1 --ops 50000 --profile $profile"
done
# Again with sequence numbers starting a few messages before 2^32 (profile first_seq).
stage "./hsxmbx fuzz --backend java,c --seed 3 --ops 50000 --profile embedded --seq-wrap"
./hsxmbx fuzz --backend java,c --seed 3 --ops 50000 --profile embedded --seq-wrap \
  || fail "./hsxmbx fuzz --backend java,c --seed 3 --ops 50000 --profile embedded --seq-wrap"

# The same C sources built with the target configurations (constant limits; firmware-c/config/):
# embedded (narrow types), plain and with the 8-bit wait-order and tap-stamp renumbering forced
# every few waits/opens (the wide host library above cannot reach those paths), and minimal
# (the features of Features.MINIMAL compiled out, as in a minimal firmware). Each runs a
# lock-step fuzz with its profile and every vector it admits (those of its profile).
for run in "embedded embedded" "embedded_stress embedded" "minimal minimal"; do
  set -- $run
  so="$ROOT/build/host/firmware-c/libhsxmbx_host_$1.so"
  [ -f "$so" ] || fail "$so was not built by mvn install"
  stage "HSXMBX_HOSTLIB=$so ./hsxmbx fuzz --backend java,c --seed 2 --ops 50000 --profile $2"
  HSXMBX_HOSTLIB="$so" ./hsxmbx fuzz --backend java,c --seed 2 --ops 50000 --profile "$2" \
    || fail "fuzz of libhsxmbx_host_$1.so against the $2 profile"
  stage "HSXMBX_HOSTLIB=$so ./hsxmbx verify --backend java,c testvectors (the vectors it admits)"
  verify_vectors "$so" some
done

# The runtime in a firmware project of its own: the docs/c-runtime.md recipe, examples/firmware
# through add_subdirectory and through find_package after cmake --install, on simavr and QEMU.
stage "scripts/test-integration.sh"
scripts/test-integration.sh || fail "scripts/test-integration.sh"

# The same C sources with AddressSanitizer and UndefinedBehaviorSanitizer (UBSan aborts
# instead of printing and going on), in a build directory of their own: the cmocka tests,
# then the lock-step fuzz through each sanitized host library. The JVM needs the ASan
# runtime loaded first (LD_PRELOAD), leak detection off (LSan cannot follow the JVM) and
# ASan off the signals HotSpot uses itself (SEGV, BUS: null checks and safepoints; FPE:
# integer division by zero).
ASAN_DIR="$ROOT/build/asan"
SAN_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
stage "sanitizer build: cmake build/asan ($SAN_FLAGS) + ctest"
cmake -S . -B "$ASAN_DIR" -DCMAKE_C_FLAGS="$SAN_FLAGS" -DHSX_MBX_CROSS_CHECK=OFF >/dev/null \
  || fail "cmake configure of build/asan"
cmake --build "$ASAN_DIR" -j2 >/dev/null || fail "sanitizer build (cmake --build build/asan)"
UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir "$ASAN_DIR" --output-on-failure \
  || fail "ctest under ASan/UBSan (build/asan)"

libasan=$(gcc -print-file-name=libasan.so)
[ -f "$libasan" ] || fail "gcc's libasan.so not found ($libasan): install libasan (gcc's sanitizer runtime)"
for run in "host desktop" "host embedded" "host minimal" "host_embedded embedded" "host_embedded_stress embedded" \
  "host_minimal minimal"; do
  set -- $run
  so="$ASAN_DIR/firmware-c/libhsxmbx_$1.so"
  [ -f "$so" ] || fail "$so was not built"
  stage "ASan: HSXMBX_HOSTLIB=build/asan/firmware-c/libhsxmbx_$1.so ./hsxmbx fuzz --backend java,c --seed 3 --ops 50000 --profile $2"
  HSXMBX_HOSTLIB="$so" LD_PRELOAD="$libasan" \
    ASAN_OPTIONS=detect_leaks=0:handle_segv=0:handle_sigbus=0:handle_sigfpe=0 UBSAN_OPTIONS=print_stacktrace=1 \
    ./hsxmbx fuzz --backend java,c --seed 3 --ops 50000 --profile "$2" \
    || fail "lock-step fuzz of the ASan/UBSan libhsxmbx_$1.so, profile $2"
done

# The per-function profiler of the bench firmware, run for real on both emulators.
stage "bench profile: scripts/test-bench-profile.sh"
scripts/test-bench-profile.sh || fail "scripts/test-bench-profile.sh"

# libFuzzer over the C loader, one fuzzer per host configuration (scripts/fuzz-loader.sh).
stage "loader fuzzers: scripts/fuzz-loader.sh ${FUZZ_SECONDS:-60} (seconds each, 3 fuzzers)"
scripts/fuzz-loader.sh "${FUZZ_SECONDS:-60}" || fail "scripts/fuzz-loader.sh (findings in build/fuzz/artifacts)"

stage_done
STAGE_NAME=""
echo "test.sh: stage durations:" >&2
printf '  %s\n' "${TIMES[@]}" >&2
stage "all passed"
