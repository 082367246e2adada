package dev.conntrail.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conntrail.tracker.segment.TcpFlags;
import dev.conntrail.tracker.segment.TcpSegment;
import org.junit.jupiter.api.Test;

/**
 * What the connection table costs per connection, by its own accounting of the arrays it holds (the
 * benchmark measures the whole heap). Deterministic: a count of bytes, not a timing.
 */
class TableFootprintTest {

    @Test
    void anEstablishedConnectionCostsUnder200BytesOfTable() {
        int n = 200_000;
        ConnectionTracker t = new ConnectionTracker(TrackerConfig.defaults(), e -> { });
        TcpSegment s = new TcpSegment();
        long time = 1_700_000_000_000_000_000L;
        for (int i = 0; i < n; i++) {
            int client = 0x0A000000 | (i >>> 14);
            int port = 1024 + (i & 0x3FFF);
            int server = 0xC0A80001;
            int isn = i * 7919;
            int sisn = i * 104_729;
            time += 1000;
            t.accept(s.reset().time(time).ipv4(client, server, 60, 1, 64)
                    .tcp(port, 443, isn, 0, TcpFlags.SYN, 65535, 40, 0).windowScale(7).mss(1460));
            t.accept(s.reset().time(time + 100).ipv4(server, client, 60, 1, 64)
                    .tcp(443, port, sisn, isn + 1, TcpFlags.SYN | TcpFlags.ACK, 65535, 40, 0).windowScale(7));
            t.accept(s.reset().time(time + 200).ipv4(client, server, 52, 2, 64)
                    .tcp(port, 443, isn + 1, sisn + 1, TcpFlags.ACK, 502, 32, 0));
            t.accept(s.reset().time(time + 300).ipv4(client, server, 352, 3, 64)
                    .tcp(port, 443, isn + 1, sisn + 1, TcpFlags.ACK | TcpFlags.PSH, 502, 32, 300));
        }
        TrackerStats stats = t.stats();
        assertEquals(n, stats.open());
        double perConnection = (double) stats.tableBytes() / n;
        System.out.printf("connection table: %d connections, %.1f bytes each%n", n, perConnection);
        assertTrue(perConnection < 200, "bytes per connection: " + perConnection);
    }
}
