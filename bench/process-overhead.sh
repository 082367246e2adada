#!/usr/bin/env bash
# What -P costs: conntrail's CPU time with and without -P, on loopback, while a helper holds 5,000 open
# sockets and a client opens 50 new connections a second (each lasting a few milliseconds).
#
#   sudo bench/process-overhead.sh [SECONDS] [SOCKETS] [RATE]      (defaults: 30 5000 50)
#
# For each run: start conntrail -i lo -v (filtered to the benchmark server's port) and the client; after
# 5 s of traffic (the JIT's warm-up), read conntrail's CPU time (utime+stime of /proc/PID/stat) at the start
# and end of a SECONDS-long window. The one-time costs (JVM start, the starting index of every process's
# descriptors, compilation) fall outside the window: it measures a conntrail that has been running. Prints CPU time / wall time for both runs and the difference, in percent
# of one core. Needs root (live capture), python3, and a built jar (mvn install, or CONNTRAIL_JAR=...).
set -euo pipefail

SECONDS_WINDOW=${1:-30}
SOCKETS=${2:-5000}
RATE=${3:-50}
WARMUP=5
HERE=$(cd "$(dirname "$0")/.." && pwd)
SCRIPTS=$HERE/cli/src/test/resources/processes
JAR=${CONNTRAIL_JAR:-$(ls -t "$HERE"/cli/target*/conntrail.jar 2>/dev/null | head -1)}
[ -n "$JAR" ] && [ -f "$JAR" ] || { echo "no conntrail.jar: build first (mvn install -DskipTests)" >&2; exit 1; }
WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
CLK_TCK=$(getconf CLK_TCK)

cpu_ticks() { # utime + stime of a process, in clock ticks
    awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# The helper's sockets: kept open for both runs.
mkfifo "$WORK/holder.in"
python3 "$HERE/bench/socket-holder.py" "$SOCKETS" < "$WORK/holder.in" > "$WORK/holder.out" &
PIDS+=($!)
exec 7> "$WORK/holder.in"
until grep -q holding "$WORK/holder.out" 2>/dev/null; do sleep 0.2; done
echo "helper: $(cat "$WORK/holder.out") sockets; /proc/net/tcp has $(($(wc -l < /proc/net/tcp) - 1)) rows" >&2

# The server the new connections go to.
mkfifo "$WORK/server.in"
python3 "$SCRIPTS/ct_server.py" ct-bench-srv 127.0.0.1 < "$WORK/server.in" > "$WORK/server.out" &
PIDS+=($!)
exec 8> "$WORK/server.in"
until grep -q listening "$WORK/server.out" 2>/dev/null; do sleep 0.1; done
PORT=$(awk '{print $2; exit}' "$WORK/server.out")

run() { # $1: label, rest: extra conntrail options; prints "label cpu_seconds wall_seconds"
    local label=$1; shift
    java -XX:+UseSerialGC -jar "$JAR" -i lo -v -f json -o "$WORK/$label.jsonl" "$@" "tcp port $PORT" 2> "$WORK/$label.err" &
    local pid=$!
    sleep 2 # the JVM starts and the capture opens
    python3 "$SCRIPTS/ct_client.py" ct-bench-cli 127.0.0.1 "$PORT" $(((WARMUP + SECONDS_WINDOW + 2) * RATE)) 3 "$RATE" \
        > "$WORK/$label.client" &
    local client=$!
    sleep "$WARMUP" # traffic already flows: the JIT compiles the packet and lookup paths before the window
    local t0 c0 t1 c1
    t0=$(date +%s.%N); c0=$(cpu_ticks "$pid")
    sleep "$SECONDS_WINDOW"
    t1=$(date +%s.%N); c1=$(cpu_ticks "$pid")
    wait "$client"
    sleep 0.5
    kill -TERM "$pid"; wait "$pid" || true
    local conns named
    conns=$(grep -c '"event":"closed"' "$WORK/$label.jsonl" || true)
    named=$(grep '"event":"closed"' "$WORK/$label.jsonl" | grep -c '"orig_process":{"pid"[^}]*"command":"ct-bench-cli"[^}]*}.*"resp_process":{"pid"[^}]*"command":"ct-bench-srv"' || true)
    awk -v l="$label" -v c0="$c0" -v c1="$c1" -v hz="$CLK_TCK" -v t0="$t0" -v t1="$t1" -v n="$conns" -v m="$named" \
        'BEGIN { printf "%s %.3f %.3f %d %d\n", l, (c1 - c0) / hz, t1 - t0, n, m }'
}

read -r _ cpu_off wall_off conns_off _ < <(run plain)
read -r _ cpu_on wall_on conns_on named_on < <(run processes -P)
grep -h -- "-P:" "$WORK/processes.err" >&2 || true
awk -v co="$cpu_off" -v wo="$wall_off" -v cn="$cpu_on" -v wn="$wall_on" -v n0="$conns_off" -v n1="$conns_on" \
    -v named="$named_on" -v s="$SOCKETS" -v r="$RATE" 'BEGIN {
    off = 100 * co / wo; on = 100 * cn / wn;
    printf "%d open sockets held, %d new connections/s\n", s, r;
    printf "without -P: %6.2f%% of one core (%.2f s CPU in %.1f s; %d connections)\n", off, co, wo, n0;
    printf "with -P:    %6.2f%% of one core (%.2f s CPU in %.1f s; %d connections, %d with both ends named)\n", on, cn, wn, n1, named;
    printf "-P costs:   %6.2f%% of one core\n", on - off;
}'
