package dev.conntrail.capture.wire;

/**
 * A PPP frame header (RFC 1661 section 2) with the optional HDLC-like address and control bytes of RFC 1662
 * section 3 and protocol-field compression (a one-byte protocol whose low bit is set).
 *
 * <pre>
 * +----------+----------+----------+----------+
 * | Address  | Control  |       Protocol      |   Address/Control may be absent;
 * |   0xff   |   0x03   |    8 or 16 bits     |   the protocol may be one byte
 * +----------+----------+----------+----------+
 * </pre>
 */
final class PppView {
    private static final int ALL_STATIONS = 0xFF;
    private static final int UNNUMBERED_INFO = 0x03;
    static final int IPV4 = 0x0021;
    static final int IPV6 = 0x0057;
    static final int MPLS_UNICAST = 0x0281;
    static final int MPLS_MULTICAST = 0x0283;

    private int protocol;
    private int headerLength;

    /** Binds and parses; false when the header is cut off. */
    boolean bind(byte[] b, int off, int len) {
        int i = 0;
        if (len >= 2 && Bytes.u8(b, off) == ALL_STATIONS && Bytes.u8(b, off + 1) == UNNUMBERED_INFO) {
            i = 2;
        }
        if (len - i < 1) {
            return false;
        }
        int first = Bytes.u8(b, off + i);
        if ((first & 1) == 1) {
            protocol = first; // compressed protocol field (RFC 1661 section 6.5)
            headerLength = i + 1;
            return true;
        }
        if (len - i < 2) {
            return false;
        }
        protocol = Bytes.u16(b, off + i);
        headerLength = i + 2;
        return true;
    }

    int protocol() {
        return protocol;
    }

    int headerLength() {
        return headerLength;
    }
}
