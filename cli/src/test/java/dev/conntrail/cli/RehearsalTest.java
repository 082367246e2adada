package dev.conntrail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conntrail.capture.wire.DecodeOptions;
import dev.conntrail.cli.output.EventPrinter;
import dev.conntrail.tracker.TrackerConfig;
import dev.conntrail.tracker.event.CloseReason;
import dev.conntrail.tracker.event.Closed;
import dev.conntrail.tracker.event.ConnectionEvent;
import dev.conntrail.tracker.event.Established;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rehearsal only saves time if its made-up frames really travel the paths real traffic takes: every
 * frame decodes as TCP, and the tracker sees opens, handshakes and each kind of ending, over IPv4 and IPv6.
 */
class RehearsalTest {

    /** Counts what reaches the printer, and that it is finished. */
    static final class Recorder implements EventPrinter {
        final Map<CloseReason, Integer> closes = new EnumMap<>(CloseReason.class);
        int established;
        int ipv6;
        int events;
        boolean finished;

        @Override
        public void accept(ConnectionEvent event) {
            events++;
            if (event instanceof Established) {
                established++;
            } else if (event instanceof Closed c) {
                closes.merge(c.reason(), 1, Integer::sum);
                if (c.connection().tuple().origAddr().v6()) {
                    ipv6++;
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void finish() {
            finished = true;
        }
    }

    @Test
    void madeUpConnectionsOpenHandshakeAndEndByFinRefusalAndReset_overIpv4AndIpv6() {
        Recorder printer = new Recorder();
        long frames = Rehearsal.run(DecodeOptions.DEFAULTS, TrackerConfig.defaults(), printer);

        assertTrue(frames >= 22, "one round is 22 frames; decoded as TCP: " + frames);
        long rounds = frames / 22;
        assertEquals(0, frames % 22, "every frame of every round decodes as TCP");
        assertEquals(2 * rounds, (long) printer.closes.getOrDefault(CloseReason.FIN, 0), printer.closes.toString());
        assertEquals(rounds, (long) printer.closes.getOrDefault(CloseReason.REFUSED, 0), printer.closes.toString());
        assertEquals(rounds, (long) printer.closes.getOrDefault(CloseReason.RESET_BY_ORIGINATOR, 0), printer.closes.toString());
        assertEquals(3 * rounds, printer.established);
        assertEquals(rounds, printer.ipv6);
        assertTrue(printer.finished, "the printer is finished: nothing of the rehearsal is left to write later");
    }
}
