package dev.conntrail.tracker;

import dev.conntrail.tracker.event.Anomaly;
import dev.conntrail.tracker.event.CloseReason;
import java.util.EnumMap;
import java.util.Map;

/**
 * Run totals: what the tracker saw and did. A snapshot; the tracker keeps counting.
 *
 * @param segments             segments handed to the tracker
 * @param connections          connections opened
 * @param open                 connections in the table now (including closed ones still lingering)
 * @param peakOpen             the most connections the table held at once
 * @param closedBy             closed connections by how they ended
 * @param evictions            connections evicted because the table was full
 * @param segmentsAfterClose   segments that arrived for a connection already reported closed
 * @param anomalies            anomalies by kind
 * @param tableBytes           memory held by the connection table (slab, index, free list)
 */
public record TrackerStats(long segments, long connections, long open, long peakOpen,
                           Map<CloseReason, Long> closedBy, long evictions, long segmentsAfterClose,
                           Map<Anomaly, Long> anomalies, long tableBytes) {

    static TrackerStats of(long segments, long connections, long open, long peakOpen, long[] closedBy,
                           long evictions, long segmentsAfterClose, long[] anomalies, long tableBytes) {
        Map<CloseReason, Long> c = new EnumMap<>(CloseReason.class);
        for (CloseReason r : CloseReason.values()) {
            if (closedBy[r.ordinal()] != 0) {
                c.put(r, closedBy[r.ordinal()]);
            }
        }
        Map<Anomaly, Long> a = new EnumMap<>(Anomaly.class);
        for (Anomaly x : Anomaly.values()) {
            if (anomalies[x.ordinal()] != 0) {
                a.put(x, anomalies[x.ordinal()]);
            }
        }
        return new TrackerStats(segments, connections, open, peakOpen, c, evictions, segmentsAfterClose, a,
                tableBytes);
    }
}
