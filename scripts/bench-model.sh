#!/usr/bin/env bash
# JMH benchmarks of the Java model (harness/.../bench/ModelBenchmark.java): single-reader
# send+recv pairs per second and fan-out rounds (1 send + 4 receives) per second.
# -foe: a failing setup assertion fails the script instead of printing no figure.
# Extra arguments go to JMH (e.g. -f 2 -i 10, a narrower regex than ModelBenchmark, or
# "ModelBenchmark -p events=true,false" to see what event recording costs).
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$ROOT"

# Builds through the launcher's freshness check so a stale jar is never measured.
./hsxmbx --version >/dev/null

JAR=$(ls harness/target/hsxmbx-harness-*.jar | grep -v -e '-sources' -e '-tests' | head -n 1)
if [ "$#" -eq 0 ]; then
  set -- ModelBenchmark -f 1 -wi 3 -i 5
fi
exec java -cp "$JAR:harness/target/lib/*" org.openjdk.jmh.Main -tu s -foe true "$@"
