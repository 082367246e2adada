package dev.conntrail.cli;

import dev.conntrail.capture.CaptureStats;
import dev.conntrail.capture.wire.DecodeCounters;
import dev.conntrail.tracker.TrackerStats;
import dev.conntrail.tracker.event.ConnectionEvent;
import dev.conntrail.tracker.event.EventSink;
import java.io.PrintWriter;

/**
 * What a run, from files or live, prints when it ends: with {@code --summary} the table of connections and
 * the totals, where the command says (standard output when the events are text, standard error otherwise,
 * so that a JSON or Zeek stream stays one format); with {@code -v} the totals, on standard error.
 */
final class EndOfRun {
    private final SummaryTable table;
    private final PrintWriter summaryTo;
    private final PrintWriter err;
    private final boolean verbose;

    EndOfRun(boolean summary, PrintWriter summaryTo, PrintWriter err, boolean verbose) {
        this.table = summary ? new SummaryTable() : null;
        this.summaryTo = summaryTo;
        this.err = err;
        this.verbose = verbose;
    }

    /** The sink the tracker writes to: the printer, and with {@code --summary} the table too. */
    EventSink sink(EventSink printer) {
        if (table == null) {
            return printer;
        }
        return (ConnectionEvent e) -> {
            printer.accept(e);
            table.accept(e);
        };
    }

    /** After the last event: the table and totals, or the totals alone, or nothing. */
    void report(long framesRead, long framesPassed, DecodeCounters decoded, TrackerStats tracked,
                CaptureStats capture) {
        if (table != null) {
            table.print(summaryTo);
            RunReport.print(summaryTo, framesRead, framesPassed, decoded, tracked, capture);
            summaryTo.flush();
        } else if (verbose) {
            RunReport.print(err, framesRead, framesPassed, decoded, tracked, capture);
            err.flush();
        }
    }
}
