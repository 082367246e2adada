package dev.conntrail.cli.output;

import dev.conntrail.cli.process.Attribution;
import dev.conntrail.cli.process.Owners;
import dev.conntrail.cli.process.ProcessOwner;
import dev.conntrail.cli.process.Unknown;
import dev.conntrail.tracker.event.Anomaly;
import dev.conntrail.tracker.event.Closed;
import dev.conntrail.tracker.event.Connection;
import dev.conntrail.tracker.event.ConnectionEvent;
import dev.conntrail.tracker.event.Established;
import dev.conntrail.tracker.event.OpenKind;
import dev.conntrail.tracker.event.Opened;
import dev.conntrail.tracker.segment.Tunnel;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * One aligned line per event, for people:
 *
 * <pre>
 * 14:03:07.214503 opened      10.0.0.1:51234 -> 10.0.0.2:443
 * 14:03:07.215011 established 10.0.0.1:51234 -> 10.0.0.2:443   rtt 0.5ms
 * 14:03:09.902113 closed      10.0.0.1:51234 -> 10.0.0.2:443   2.69s  client 12 pkts 1.2 kB  server 10 pkts 15.3 kB  fin  SF ShADadFf
 * </pre>
 *
 * Times are the packet's time of day in the local time zone, as tcpdump prints them. With {@code -P} each
 * line ends with the processes at both ends, client first, as lsof's COMMAND PID USER columns; {@code ?}
 * and the reason in parentheses where an end is not known:
 *
 * <pre>
 * 14:03:07.214503 opened      127.0.0.1:51234 -> 127.0.0.1:5173     procs firefox 3329 user -> node 34093 user
 * 14:03:07.214503 opened      10.0.0.1:51234 -> 93.184.215.14:443   procs curl 4242 alice -> ? (not_local)
 * </pre>
 */
public final class TextPrinter implements EventPrinter {
    private static final int TUPLE_WIDTH = 46;

    private final TextLines out;
    private final ZoneId zone;
    private final Annotations annotations;
    private final StringBuilder line = new StringBuilder(200);

    public TextPrinter(OutputStream out, boolean lineBuffered, ZoneId zone, Annotations annotations) {
        this.out = new TextLines(out, lineBuffered);
        this.zone = zone;
        this.annotations = annotations;
    }

    @Override
    public void accept(ConnectionEvent e) {
        Connection c = e.connection();
        line.setLength(0);
        timeOfDay(e.timeNanos());
        line.append(' ');
        pad(e.kind(), 12);
        int mark = line.length();
        line.append(c.tuple());
        padTo(mark + TUPLE_WIDTH);
        if (e instanceof Opened) {
            if (c.opened() != OpenKind.SYN) {
                line.append(c.opened() == OpenKind.MID_STREAM ? "  (mid-stream: no handshake seen)"
                        : "  (from the SYN-ACK: the SYN was not captured)");
            }
        } else if (e instanceof Established) {
            if (c.rttNanos() >= 0) {
                line.append("  rtt ").append(Numbers.duration(c.rttNanos()));
            }
        } else {
            line.append("  ").append(Numbers.duration(c.durationNanos()));
            line.append("  client ").append(c.orig().packets()).append(" pkts ").append(Numbers.bytes(c.orig().bytes()));
            line.append("  server ").append(c.resp().packets()).append(" pkts ").append(Numbers.bytes(c.resp().bytes()));
            if (e instanceof Closed) {
                line.append("  ").append(((Closed) e).reason().code());
            }
            line.append("  ").append(c.connState()).append(' ').append(c.history().isEmpty() ? "-" : c.history());
        }
        if (c.tunnel() != Tunnel.NONE) {
            line.append("  via ").append(c.tunnel().label());
        }
        if (!(e instanceof Opened) && !c.anomalies().isEmpty()) {
            line.append("  [");
            boolean first = true;
            for (Anomaly a : c.anomalies()) {
                line.append(first ? "" : ",").append(a.code());
                first = false;
            }
            line.append(']');
        }
        if (!annotations.countsExact(c, e.timeNanos())) {
            line.append("  (counts inexact: capture dropped packets)");
        }
        Owners owners = annotations.owners(c);
        if (owners != null) {
            line.append("  procs ");
            process(owners.orig());
            line.append(" -> ");
            process(owners.resp());
        }
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        line.setLength(end);
        line.append('\n');
        out.write(line);
    }

    private void process(Attribution a) {
        if (a instanceof ProcessOwner) {
            ProcessOwner p = (ProcessOwner) a;
            line.append(p.command()).append(' ').append(p.pid()).append(' ').append(p.user());
            if (p.cgroup() != null) {
                line.append(" [").append(p.cgroup(), p.cgroup().lastIndexOf('/') + 1, p.cgroup().length()).append(']');
            }
        } else {
            line.append("? (").append(((Unknown) a).code()).append(')');
        }
    }

    private void timeOfDay(long nanos) {
        ZonedDateTime t = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L)).atZone(zone);
        two(t.getHour());
        line.append(':');
        two(t.getMinute());
        line.append(':');
        two(t.getSecond());
        line.append('.');
        String micros = Long.toString(Math.floorMod(nanos, 1_000_000_000L) / 1000 + 1_000_000);
        line.append(micros, 1, 7);
    }

    private void two(int v) {
        if (v < 10) {
            line.append('0');
        }
        line.append(v);
    }

    private void pad(String s, int width) {
        line.append(s);
        for (int i = s.length(); i < width; i++) {
            line.append(' ');
        }
    }

    private void padTo(int column) {
        while (line.length() < column) {
            line.append(' ');
        }
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void finish() {
        flush();
    }
}
