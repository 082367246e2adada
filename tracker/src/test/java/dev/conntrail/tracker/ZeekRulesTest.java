package dev.conntrail.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conntrail.tracker.event.Closed;
import dev.conntrail.tracker.segment.TcpFlags;
import dev.conntrail.tracker.zeek.ConnState;
import org.junit.jupiter.api.Test;

/** Zeek's conn_state and history, through conversations that produce each state. */
class ZeekRulesTest {

    @Test
    void rstos0PatternMatchesZeeksRegex() {
        assertTrue(ZeekRules.synThenReset("SR"));
        assertTrue(ZeekRules.synThenReset("^SaR"));
        assertTrue(ZeekRules.synThenReset("SdR"));
        assertFalse(ZeekRules.synThenReset("SaFR"));
        assertFalse(ZeekRules.synThenReset("R"));
        assertFalse(ZeekRules.synThenReset("SA"));
    }

    @Test
    void scaledLettersAreWrittenAtOneTenAndAHundred() {
        Scenario s = new Scenario().handshake();
        s.client().data(100);
        for (int i = 0; i < 100; i++) {
            s.client().retransmit(100);
        }
        String h = s.open().history();
        assertEquals(3, h.chars().filter(ch -> ch == 'T').count(), h);
        s.finish();
    }

    @Test
    void s0WhenTheSynGetsNoReply() {
        Scenario s = new Scenario();
        s.client().syn();
        assertEquals(ConnState.S0, s.finishOne().connection().connState());
    }

    @Test
    void s1WhenEstablishedAndStillOpen() {
        Scenario s = new Scenario().handshake();
        assertEquals(ConnState.S1, s.finishOne().connection().connState());
    }

    @Test
    void sfForAnOrderlyClose() {
        Scenario s = new Scenario().handshake();
        s.client().data(10);
        s.server().data(20);
        s.client().fin();
        s.server().fin();
        s.client().ack();
        Closed c = s.finishOne();
        assertEquals(ConnState.SF, c.connection().connState());
        assertEquals("ShADdFf", c.connection().history());
    }

    @Test
    void rejWhenRefused() {
        Scenario s = new Scenario();
        s.client().syn();
        s.server().rstAckOfSyn();
        assertEquals(ConnState.REJ, s.finishOne().connection().connState());
    }

    @Test
    void s2WhenOnlyTheOriginatorClosed() {
        Scenario s = new Scenario().handshake();
        s.client().fin();
        assertEquals(ConnState.S2, s.finishOne().connection().connState());
    }

    @Test
    void s3WhenOnlyTheResponderClosed() {
        Scenario s = new Scenario().handshake();
        s.server().fin();
        assertEquals(ConnState.S3, s.finishOne().connection().connState());
    }

    @Test
    void rstoWhenTheOriginatorAborts() {
        Scenario s = new Scenario().handshake();
        s.client().rst();
        assertEquals(ConnState.RSTO, s.finishOne().connection().connState());
    }

    @Test
    void rstrWhenTheResponderAborts() {
        Scenario s = new Scenario().handshake();
        s.server().rst();
        assertEquals(ConnState.RSTR, s.finishOne().connection().connState());
    }

    @Test
    void rstos0WhenTheOriginatorResetsItsOwnUnansweredSyn() {
        Scenario s = new Scenario();
        s.client().syn();
        s.client().raw().flags(TcpFlags.RST).seq(1001).ack(0).send();
        Closed c = s.finishOne();
        assertEquals(ConnState.RSTOS0, c.connection().connState());
        assertEquals("SR", c.connection().history());
    }

    @Test
    void rstrhWhenAResponderThatWasNeverAskedResets() {
        Scenario s = new Scenario();
        s.server().raw().flags(TcpFlags.SYN | TcpFlags.ACK).seq(5000).ack(1001).send();
        s.server().raw().flags(TcpFlags.RST).seq(5001).ack(0).send();
        Closed c = s.finishOne();
        assertEquals(ConnState.RSTRH, c.connection().connState());
    }

    @Test
    void shWhenTheOriginatorSendsSynThenFinWithoutAnswer() {
        Scenario s = new Scenario();
        s.client().syn();
        s.client().raw().flags(TcpFlags.FIN).seq(1001).ack(0).send();
        assertEquals(ConnState.SH, s.finishOne().connection().connState());
    }

    @Test
    void shrWhenOnlyTheResponderIsSeenAndItCloses() {
        Scenario s = new Scenario();
        s.server().raw().flags(TcpFlags.SYN | TcpFlags.ACK).seq(5000).ack(1001).send();
        s.server().raw().flags(TcpFlags.FIN | TcpFlags.ACK).seq(5001).ack(1001).send();
        Closed c = s.finishOne();
        assertEquals(ConnState.SHR, c.connection().connState());
        assertEquals("^hf", c.connection().history());
    }

    @Test
    void othForMidstreamTraffic() {
        Scenario s = new Scenario();
        s.client().raw().flags(TcpFlags.ACK | TcpFlags.PSH).seq(3000).ack(9000).len(10).send();
        s.server().raw().flags(TcpFlags.ACK | TcpFlags.PSH).seq(9000).ack(3010).len(10).send();
        Closed c = s.finishOne();
        assertEquals(ConnState.OTH, c.connection().connState());
        assertEquals("Dd", c.connection().history());
    }
}
