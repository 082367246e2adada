package dev.conntrail.cli;

import dev.conntrail.capture.CaptureStats;
import dev.conntrail.cli.output.Annotations;
import dev.conntrail.tracker.event.Connection;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Remembers when a live capture lost packets, so that no connection whose counters may miss some is
 * presented as exact.
 *
 * <p>libpcap's drop counters only say how many were lost by the time they are read. So the ledger reads
 * them (at every pause of the capture, and before any event newer than its last reading) and, when they
 * grew, records the interval between the two readings: the drops happened somewhere in it. A connection
 * open during any such interval ({@code start <= interval end} and {@code event time > interval start}) is
 * reported with {@code counts_exact: false}. Kernel drops and interface drops count alike.
 *
 * <p>Capture thread only: the printers ask while the capture thread prints, and a reading is a
 * {@code pcap_stats} call on the handle that thread owns. Nothing is allocated unless drops happen.
 */
final class DropLedger implements Annotations {
    private final Supplier<CaptureStats> stats;
    private final LongSupplier wallNanos;

    private long lastReadingNanos = Long.MIN_VALUE;
    private long lastDropped;
    private CaptureStats last = new CaptureStats(0, 0, 0, true);
    private boolean frozen;

    /** Intervals (start exclusive, end inclusive) in which drops were found, in time order. */
    private long[] starts = new long[0];
    private long[] ends = new long[0];
    private int intervals;
    private final Set<String> inexact = new HashSet<>();

    DropLedger(Supplier<CaptureStats> stats, LongSupplier wallNanos) {
        this.stats = stats;
        this.wallNanos = wallNanos;
    }

    /** Reads the counters now; returns the reading. After {@link #freeze()}, returns the last one. */
    CaptureStats read() {
        if (frozen) {
            return last;
        }
        long now = wallNanos.getAsLong();
        CaptureStats s = stats.get();
        record(now, s);
        return s;
    }

    /** Records a reading taken at {@code nowNanos} (wall clock, the clock packets are stamped with). */
    void record(long nowNanos, CaptureStats s) {
        long dropped = s.droppedByKernel() + s.droppedByInterface();
        if (dropped > lastDropped) {
            long from = lastReadingNanos;
            if (intervals > 0 && ends[intervals - 1] >= from) {
                ends[intervals - 1] = nowNanos; // continues the previous interval
            } else {
                if (intervals == starts.length) {
                    starts = Arrays.copyOf(starts, Math.max(4, intervals * 2));
                    ends = Arrays.copyOf(ends, starts.length);
                }
                starts[intervals] = from;
                ends[intervals] = nowNanos;
                intervals++;
            }
        }
        lastDropped = dropped;
        lastReadingNanos = Math.max(lastReadingNanos, nowNanos);
        last = s;
    }

    /** No more readings: the capture is closed; the last reading covers everything still to be printed. */
    void freeze() {
        frozen = true;
    }

    CaptureStats last() {
        return last;
    }

    /** Connections reported with inexact counters so far (each counted once). */
    int inexactConnections() {
        return inexact.size();
    }

    @Override
    public boolean countsExact(Connection connection, long eventNanos) {
        if (eventNanos > lastReadingNanos && !frozen) {
            read(); // drops up to the event may not have been read yet
        }
        long start = connection.startNanos();
        for (int i = intervals - 1; i >= 0; i--) {
            if (starts[i] < eventNanos && ends[i] >= start) {
                inexact.add(connection.uid());
                return false;
            }
        }
        return true;
    }
}
