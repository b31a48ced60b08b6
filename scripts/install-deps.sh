#!/usr/bin/env bash
# Installs the Debian packages hsxmbx needs, and only those that are missing.
# Silent no-op when everything is present, so the launcher can call it on every run.
set -euo pipefail

# Cross toolchains and emulators for the boards, cmocka for the C unit tests,
# cmake/make/gcc for the host C library, JDK 17 and Maven 3.8 for the Java side.
# clang with its runtimes (libclang-rt-14-dev: libFuzzer and the clang sanitizers) for the
# loader fuzzers, gcc's ASan/UBSan runtimes for the sanitizer build (scripts/test.sh).
# cmake/make/gcc for the host C library, JDK 17 and Maven 3.8 for the Java side,
# chromium (headless) for the test that renders the build report.
PACKAGES=(
  gcc-avr avr-libc binutils-avr simavr libsimavr-dev libelf-dev
  gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi qemu-system-arm
  libcmocka-dev cmake make gcc
  chromium
  openjdk-17-jdk-headless maven
  clang libclang-rt-14-dev libasan8 libubsan1
)

die() {
  echo "install-deps: $*" >&2
  exit 1
}

if ! command -v dpkg >/dev/null 2>&1; then
  die "dpkg not found: this script supports Debian/Ubuntu only; install the equivalents of: ${PACKAGES[*]}"
fi

# Packages not fully installed. One dpkg-query call (what dpkg -s runs) keeps the check
# fast; the status must be "ii" because removed-but-not-purged packages are still listed.
missing_of() {
  local installed
  installed=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "$@" 2>/dev/null \
    | awk '$1 == "ii" { sub(/:.*/, "", $2); print $2 }' || true)
  local p
  for p in "$@"; do
    grep -qx -- "$p" <<<"$installed" || echo "$p"
  done
}

mapfile -t missing < <(missing_of "${PACKAGES[@]}")

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing missing packages: ${missing[*]}" >&2
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "not root and sudo is not available; run as root: apt-get install ${missing[*]}"
  SUDO=(sudo)
fi

# Install output goes to stderr: the launcher's stdout belongs to the CLI.
"${SUDO[@]}" apt-get update >&2 || die "apt-get update failed"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2 \
  || die "apt-get install failed for: ${missing[*]}"

mapfile -t still < <(missing_of "${missing[@]}")
[ "${#still[@]}" -eq 0 ] || die "still not installed after apt-get: ${still[*]}"
