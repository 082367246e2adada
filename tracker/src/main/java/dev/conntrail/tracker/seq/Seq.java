package dev.conntrail.tracker.seq;

/**
 * Sequence-number arithmetic modulo 2^32 (RFC 9293 section 3.4, "sequence number comparisons").
 *
 * <p>Every comparison between two sequence or acknowledgement numbers goes through here: a raw
 * {@code <} between them is wrong as soon as the space wraps. Two numbers are ordered by the sign of
 * their 32-bit difference, so the comparison holds while they are less than 2^31 apart.
 */
public final class Seq {
    private Seq() {
    }

    /** {@code a} comes strictly before {@code b}. */
    public static boolean before(int a, int b) {
        return a - b < 0;
    }

    /** {@code a} comes strictly after {@code b}. */
    public static boolean after(int a, int b) {
        return a - b > 0;
    }

    /** {@code a} is at or before {@code b}. */
    public static boolean atOrBefore(int a, int b) {
        return a - b <= 0;
    }

    /** {@code a} is at or after {@code b}. */
    public static boolean atOrAfter(int a, int b) {
        return a - b >= 0;
    }

    /** {@code low <= x <= high} in sequence space. */
    public static boolean between(int x, int low, int high) {
        return x - low >= 0 && high - x >= 0;
    }

    /** The later of the two. */
    public static int max(int a, int b) {
        return after(a, b) ? a : b;
    }

    /** The earlier of the two. */
    public static int min(int a, int b) {
        return before(a, b) ? a : b;
    }

    /** The signed distance from {@code from} to {@code to}: positive when {@code to} is after {@code from}. */
    public static int distance(int from, int to) {
        return to - from;
    }

    /** The distance from {@code base} forward to {@code x}, as an unsigned number (0 .. 2^32-1). */
    public static long offset(int base, int x) {
        return (x - base) & 0xFFFF_FFFFL;
    }
}
