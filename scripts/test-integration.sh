#!/usr/bin/env bash
# The hsxmbx runtime in a firmware engineer's own CMake project, for atmega1284p (simavr)
# and mps2-an386 (QEMU), each project configured once:
#   recipe   docs/c-runtime.md "Into your own CMake project", way 1, word for word (the
#            blocks marked <!-- recipe:... -->, path/to/hsxmbx replaced by this checkout):
#            generate --lib-only, add_subdirectory(firmware-c), hsxmbx::runtime
#   subdir   examples/firmware through add_subdirectory (HSXMBX_SOURCE_DIR), hsxmbx_generate
#   package  cmake --install of this checkout to a prefix, then examples/firmware through
#            find_package(hsxmbx) and the installed CLI, toolchain files and boards
# Each firmware runs in the board's emulator; its console must be the expected one.
# Needs the CLI built (./hsxmbx builds it on first use). Last line: "N passed, N failed".
# Usage: scripts/test-integration.sh [WORK_DIR]   (emptied first; default a new temporary
# directory, removed when everything passed: outside the checkout, so that the package
# builds can be checked for any reference to it)
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
WORK=${1:-$(mktemp -d "${TMPDIR:-/tmp}/hsxmbx-integration.XXXXXX")}
BOARDS=(atmega1284p mps2-an386)
passed=0
failed=0

rm -rf "$WORK"
mkdir -p "$WORK"
"$ROOT/hsxmbx" --version >/dev/null   # builds the CLI now, not inside a CMake build

ok() { echo "ok   $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*" >&2; failed=$((failed + 1)); }

# The fenced block that follows "<!-- recipe:NAME -->" in docs/c-runtime.md, with
# path/to/hsxmbx replaced by this checkout and atmega1284p by the board.
recipe() {
  local block
  block=$(awk -v mark="<!-- recipe:$1 -->" '
    $0 == mark { want = 1; next }
    want && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' "$ROOT/docs/c-runtime.md")
  if [ -z "$block" ]; then
    echo "test-integration.sh: docs/c-runtime.md has no block marked <!-- recipe:$1 -->" >&2
    exit 2
  fi
  block=${block//path\/to\/hsxmbx/$ROOT}
  echo "${block//atmega1284p/$2}"
}

# expected_console BOARD_LABEL: the console of examples/firmware/main.c.
expected_console() {
  cat <<EOT
example: board $1
declared mailboxes: 1
sent 3 readings
task 1 got 'temp=21' channel 0 from pid 0
task 1 got 'temp=22' channel 1 from pid 0
task 1 got 'temp=23' channel 2 from pid 0
mailbox empty
example: ok
firmware exit status 0
EOT
}

# run_fw WHAT BOARD ELF CLI LABEL: runs ELF in the board's emulator with CLI's flash, checks
# the console (LABEL: the board name main.c prints; the recipe does not set EXAMPLE_BOARD).
run_fw() {
  local what=$1 board=$2 elf=$3 cli=$4 label=${5:-$2} out
  if ! out=$("$cli" flash --board "$board" --elf "$elf" 2>"$WORK/$what-$board.flash.err"); then
    bad "$what $board: firmware failed in the emulator: $out $(cat "$WORK/$what-$board.flash.err")"
    return
  fi
  if [ "$out" != "$(expected_console "$label")" ]; then
    bad "$what $board: console differs: $(diff <(expected_console "$label") <(echo "$out") || true)"
    return
  fi
  ok "$what $board: builds on the first configure and runs in the emulator"
}

# configure_build WHAT BOARD SRC BUILD ARGS...: one configure, one build.
configure_build() {
  local what=$1 board=$2 src=$3 build=$4
  shift 4
  if ! cmake -S "$src" -B "$build" "$@" >"$build.log" 2>&1 || ! cmake --build "$build" >>"$build.log" 2>&1; then
    bad "$what $board: configure or build failed (log $build.log):"
    tail -20 "$build.log" >&2
    return 1
  fi
}

for board in "${BOARDS[@]}"; do
  # ---- recipe: the doc's commands and CMakeLists.txt, main.c + mailboxes.json of the example
  proj="$WORK/recipe-$board"
  mkdir -p "$proj"
  cp "$ROOT/examples/firmware/main.c" "$ROOT/examples/firmware/mailboxes.json" "$proj/"
  recipe CMakeLists.txt "$board" >"$proj/CMakeLists.txt"
  if ! (cd "$proj" && bash -euo pipefail -c "$(recipe sh "$board")") >"$proj.generate.log" 2>&1; then
    bad "recipe $board: the generate command failed: $(cat "$proj.generate.log")"
  elif (cd "$proj" && bash -euo pipefail -c "$(recipe build "$board")") >"$proj.log" 2>&1; then
    # No build type in the recipe: the runtime must not be built at -O0.
    flags="$proj/build/hsxmbx/CMakeFiles/hsxmbx_runtime.dir/flags.make"
    if ! grep -q "hsxmbx: hsxmbx_runtime compiled with -Os (no CMAKE_BUILD_TYPE" "$proj.log"; then
      bad "recipe $board: configure did not report the runtime's default optimisation"
    elif ! grep -q "^C_FLAGS = .* -Os " "$flags"; then
      bad "recipe $board: the runtime is not compiled with -Os ($flags: $(grep '^C_FLAGS' "$flags"))"
    else
      ok "recipe $board: without a build type the runtime is compiled with -Os, and configure says so"
    fi
    run_fw recipe "$board" "$proj/build/fw.elf" "$ROOT/hsxmbx" "this board"
  else
    bad "recipe $board: configure or build failed (log $proj.log):"
    tail -20 "$proj.log" >&2
  fi

  # ---- subdir: examples/firmware with add_subdirectory of this checkout
  build="$WORK/subdir-$board"
  if configure_build subdir "$board" "$ROOT/examples/firmware" "$build" -DHSXMBX_SOURCE_DIR="$ROOT" \
      -DCMAKE_TOOLCHAIN_FILE="$ROOT/boards/$board/toolchain.cmake"; then
    run_fw subdir "$board" "$build/example.elf" "$ROOT/hsxmbx"
  fi
done

# ---- package: install, then find_package with nothing of the checkout on any path
prefix="$WORK/prefix"
if cmake -S "$ROOT" -B "$WORK/install-build" -DHSX_MBX_BUILD_HOST=OFF >"$WORK/install.log" 2>&1 \
    && cmake --install "$WORK/install-build" --prefix "$prefix" >>"$WORK/install.log" 2>&1; then
  ok "package: cmake --install"
  cp -r "$ROOT/examples/firmware" "$WORK/example-src"
  for board in "${BOARDS[@]}"; do
    build="$WORK/package-$board"
    if configure_build package "$board" "$WORK/example-src" "$build" -DCMAKE_PREFIX_PATH="$prefix" \
        -DCMAKE_TOOLCHAIN_FILE="$prefix/share/hsxmbx/boards/$board/toolchain.cmake"; then
      if grep -rq -- "$ROOT" "$build/CMakeCache.txt" "$build/CMakeFiles/Makefile2"; then
        bad "package $board: the build refers to the checkout $ROOT"
      else
        run_fw package "$board" "$build/example.elf" "$prefix/bin/hsxmbx"
      fi
    fi
  done
else
  bad "package: cmake --install failed (log $WORK/install.log):"
  tail -20 "$WORK/install.log" >&2
fi

echo "integration: $passed passed, $failed failed"
[ "$failed" -eq 0 ] || { echo "test-integration.sh: logs in $WORK" >&2; exit 1; }
[ $# -gt 0 ] || rm -rf "$WORK"
