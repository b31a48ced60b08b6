#!/bin/sh
# hsxmbx: the installed CLI (cmake --install of the hsxmbx project). Boards and runtime
# sources are the installed ones under ../share/hsxmbx; a JDK 17 `java` must be on PATH.
set -e
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
share="$here/../share/hsxmbx"
exec java -Dhsxmbx.root="$share" -cp "$share/java/*" org.hsxmbx.harness.cli.Main "$@"
