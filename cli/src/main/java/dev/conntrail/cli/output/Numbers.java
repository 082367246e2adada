package dev.conntrail.cli.output;

/** The number formats every printer shares: epoch timestamps, durations, byte counts. */
final class Numbers {
    private Numbers() {
    }

    /**
     * Seconds since the epoch with microseconds, or nanoseconds when the capture has them
     * ({@code 1377201633.570191}, {@code 1700000000.123456789}), as text for a JSON number or a TSV cell.
     */
    static String epoch(long nanos) {
        long sec = Math.floorDiv(nanos, 1_000_000_000L);
        long frac = Math.floorMod(nanos, 1_000_000_000L);
        if (frac % 1000 == 0) {
            return sec + "." + pad(frac / 1000, 6);
        }
        return sec + "." + pad(frac, 9);
    }

    /** A non-negative interval in seconds, Zeek style ({@code 0.050692}), nanoseconds when needed. */
    static String seconds(long nanos) {
        return epoch(nanos);
    }

    private static String pad(long v, int width) {
        String s = Long.toString(v);
        StringBuilder sb = new StringBuilder(width);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s).toString();
    }

    /** Bytes for people: exact below 10 000, then kB, MB, GB with one decimal (SI units). */
    static String bytes(long n) {
        if (n < 10_000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
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
