package dev.conntrail.cli;

import dev.conntrail.capture.CaptureStats;
import dev.conntrail.capture.wire.DecodeCounters;
import dev.conntrail.capture.wire.DecodeNote;
import dev.conntrail.capture.wire.DecodeOutcome;
import dev.conntrail.tracker.TrackerStats;
import dev.conntrail.tracker.event.Anomaly;
import dev.conntrail.tracker.event.CloseReason;
import java.io.PrintWriter;
import java.util.Map;

/** The run's totals, as {@code --verbose} and {@code --summary} print them. */
final class RunReport {
    private RunReport() {
    }

    static void print(PrintWriter out, long framesRead, long framesPassed, DecodeCounters d, TrackerStats t,
                      CaptureStats capture) {
        out.printf("packets: %d read", framesRead);
        if (framesPassed != framesRead) {
            out.printf(", %d passed the filter", framesPassed);
        }
        out.printf(", %d TCP segments tracked%n", d.get(DecodeOutcome.TCP));
        if (capture != null && capture.live()) {
            out.printf("capture: %d received by filter, %d dropped by kernel, %d dropped by interface%n",
                    capture.received(), capture.droppedByKernel(), capture.droppedByInterface());
            if (capture.anyDropped()) {
                out.printf("  WARNING: %d packets were lost before conntrail saw them; counters of connections "
                        + "open meanwhile are lower bounds%n", capture.droppedByKernel() + capture.droppedByInterface());
            }
        }
        printCounts(out, "skipped (not TCP)", d, DecodeOutcome.Category.SKIPPED);
        printCounts(out, "malformed", d, DecodeOutcome.Category.MALFORMED);
        if (d.total(DecodeOutcome.Category.HELD) > 0) {
            out.printf("  held for reassembly: %d fragments%n", d.total(DecodeOutcome.Category.HELD));
        }
        for (Map.Entry<DecodeNote, Long> n : d.nonZeroNotes().entrySet()) {
            out.printf("  noted %s: %d (%s)%n", n.getKey().code(), n.getValue(), n.getKey().description());
        }
        out.printf("connections: %d", t.connections());
        if (!t.closedBy().isEmpty()) {
            out.print(" (");
            String sep = "";
            for (Map.Entry<CloseReason, Long> e : t.closedBy().entrySet()) {
                out.printf("%s%s %d", sep, e.getKey().code(), e.getValue());
                sep = ", ";
            }
            out.print(")");
        }
        out.println();
        if (t.evictions() > 0) {
            out.printf("  evicted because the table was full: %d%n", t.evictions());
        }
        if (t.segmentsAfterClose() > 0) {
            out.printf("  segments after a reported close (counted, no event): %d%n", t.segmentsAfterClose());
        }
        out.printf("  most open at once: %d%n", t.peakOpen());
        if (!t.anomalies().isEmpty()) {
            out.println("anomalies:");
            for (Map.Entry<Anomaly, Long> e : t.anomalies().entrySet()) {
                out.printf("  %-28s %8d  %s%n", e.getKey().code(), e.getValue(), e.getKey().description());
            }
        }
    }

    /**
     * libpcap's counters in tcpdump's words: {@code 120 packets captured, 122 received by filter,
     * 0 dropped by kernel, 0 dropped by interface}.
     */
    static String captureLine(long captured, CaptureStats s) {
        return captured + " packets captured, " + s.received() + " received by filter, " + s.droppedByKernel()
                + " dropped by kernel, " + s.droppedByInterface() + " dropped by interface";
    }

    /** Said whenever a live capture lost packets: drops are never silent. */
    static String dropWarning(CaptureStats s, int inexactConnections) {
        return "WARNING: the capture lost " + (s.droppedByKernel() + s.droppedByInterface()) + " packets; "
                + inexactConnections + " connections open meanwhile are marked counts_exact: false (their counters "
                + "are lower bounds). A larger -B, a smaller -s or a narrower filter helps.";
    }

    private static void printCounts(PrintWriter out, String label, DecodeCounters d, DecodeOutcome.Category cat) {
        long total = d.total(cat);
        if (total == 0) {
            return;
        }
        out.printf("  %s: %d%n", label, total);
        for (Map.Entry<DecodeOutcome, Long> e : d.nonZero().entrySet()) {
            if (e.getKey().category() == cat) {
                out.printf("    %-28s %8d  %s%n", e.getKey().code(), e.getValue(), e.getKey().description());
            }
        }
    }
}
