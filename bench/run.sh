#!/usr/bin/env bash
# conntrail benchmark: generates synthetic captures, then times conntrail against tcpdump (libpcap's read),
# tcptrace and tshark on the same files in the same run, and measures memory, allocation and start-up.
# See bench/README.md. Ratios are what count; absolute figures move with the machine's load.
#
#   bench/run.sh            the full run (about 15 minutes on a 2-core machine; ~6 GB of files in bench/work)
#   QUICK=1 bench/run.sh    every workload a tenth of the size, one run each: a smoke test
#
# Environment: RUNS (default 3), BENCH_WORK (default bench/work), CONNTRAIL_BUILD_DIR (default target-bench),
# SKIP_BUILD=1, TRACKER_CLASSES=DIR (compiled tracker classes to put before the jar: see bench/try-patch.sh).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-$root/bench/work}
build_dir=${CONNTRAIL_BUILD_DIR:-target-bench}
runs=${RUNS:-3}
scale=1
if [ "${QUICK:-0}" = 1 ]; then
    scale=10
    runs=${RUNS:-1}
    work=$work/quick # its own files: the full-size ones take minutes to generate again
fi
big_packets=$((10000000 / scale)); big_conns=$((500000 / scale)); big_concurrent=$((50000 / scale))
medium_packets=$((1000000 / scale)); medium_conns=$((50000 / scale)); medium_concurrent=$((5000 / scale))
memory_conns=$((1000000 / scale))
flood_syns=$((10000000 / scale)); flood_cap=$((100000 / scale)); flood_heap=${FLOOD_HEAP:-256m}
mkdir -p "$work"
log=$work/run-$(date +%Y%m%d-%H%M%S).log
say() { echo "$*" | tee -a "$log" >&2; }

# ---- tools ---------------------------------------------------------------------------------------------------
need=()
command -v tcpdump >/dev/null || need+=(tcpdump)
command -v tcptrace >/dev/null || need+=(tcptrace)
command -v tshark >/dev/null || need+=(tshark)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
    say "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq "${need[@]}" >/dev/null
fi

# ---- build -----------------------------------------------------------------------------------------------------
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    say "building (build dir $build_dir)"
    (cd "$root" && { mvn -q -o -Dconntrail.build.dir="$build_dir" install -DskipTests \
        || mvn -q -Dconntrail.build.dir="$build_dir" install -DskipTests; }) >>"$log" 2>&1
fi
jar=$root/cli/$build_dir/conntrail.jar
generator_cp=$root/capture/$build_dir/test-classes
harness_cp=$root/cli/$build_dir/test-classes:$jar
if [ -n "${TRACKER_CLASSES:-}" ]; then
    harness_cp=$TRACKER_CLASSES:$harness_cp
    say "tracker classes from $TRACKER_CLASSES"
fi

# conntrail as a user runs it: the launcher (with its class-data sharing archive); or, to try patched tracker
# classes, plain java with those first on the class path. A script, so /usr/bin/time can run it.
export CONNTRAIL_JAR=$jar
conntrail=$work/conntrail
if [ -n "${TRACKER_CLASSES:-}" ]; then
    # the launcher's collector, so the comparison measures the patch (no class-data sharing: start-up only)
    printf '#!/bin/sh\nexec java -XX:+UseParallelGC ${JAVA_OPTS:-} -cp "%s:%s" dev.conntrail.cli.Main "$@"\n' \
        "$TRACKER_CLASSES" "$jar" >"$conntrail"
else
    printf '#!/bin/sh\nexec "%s" "$@"\n' "$root/bin/conntrail" >"$conntrail"
fi
chmod +x "$conntrail"

# ---- workloads -------------------------------------------------------------------------------------------------
generate() { # name, generator arguments...
    local name=$1; shift
    local file=$work/$name.pcap
    if [ -f "$file" ] && [ -f "$file.report" ] && [ "$(cat "$file.args" 2>/dev/null)" = "$*" ]; then
        return
    fi
    say "generating $name: $*"
    java -cp "$generator_cp" dev.conntrail.capture.synth.SynthMain --out "$file" "$@" >"$file.report"
    echo "$*" >"$file.args"
}
generate big --seed 1 --connections $big_conns --concurrent $big_concurrent --packets $big_packets
generate medium --seed 2 --connections $medium_conns --concurrent $medium_concurrent --packets $medium_packets
generate handshakes --mode handshakes --seed 3 --connections $memory_conns --concurrent $memory_conns
generate flood --mode syn-flood --seed 4 --connections $flood_syns --concurrent 1
tcpdump -r "$work/medium.pcap" -c 10 -w "$work/ten.pcap" 2>/dev/null
packets_of() { sed -n 's/^packets: //p' "$work/$1.pcap.report"; }

# ---- timing ----------------------------------------------------------------------------------------------------
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
declare -A seconds rss
timed() { # key, command... (stdout to /dev/null); fills seconds[key] (median) and rss[key] (median, KB)
    local key=$1; shift
    local t=() m=() i
    for ((i = 0; i < runs; i++)); do
        /usr/bin/time -f "%e %M" -o "$work/time.out" "$@" >/dev/null 2>>"$log" || say "  ($key exited non-zero)"
        # the last line: after a failed command GNU time writes "Command exited with non-zero status N" first
        read -r s k < <(tail -n 1 "$work/time.out")
        t+=("$s"); m+=("$k")
        echo "  $key run $((i + 1)): ${s}s ${k}KB" >>"$log"
    done
    seconds[$key]=$(printf '%s\n' "${t[@]}" | median)
    rss[$key]=$(printf '%s\n' "${m[@]}" | median)
    say "  $key: ${seconds[$key]} s (median of $runs), peak RSS $((${rss[$key]} / 1024)) MB"
}
warm() { cat "$work/$1.pcap" >/dev/null; }

say "timing, $runs runs each"
"$conntrail" -r "$work/ten.pcap" --format json >/dev/null 2>&1 || true # writes the launcher's archive
for w in medium big; do
    warm $w
    timed "tcpdump/$w" tcpdump -r "$work/$w.pcap" -w /dev/null
    timed "conntrail/$w" "$conntrail" -r "$work/$w.pcap" --format json
    JAVA_OPTS=-Dconntrail.threads=1 timed "conntrail-1t/$w" "$conntrail" -r "$work/$w.pcap" --format json
done
warm medium
timed "tcptrace/medium" tcptrace -n "$work/medium.pcap"
timed "tshark/medium" tshark -q -n -r "$work/medium.pcap" -z conv,tcp
saved_runs=$runs; runs=$((runs < 5 ? 5 : runs))
timed "conntrail/start" "$conntrail" -r "$work/ten.pcap" --format json
runs=$saved_runs

# ---- memory, allocation, flood -------------------------------------------------------------------------------------
say "memory: $memory_conns connections open at once (in-process, heap after GC)"
java -Xmx4g -cp "$harness_cp" dev.conntrail.cli.PipelineBench memory "$work/handshakes.pcap" $((memory_conns * 2)) \
    | tee "$work/memory.out" >>"$log"
timed "conntrail/handshakes" "$conntrail" -r "$work/handshakes.pcap" --format json --max-connections $((memory_conns * 2))
say "allocation per packet (in-process, medium workload)"
java -Xmx4g -cp "$harness_cp" dev.conntrail.cli.PipelineBench alloc "$work/medium.pcap" | tee "$work/alloc.out" >>"$log"
say "SYN flood: $flood_syns spoofed SYNs, --max-connections $flood_cap, heap capped at $flood_heap"
saved_runs=$runs; runs=1
export JAVA_OPTS="-Xmx$flood_heap -Xlog:gc:file=$work/flood-gc.log"
timed "conntrail/flood" "$conntrail" -r "$work/flood.pcap" --format json --max-connections $flood_cap
unset JAVA_OPTS
runs=$saved_runs
flood_heap_after_gc=$(grep -oE -- '->[0-9]+M' "$work/flood-gc.log" 2>/dev/null | tr -dc '0-9\n' | sort -n | tail -1 || true)

# ---- the table --------------------------------------------------------------------------------------------------
value() { sed -n "s/^$1: //p" "$2"; }
rate() { awk -v p="$1" -v s="$2" 'BEGIN {printf "%.0f", p / s}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; }
heap_per_conn=$(value heap_bytes_per_connection "$work/memory.out")
table_per_conn=$(value table_bytes_per_connection "$work/memory.out")
alloc_all=$(value alloc_bytes_per_packet_all "$work/alloc.out")
alloc_quiet=$(value alloc_bytes_per_packet_without_event "$work/alloc.out")
alloc_event=$(value alloc_bytes_per_event "$work/alloc.out")
{
    echo
    echo "conntrail benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "workloads: big = $(packets_of big) packets, $big_conns connections, $big_concurrent concurrent;" \
        "medium = $(packets_of medium) packets, $medium_conns connections, $medium_concurrent concurrent"
    echo
    printf '| %-12s | %-8s | %10s | %9s | %12s | %11s | %11s |\n' tool workload packets "median s" "packets/s" \
        "vs tcpdump" "peak RSS MB"
    printf '|%s|%s|%s|%s|%s|%s|%s|\n' -------------- ---------- ------------ ----------- -------------- ------------- -------------
    for key in tcpdump/big conntrail/big conntrail-1t/big tcpdump/medium conntrail/medium conntrail-1t/medium \
            tcptrace/medium tshark/medium; do
        tool=${key%/*}; w=${key#*/}
        p=$(packets_of "$w")
        r=$(rate "$p" "${seconds[$key]}")
        printf '| %-12s | %-8s | %10s | %9s | %12s | %11s | %11s |\n' "$tool" "$w" "$p" "${seconds[$key]}" "$r" \
            "$(ratio "$r" "$(rate "$p" "${seconds[tcpdump/$w]}")")" "$((${rss[$key]} / 1024))"
    done
    p=$(packets_of medium)
    echo
    echo "conntrail-1t: the same runs with JAVA_OPTS=-Dconntrail.threads=1 (reading, decoding, tracking and printing on one thread)"
    echo "conntrail vs tcptrace (medium): $(ratio "$(rate "$p" "${seconds[conntrail/medium]}")" "$(rate "$p" "${seconds[tcptrace/medium]}")") the packet rate"
    echo "heap per connection, $memory_conns open at once: ${heap_per_conn} B (connection table alone: ${table_per_conn} B);" \
        "whole process peak RSS $((${rss[conntrail/handshakes]} / 1024)) MB"
    echo "allocation per packet (medium, JSON to a null stream): ${alloc_quiet} B on packets that emit no event;" \
        "${alloc_all} B over all packets; ${alloc_event} B per event"
    echo "SYN flood, $(packets_of flood) SYNs, --max-connections $flood_cap, -Xmx$flood_heap: finished in" \
        "${seconds[conntrail/flood]} s, heap after GC at most ${flood_heap_after_gc:-?} MB, peak RSS $((${rss[conntrail/flood]} / 1024)) MB"
    echo "start-up, conntrail -r on a 10-packet file: ${seconds[conntrail/start]} s (median of 5)"
    echo
    echo "log: $log"
} | tee -a "$log"
