package dev.conntrail.tracker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.conntrail.tracker.segment.TcpFlags;
import dev.conntrail.tracker.segment.TcpSegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The tracker allocates nothing for a segment that raises no event: data and ACKs on established
 * connections, with time moving on (timeouts checked every packet). Counted in bytes, not timed.
 */
class TrackerAllocationTest {
    private static final int CONNECTIONS = 1000;

    @Test
    void segmentsThatRaiseNoEventAllocateNothing() {
        ConnectionTracker t = new ConnectionTracker(TrackerConfig.defaults(), e -> { });
        TcpSegment s = new TcpSegment();
        long[] time = {1_700_000_000_000_000_000L};
        int[] seq = new int[CONNECTIONS];
        for (int i = 0; i < CONNECTIONS; i++) {
            open(t, s, i, time);
            seq[i] = 1001;
        }
        run(t, s, seq, time, 200_000); // warm up: let the JIT compile the path
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        assertTrue(before >= 0, "this JVM measures allocation per thread (-1 would make the figure meaningless)");
        int packets = 200_000;
        run(t, s, seq, time, packets);
        double perPacket = (double) (threads.getThreadAllocatedBytes(id) - before) / packets;
        System.out.printf("tracker: %.3f bytes allocated per segment%n", perPacket);
        assertTrue(perPacket < 1, "bytes allocated per segment: " + perPacket);
    }

    private static void open(ConnectionTracker t, TcpSegment s, int i, long[] time) {
        int port = 20000 + i;
        t.accept(s.reset().time(time[0] += 1000).ipv4(0x0A000001, 0x0A000002, 60, 1, 64)
                .tcp(port, 80, 1000, 0, TcpFlags.SYN, 65535, 40, 0).windowScale(7));
        t.accept(s.reset().time(time[0] += 1000).ipv4(0x0A000002, 0x0A000001, 60, 1, 64)
                .tcp(80, port, 5000, 1001, TcpFlags.SYN | TcpFlags.ACK, 65535, 40, 0).windowScale(7));
        t.accept(s.reset().time(time[0] += 1000).ipv4(0x0A000001, 0x0A000002, 52, 2, 64)
                .tcp(port, 80, 1001, 5001, TcpFlags.ACK, 512, 32, 0));
    }

    private static void run(ConnectionTracker t, TcpSegment s, int[] seq, long[] time, int packets) {
        for (int n = 0; n < packets; n++) {
            int i = n % CONNECTIONS;
            int port = 20000 + i;
            if ((n & 1) == 0) {
                t.accept(s.reset().time(time[0] += 1000).ipv4(0x0A000001, 0x0A000002, 140, n, 64)
                        .tcp(port, 80, seq[i], 5001, TcpFlags.ACK | TcpFlags.PSH, 512, 32, 100));
                seq[i] += 100;
            } else {
                t.accept(s.reset().time(time[0] += 1000).ipv4(0x0A000002, 0x0A000001, 52, n, 64)
                        .tcp(80, port, 5001, seq[i], TcpFlags.ACK, 512, 32, 0));
            }
        }
    }
}
