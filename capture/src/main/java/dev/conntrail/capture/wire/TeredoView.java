package dev.conntrail.capture.wire;

/**
 * Teredo encapsulation (RFC 4380 section 5.1.1): an IPv6 packet in UDP, optionally preceded by an
 * authentication indicator and then an origin indication.
 *
 * <pre>
 * Authentication (0x0001):                      Origin indication (0x0000):
 * +--------+--------+--------+--------+         +--------+--------+--------+--------+
 * |  0x00  |  0x01  | ID-len | AU-len |         |  0x00  |  0x00  | Origin port (2)  |
 * +--------+--------+--------+--------+         +--------+--------+--------+--------+
 * | Client identifier (ID-len bytes)  |         |   Origin IPv4 address (4)         |
 * | Authentication value (AU-len)     |         +--------+--------+--------+--------+
 * | Nonce (8)             | Confirm(1)|
 * +-----------------------------------+
 * </pre>
 *
 * Off the Teredo port, Zeek decides by content whether a UDP payload is Teredo; {@link #looksLikeTeredo}
 * states the same test: a version-6 header whose source or destination address is in 2001:0000::/32, or the
 * indicator headers followed by something with version 6.
 */
final class TeredoView {
    private static final int AUTH_FIXED_LENGTH = 13;
    private static final int ORIGIN_LENGTH = 8;
    private static final int TYPE_ORIGIN = 0x0000;
    private static final int TYPE_AUTH = 0x0001;
    private static final int TEREDO_PREFIX = 0x2001_0000;

    private TeredoView() {
    }

    /**
     * The offset from {@code off} of the IPv6 header after any indicator headers, or -1 when the payload is
     * not well-formed Teredo (an indicator cut off, repeated or out of order, or no version-6 header behind).
     */
    static int innerOffset(byte[] b, int off, int len) {
        int i = 0;
        if (len >= 2 && Bytes.u16(b, off) == TYPE_AUTH) {
            if (len < 4) {
                return -1;
            }
            int authLength = AUTH_FIXED_LENGTH + Bytes.u8(b, off + 2) + Bytes.u8(b, off + 3);
            if (len < authLength) {
                return -1;
            }
            i = authLength;
        }
        if (len - i >= 2 && Bytes.u16(b, off + i) == TYPE_ORIGIN) {
            if (len - i < ORIGIN_LENGTH) {
                return -1;
            }
            i += ORIGIN_LENGTH;
        }
        if (len - i < Ipv6View.HEADER_LENGTH || (Bytes.u8(b, off + i) >>> 4) != 6) {
            return -1;
        }
        return i;
    }

    /**
     * Zeek's content test for Teredo on a port not registered for it, step by step: at least 40 bytes; a
     * version-6 header with an address in 2001:0000::/32; or, reading the second byte as an indicator type,
     * an authentication indicator and/or an origin indication followed by a version-6 header.
     */
    static boolean looksLikeTeredo(byte[] b, int off, int len) {
        if (len < Ipv6View.HEADER_LENGTH) {
            return false;
        }
        int first = Bytes.u8(b, off);
        int second = Bytes.u8(b, off + 1);
        boolean version6 = (first >>> 4) == 6;
        if (!version6 && (first != 0 || (second != TYPE_AUTH && second != TYPE_ORIGIN))) {
            return false;
        }
        if (version6 && (Bytes.u32(b, off + Ipv6View.SOURCE) == TEREDO_PREFIX
                || Bytes.u32(b, off + Ipv6View.DESTINATION) == TEREDO_PREFIX)) {
            return true;
        }
        int i = 0;
        int type = second;
        if (type == TYPE_AUTH) {
            int authLength = AUTH_FIXED_LENGTH + Bytes.u8(b, off + 2) + Bytes.u8(b, off + 3);
            if (len - authLength < Ipv6View.HEADER_LENGTH) {
                return false;
            }
            i = authLength;
            type = Bytes.u16(b, off + i);
        }
        if (type != TYPE_ORIGIN) {
            return false;
        }
        i += ORIGIN_LENGTH;
        return len - i >= Ipv6View.HEADER_LENGTH && (Bytes.u8(b, off + i) >>> 4) == 6;
    }
}
