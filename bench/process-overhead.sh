#!/usr/bin/env bash
# What -P costs: conntrail's CPU time with and without -P, on loopback, while a helper holds 5,000 open
# sockets and a client opens 50 new connections a second (each lasting a few milliseconds).
#
#   sudo bench/process-overhead.sh [SECONDS] [SOCKETS] [RATE]      (defaults: 30 5000 50)
#
# For each run: start conntrail -i lo -v (filtered to the benchmark server's port) and the client; after
# WARMUP seconds of traffic (default 30: the JIT still compiles the lookup path for the first 10 to 20 s and
# would be billed to -P otherwise), read conntrail's CPU time (utime+stime of /proc/PID/stat) at the start
# and end of a SECONDS-long window. The one-time costs (JVM start, the starting index of every process's
# descriptors, compilation) fall outside the window: it measures a conntrail that has been running. Prints CPU time / wall time for both runs and the difference, in percent
# of one core. Needs root (live capture), python3, and a built jar (mvn install, or CONNTRAIL_JAR=...).
set -euo pipefail

SECONDS_WINDOW=${1:-30}
SOCKETS=${2:-5000}
RATE=${3:-50}
WARMUP=${WARMUP:-30}
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

thread_ticks() { # "thread-name<TAB>ticks" for every thread of a process, summed by name
    for t in /proc/"$1"/task/*; do
        awk -v n="$(cat "$t/comm" 2>/dev/null)" '{ sub(/^.*\) /, ""); print n "\t" ($12 + $13) }' "$t/stat" 2>/dev/null
    done | awk -F'\t' '{ s[$1] += $2 } END { for (k in s) print k "\t" s[k] }' | sort
}

thread_share() { # $1 $2: thread_ticks before and after, $3: seconds; the threads that used CPU, busiest first
    join -t $'\t' "$1" "$2" | awk -F'\t' -v hz="$CLK_TCK" -v s="$3" \
        '$3 > $2 { p = 100 * ($3 - $2) / hz / s; printf "%.4f\t    %-18s %5.2f%%\n", p, $1, p }' | sort -rn | cut -f2-
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
    t0=$(date +%s.%N); c0=$(cpu_ticks "$pid"); thread_ticks "$pid" > "$WORK/$label.threads0"
    sleep "$SECONDS_WINDOW"
    t1=$(date +%s.%N); c1=$(cpu_ticks "$pid"); thread_ticks "$pid" > "$WORK/$label.threads1"
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
for label in plain processes; do
    echo "  $label, by thread (of one core):" >&2
    thread_share "$WORK/$label.threads0" "$WORK/$label.threads1" "$SECONDS_WINDOW" >&2
done
jit() { # share of one core the JIT compiler threads took in a run's window
    join -t $'\t' "$WORK/$1.threads0" "$WORK/$1.threads1" | awk -F'\t' -v hz="$CLK_TCK" -v s="$SECONDS_WINDOW" \
        '$1 ~ /CompilerThre/ { t += $3 - $2 } END { printf "%.3f", 100 * t / hz / s }'
}
jit_off=$(jit plain); jit_on=$(jit processes)
awk -v co="$cpu_off" -v wo="$wall_off" -v cn="$cpu_on" -v wn="$wall_on" -v n0="$conns_off" -v n1="$conns_on" \
    -v named="$named_on" -v s="$SOCKETS" -v r="$RATE" -v j0="$jit_off" -v j1="$jit_on" 'BEGIN {
    off = 100 * co / wo; on = 100 * cn / wn;
    printf "%d open sockets held, %d new connections/s\n", s, r;
    printf "without -P: %6.2f%% of one core (%.2f s CPU in %.1f s; %d connections; JIT %.2f%%)\n", off, co, wo, n0, j0;
    printf "with -P:    %6.2f%% of one core (%.2f s CPU in %.1f s; %d connections, %d with both ends named; JIT %.2f%%)\n", on, cn, wn, n1, named, j1;
    printf "-P costs:   %6.2f%% of one core (%.2f%% without the JIT compiler threads, which still trickle at this rate)\n", on - off, (on - j1) - (off - j0);
}'
