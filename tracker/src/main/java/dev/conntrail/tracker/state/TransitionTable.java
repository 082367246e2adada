package dev.conntrail.tracker.state;

import static dev.conntrail.tracker.state.Direction.RECEIVED;
import static dev.conntrail.tracker.state.Direction.SENT;
import static dev.conntrail.tracker.state.SegmentKind.ACK;
import static dev.conntrail.tracker.state.SegmentKind.ACK_OF_FIN;
import static dev.conntrail.tracker.state.SegmentKind.ACK_OF_SYN;
import static dev.conntrail.tracker.state.SegmentKind.FIN;
import static dev.conntrail.tracker.state.SegmentKind.RST;
import static dev.conntrail.tracker.state.SegmentKind.SYN;
import static dev.conntrail.tracker.state.SegmentKind.SYN_ACK;
import static dev.conntrail.tracker.state.TcpState.CLOSED;
import static dev.conntrail.tracker.state.TcpState.CLOSE_WAIT;
import static dev.conntrail.tracker.state.TcpState.CLOSING;
import static dev.conntrail.tracker.state.TcpState.ESTABLISHED;
import static dev.conntrail.tracker.state.TcpState.FIN_WAIT_1;
import static dev.conntrail.tracker.state.TcpState.FIN_WAIT_2;
import static dev.conntrail.tracker.state.TcpState.LAST_ACK;
import static dev.conntrail.tracker.state.TcpState.SYN_RECEIVED;
import static dev.conntrail.tracker.state.TcpState.SYN_SENT;
import static dev.conntrail.tracker.state.TcpState.TIME_WAIT;
import static dev.conntrail.tracker.state.Verdict.IGNORE;
import static dev.conntrail.tracker.state.Verdict.INVALID;
import static dev.conntrail.tracker.state.Verdict.MOVE;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The whole TCP endpoint state machine as one table, indexed by (direction, segment kind, state).
 *
 * <p>We are an observer in the middle, not an endpoint: we see a segment before its receiver does, and we
 * never know for sure that it arrives. As the Linux kernel's {@code nf_conntrack_proto_tcp.c} does, we
 * assume that what we see is delivered. Unlike the kernel, which keeps one state per connection, we keep
 * one RFC 9293 state per endpoint and apply every segment twice: to its sender ({@link Direction#SENT}) and
 * to its receiver ({@link Direction#RECEIVED}). Each row below can therefore be checked against the
 * "snd"/"rcv" labels of RFC 793 figure 6 and the segment-arrival rules of RFC 9293 section 3.10.7.
 *
 * <p>A cell either moves the endpoint ({@link Verdict#MOVE}, possibly to the same state), lets the segment
 * pass without a change because it may well be valid ({@link Verdict#IGNORE}: a retransmission, or a step
 * a listener takes silently), or marks it impossible for a correct endpoint ({@link Verdict#INVALID}: the
 * tracker counts an anomaly and leaves the state alone). Named special cases run after the lookup, in the
 * tracker: the RFC 5961 RST window check, old duplicate SYNs, a new incarnation on a closed 4-tuple, and
 * captures that miss one direction.
 *
 * <p>{@link SegmentKind#ACK_OF_SYN} and {@link SegmentKind#ACK_OF_FIN} only exist for the receiver; the
 * sender's rows use the other five kinds.
 */
public final class TransitionTable {

    /** The kinds each direction uses. */
    public static final Set<SegmentKind> SENT_KINDS = Collections.unmodifiableSet(EnumSet.of(SYN, SYN_ACK, FIN, ACK, RST));
    public static final Set<SegmentKind> RECEIVED_KINDS = Collections.unmodifiableSet(EnumSet.allOf(SegmentKind.class));

    private static final Transition[][][] CELLS =
            new Transition[Direction.values().length][SegmentKind.values().length][TcpState.values().length];
    private static final List<Row> ROWS = new ArrayList<>();

    /** One cell with its coordinates, for walking the table. */
    public record Row(Direction direction, SegmentKind kind, TcpState state, Transition transition) {
    }

    static {
        // ---- segments the endpoint SENDS ---------------------------------------------------------------------

        cell(SENT, SYN, CLOSED, MOVE, SYN_SENT, "active OPEN: snd SYN");
        cell(SENT, SYN, SYN_SENT, IGNORE, SYN_SENT, "SYN retransmitted");
        cell(SENT, SYN, SYN_RECEIVED, IGNORE, SYN_RECEIVED, "SYN retransmitted during a simultaneous open");
        for (TcpState s : List.of(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK)) {
            cell(SENT, SYN, s, INVALID, s, "a synchronized endpoint sends no SYN");
        }
        cell(SENT, SYN, TIME_WAIT, INVALID, TIME_WAIT, "SYN from TIME-WAIT that does not start a new incarnation");

        cell(SENT, SYN_ACK, CLOSED, MOVE, SYN_RECEIVED, "passive OPEN: rcv SYN, snd SYN,ACK");
        cell(SENT, SYN_ACK, SYN_SENT, MOVE, SYN_RECEIVED, "simultaneous open: rcv SYN, snd SYN,ACK");
        cell(SENT, SYN_ACK, SYN_RECEIVED, IGNORE, SYN_RECEIVED, "SYN,ACK retransmitted");
        cell(SENT, SYN_ACK, ESTABLISHED, IGNORE, ESTABLISHED, "SYN,ACK retransmitted: the final ACK was lost");
        for (TcpState s : List.of(FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT)) {
            cell(SENT, SYN_ACK, s, INVALID, s, "SYN,ACK after the close began");
        }

        cell(SENT, FIN, CLOSED, INVALID, CLOSED, "FIN from an endpoint that never opened");
        cell(SENT, FIN, SYN_SENT, INVALID, SYN_SENT, "FIN from SYN-SENT: a CLOSE there sends no FIN");
        cell(SENT, FIN, SYN_RECEIVED, MOVE, FIN_WAIT_1, "CLOSE in SYN-RECEIVED: snd FIN");
        cell(SENT, FIN, ESTABLISHED, MOVE, FIN_WAIT_1, "active CLOSE: snd FIN");
        cell(SENT, FIN, FIN_WAIT_1, IGNORE, FIN_WAIT_1, "FIN retransmitted");
        cell(SENT, FIN, FIN_WAIT_2, IGNORE, FIN_WAIT_2, "FIN retransmitted after its ACK");
        cell(SENT, FIN, CLOSE_WAIT, MOVE, LAST_ACK, "passive CLOSE: snd FIN");
        cell(SENT, FIN, CLOSING, IGNORE, CLOSING, "FIN retransmitted");
        cell(SENT, FIN, LAST_ACK, IGNORE, LAST_ACK, "FIN retransmitted");
        cell(SENT, FIN, TIME_WAIT, IGNORE, TIME_WAIT, "FIN retransmitted after its ACK");

        cell(SENT, ACK, CLOSED, INVALID, CLOSED, "segment from an endpoint that is not open");
        cell(SENT, ACK, SYN_SENT, MOVE, ESTABLISHED,
                "SYN-SENT sends only SYN or RST: an ACK means the SYN,ACK arrived (though not captured)");
        cell(SENT, ACK, SYN_RECEIVED, MOVE, ESTABLISHED,
                "SYN-RECEIVED sends only SYN,ACK or RST: anything else means its SYN was acknowledged");
        for (TcpState s : List.of(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT)) {
            cell(SENT, ACK, s, MOVE, s, "data or ACK");
        }

        cell(SENT, RST, CLOSED, IGNORE, CLOSED, "RST from a closed endpoint, answering a stray segment");
        for (TcpState s : List.of(SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING,
                LAST_ACK, TIME_WAIT)) {
            cell(SENT, RST, s, MOVE, CLOSED, "ABORT: snd RST");
        }

        // ---- segments the endpoint RECEIVES ------------------------------------------------------------------

        cell(RECEIVED, SYN, CLOSED, IGNORE, CLOSED, "rcv SYN at a listener: not observable until it answers");
        cell(RECEIVED, SYN, SYN_SENT, MOVE, SYN_RECEIVED, "simultaneous open: rcv SYN");
        cell(RECEIVED, SYN, SYN_RECEIVED, IGNORE, SYN_RECEIVED, "SYN retransmitted");
        for (TcpState s : List.of(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK)) {
            cell(RECEIVED, SYN, s, INVALID, s, "SYN to a synchronized endpoint, answered by a challenge ACK");
        }
        cell(RECEIVED, SYN, TIME_WAIT, INVALID, TIME_WAIT, "SYN to TIME-WAIT that does not start a new incarnation");

        cell(RECEIVED, SYN_ACK, CLOSED, INVALID, CLOSED, "SYN,ACK to an endpoint that sent no SYN");
        cell(RECEIVED, SYN_ACK, SYN_SENT, MOVE, ESTABLISHED, "rcv SYN,ACK: snd ACK");
        cell(RECEIVED, SYN_ACK, SYN_RECEIVED, MOVE, ESTABLISHED, "simultaneous open: rcv SYN,ACK of its SYN");
        cell(RECEIVED, SYN_ACK, ESTABLISHED, IGNORE, ESTABLISHED, "SYN,ACK retransmitted");
        for (TcpState s : List.of(FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT)) {
            cell(RECEIVED, SYN_ACK, s, INVALID, s, "SYN,ACK after the close began");
        }

        cell(RECEIVED, FIN, CLOSED, INVALID, CLOSED, "FIN to an endpoint that is not open");
        cell(RECEIVED, FIN, SYN_SENT, INVALID, SYN_SENT, "FIN to SYN-SENT is not processed");
        cell(RECEIVED, FIN, SYN_RECEIVED, MOVE, CLOSE_WAIT, "rcv FIN in SYN-RECEIVED");
        cell(RECEIVED, FIN, ESTABLISHED, MOVE, CLOSE_WAIT, "rcv FIN: snd ACK");
        cell(RECEIVED, FIN, FIN_WAIT_1, MOVE, CLOSING, "simultaneous close: rcv FIN before the ACK of its own");
        cell(RECEIVED, FIN, FIN_WAIT_2, MOVE, TIME_WAIT, "rcv FIN: snd ACK");
        cell(RECEIVED, FIN, CLOSE_WAIT, IGNORE, CLOSE_WAIT, "FIN retransmitted");
        cell(RECEIVED, FIN, CLOSING, IGNORE, CLOSING, "FIN retransmitted");
        cell(RECEIVED, FIN, LAST_ACK, IGNORE, LAST_ACK, "FIN retransmitted");
        cell(RECEIVED, FIN, TIME_WAIT, IGNORE, TIME_WAIT, "FIN retransmitted: the ACK is sent again");

        cell(RECEIVED, ACK_OF_SYN, CLOSED, INVALID, CLOSED, "ACK of a SYN the endpoint did not send");
        cell(RECEIVED, ACK_OF_SYN, SYN_SENT, IGNORE, SYN_SENT,
                "ACK of its SYN without the peer's SYN: some stacks acknowledge before answering");
        cell(RECEIVED, ACK_OF_SYN, SYN_RECEIVED, MOVE, ESTABLISHED, "rcv ACK of SYN");
        for (TcpState s : List.of(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT)) {
            cell(RECEIVED, ACK_OF_SYN, s, IGNORE, s, "ACK of SYN repeated");
        }

        cell(RECEIVED, ACK_OF_FIN, CLOSED, IGNORE, CLOSED, "ACK of FIN repeated after the close");
        for (TcpState s : List.of(SYN_SENT, SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT)) {
            cell(RECEIVED, ACK_OF_FIN, s, INVALID, s, "ACK of a FIN the endpoint did not send");
        }
        cell(RECEIVED, ACK_OF_FIN, FIN_WAIT_1, MOVE, FIN_WAIT_2, "rcv ACK of FIN");
        cell(RECEIVED, ACK_OF_FIN, FIN_WAIT_2, IGNORE, FIN_WAIT_2, "ACK of FIN repeated");
        cell(RECEIVED, ACK_OF_FIN, CLOSING, MOVE, TIME_WAIT, "rcv ACK of FIN");
        cell(RECEIVED, ACK_OF_FIN, LAST_ACK, MOVE, CLOSED, "rcv ACK of FIN");
        cell(RECEIVED, ACK_OF_FIN, TIME_WAIT, IGNORE, TIME_WAIT, "ACK of FIN repeated");

        cell(RECEIVED, ACK, CLOSED, IGNORE, CLOSED, "segment to an endpoint that is not open: it answers RST, if at all");
        cell(RECEIVED, ACK, SYN_SENT, IGNORE, SYN_SENT, "SYN-SENT drops a segment without SYN or RST");
        for (TcpState s : List.of(SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK,
                TIME_WAIT)) {
            cell(RECEIVED, ACK, s, MOVE, s, "data or ACK");
        }

        cell(RECEIVED, RST, CLOSED, IGNORE, CLOSED, "RST to an endpoint that is not open");
        cell(RECEIVED, RST, SYN_SENT, MOVE, CLOSED, "rcv RST acknowledging its SYN: connection refused");
        cell(RECEIVED, RST, SYN_RECEIVED, MOVE, CLOSED,
                "rcv RST: a passively opened endpoint returns to LISTEN (observed as CLOSED)");
        for (TcpState s : List.of(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT)) {
            cell(RECEIVED, RST, s, MOVE, CLOSED, "rcv RST: connection reset");
        }

        checkComplete();
    }

    private TransitionTable() {
    }

    private static void cell(Direction d, SegmentKind k, TcpState s, Verdict v, TcpState next, String reason) {
        if (CELLS[d.ordinal()][k.ordinal()][s.ordinal()] != null) {
            throw new IllegalStateException("cell defined twice: " + d + " " + k + " " + s);
        }
        if (v != MOVE && next != s) {
            throw new IllegalStateException("only MOVE changes state: " + d + " " + k + " " + s);
        }
        Transition t = new Transition(v, next, reason);
        CELLS[d.ordinal()][k.ordinal()][s.ordinal()] = t;
        ROWS.add(new Row(d, k, s, t));
    }

    private static void checkComplete() {
        for (Direction d : Direction.values()) {
            for (SegmentKind k : kinds(d)) {
                for (TcpState s : TcpState.values()) {
                    if (CELLS[d.ordinal()][k.ordinal()][s.ordinal()] == null) {
                        throw new IllegalStateException("cell missing: " + d + " " + k + " " + s);
                    }
                }
            }
        }
    }

    /** The kinds that have rows for a direction. */
    public static Set<SegmentKind> kinds(Direction direction) {
        return direction == SENT ? SENT_KINDS : RECEIVED_KINDS;
    }

    /** The cell for an endpoint in {@code state} that sends or receives a segment of {@code kind}. */
    public static Transition lookup(Direction direction, SegmentKind kind, TcpState state) {
        Transition t = CELLS[direction.ordinal()][kind.ordinal()][state.ordinal()];
        if (t == null) {
            throw new IllegalArgumentException(kind + " is not a kind for " + direction);
        }
        return t;
    }

    /** Every cell, in the order written above. */
    public static List<Row> rows() {
        return Collections.unmodifiableList(ROWS);
    }
}
