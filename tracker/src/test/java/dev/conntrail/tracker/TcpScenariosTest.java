package dev.conntrail.tracker;

import static dev.conntrail.tracker.state.TcpState.CLOSED;
import static dev.conntrail.tracker.state.TcpState.CLOSE_WAIT;
import static dev.conntrail.tracker.state.TcpState.ESTABLISHED;
import static dev.conntrail.tracker.state.TcpState.FIN_WAIT_1;
import static dev.conntrail.tracker.state.TcpState.FIN_WAIT_2;
import static dev.conntrail.tracker.state.TcpState.SYN_RECEIVED;
import static dev.conntrail.tracker.state.TcpState.SYN_SENT;
import static dev.conntrail.tracker.state.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conntrail.tracker.event.Anomaly;
import dev.conntrail.tracker.event.CloseReason;
import dev.conntrail.tracker.event.Closed;
import dev.conntrail.tracker.event.Connection;
import dev.conntrail.tracker.event.OpenKind;
import dev.conntrail.tracker.segment.TcpFlags;
import dev.conntrail.tracker.zeek.ConnState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole conversations through the tracker, each named after the situation it shows. The RFC 793
 * section 3.4 and 3.5 figures (and RFC 9293's updates) have one test each.
 */
class TcpScenariosTest {

    @Nested
    @DisplayName("RFC 793 section 3.4: establishing a connection")
    class Establishing {

        @Test
        void normalOpenFigure7EstablishesAfterTheThirdSegment() {
            Scenario s = new Scenario();
            s.client().syn();
            assertEquals(SYN_SENT, s.open().orig().state());
            assertEquals(CLOSED, s.open().resp().state(), "a listener is not observable until it answers");
            s.server().synAck();
            assertEquals(ESTABLISHED, s.open().orig().state());
            assertEquals(SYN_RECEIVED, s.open().resp().state());
            assertEquals(List.of("opened"), s.sink.kinds());
            s.client().ack();
            assertEquals(List.of("opened", "established"), s.sink.kinds());
            Connection c = s.open();
            assertEquals(ESTABLISHED, c.orig().state());
            assertEquals(ESTABLISHED, c.resp().state());
            assertEquals(OpenKind.SYN, c.opened());
            assertEquals(2_000_000L, c.rttNanos(), "SYN to the final ACK, 1 ms apart each");
            assertEquals(ConnState.S1, c.connState());
            assertEquals("ShA", c.history());
        }

        @Test
        void simultaneousOpenFigure8EstablishesOneConnection() {
            Scenario s = new Scenario();
            s.client().syn();
            s.server().syn();
            assertEquals(SYN_RECEIVED, s.open().orig().state());
            assertEquals(SYN_RECEIVED, s.open().resp().state());
            s.client().synAck();
            s.server().synAck();
            assertEquals(List.of("opened", "established"), s.sink.kinds());
            assertEquals(ESTABLISHED, s.open().orig().state());
            assertEquals(ESTABLISHED, s.open().resp().state());
            Closed c = s.finishOne();
            assertEquals(CloseReason.OPEN_AT_END, c.reason());
            assertTrue(c.connection().anomalies().isEmpty(), "a simultaneous open is legal: " + c.connection().anomalies());
        }

        @Test
        void oldDuplicateSynRecoveryFigure9EndsTheStaleAttemptAndEstablishesTheRealOne() {
            // Observed near B: the old duplicate SYN (seq 90) arrives first; B answers it; A rejects the
            // answer with RST seq=91; A's real SYN (seq 100) then arrives and completes normally.
            Scenario s = new Scenario();
            s.client().syn(90);
            s.server().synAck();
            s.client().raw().flags(TcpFlags.RST).seq(91).ack(0).send();
            s.client().syn(100);
            s.server().isn(400);
            s.server().synAck();
            s.client().ack();
            List<Closed> closed = closedAfterFinish(s);
            assertEquals(2, closed.size(), "the stale exchange and the real connection");
            assertEquals(CloseReason.RESET_BY_ORIGINATOR, closed.get(0).reason());
            assertEquals(1, s.sink.kinds().stream().filter("established"::equals).count());
            Connection real = closed.get(1).connection();
            assertEquals(ESTABLISHED, real.orig().state());
            assertEquals(ESTABLISHED, real.resp().state());
            assertEquals(CloseReason.OPEN_AT_END, closed.get(1).reason());
        }

        @Test
        void halfOpenDiscoveryFigure10SupersedesTheDeadConnection() {
            // A crashed and reopens with a new SYN; B answers from its old state with an ACK; A resets that.
            Scenario s = new Scenario().handshake();
            s.client().data(100);
            s.server().ack();
            int oldAck = s.client().nxt();
            s.client().syn(400);
            s.server().raw().seq(s.server().nxt()).ack(oldAck).send();
            s.client().raw().flags(TcpFlags.RST).seq(oldAck).ack(0).send();
            s.client().synAgain();
            s.server().isn(900);
            s.server().synAck();
            s.client().ack();
            List<Closed> closed = closedAfterFinish(s);
            assertEquals(2, closed.size());
            assertEquals(CloseReason.SUPERSEDED, closed.get(0).reason());
            Connection second = closed.get(1).connection();
            assertFalse(second.anomalies().contains(Anomaly.RST_OUT_OF_WINDOW),
                    "A's RST rejects B's stale ACK (RFC 9293 3.10.7.3): legal, and not an abort of A's attempt");
            assertEquals(ESTABLISHED, second.orig().state());
            assertEquals(ESTABLISHED, second.resp().state());
        }

        @Test
        void activeSideCausesHalfOpenDiscoveryFigure11WhenTheCrashedSideResets() {
            Scenario s = new Scenario().handshake();
            s.client().data(10);
            s.server().ack();
            // the server crashed and came back; the client's next data draws a RST at that data's ACK
            s.client().data(10);
            s.server().raw().flags(TcpFlags.RST).seq(s.server().nxt()).ack(0).send();
            Closed c = s.finishOne();
            assertEquals(CloseReason.RESET_BY_RESPONDER, c.reason());
            assertEquals(CLOSED, c.connection().resp().state());
            assertEquals(ConnState.RSTR, c.connection().connState());
        }

        @Test
        void oldDuplicateSynResetsTwoPassiveSocketsFigure12WithoutEstablishing() {
            Scenario s = new Scenario();
            s.client().syn(200);
            s.server().synAck();
            s.client().raw().flags(TcpFlags.RST).seq(201).ack(0).send();
            Closed c = s.finishOne();
            assertFalse(s.sink.kinds().contains("established"));
            assertEquals(CloseReason.RESET_BY_ORIGINATOR, c.reason());
        }
    }

    @Nested
    @DisplayName("RFC 793 section 3.5: closing a connection")
    class Closing {

        @Test
        void normalCloseFigure13EndsInTimeWaitForTheActiveCloser() {
            Scenario s = new Scenario().handshake();
            s.client().fin();
            assertEquals(FIN_WAIT_1, s.open().orig().state());
            assertEquals(CLOSE_WAIT, s.open().resp().state());
            s.server().ack();
            assertEquals(FIN_WAIT_2, s.open().orig().state());
            s.server().fin();
            assertEquals(TIME_WAIT, s.open().orig().state());
            s.client().ack();
            Closed c = s.sink.onlyClosed();
            assertEquals(CloseReason.FIN, c.reason());
            assertEquals(TIME_WAIT, c.connection().orig().state());
            assertEquals(CLOSED, c.connection().resp().state());
            assertEquals(ConnState.SF, c.connection().connState());
            assertEquals("ShAFaf", c.connection().history(), "A is written once per direction");
            s.finish();
        }

        @Test
        void simultaneousCloseEndsInTimeWaitOnBothSides() {
            Scenario s = new Scenario().handshake();
            s.client().fin();
            s.server().finWithoutAckOfPeerFin();
            s.client().ack();
            s.server().ack();
            Closed c = s.sink.onlyClosed();
            assertEquals(TIME_WAIT, c.connection().orig().state());
            assertEquals(TIME_WAIT, c.connection().resp().state());
            assertEquals(CloseReason.FIN, c.reason());
            s.finish();
        }

        @Test
        void finAckTogetherClosesInThreeSegments() {
            Scenario s = new Scenario().handshake();
            s.client().fin();
            s.server().fin();
            s.client().ack();
            assertEquals(CloseReason.FIN, s.sink.onlyClosed().reason());
            s.finish();
        }

        @Test
        void halfCloseKeepsDataFlowingTheOtherWay() {
            Scenario s = new Scenario().handshake();
            s.client().data(100);
            s.client().fin();
            s.server().ack();
            s.server().data(5000);
            s.client().ack();
            s.server().data(3000);
            s.client().ack();
            assertEquals(FIN_WAIT_2, s.open().orig().state());
            assertEquals(CLOSE_WAIT, s.open().resp().state());
            assertTrue(s.sink.closed().isEmpty());
            s.server().fin();
            s.client().ack();
            Closed c = s.sink.onlyClosed();
            assertEquals(CloseReason.FIN, c.reason());
            assertEquals(100, c.connection().orig().bytes());
            assertEquals(8000, c.connection().resp().bytes());
            assertEquals(0, c.connection().orig().retransmits() + c.connection().resp().retransmits());
            s.finish();
        }

        @Test
        void finRetransmittedIsCountedOnceInTheStreamAndAsARetransmission() {
            Scenario s = new Scenario().handshake();
            s.client().fin();
            s.client().finAgain();
            s.server().fin();
            s.client().ack();
            Closed c = s.sink.onlyClosed();
            assertEquals(1, c.connection().orig().retransmits());
            assertEquals(0, c.connection().orig().bytes());
            s.finish();
        }

        @Test
        void segmentsAfterTheCloseAreCountedInTheLingerButStartNothing() {
            Scenario s = new Scenario().handshake();
            s.client().fin();
            s.server().fin();
            s.client().ack();
            s.server().finAgain();
            s.client().ack();
            List<Closed> closed = closedAfterFinish(s);
            assertEquals(1, closed.size());
            assertEquals(2, s.tracker.stats().segmentsAfterClose());
        }
    }

    @Nested
    class Resets {

        @Test
        void refusedWhenTheSynIsAnsweredByRst() {
            Scenario s = new Scenario();
            s.client().syn();
            s.server().rstAckOfSyn();
            Closed c = s.sink.onlyClosed();
            assertEquals(CloseReason.REFUSED, c.reason());
            assertEquals(ConnState.REJ, c.connection().connState());
            assertEquals("Sr", c.connection().history());
            assertEquals(CLOSED, c.connection().orig().state());
            s.finish();
        }

        @Test
        void rstThatDoesNotAcknowledgeTheSynIsNotObeyed() {
            Scenario s = new Scenario();
            s.client().syn();
            s.server().raw().flags(TcpFlags.RST | TcpFlags.ACK).seq(0).ack(12345).send();
            assertTrue(s.sink.closed().isEmpty());
            assertTrue(s.open().anomalies().contains(Anomaly.RST_OUT_OF_WINDOW));
            assertEquals(SYN_SENT, s.open().orig().state());
            s.finish();
        }

        @Test
        void resetByTheServerWhileEstablished() {
            Scenario s = new Scenario().handshake();
            s.client().data(20);
            s.server().rst();
            Closed c = s.sink.onlyClosed();
            assertEquals(CloseReason.RESET_BY_RESPONDER, c.reason());
            assertEquals(ConnState.RSTR, c.connection().connState());
            s.finish();
        }

        @Test
        void resetByTheClientWhileEstablished() {
            Scenario s = new Scenario().handshake();
            s.server().data(20);
            s.client().rst();
            Closed c = s.sink.onlyClosed();
            assertEquals(CloseReason.RESET_BY_ORIGINATOR, c.reason());
            assertEquals(ConnState.RSTO, c.connection().connState());
            s.finish();
        }

        @Test
        void resetWhileHalfClosed() {
            Scenario s = new Scenario().handshake();
            s.client().fin();
            s.server().ack();
            s.server().rst();
            assertEquals(CloseReason.RESET_BY_RESPONDER, s.sink.onlyClosed().reason());
            s.finish();
        }

        @Test
        void resetAfterBothFinsKeepsTheOrderlyCloseVerdict() {
            Scenario s = new Scenario().handshake();
            s.client().fin();
            s.server().fin();
            s.client().rst();
            List<Closed> closed = closedAfterFinish(s);
            assertEquals(CloseReason.FIN, closed.get(0).reason());
            assertEquals(ConnState.SF, closed.get(0).connection().connState());
        }

        @Test
        void resetInSynReceivedByTheClientEndsTheAttempt() {
            Scenario s = new Scenario();
            s.client().syn();
            s.server().synAck();
            s.client().rst();
            Closed c = s.sink.onlyClosed();
            assertEquals(CloseReason.RESET_BY_ORIGINATOR, c.reason());
            assertEquals(ConnState.RSTO, c.connection().connState());
            s.finish();
        }

        @Test
        void rstOutsideTheWindowIsCountedAndNotObeyedRfc5961() {
            Scenario s = new Scenario().handshake();
            s.client().data(100);
            s.server().ack();
            s.server().raw().flags(TcpFlags.RST).seq(s.server().nxt() + 10_000_000).ack(0).send();
            assertTrue(s.sink.closed().isEmpty(), "a blind RST must not end the connection");
            s.client().data(100);
            s.server().ack();
            Connection c = s.open();
            assertTrue(c.anomalies().contains(Anomaly.RST_OUT_OF_WINDOW));
            assertEquals(ESTABLISHED, c.resp().state());
            assertEquals(ConnState.S1, c.connState(), "Zeek's states are not moved by a RST conntrail rejects");
            assertEquals(1, s.tracker.stats().anomalies().get(Anomaly.RST_OUT_OF_WINDOW));
            s.finish();
        }

        @Test
        void rstInsideTheWindowButNotAtTheNextSequenceIsObeyed() {
            Scenario s = new Scenario().handshake();
            s.server().raw().flags(TcpFlags.RST).seq(s.server().nxt() + 1000).ack(0).send();
            assertEquals(CloseReason.RESET_BY_RESPONDER, s.sink.onlyClosed().reason());
            s.finish();
        }
    }

    @Nested
    class Attempts {

        @Test
        void unansweredSynWithRetransmissionsTimesOutAsUnanswered() {
            Scenario s = new Scenario();
            s.client().syn();
            s.conv.idle(1_000_000_000L);
            s.client().synAgain();
            s.conv.idle(2_000_000_000L);
            s.client().synAgain();
            assertTrue(s.sink.closed().isEmpty());
            s.tracker.advanceTo(s.conv.now() + Duration.ofSeconds(121).toNanos());
            Closed c = s.sink.onlyClosed();
            assertEquals(CloseReason.UNANSWERED, c.reason());
            assertEquals(3, c.connection().orig().packets());
            assertEquals(2, c.connection().orig().retransmits());
            assertEquals(ConnState.S0, c.connection().connState());
            assertEquals("S", c.connection().history());
            s.finish();
        }

        @Test
        void synAckRetransmittedIsOneConnectionWithARetransmission() {
            Scenario s = new Scenario();
            s.client().syn();
            s.server().synAck();
            s.server().synAckAgain();
            s.client().ack();
            Connection c = s.open();
            assertEquals(1, c.resp().retransmits());
            assertEquals(List.of("opened", "established"), s.sink.kinds());
            s.finish();
        }

        @Test
        void unansweredSynStillPendingAtTheEndIsReportedOpen() {
            Scenario s = new Scenario();
            s.client().syn();
            assertEquals(CloseReason.OPEN_AT_END, s.finishOne().reason());
        }

        @Test
        void zeekPresetGivesUpOnTheAttemptFiveSecondsAfterTheFirstSyn() {
            Scenario s = new Scenario(TrackerConfig.defaults().withTimeouts(Timeouts.ZEEK));
            s.client().syn();
            s.conv.idle(3_000_000_000L);
            s.client().synAgain();
            s.conv.idle(2_500_000_000L);
            s.client().synAgain();
            List<Closed> closed = closedAfterFinish(s);
            assertEquals(2, closed.size(), "the retransmission after 5 s starts a new attempt, as in Zeek");
            assertEquals(CloseReason.UNANSWERED, closed.get(0).reason());
            assertEquals(2, closed.get(0).connection().orig().packets());
        }
    }

    @Nested
    class PartialViews {

        @Test
        void connectionPickedUpMidStreamOrientsByTheServerPort() {
            Scenario s = new Scenario();
            s.server().raw().flags(TcpFlags.ACK | TcpFlags.PSH).seq(7000).ack(3000).len(500).send();
            s.client().raw().flags(TcpFlags.ACK).seq(3000).ack(7500).send();
            Connection c = s.open();
            assertEquals(80, c.tuple().respPort());
            assertEquals(OpenKind.MID_STREAM, c.opened());
            assertEquals(ESTABLISHED, c.orig().state());
            assertFalse(s.sink.kinds().contains("established"), "no handshake was seen");
            assertEquals(ConnState.OTH, c.connState());
            assertEquals(500, c.resp().bytes());
            s.finish();
        }

        @Test
        void captureHoldingOnlyTheClientDirectionStillSeesTheConnectionEstablishAndClose() {
            Scenario s = new Scenario();
            s.client().syn();
            s.client().raw().flags(TcpFlags.ACK).seq(1001).ack(5001).send();
            s.client().raw().flags(TcpFlags.ACK | TcpFlags.PSH).seq(1001).ack(5001).len(50).send();
            s.client().raw().flags(TcpFlags.ACK | TcpFlags.FIN).seq(1051).ack(5400).send();
            assertTrue(s.sink.kinds().contains("established"));
            Connection c = s.open();
            assertEquals(FIN_WAIT_1, c.orig().state());
            assertEquals(50, c.orig().bytes());
            assertEquals(0, c.resp().packets());
            s.finish();
        }

        @Test
        void captureHoldingOnlyTheServerDirectionStartsAtTheSynAck() {
            Scenario s = new Scenario();
            s.client().isn(1000);
            s.server().raw().flags(TcpFlags.SYN | TcpFlags.ACK).seq(5000).ack(1001).send();
            s.server().raw().flags(TcpFlags.ACK | TcpFlags.PSH).seq(5001).ack(1050).len(300).send();
            Connection c = s.open();
            assertEquals(80, c.tuple().respPort());
            assertEquals(OpenKind.SYN_ACK, c.opened());
            assertTrue(c.history().startsWith("^hd"), c.history());
            assertEquals(ESTABLISHED, c.resp().state());
            assertEquals(300, c.resp().bytes());
            s.finish();
        }

        @Test
        void loneSynAckKeepsItsSenderAsOriginatorLikeZeek() {
            // both ports high: no port hint, so the sender of the SYN-ACK stays originator
            Scenario t = new Scenario();
            Conversation conv = new Conversation(t.tracker::accept, "10.1.1.1", 40001, "10.1.1.2", 50002);
            conv.server().raw().flags(TcpFlags.SYN | TcpFlags.ACK).seq(77).ack(12).send();
            Closed c = closedAfterFinish(t).get(0);
            assertEquals(50002, c.connection().tuple().origPort());
            assertEquals("H", c.connection().history());
            assertEquals(ConnState.OTH, c.connection().connState());
        }

        @Test
        void loneRstMakesAConnectionThatIsImmediatelyReset() {
            Scenario s = new Scenario();
            s.client().raw().flags(TcpFlags.RST).seq(99).ack(0).send();
            Closed c = s.sink.onlyClosed();
            assertEquals(CloseReason.RESET_BY_ORIGINATOR, c.reason());
            assertEquals(ConnState.OTH, c.connection().connState());
            assertEquals("R", c.connection().history());
            s.finish();
        }
    }

    @Nested
    class PortReuse {

        @Test
        void newSynAfterAnOrderlyCloseIsANewConnection() {
            Scenario s = new Scenario().handshake();
            s.client().fin();
            s.server().fin();
            s.client().ack();
            s.client().syn(777_777);
            s.server().isn(888_888);
            s.server().synAck();
            s.client().ack();
            List<Closed> closed = closedAfterFinish(s);
            assertEquals(2, closed.size());
            assertNotEquals(closed.get(0).connection().uid(), closed.get(1).connection().uid());
            assertEquals(CloseReason.FIN, closed.get(0).reason());
            assertEquals(ESTABLISHED, closed.get(1).connection().orig().state());
            assertEquals(2, s.sink.kinds().stream().filter("established"::equals).count());
        }

        @Test
        void newSynOnAConnectionInTimeWaitStartsANewIncarnationRfc9293() {
            Scenario s = new Scenario().handshake();
            s.client().fin();
            s.server().ack();
            s.server().fin();
            s.client().ack();
            s.client().syn(s.client().nxt() + 100_000);
            List<Closed> closed = closedAfterFinish(s);
            assertEquals(2, closed.size());
            assertEquals(TIME_WAIT, closed.get(0).connection().orig().state());
            assertEquals(SYN_SENT, closed.get(1).connection().orig().state());
        }

        @Test
        void newSynAfterAResetIsANewConnection() {
            Scenario s = new Scenario().handshake();
            s.server().rst();
            s.client().syn(55_555);
            assertEquals(2, closedAfterFinish(s).size());
        }

        @Test
        void clientRetryWithANewIsnSupersedesTheUnansweredAttempt() {
            Scenario s = new Scenario();
            s.client().syn(100);
            s.client().syn(9_000_000);
            List<Closed> closed = closedAfterFinish(s);
            assertEquals(2, closed.size());
            assertEquals(CloseReason.UNANSWERED, closed.get(0).reason());
        }
    }

    @Nested
    class Counting {

        @Test
        void twoClientPortsToOneServerPortAreTwoConnections() {
            RecordingSink sink = new RecordingSink();
            ConnectionTracker t = new ConnectionTracker(TrackerConfig.defaults(), sink);
            Conversation tab1 = new Conversation(t::accept, "192.168.1.5", 51000, "192.168.1.9", 5173);
            Conversation tab2 = new Conversation(t::accept, "192.168.1.5", 51001, "192.168.1.9", 5173);
            tab1.client().syn();
            tab2.client().syn();
            tab1.server().synAck();
            tab2.server().synAck();
            tab1.client().ack();
            tab2.client().ack();
            tab1.client().data(10);
            tab2.client().data(20);
            t.finish();
            List<Closed> closed = sink.closed();
            assertEquals(2, closed.size());
            assertEquals(10, closed.get(0).connection().orig().bytes());
            assertEquals(20, closed.get(1).connection().orig().bytes());
        }

        @Test
        void packetsAndBytesEachWayFollowTheSegmentsAndTheIpLengths() {
            Scenario s = new Scenario().handshake();
            s.client().data(300);
            s.server().data(1200);
            s.client().ack();
            Connection c = s.open();
            assertEquals(4, c.orig().packets());
            assertEquals(2, c.resp().packets());
            assertEquals(300, c.orig().bytes());
            assertEquals(1200, c.resp().bytes());
            assertEquals(4 * 40 + 300, c.orig().ipBytes());
            assertEquals(2 * 40 + 1200, c.resp().ipBytes());
            s.finish();
        }

        @Test
        void retransmissionDuplicateAndReorderingAreToldApart() {
            Scenario s = new Scenario().handshake();
            s.client().data(100);       // 1001..1101
            s.client().retransmit(100); // sent again by the stack (new IP id): a retransmission
            Connection c = s.open();
            assertEquals(1, c.orig().retransmits());
            assertEquals(0, c.orig().duplicates());
            // a segment and an exact copy of it (a span port duplicating it): same IP id, same everything
            s.client().raw().flags(TcpFlags.ACK | TcpFlags.PSH).seq(1101).ack(5001).len(50)
                    .with(seg -> seg.ipv4(seg.src().v4(), seg.dst().v4(), 90, 4242, 64)).send();
            s.client().raw().flags(TcpFlags.ACK | TcpFlags.PSH).seq(1101).ack(5001).len(50)
                    .with(seg -> seg.ipv4(seg.src().v4(), seg.dst().v4(), 90, 4242, 64)).send();
            c = s.open();
            assertEquals(1, c.orig().duplicates());
            // data jumps ahead (1201..1251 before 1151..1201): the late piece fills a hole
            s.client().raw().flags(TcpFlags.ACK | TcpFlags.PSH).seq(1201).ack(5001).len(50).send();
            s.client().raw().flags(TcpFlags.ACK | TcpFlags.PSH).seq(1151).ack(5001).len(50).send();
            c = s.open();
            assertEquals(1, c.orig().reordered());
            assertEquals(1, c.orig().retransmits());
            assertEquals(0, c.orig().missedBytes());
            s.finish();
        }

        @Test
        void bytesAcknowledgedButNeverSeenAreMissedBytes() {
            Scenario s = new Scenario().handshake();
            s.client().data(100);
            // the next 400 bytes were lost by the capture, not by the network
            s.server().raw().flags(TcpFlags.ACK).seq(s.server().nxt()).ack(1001 + 500).send();
            Connection c = s.open();
            assertEquals(400, c.orig().missedBytes());
            assertEquals(400, c.missedBytes());
            assertTrue(c.anomalies().contains(Anomaly.ACK_OF_UNSEEN_DATA));
            assertTrue(c.history().contains("G"), c.history());
            assertEquals(500, c.orig().bytes(), "Zeek counts acknowledged bytes too");
            s.finish();
        }

        @Test
        void holeThatTheAckPassesIsMissed() {
            Scenario s = new Scenario().handshake();
            s.client().data(100); // 1001..1101
            s.client().raw().flags(TcpFlags.ACK | TcpFlags.PSH).seq(1201).ack(5001).len(100).send();
            s.server().raw().flags(TcpFlags.ACK).seq(5001).ack(1301).send();
            assertEquals(100, s.open().orig().missedBytes());
            s.finish();
        }

        @Test
        void sequenceNumbersWrappingPast2To32CountBytesRight() {
            Scenario s = new Scenario();
            s.client().isn(0xFFFF_FF00);
            s.handshake();
            for (int i = 0; i < 10; i++) {
                s.client().data(1000);
            }
            s.server().ack();
            Connection c = s.open();
            assertEquals(10_000, c.orig().bytes());
            assertEquals(0, c.orig().retransmits());
            assertTrue(c.anomalies().isEmpty(), c.anomalies().toString());
            s.finish();
        }
    }

    @Nested
    class Timeouts_ {

        @Test
        void idleEstablishedConnectionTimesOut() {
            Scenario s = new Scenario(TrackerConfig.defaults().withTimeouts(Timeouts.CONNTRAIL.withEstablished(Duration.ofMinutes(10))));
            s.handshake();
            s.tracker.advanceTo(s.conv.now() + Duration.ofMinutes(11).toNanos());
            Closed c = s.sink.onlyClosed();
            assertEquals(CloseReason.TIMED_OUT, c.reason());
            assertEquals(s.conv.now() + Duration.ofMinutes(10).toNanos(), c.timeNanos(), "reported at its deadline");
            s.finish();
        }

        @Test
        void periodicUpdatesReportOpenConnectionsWithCountersSoFar() {
            Scenario s = new Scenario(TrackerConfig.defaults().withUpdateInterval(Duration.ofSeconds(1)));
            s.handshake();
            s.conv.step(400_000_000L);
            s.client().data(10);
            s.client().data(10);
            s.client().data(10);
            s.client().data(10);
            long updates = s.sink.kinds().stream().filter("update"::equals).count();
            assertEquals(1, updates);
            s.finish();
        }

        @Test
        void fullTableEvictsTheOldestIdleConnectionAndSaysSo() {
            RecordingSink sink = new RecordingSink();
            ConnectionTracker t = new ConnectionTracker(TrackerConfig.defaults().withMaxConnections(2), sink);
            for (int i = 0; i < 3; i++) {
                new Conversation(t::accept, "10.9.0.1", 30000 + i, "10.9.0.2", 443).client().syn();
            }
            List<Closed> closed = sink.closed();
            assertEquals(1, closed.size());
            assertEquals(CloseReason.EVICTED, closed.get(0).reason());
            assertEquals(30000, closed.get(0).connection().tuple().origPort());
            assertEquals(1, t.stats().evictions());
            assertEquals(2, t.stats().open());
        }

        @Test
        void fullTableEvictsTheConnectionIdleLongest_notTheOneOpenedFirstThatSpokeSince() {
            // the first speaks again: now the second is idle longest
            assertSecondEvicted(1_000_000_000L, 5_000_000_000L, 6_000_000_000L);
        }

        @ParameterizedTest(name = "the two last spoke {0} s apart")
        @ValueSource(longs = {1, 2, 30, 53, 60, 77, 100, 136, 137, 138, 200, 1000, 2000})
        void fullTableEvictsTheEstablishedConnectionIdleLongest_whateverTheGapBetweenThem(long gapSeconds) {
            // established connections time out after 2 h: their deadlines lie far beyond any short timer
            long gap = gapSeconds * 1_000_000_000L;
            assertSecondEvicted(gap, 2 * gap, 3 * gap);
        }

        /**
         * Two established connections on a table of two; the second opens at {@code secondAt}, the first
         * speaks again at {@code firstSpeaksAt}, and a third arrives at {@code thirdAt}: the second goes.
         */
        private void assertSecondEvicted(long secondAt, long firstSpeaksAt, long thirdAt) {
            RecordingSink sink = new RecordingSink();
            ConnectionTracker t = new ConnectionTracker(TrackerConfig.defaults().withMaxConnections(2), sink);
            Conversation first = new Conversation(t::accept, "10.9.0.1", 30000, "10.9.0.2", 443);
            first.client().syn();
            first.server().synAck();
            first.client().ack();
            Conversation second = new Conversation(t::accept, "10.9.0.1", 30001, "10.9.0.2", 443).idle(secondAt);
            second.client().syn();
            second.server().synAck();
            second.client().ack();
            first.idle(firstSpeaksAt).client().data(100);
            new Conversation(t::accept, "10.9.0.1", 30002, "10.9.0.2", 443).idle(thirdAt).client().syn();

            List<Closed> closed = sink.closed();
            assertEquals(1, closed.size());
            assertEquals(CloseReason.EVICTED, closed.get(0).reason());
            assertEquals(30001, closed.get(0).connection().tuple().origPort());
        }

        @Test
        void synFloodOnAFullTableEvictsTheOldestAttemptEachTime() {
            RecordingSink sink = new RecordingSink();
            ConnectionTracker t = new ConnectionTracker(TrackerConfig.defaults().withMaxConnections(100), sink);
            for (int i = 0; i < 1000; i++) {
                new Conversation(t::accept, "10.9.0.1", 20000 + i, "10.9.0.2", 443).idle(i * 1_000_000L).client().syn();
            }
            List<Closed> closed = sink.closed();
            assertEquals(900, closed.size());
            for (int i = 0; i < 900; i++) {
                assertEquals(CloseReason.EVICTED, closed.get(i).reason());
                assertEquals(20000 + i, closed.get(i).connection().tuple().origPort(), "eviction " + i);
            }
            assertEquals(100, t.stats().open());
        }
    }

    private static List<Closed> closedAfterFinish(Scenario s) {
        s.finish();
        return s.sink.closed();
    }
}
