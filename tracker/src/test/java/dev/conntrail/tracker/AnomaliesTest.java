package dev.conntrail.tracker;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conntrail.tracker.event.Anomaly;
import dev.conntrail.tracker.segment.ChecksumStatus;
import dev.conntrail.tracker.segment.TcpFlags;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every named anomaly is produced by a scenario here, and the scenario table must cover the whole enum:
 * an anomaly nothing can produce does not belong in it.
 */
class AnomaliesTest {
    private static final Map<Anomaly, Consumer<Scenario>> PRODUCERS = new EnumMap<>(Anomaly.class);

    static {
        PRODUCERS.put(Anomaly.SYN_WITH_FIN, s -> s.client().raw().flags(TcpFlags.SYN | TcpFlags.FIN).seq(1).ack(0).send());
        PRODUCERS.put(Anomaly.SYN_WITH_RST, s -> s.client().raw().flags(TcpFlags.SYN | TcpFlags.RST).seq(1).ack(0).send());
        PRODUCERS.put(Anomaly.FIN_WITH_RST, s -> {
            s.handshake();
            s.client().raw().flags(TcpFlags.FIN | TcpFlags.RST | TcpFlags.ACK).seq(1001).ack(5001).send();
        });
        PRODUCERS.put(Anomaly.NO_FLAGS, s -> s.client().raw().flags(0).seq(1).ack(0).send());
        PRODUCERS.put(Anomaly.SYN_WITH_DATA, s -> s.client().raw().flags(TcpFlags.SYN).seq(1000).ack(0).len(32).send());
        PRODUCERS.put(Anomaly.DATA_BEFORE_ESTABLISHED, s -> {
            s.client().syn();
            s.client().raw().flags(TcpFlags.PSH).seq(1001).ack(0).len(10).send();
        });
        PRODUCERS.put(Anomaly.SYN_ISN_CHANGED, s -> {
            s.client().syn();
            s.server().synAck();
            s.server().raw().flags(TcpFlags.SYN | TcpFlags.ACK).seq(777_777).ack(1001).send();
        });
        PRODUCERS.put(Anomaly.SYN_IN_SYNCHRONIZED_STATE, s -> {
            s.handshake();
            s.server().raw().flags(TcpFlags.SYN).seq(5000).ack(0).send();
        });
        PRODUCERS.put(Anomaly.SYN_ACK_TO_CLOSED, s -> {
            s.client().syn();
            s.server().synAck();
            s.client().rst();
            s.server().synAckAgain();
        });
        PRODUCERS.put(Anomaly.SYN_ACK_BAD_ACK, s -> {
            s.client().syn();
            s.server().raw().flags(TcpFlags.SYN | TcpFlags.ACK).seq(5000).ack(99_999).send();
        });
        PRODUCERS.put(Anomaly.FIN_BEFORE_ESTABLISHED, s -> {
            s.client().syn();
            s.client().raw().flags(TcpFlags.FIN).seq(1001).ack(0).send();
        });
        PRODUCERS.put(Anomaly.SEQ_ABOVE_WINDOW, s -> {
            s.handshake();
            s.client().raw().flags(TcpFlags.ACK | TcpFlags.PSH).seq(1001 + 50_000_000).ack(5001).len(10).send();
        });
        PRODUCERS.put(Anomaly.SEQ_BELOW_WINDOW, s -> {
            s.handshake();
            s.server().ack();
            for (int i = 0; i < 5; i++) {
                s.client().data(1000);
            }
            s.client().raw().flags(TcpFlags.ACK | TcpFlags.PSH).seq(1001 - 50_000_000).ack(5001).len(10).send();
        });
        PRODUCERS.put(Anomaly.ACK_OF_UNSEEN_DATA, s -> {
            s.handshake();
            s.client().data(10);
            s.server().raw().flags(TcpFlags.ACK).seq(5001).ack(1011 + 300).send();
        });
        PRODUCERS.put(Anomaly.RST_OUT_OF_WINDOW, s -> {
            s.handshake();
            s.server().raw().flags(TcpFlags.RST).seq(5001 + 90_000_000).ack(0).send();
        });
        PRODUCERS.put(Anomaly.SEGMENT_AFTER_RESET, s -> {
            s.handshake();
            s.server().rst();
            s.client().data(10);
        });
        PRODUCERS.put(Anomaly.SEGMENT_AFTER_CLOSE, s -> {
            s.handshake();
            s.client().fin();
            s.server().fin();
            s.client().ack();
            s.server().data(10);
        });
        PRODUCERS.put(Anomaly.BAD_CHECKSUM, s -> s.client().raw().flags(TcpFlags.SYN).seq(1000).ack(0)
                .with(seg -> seg.checksum(ChecksumStatus.BAD)).send());
        PRODUCERS.put(Anomaly.WINDOW_SCALE_TOO_LARGE, s -> s.client().raw().flags(TcpFlags.SYN).seq(1000).ack(0)
                .with(seg -> seg.windowScale(15)).send());
        PRODUCERS.put(Anomaly.INVALID_TRANSITION, s -> {
            s.handshake();
            s.server().fin();
            s.server().synAckAgain();
        });
    }

    @ParameterizedTest
    @EnumSource(Anomaly.class)
    void everyAnomalyIsProducedByAScenarioAndCountedInTheTotals(Anomaly a) {
        Consumer<Scenario> producer = PRODUCERS.get(a);
        assertNotNull(producer, "no scenario produces " + a.code());
        Scenario s = new Scenario();
        producer.accept(s);
        Long count = s.tracker.stats().anomalies().get(a);
        assertTrue(count != null && count > 0, a.code() + " not produced; got " + s.tracker.stats().anomalies());
        s.finish();
    }

    /**
     * Reported when a connection leaves the table (as the zeek formats do), its closed event carries every
     * anomaly, including those of stray segments after the close; reported at the close, those come too late
     * for the event and only reach the run's totals.
     */
    @ParameterizedTest
    @EnumSource(Anomaly.class)
    void everyAnomalyIsCarriedByTheClosedEventWhenReportedAtRemoval(Anomaly a) {
        Scenario s = new Scenario(TrackerConfig.defaults().withClosedReport(TrackerConfig.ClosedReport.AT_REMOVAL));
        PRODUCERS.get(a).accept(s);
        s.finish();
        assertTrue(s.sink.closed().stream().anyMatch(c -> c.connection().anomalies().contains(a)),
                a.code() + " is carried by the closed event");
    }
}
