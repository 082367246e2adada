#!/usr/bin/env bash
# Compiles the tracker with proposed patches applied, outside the source tree, for measuring them:
#
#   bench/try-patch.sh /tmp/my-change.patch          prints the classes directory
#   TRACKER_CLASSES=$(bench/try-patch.sh PATCH...) bench/run.sh
#
# tracker/src/main is never touched: the sources are copied to bench/work/tracker-patched first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${BENCH_WORK:-$root/bench/work}/tracker-patched
rm -rf "$out" && mkdir -p "$out/tree/tracker/src/main" "$out/classes"
cp -r "$root/tracker/src/main/java" "$out/tree/tracker/src/main/"
for p in "$@"; do
    patch -s -d "$out/tree" -p1 <"$p" >&2
done
javac -nowarn --release 17 -XDstringConcat=inline -d "$out/classes" $(find "$out/tree" -name '*.java') >&2
echo "$out/classes"
