package dev.conntrail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conntrail.capture.CaptureStats;
import dev.conntrail.tracker.event.Connection;
import dev.conntrail.tracker.segment.Tunnel;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which connections the drop ledger marks inexact. Readings are fed by hand: (time, kernel drops so far).
 * Drops found at a reading happened somewhere since the previous one.
 */
class DropLedgerTest {
    private final DropLedger ledger = new DropLedger(() -> {
        throw new AssertionError("only hand-fed readings here");
    }, () -> 0L);

    private static Connection startedAt(String uid, long nanos) {
        return new Connection(uid, null, nanos, nanos, null, null, null, null, "", -1, Set.of(), Tunnel.NONE, -1, -1);
    }

    private void reading(long nanos, long droppedByKernel, long droppedByInterface) {
        ledger.record(nanos, new CaptureStats(1000, droppedByKernel, droppedByInterface, true));
    }

    @Test
    void noDrops_everyConnectionExact() {
        reading(100, 0, 0);
        reading(200, 0, 0);
        ledger.freeze();
        assertTrue(ledger.countsExact(startedAt("C1", 50), 150));
        assertEquals(0, ledger.inexactConnections());
    }

    @Test
    void dropsBetweenTwoReadings_connectionOpenAcrossThem_inexact() {
        reading(100, 0, 0);
        reading(200, 5, 0); // lost somewhere in (100, 200]
        ledger.freeze();
        assertFalse(ledger.countsExact(startedAt("C1", 50), 150), "open across the interval");
        assertFalse(ledger.countsExact(startedAt("C2", 150), 160), "started inside it");
        assertFalse(ledger.countsExact(startedAt("C3", 199), 250), "open at its end");
        assertEquals(3, ledger.inexactConnections());
    }

    @Test
    void dropsBetweenTwoReadings_connectionBeforeOrAfter_exact() {
        reading(100, 0, 0);
        reading(200, 5, 0);
        reading(300, 5, 0);
        ledger.freeze();
        assertTrue(ledger.countsExact(startedAt("C1", 10), 100), "ended (as far as this event goes) before it");
        assertTrue(ledger.countsExact(startedAt("C2", 201), 290), "started after it");
    }

    @Test
    void interfaceDropsCountLikeKernelDrops() {
        reading(100, 0, 0);
        reading(200, 0, 3);
        ledger.freeze();
        assertFalse(ledger.countsExact(startedAt("C1", 150), 170));
    }

    @Test
    void dropsInConsecutiveReadings_oneInterval_laterEventsOfTheSameConnectionStillInexact() {
        reading(100, 0, 0);
        reading(200, 1, 0);
        reading(300, 2, 0);
        reading(400, 2, 0);
        ledger.freeze();
        assertFalse(ledger.countsExact(startedAt("C1", 280), 290));
        assertFalse(ledger.countsExact(startedAt("C1", 280), 500), "a later event of a connection once inexact");
        assertEquals(1, ledger.inexactConnections(), "each connection counted once");
    }

    @Test
    void eventNewerThanLastReading_readsTheCountersFirst() {
        long[] now = {100};
        long[] dropped = {0};
        DropLedger live = new DropLedger(() -> new CaptureStats(10, dropped[0], 0, true), () -> now[0]);
        live.read();
        now[0] = 200;
        dropped[0] = 7; // lost before the event at 150, not read yet
        assertFalse(live.countsExact(startedAt("C1", 120), 150));
        assertEquals(7, live.last().droppedByKernel());
    }
}
