package dev.conntrail.cli;

import dev.conntrail.tracker.event.Closed;
import dev.conntrail.tracker.event.Connection;
import dev.conntrail.tracker.event.ConnectionEvent;
import dev.conntrail.tracker.event.EventSink;
import dev.conntrail.tracker.event.FourTuple;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code --summary}: every connection in one table at the end, like {@code tshark -z conv,tcp} but with how
 * each one ended, its Zeek conn_state and history.
 */
final class SummaryTable implements EventSink {
    private final List<Closed> rows = new ArrayList<>();
    private long firstNanos = Long.MAX_VALUE;

    @Override
    public void accept(ConnectionEvent e) {
        firstNanos = Math.min(firstNanos, e.connection().startNanos());
        if (e instanceof Closed) {
            rows.add((Closed) e);
        }
    }

    void print(PrintWriter out) {
        rows.sort(Comparator.comparingLong((Closed c) -> c.connection().startNanos()));
        out.printf(Locale.ROOT, "TCP connections: %d%n", rows.size());
        String head = String.format(Locale.ROOT, "%-23s %-23s %-6s %-20s %-14s %9s %12s %9s %12s %12s %10s",
                "client", "server", "state", "ended", "history", "pkts ->", "bytes ->", "<- pkts", "<- bytes",
                "start", "duration");
        out.println(head);
        for (Closed c : rows) {
            Connection k = c.connection();
            FourTuple t = k.tuple();
            out.printf(Locale.ROOT, "%-23s %-23s %-6s %-20s %-14s %9d %12d %9d %12d %12.6f %10.6f%n",
                    FourTuple.endpoint(t.origAddr(), t.origPort()), FourTuple.endpoint(t.respAddr(), t.respPort()),
                    k.connState(), c.reason().code(), k.history().isEmpty() ? "-" : k.history(),
                    k.orig().packets(), k.orig().bytes(), k.resp().packets(), k.resp().bytes(),
                    (k.startNanos() - firstNanos) / 1e9, k.durationNanos() / 1e9);
        }
    }
}
