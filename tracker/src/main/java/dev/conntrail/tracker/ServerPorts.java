package dev.conntrail.tracker;

import java.util.BitSet;

/**
 * Ports that are likely to belong to a server. When a connection is picked up without a SYN, the side on
 * such a port is taken as the responder (Zeek's {@code likely_server_ports} heuristic).
 */
public final class ServerPorts {
    /** Well-known service ports above 1023 that servers commonly listen on. */
    private static final int[] COMMON_HIGH = {
        1080, 1433, 1521, 1723, 1883, 2049, 2181, 2375, 2376, 3128, 3268, 3306, 3389, 3690, 4369, 5000, 5060,
        5061, 5222, 5269, 5432, 5601, 5672, 5900, 5984, 6379, 6443, 6660, 6661, 6662, 6663, 6664, 6665, 6666,
        6667, 6668, 6669, 6697, 7000, 7001, 8000, 8008, 8080, 8081, 8088, 8443, 8888, 9000, 9042, 9090,
        9092, 9200, 9300, 9418, 11211, 15672, 27017, 50000
    };

    private ServerPorts() {
    }

    /** IANA's well-known ports (1-1023) and common higher service ports. */
    public static BitSet defaults() {
        BitSet b = new BitSet(65536);
        b.set(1, 1024);
        for (int p : COMMON_HIGH) {
            b.set(p);
        }
        return b;
    }

    public static BitSet of(int... ports) {
        BitSet b = new BitSet(65536);
        for (int p : ports) {
            b.set(p);
        }
        return b;
    }
}
