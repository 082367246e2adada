package dev.conntrail.tracker.state;

import static dev.conntrail.tracker.state.Direction.RECEIVED;
import static dev.conntrail.tracker.state.Direction.SENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conntrail.tracker.Scenario;
import dev.conntrail.tracker.event.Anomaly;
import dev.conntrail.tracker.event.Connection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Walks the transition table row by row, then checks it against RFC 793 figure 6. */
class TransitionTableTest {

    static Stream<TransitionTable.Row> rows() {
        return TransitionTable.rows().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void everyCellIsReachableByLookupAndExplainsItself(TransitionTable.Row row) {
        Transition t = TransitionTable.lookup(row.direction(), row.kind(), row.state());
        assertEquals(row.transition(), t);
        assertFalse(t.reason().isBlank(), "a reason for every cell");
        if (t.verdict() != Verdict.MOVE) {
            assertEquals(row.state(), t.next(), "only MOVE changes the state");
        }
        assertTrue(TransitionTable.kinds(row.direction()).contains(row.kind()));
    }

    @Test
    void tableCoversEveryStateForEveryKindOfEachDirectionExactlyOnce() {
        Set<String> seen = new HashSet<>();
        for (TransitionTable.Row r : TransitionTable.rows()) {
            assertTrue(seen.add(r.direction() + "/" + r.kind() + "/" + r.state()), "duplicate " + r);
        }
        int expected = (TransitionTable.kinds(SENT).size() + TransitionTable.kinds(RECEIVED).size())
                * TcpState.values().length;
        assertEquals(expected, seen.size());
    }

    @Test
    void senderSideHasNoAcknowledgementKinds() {
        assertThrows(IllegalArgumentException.class,
                () -> TransitionTable.lookup(SENT, SegmentKind.ACK_OF_FIN, TcpState.FIN_WAIT_1));
        assertThrows(IllegalArgumentException.class,
                () -> TransitionTable.lookup(SENT, SegmentKind.ACK_OF_SYN, TcpState.SYN_RECEIVED));
    }

    /** The arrows of RFC 793 figure 6 (as updated by RFC 9293 figure 5), in table terms. */
    static Stream<Arguments> rfcFigure6() {
        return Stream.of(
                Arguments.of("CLOSED -> SYN-SENT: active OPEN, snd SYN", SENT, SegmentKind.SYN, TcpState.CLOSED, TcpState.SYN_SENT),
                Arguments.of("LISTEN -> SYN-RCVD: rcv SYN, snd SYN,ACK", SENT, SegmentKind.SYN_ACK, TcpState.CLOSED, TcpState.SYN_RECEIVED),
                Arguments.of("SYN-SENT -> SYN-RCVD: rcv SYN (simultaneous open)", RECEIVED, SegmentKind.SYN, TcpState.SYN_SENT, TcpState.SYN_RECEIVED),
                Arguments.of("SYN-SENT -> ESTAB: rcv SYN,ACK, snd ACK", RECEIVED, SegmentKind.SYN_ACK, TcpState.SYN_SENT, TcpState.ESTABLISHED),
                Arguments.of("SYN-RCVD -> ESTAB: rcv ACK of SYN", RECEIVED, SegmentKind.ACK_OF_SYN, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED),
                Arguments.of("SYN-RCVD -> FIN-WAIT-1: CLOSE, snd FIN", SENT, SegmentKind.FIN, TcpState.SYN_RECEIVED, TcpState.FIN_WAIT_1),
                Arguments.of("SYN-RCVD -> LISTEN: rcv RST (passive open)", RECEIVED, SegmentKind.RST, TcpState.SYN_RECEIVED, TcpState.CLOSED),
                Arguments.of("ESTAB -> FIN-WAIT-1: CLOSE, snd FIN", SENT, SegmentKind.FIN, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1),
                Arguments.of("ESTAB -> CLOSE-WAIT: rcv FIN, snd ACK", RECEIVED, SegmentKind.FIN, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT),
                Arguments.of("FIN-WAIT-1 -> FIN-WAIT-2: rcv ACK of FIN", RECEIVED, SegmentKind.ACK_OF_FIN, TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2),
                Arguments.of("FIN-WAIT-1 -> CLOSING: rcv FIN, snd ACK", RECEIVED, SegmentKind.FIN, TcpState.FIN_WAIT_1, TcpState.CLOSING),
                Arguments.of("FIN-WAIT-2 -> TIME-WAIT: rcv FIN, snd ACK", RECEIVED, SegmentKind.FIN, TcpState.FIN_WAIT_2, TcpState.TIME_WAIT),
                Arguments.of("CLOSE-WAIT -> LAST-ACK: CLOSE, snd FIN", SENT, SegmentKind.FIN, TcpState.CLOSE_WAIT, TcpState.LAST_ACK),
                Arguments.of("CLOSING -> TIME-WAIT: rcv ACK of FIN", RECEIVED, SegmentKind.ACK_OF_FIN, TcpState.CLOSING, TcpState.TIME_WAIT),
                Arguments.of("LAST-ACK -> CLOSED: rcv ACK of FIN", RECEIVED, SegmentKind.ACK_OF_FIN, TcpState.LAST_ACK, TcpState.CLOSED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfcFigure6")
    void everyArrowOfRfc793Figure6IsACell(String arrow, Direction d, SegmentKind k, TcpState from, TcpState to) {
        Transition t = TransitionTable.lookup(d, k, from);
        assertEquals(Verdict.MOVE, t.verdict(), arrow);
        assertEquals(to, t.next(), arrow);
    }

    @Test
    void anAbortFromAnySynchronizedOrOpeningStateCloses() {
        for (TcpState s : EnumSet.complementOf(EnumSet.of(TcpState.CLOSED))) {
            assertEquals(TcpState.CLOSED, TransitionTable.lookup(SENT, SegmentKind.RST, s).next(), s.toString());
            assertEquals(TcpState.CLOSED, TransitionTable.lookup(RECEIVED, SegmentKind.RST, s).next(), s.toString());
        }
    }

    @Test
    void retransmittedControlSegmentsAreIgnoredNotInvalid() {
        for (Object[] c : List.of(new Object[] {SENT, SegmentKind.SYN, TcpState.SYN_SENT},
                new Object[] {SENT, SegmentKind.SYN_ACK, TcpState.SYN_RECEIVED},
                new Object[] {SENT, SegmentKind.FIN, TcpState.FIN_WAIT_1},
                new Object[] {RECEIVED, SegmentKind.FIN, TcpState.CLOSE_WAIT},
                new Object[] {RECEIVED, SegmentKind.FIN, TcpState.TIME_WAIT})) {
            Transition t = TransitionTable.lookup((Direction) c[0], (SegmentKind) c[1], (TcpState) c[2]);
            assertEquals(Verdict.IGNORE, t.verdict(), java.util.Arrays.toString(c));
        }
    }

    @Test
    void aSynToASynchronizedEndpointIsInvalidAndCounted() {
        Transition t = TransitionTable.lookup(RECEIVED, SegmentKind.SYN, TcpState.ESTABLISHED);
        assertEquals(Verdict.INVALID, t.verdict());
        assertNotEquals(TcpState.SYN_RECEIVED, t.next());

        // counted: after the handshake the responder repeats its SYN (same ISN: not a new incarnation)
        Scenario s = new Scenario();
        s.handshake();
        assertEquals(0L, s.tracker.stats().anomalies().getOrDefault(Anomaly.SYN_IN_SYNCHRONIZED_STATE, 0L));
        s.server().synAgain();
        assertEquals(2L, s.tracker.stats().anomalies().getOrDefault(Anomaly.SYN_IN_SYNCHRONIZED_STATE, 0L),
                "once for the sender's cell (SENT, SYN, ESTABLISHED), once for the receiver's (this one)");
        Connection c = s.open();
        assertEquals(TcpState.ESTABLISHED, c.orig().state(), "the receiver stays where it was");
        assertTrue(c.anomalies().contains(Anomaly.SYN_IN_SYNCHRONIZED_STATE));
        assertEquals(1L, s.tracker.stats().connections());
    }

    @Test
    void statesPrintTheirRfcNames() {
        assertEquals("SYN-SENT", TcpState.SYN_SENT.toString());
        assertEquals("TIME-WAIT", TcpState.TIME_WAIT.toString());
    }
}
