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
  # Those libraries hold only the embedded profile (constant limits): every vector written for it
  # (clock wrap, shrink, event mask, ...) runs there too, compared step by step with the model.
  mapfile -t embedded_vectors < <(grep -rlE '"profile": *"embedded"' testvectors | sort)
  [ "${#embedded_vectors[@]}" -gt 0 ] || fail "no vector with the embedded profile found in testvectors"
  stage "HSXMBX_HOSTLIB=$so ./hsxmbx verify --backend java,c (${#embedded_vectors[@]} embedded-profile vectors)"
  HSXMBX_HOSTLIB="$so" ./hsxmbx verify --backend java,c "${embedded_vectors[@]}" \
    || fail "embedded-profile vectors on libhsxmbx_host_$lib.so"
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
for run in "host desktop" "host embedded" "host_embedded embedded" "host_embedded_stress embedded"; do
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
