package dev.conntrail.tracker.segment;

/**
 * An IPv4 or IPv6 address as two longs, so that keys hash and compare without allocating.
 *
 * <p>IPv4 addresses are held in their IPv4-mapped IPv6 form ({@code ::ffff:a.b.c.d}, RFC 4291
 * section 2.5.5.2) with {@link #v6()} false; an IPv6 packet whose address happens to be
 * IPv4-mapped keeps {@code v6} true and prints in IPv6 notation.
 */
public record IpAddress(long hi, long lo, boolean v6) {

    /** The upper half of {@link #lo()} of every IPv4-mapped address. */
    public static final long V4_MAPPED_PREFIX = 0x0000_FFFF_0000_0000L;

    public static IpAddress ofV4(int address) {
        return new IpAddress(0, mappedV4(address), false);
    }

    public static IpAddress ofV6(long hi, long lo) {
        return new IpAddress(hi, lo, true);
    }

    /** Parses dotted-quad IPv4 or IPv6 text (no host names). */
    public static IpAddress parse(String text) {
        if (text.indexOf(':') < 0) {
            String[] parts = text.split("\\.", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            int v = 0;
            for (String p : parts) {
                int octet = Integer.parseInt(p);
                if (octet < 0 || octet > 255) {
                    throw new IllegalArgumentException("not an IPv4 address: " + text);
                }
                v = (v << 8) | octet;
            }
            return ofV4(v);
        }
        return parseV6(text);
    }

    private static IpAddress parseV6(String text) {
        int[] groups = new int[8];
        String[] halves = text.split("::", -1);
        if (halves.length > 2) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":", -1);
        String[] tail = halves.length == 2 && !halves[1].isEmpty() ? halves[1].split(":", -1) : new String[0];
        if (halves.length == 1 && head.length != 8 || head.length + tail.length > 8) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        for (int i = 0; i < head.length; i++) {
            groups[i] = Integer.parseInt(head[i], 16);
        }
        for (int i = 0; i < tail.length; i++) {
            groups[8 - tail.length + i] = Integer.parseInt(tail[i], 16);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | (groups[i] & 0xFFFF);
            lo = (lo << 16) | (groups[i + 4] & 0xFFFF);
        }
        return ofV6(hi, lo);
    }

    public static long mappedV4(int address) {
        return V4_MAPPED_PREFIX | (address & 0xFFFF_FFFFL);
    }

    /** The IPv4 address as an int; only meaningful when {@link #v6()} is false. */
    public int v4() {
        return (int) lo;
    }

    @Override
    public String toString() {
        if (!v6) {
            int a = v4();
            return ((a >>> 24) & 0xFF) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
        }
        return formatV6(hi, lo);
    }

    /** RFC 5952 text: lower case, leading zeros dropped, the longest run of zero groups as "::". */
    static String formatV6(long hi, long lo) {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
            g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        int bestStart = -1;
        int bestLen = 1; // a single zero group is not shortened (RFC 5952 section 4.2.2)
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
