package dev.conntrail.tracker;

import dev.conntrail.tracker.event.FourTuple;

/**
 * Connection identifiers in Zeek's style: {@code C} followed by base-62 digits. They are derived from the
 * connection's ordinal, its start time and its endpoints (combined symmetrically, so a role flip keeps the
 * uid), so the same capture read with the same options always gives the same uids.
 */
final class Uids {
    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Uids() {
    }

    static String of(long ordinal, long firstNanos, FourTuple t) {
        long a = endpointHash(t.origAddr().hi(), t.origAddr().lo(), t.origPort());
        long b = endpointHash(t.respAddr().hi(), t.respAddr().lo(), t.respPort());
        long h1 = mix(ordinal * 0x9E37_79B9_7F4A_7C15L ^ firstNanos);
        long h2 = mix(h1 ^ (a + b));
        StringBuilder sb = new StringBuilder(18).append('C');
        appendBase62(sb, h1, 9);
        appendBase62(sb, h2, 8);
        return sb.toString();
    }

    private static long endpointHash(long hi, long lo, int port) {
        return mix(hi ^ mix(lo ^ ((long) port << 17)));
    }

    private static void appendBase62(StringBuilder sb, long v, int digits) {
        long x = v;
        for (int i = 0; i < digits; i++) {
            sb.append(DIGITS.charAt((int) Long.remainderUnsigned(x, 62)));
            x = Long.divideUnsigned(x, 62);
        }
    }

    private static long mix(long z) {
        z += 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
