package dev.conntrail.cli.output;

/** The number formats every printer shares: epoch timestamps, durations, byte counts. */
final class Numbers {
    private Numbers() {
    }

    /** Longest text {@link #epoch(long, char[], int)} writes: a sign, 19 digits, the point and 9 decimals. */
    static final int EPOCH_CHARS = 30;
    /** Longest text {@link #dottedQuad(int, char[], int)} writes. */
    static final int DOTTED_QUAD_CHARS = 15;

    /**
     * Seconds since the epoch with microseconds, or nanoseconds when the capture has them
     * ({@code 1377201633.570191}, {@code 1700000000.123456789}), as text for a JSON number or a TSV cell.
     */
    static String epoch(long nanos) {
        char[] text = new char[EPOCH_CHARS];
        return new String(text, 0, epoch(nanos, text, 0));
    }

    /**
     * {@link #epoch(long)} written into {@code to} at {@code at} (room for {@link #EPOCH_CHARS}), without
     * allocating; returns the index after the last character.
     */
    static int epoch(long nanos, char[] to, int at) {
        long sec = Math.floorDiv(nanos, 1_000_000_000L);
        long frac = Math.floorMod(nanos, 1_000_000_000L);
        int p = at;
        if (sec < 0) {
            to[p++] = '-';
            sec = -sec; // no epoch second reaches Long.MIN_VALUE: nanos / 1e9 is far inside the range
        }
        p = digits(sec, to, p);
        to[p++] = '.';
        return frac % 1000 == 0 ? padded(frac / 1000, 6, to, p) : padded(frac, 9, to, p);
    }

    /** A non-negative interval in seconds, Zeek style ({@code 0.050692}), nanoseconds when needed. */
    static String seconds(long nanos) {
        return epoch(nanos);
    }

    /** {@link #seconds(long)} written into {@code to} at {@code at}; returns the index after it. */
    static int seconds(long nanos, char[] to, int at) {
        return epoch(nanos, to, at);
    }

    /** An IPv4 address ({@code 192.0.2.1}) written into {@code to} at {@code at}; returns the index after it. */
    static int dottedQuad(int address, char[] to, int at) {
        int p = at;
        for (int shift = 24; shift >= 0; shift -= 8) {
            p = digits((address >>> shift) & 0xFF, to, p);
            if (shift > 0) {
                to[p++] = '.';
            }
        }
        return p;
    }

    /** The decimal digits of a non-negative number. */
    private static int digits(long v, char[] to, int at) {
        int n = 1;
        for (long x = v; x >= 10; x /= 10) {
            n++;
        }
        return padded(v, n, to, at);
    }

    /** The last {@code width} decimal digits of a non-negative number, zero-padded. */
    private static int padded(long v, int width, char[] to, int at) {
        long x = v;
        for (int i = at + width - 1; i >= at; i--) {
            to[i] = (char) ('0' + x % 10);
            x /= 10;
        }
        return at + width;
    }

    private static final String[] UNITS = {"kB", "MB", "GB", "TB", "PB"};

    /** Bytes for people: exact below 10 000, then kB, MB, GB with one decimal (SI units). */
    static String bytes(long n) {
        if (n < 10_000) {
            return n + " B";
        }
        double v = n;
        int u = -1;
        while (v >= 1000 && u < UNITS.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, UNITS[u]);
    }

    /** A duration for people: 850us, 12.3ms, 4.87s, 3m12s, 2h05m. */
    static String duration(long nanos) {
        if (nanos < 1_000_000L) {
            return (nanos / 1000) + "us";
        }
        if (nanos < 1_000_000_000L) {
            return String.format(java.util.Locale.ROOT, "%.1fms", nanos / 1e6);
        }
        if (nanos < 60_000_000_000L) {
            return String.format(java.util.Locale.ROOT, "%.2fs", nanos / 1e9);
        }
        long s = nanos / 1_000_000_000L;
        if (s < 3600) {
            return (s / 60) + "m" + String.format(java.util.Locale.ROOT, "%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format(java.util.Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }
}
