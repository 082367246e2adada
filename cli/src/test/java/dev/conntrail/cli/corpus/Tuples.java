package dev.conntrail.cli.corpus;

import dev.conntrail.tracker.segment.IpAddress;

/** A direction-free key for a 4-tuple, with addresses in one canonical text form. */
final class Tuples {
    private Tuples() {
    }

    static String key(String a, int aPort, String b, int bPort) {
        String x = canonical(a) + "#" + aPort;
        String y = canonical(b) + "#" + bPort;
        return x.compareTo(y) <= 0 ? x + "|" + y : y + "|" + x;
    }

    static String endpoint(String addr, int port) {
        return canonical(addr) + "#" + port;
    }

    private static String canonical(String addr) {
        try {
            return IpAddress.parse(addr).toString();
        } catch (RuntimeException e) {
            return addr;
        }
    }
}
