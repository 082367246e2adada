package dev.conntrail.cli.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.conntrail.cli.process.Attribution;
import dev.conntrail.cli.process.Owners;
import dev.conntrail.cli.process.ProcessOwner;
import dev.conntrail.cli.process.Unknown;
import dev.conntrail.tracker.event.Anomaly;
import dev.conntrail.tracker.event.CloseReason;
import dev.conntrail.tracker.event.Closed;
import dev.conntrail.tracker.event.Connection;
import dev.conntrail.tracker.event.ConnectionEvent;
import dev.conntrail.tracker.event.FourTuple;
import dev.conntrail.tracker.event.OpenKind;
import dev.conntrail.tracker.event.Side;
import dev.conntrail.tracker.segment.IpAddress;
import dev.conntrail.tracker.segment.Tunnel;
import dev.conntrail.tracker.state.TcpState;
import dev.conntrail.tracker.zeek.ConnState;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * JSON Lines: one object per event. Zeek's conn.log names where Zeek has the field ({@code ts} is the
 * connection's start, as in Zeek); conntrail's own fields otherwise. The field list is documented in the
 * README and does not change shape between events: every event carries the connection's counters so far.
 */
public final class JsonLinesPrinter implements EventPrinter {
    private static final SerializedString TS = new SerializedString("ts");
    private static final SerializedString EVENT_TS = new SerializedString("event_ts");
    private static final SerializedString EVENT = new SerializedString("event");
    private static final SerializedString UID = new SerializedString("uid");
    private static final SerializedString ORIG_H = new SerializedString("id.orig_h");
    private static final SerializedString ORIG_P = new SerializedString("id.orig_p");
    private static final SerializedString RESP_H = new SerializedString("id.resp_h");
    private static final SerializedString RESP_P = new SerializedString("id.resp_p");
    private static final SerializedString PROTO = new SerializedString("proto");
    private static final SerializedString DURATION = new SerializedString("duration");
    private static final SerializedString ORIG_BYTES = new SerializedString("orig_bytes");
    private static final SerializedString RESP_BYTES = new SerializedString("resp_bytes");
    private static final SerializedString CONN_STATE = new SerializedString("conn_state");
    private static final SerializedString MISSED = new SerializedString("missed_bytes");
    private static final SerializedString HISTORY = new SerializedString("history");
    private static final SerializedString ORIG_PKTS = new SerializedString("orig_pkts");
    private static final SerializedString ORIG_IP_BYTES = new SerializedString("orig_ip_bytes");
    private static final SerializedString RESP_PKTS = new SerializedString("resp_pkts");
    private static final SerializedString RESP_IP_BYTES = new SerializedString("resp_ip_bytes");
    private static final SerializedString OPENED_BY = new SerializedString("opened_by");
    private static final SerializedString ORIG_STATE = new SerializedString("orig_state");
    private static final SerializedString RESP_STATE = new SerializedString("resp_state");
    private static final SerializedString ENDED = new SerializedString("ended");
    private static final SerializedString RTT = new SerializedString("rtt");
    private static final SerializedString ORIG_RETRANS = new SerializedString("orig_retransmits");
    private static final SerializedString RESP_RETRANS = new SerializedString("resp_retransmits");
    private static final SerializedString ORIG_DUPS = new SerializedString("orig_duplicates");
    private static final SerializedString RESP_DUPS = new SerializedString("resp_duplicates");
    private static final SerializedString ORIG_REORDER = new SerializedString("orig_reordered");
    private static final SerializedString RESP_REORDER = new SerializedString("resp_reordered");
    private static final SerializedString ORIG_BAD_CSUM = new SerializedString("orig_bad_checksums");
    private static final SerializedString RESP_BAD_CSUM = new SerializedString("resp_bad_checksums");
    private static final SerializedString ORIG_ZERO_WIN = new SerializedString("orig_zero_windows");
    private static final SerializedString RESP_ZERO_WIN = new SerializedString("resp_zero_windows");
    private static final SerializedString ANOMALIES = new SerializedString("anomalies");
    private static final SerializedString TUNNEL = new SerializedString("tunnel");
    private static final SerializedString VLAN = new SerializedString("vlan");
    private static final SerializedString INNER_VLAN = new SerializedString("inner_vlan");
    private static final SerializedString EXACT = new SerializedString("counts_exact");
    private static final SerializedString TCP = new SerializedString("tcp");

    // the text of every enum value an event may carry, encoded once
    private static final SerializedString[] CONN_STATES = texts(ConnState.values(), ConnState::name);
    private static final SerializedString[] OPEN_KINDS = texts(OpenKind.values(), OpenKind::code);
    private static final SerializedString[] TCP_STATES = texts(TcpState.values(), TcpState::toString);
    private static final SerializedString[] CLOSE_REASONS = texts(CloseReason.values(), CloseReason::code);
    private static final SerializedString[] ANOMALY_CODES = texts(Anomaly.values(), Anomaly::code);
    private static final SerializedString ORIG_PROCESS = new SerializedString("orig_process");
    private static final SerializedString RESP_PROCESS = new SerializedString("resp_process");
    private static final SerializedString PID = new SerializedString("pid");
    private static final SerializedString COMMAND = new SerializedString("command");
    private static final SerializedString USER = new SerializedString("user");
    private static final SerializedString PROCESS_UID = new SerializedString("uid");
    private static final SerializedString CMDLINE = new SerializedString("cmdline");
    private static final SerializedString CGROUP = new SerializedString("cgroup");
    private static final SerializedString UNKNOWN = new SerializedString("unknown");

    private final JsonLines lines;
    private final JsonGenerator json;
    private final Annotations annotations;
    /** Numbers and IPv4 addresses are formatted here rather than into a new String each. */
    private final char[] scratch = new char[Math.max(Numbers.EPOCH_CHARS, Numbers.DOTTED_QUAD_CHARS)];

    public JsonLinesPrinter(OutputStream out, boolean lineBuffered, Annotations annotations) {
        this.lines = new JsonLines(out, lineBuffered);
        this.json = lines.json;
        this.annotations = annotations;
    }

    @Override
    public void accept(ConnectionEvent e) {
        try {
            write(e);
            lines.endLine();
        } catch (IOException x) {
            throw new OutputGone(x);
        }
    }

    private void write(ConnectionEvent e) throws IOException {
        Connection c = e.connection();
        FourTuple t = c.tuple();
        Side o = c.orig();
        Side r = c.resp();
        JsonGenerator g = json;
        g.writeStartObject();
        char[] text = scratch;
        g.writeFieldName(TS);
        g.writeNumber(text, 0, Numbers.epoch(c.startNanos(), text, 0));
        g.writeFieldName(EVENT_TS);
        g.writeNumber(text, 0, Numbers.epoch(e.timeNanos(), text, 0));
        g.writeFieldName(EVENT);
        g.writeString(e.kind());
        g.writeFieldName(UID);
        g.writeString(c.uid());
        g.writeFieldName(ORIG_H);
        address(t.origAddr());
        g.writeFieldName(ORIG_P);
        g.writeNumber(t.origPort());
        g.writeFieldName(RESP_H);
        address(t.respAddr());
        g.writeFieldName(RESP_P);
        g.writeNumber(t.respPort());
        g.writeFieldName(PROTO);
        g.writeString(TCP);
        g.writeFieldName(DURATION);
        g.writeNumber(text, 0, Numbers.seconds(c.durationNanos(), text, 0));
        g.writeFieldName(ORIG_BYTES);
        g.writeNumber(o.bytes());
        g.writeFieldName(RESP_BYTES);
        g.writeNumber(r.bytes());
        g.writeFieldName(CONN_STATE);
        g.writeString(CONN_STATES[c.connState().ordinal()]);
        g.writeFieldName(MISSED);
        g.writeNumber(c.missedBytes());
        g.writeFieldName(HISTORY);
        g.writeString(c.history());
        g.writeFieldName(ORIG_PKTS);
        g.writeNumber(o.packets());
        g.writeFieldName(ORIG_IP_BYTES);
        g.writeNumber(o.ipBytes());
        g.writeFieldName(RESP_PKTS);
        g.writeNumber(r.packets());
        g.writeFieldName(RESP_IP_BYTES);
        g.writeNumber(r.ipBytes());
        g.writeFieldName(OPENED_BY);
        g.writeString(OPEN_KINDS[c.opened().ordinal()]);
        g.writeFieldName(ORIG_STATE);
        g.writeString(TCP_STATES[o.state().ordinal()]);
        g.writeFieldName(RESP_STATE);
        g.writeString(TCP_STATES[r.state().ordinal()]);
        if (e instanceof Closed) {
            g.writeFieldName(ENDED);
            g.writeString(CLOSE_REASONS[((Closed) e).reason().ordinal()]);
        }
        if (c.rttNanos() >= 0) {
            g.writeFieldName(RTT);
            g.writeNumber(text, 0, Numbers.seconds(c.rttNanos(), text, 0));
        }
        g.writeFieldName(ORIG_RETRANS);
        g.writeNumber(o.retransmits());
        g.writeFieldName(RESP_RETRANS);
        g.writeNumber(r.retransmits());
        g.writeFieldName(ORIG_DUPS);
        g.writeNumber(o.duplicates());
        g.writeFieldName(RESP_DUPS);
        g.writeNumber(r.duplicates());
        g.writeFieldName(ORIG_REORDER);
        g.writeNumber(o.reordered());
        g.writeFieldName(RESP_REORDER);
        g.writeNumber(r.reordered());
        g.writeFieldName(ORIG_BAD_CSUM);
        g.writeNumber(o.badChecksums());
        g.writeFieldName(RESP_BAD_CSUM);
        g.writeNumber(r.badChecksums());
        g.writeFieldName(ORIG_ZERO_WIN);
        g.writeNumber(o.zeroWindows());
        g.writeFieldName(RESP_ZERO_WIN);
        g.writeNumber(r.zeroWindows());
        g.writeFieldName(ANOMALIES);
        g.writeStartArray();
        for (Anomaly a : c.anomalies()) {
            g.writeString(ANOMALY_CODES[a.ordinal()]);
        }
        g.writeEndArray();
        if (c.tunnel() != Tunnel.NONE) {
            g.writeFieldName(TUNNEL);
            g.writeString(c.tunnel().label());
        }
        if (c.outerVlan() >= 0) {
            g.writeFieldName(VLAN);
            g.writeNumber(c.outerVlan());
        }
        if (c.innerVlan() >= 0) {
            g.writeFieldName(INNER_VLAN);
            g.writeNumber(c.innerVlan());
        }
        if (!annotations.countsExact(c, e.timeNanos())) {
            g.writeFieldName(EXACT);
            g.writeBoolean(false);
        }
        Owners owners = annotations.owners(c);
        if (owners != null) {
            g.writeFieldName(ORIG_PROCESS);
            process(owners.orig());
            g.writeFieldName(RESP_PROCESS);
            process(owners.resp());
        }
        g.writeEndObject();
    }

    /**
     * {@code {"pid":4242,"command":"curl","user":"alice","uid":1000,"cmdline":"curl -s ..."}} (and
     * {@code cgroup} for a process in another network namespace), or {@code {"unknown":"gone"}}.
     */
    private void process(Attribution a) throws IOException {
        JsonGenerator g = json;
        g.writeStartObject();
        if (a instanceof ProcessOwner) {
            ProcessOwner p = (ProcessOwner) a;
            g.writeFieldName(PID);
            g.writeNumber(p.pid());
            g.writeFieldName(COMMAND);
            g.writeString(p.command());
            g.writeFieldName(USER);
            g.writeString(p.user());
            g.writeFieldName(PROCESS_UID);
            g.writeNumber(p.uid());
            if (!p.cmdline().isEmpty()) {
                g.writeFieldName(CMDLINE);
                g.writeString(p.cmdline());
            }
            if (p.cgroup() != null) {
                g.writeFieldName(CGROUP);
                g.writeString(p.cgroup());
            }
        } else {
            g.writeFieldName(UNKNOWN);
            g.writeString(((Unknown) a).code());
        }
        g.writeEndObject();
    }

    private void address(IpAddress a) throws IOException {
        if (a.v6()) {
            json.writeString(a.toString());
        } else {
            json.writeString(scratch, 0, Numbers.dottedQuad(a.v4(), scratch, 0));
        }
    }

    private static <E extends Enum<E>> SerializedString[] texts(E[] values, Function<E, String> text) {
        SerializedString[] out = new SerializedString[values.length];
        for (E v : values) {
            out[v.ordinal()] = new SerializedString(text.apply(v));
        }
        return out;
    }

    @Override
    public void flush() {
        lines.flush();
    }

    @Override
    public void finish() {
        flush();
    }
}
