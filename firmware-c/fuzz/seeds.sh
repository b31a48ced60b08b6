#!/usr/bin/env bash
# Writes the loader fuzzer's seed corpus (firmware-c/fuzz/corpus): the .mailbox payload
# of every image in testvectors/images, and hand-made edge cases. Each seed is the
# fuzzer's input format: 1 byte pid, 4 bytes entry_count (big-endian), the payload.
#
#   seeds.sh [DIR]            write the seeds into DIR (default: the committed corpus)
#   seeds.sh --check          fail when the committed corpus differs from what this writes
#   seeds.sh --known-bugs DIR inputs that hit loader bugs being fixed separately (too big
#                             to commit, kept out of the corpus; see docs/c-runtime.md)
set -euo pipefail

HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

die() {
  echo "seeds.sh: $*" >&2
  exit 2
}

# Big-endian uint32 at byte offset $2 of file $1.
u32() {
  od -An -tu1 -j "$2" -N4 "$1" | awk '{ printf "%d\n", (($1 * 256 + $2) * 256 + $3) * 256 + $4 }'
}

# printf escapes for a big-endian uint32 / uint16.
be32() { printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 >> 24 & 255)) $(($1 >> 16 & 255)) $(($1 >> 8 & 255)) $(($1 & 255)); }
be16() { printf '\\x%02x\\x%02x' $(($1 >> 8 & 255)) $(($1 & 255)); }

# seed NAME PID COUNT: the payload on stdin.
seed() {
  { printf "\\x$(printf %02x "$2")$(be32 "$3")"; cat; } >"$OUT/$1"
}

# A binary record: name_offset capacity mode [reserved-high-mode-byte].
rec() { printf "$(be32 "$1")$(be16 "$2")\\x${4:-00}\\x$(printf %02x "$3")\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00"; }

# The .mailbox section (metadata type 3) of an HXE v2 image, with its entry_count.
image_seed() {
  local f=$1 name meta count i row type off size entries
  name=$(basename "$f" .hxe)
  meta=$(u32 "$f" 64)
  count=$(u32 "$f" 68)
  for ((i = 0; i < count; i++)); do
    row=$((meta + 16 * i))
    type=$(u32 "$f" "$row")
    [ "$type" -eq 3 ] || continue
    off=$(u32 "$f" $((row + 4)))
    size=$(u32 "$f" $((row + 8)))
    entries=$(u32 "$f" $((row + 12)))
    tail -c +$((off + 1)) "$f" | head -c "$size" | seed "image-$name" 1 "$entries"
    return 0
  done
  die "$f has no .mailbox section"
}

nest() { # N open arrays, a value, N closes
  local i
  for ((i = 0; i < $1; i++)); do printf '['; done
  printf 1
  for ((i = 0; i < $1; i++)); do printf ']'; done
}

write_seeds() {
  local f i
  for f in "$ROOT"/testvectors/images/*.hxe; do
    image_seed "$f"
  done
  # Empty and blank payloads: binary with 0 entries, JSON with none, NUL padding.
  printf '' | seed empty-binary 1 0
  printf '[]' | seed empty-array 1 0
  printf '{"version":1,"mailboxes":[]}' | seed empty-object 1 0
  printf ' \t\r\n[ ]\0\0\0' | seed padded-array 1 0
  printf '\0\0\0\0' | seed nul-only 1 0
  # Nesting: 16 levels is the limit (root, mailboxes, entry, 13 arrays in reserved).
  { printf '{"version":1,"mailboxes":[{"target":"app:deep","reserved":'; nest 13; printf '}]}'; } | seed deep-16 1 1
  { printf '{"version":1,"mailboxes":[{"target":"app:deep","reserved":'; nest 14; printf '}]}'; } | seed deep-17 1 1
  # Counts: larger than the section, different from the JSON entries, the maximum.
  printf '[{"target":"app:a"}]' | seed count-huge-json 1 4294967295
  printf '[{"target":"app:a"}]' | seed count-wrong-json 1 2
  { rec 16 0 3; printf 'app:a\0'; } | seed count-huge-binary 1 4294967295
  { rec 32 0 3; rec 32 0 3; printf 'app:a\0'; } | seed binary-same-name 1 2
  # Binary tables: the docs' example, and bad name offsets and fields.
  { rec 32 96 3; rec 46 0 19; printf 'app:telemetry\0shared:fan\0'; } | seed binary-example 1 2
  { rec 8 0 3; printf 'app:a\0'; } | seed binary-offset-in-table 1 1
  { rec 22 0 3; printf 'app:a\0'; } | seed binary-offset-at-end 1 1
  { rec 4294967295 0 3; printf 'app:a\0'; } | seed binary-offset-huge 1 1
  { rec 16 0 3; printf 'app:a'; } | seed binary-unterminated 1 1
  { rec 16 0 3 01; printf 'app:a\0'; } | seed binary-mode-high-byte 1 1
  { rec 16 4 3; printf 'app:a\0'; } | seed binary-capacity-small 1 1
  { rec 16 0 3; printf 'app:\x01\0'; } | seed binary-unprintable 1 1
  # Keys and strings: escapes, duplicates after unescaping, UTF-8 and surrogates.
  printf '[{"t\\u0061rget":"app:esc\\"\\\\\\/"}]' | seed escaped-key 1 1
  printf '[{"target":"app:a","t\\u0061rget":"app:b"}]' | seed duplicate-key 1 1
  printf '[{"target":"app:\\ud83d\\ude00"}]' | seed surrogate-escape 1 1
  printf '[{"target":"app:\xf0\x9f\x98\x80","reserved":"\xc3\xa9\xe2\x82\xac"}]' | seed utf8-4byte 1 1
  printf '[{"target":"app:\xc0\x80"}]' | seed utf8-overlong 1 1
  printf '[{"target":"app:\xed\xa0\x80"}]' | seed utf8-surrogate 1 1
  printf '[{"target":"app:a"},{"target":"app:\\u0061"}]' | seed duplicate-target-escaped 1 2
  printf '[{"target":"app:aaaaaaaaaaaaaaaaaaaaaaaaaaaa"}]' | seed target-32 1 1
  printf '[{"target":"app:aaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}]' | seed target-33 1 1
  # Modes, numbers, owners, bindings.
  printf '[{"target":"shared:m","mode":" RDWR | FANOUT_DROP "}]' | seed mode-names-spaced 1 1
  printf '[{"target":"shared:m","mode":"RDWR|FANOUT_DROP|FANOUT_BLOCK"}]' | seed mode-drop-and-block 1 1
  printf '[{"target":"shared:m","mode":"RDWR","mode_mask":3}]' | seed mode-and-mask 1 1
  printf '[{"target":"shared:m","mode_mask":255,"capacity":null}]' | seed mode-mask-255 1 1
  printf '[{"target":"app:n","capacity":65535},{"target":"app:o","capacity":65536}]' | seed capacity-limits 1 2
  printf '[{"target":"app:n","capacity":-0,"owner_pid":1e0}]' | seed numbers-odd 1 1
  printf '[{"target":"app:n","capacity":007}]' | seed number-leading-zero 1 1
  printf '[{"target":"svc:log","owner_pid":2},{"target":"svc:log2","owner_pid":9}]' | seed svc-owners 1 2
  printf '[{"target":"shared:metrics","bindings":[{"pid":1,"flags":1},{"pid":0,"flags":4},{"pid":2}]}]' \
    | seed bindings-existing 1 1
  printf '[{"target":"shared:b","bindings":[{"pid":9,"flags":0}]}]' | seed binding-no-task 1 1
  printf '[{"target":"shared:b","bindings":[{"pid":1,"flags":6}]}]' | seed binding-tap-wronly 1 1
  printf '[{"target":"shared:b","bindings":[{"pid":1,"flags":65535}]}]' | seed binding-flags-high 1 1
  printf '[{"target":"shared:b","bindings":{"pid":1}}]' | seed bindings-not-array 1 1
  printf '[{"target":"shared:b","bindings":[1]}]' | seed binding-not-object 1 1
  printf '[{"target":"shared:b","extra":1}]' | seed unknown-field 1 1
  printf '[1]' | seed entry-not-object 1 1
  printf '{"version":2,"mailboxes":[]}' | seed version-2 1 0
  printf '{"mailboxes":{}}' | seed mailboxes-not-array 1 0
  printf '[{"target":"app:a"}] x' | seed trailing-content 1 1
  printf '[{"target":"app:telemetry","capacity":8}]' | seed shrink-below-use 1 1
  printf '[{"target":"app:telemetry","capacity":4096}]' | seed grow-existing 1 1
  printf '[{"target":"app:a"}]' | seed pid-not-running 7 1
  printf '[{"target":"pid:1"},{"target":"stdio.out"}]' | seed pid-and-stdio 2 2
  # Resources: more mailboxes, arena, taps and handles than the embedded profile has.
  { printf '['; for ((i = 0; i < 12; i++)); do printf '{"target":"shared:r%d","capacity":16},' "$i"; done
    printf '{"target":"shared:last"}]'; } | seed many-descriptors 1 13
  printf '[{"target":"shared:x","capacity":60000},{"target":"shared:y","capacity":60000}]' | seed arena-exhausted 1 2
  { printf '['; for ((i = 0; i < 5; i++)); do printf '{"target":"shared:pool-filler-%012d"},' "$i"; done
    printf '{"target":"shared:e"}]'; } | seed name-pool-exhausted 1 6
  { printf '[{"target":"shared:t","bindings":['; for ((i = 0; i < 6; i++)); do printf '{"pid":0,"flags":5},'; done
    printf '{"pid":1,"flags":4}]}]'; } | seed taps-exhausted 1 1
  { printf '[{"target":"shared:h","bindings":['; for ((i = 0; i < 9; i++)); do printf '{"pid":2,"flags":1},'; done
    printf '{"pid":2}]}]'; } | seed handles-exhausted 1 1
  # Many entries (the quadratic duplicate checks); 300 are a known bug (below).
  { printf '['; for ((i = 0; i < 59; i++)); do printf '{"target":"a:%d"},' "$i"; done
    printf '{"target":"a:x"}]'; } | seed many-entries-json 1 60
  { for ((i = 0; i < 200; i++)); do rec $((16 * 200 + 8 * i)) 16 3; done
    for ((i = 0; i < 200; i++)); do printf 'app:%03d\0' "$i"; done; } | seed many-entries-binary 1 200
}

# Inputs that hit the loader bugs of the reliability issue (item: loader limits): a JSON
# array of 65536 entries (16-bit entry counter), a binary entry_count of 65537, and 300
# JSON entries (5.6 KB), which take about 10 s under ASan (time cubic in the entries).
write_known_bugs() {
  local i
  { printf '['; for ((i = 0; i < 299; i++)); do printf '{"target":"a:%d"},' "$i"; done
    printf '{"target":"a:x"}]'; } | seed json-300-entries 1 300
  { printf '['; for ((i = 0; i < 65535; i++)); do printf '1,'; done; printf '1]'; } | seed json-65536-entries 1 65536
  { for ((i = 0; i < 65537; i++)); do rec $((16 * 65537)) 0 3; done; printf 'app:a\0'; } \
    | seed binary-65537-entries 1 65537
}

case "${1:-}" in
  --check)
    OUT=$(mktemp -d)
    trap 'rm -rf "$OUT"' EXIT
    write_seeds
    if ! diff -r "$OUT" "$HERE/corpus" >&2; then
      echo "seeds.sh: firmware-c/fuzz/corpus is not what seeds.sh writes: run firmware-c/fuzz/seeds.sh and commit" >&2
      exit 1
    fi
    ;;
  --known-bugs)
    [ -n "${2:-}" ] || die "usage: seeds.sh --known-bugs DIR"
    OUT=$2
    mkdir -p "$OUT"
    write_known_bugs
    ;;
  -*)
    die "usage: seeds.sh [DIR] | --check | --known-bugs DIR"
    ;;
  *)
    OUT=${1:-$HERE/corpus}
    rm -rf "$OUT"
    mkdir -p "$OUT"
    write_seeds
    ;;
esac
