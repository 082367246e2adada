package dev.conntrail.capture.file;

/**
 * How long a captured packet may be, following libpcap (the reference reader), so that both readers agree
 * on what is a packet and what is damage.
 *
 * <p>libpcap accepts at most {@value #MAXIMUM} captured bytes per packet (more for the few link types that
 * carry whole messages), and treats a snapshot length of 0, or one above that maximum, as the maximum
 * ({@code pcap_adjust_snapshot}). Wireshark uses the same limits.
 */
final class Snaplen {

    /** libpcap's MAXIMUM_SNAPLEN. */
    static final int MAXIMUM = 262_144;

    private static final int DBUS = 231;
    private static final int USBPCAP = 249;
    private static final int EBHSCR = 279;

    private Snaplen() {
    }

    /** The largest captured length libpcap accepts for a link type ({@code max_snaplen_for_dlt}). */
    static int maxFor(int linkType) {
        return switch (linkType) {
            case DBUS -> 128 * 1024 * 1024;
            case EBHSCR -> 8 * 65536;
            case USBPCAP -> 1024 * 1024;
            default -> MAXIMUM;
        };
    }

    /** The snapshot length libpcap works with for a file's {@code snaplen} field (unsigned). */
    static int adjust(int linkType, long snaplen) {
        int max = maxFor(linkType);
        return snaplen == 0 || snaplen > max ? max : (int) snaplen;
    }
}
