package dev.conntrail.capture.wire;

/**
 * One IPv6 extension header (RFC 8200 section 4), or an Authentication Header (RFC 4302 section 2), which
 * IPv4 can carry too.
 *
 * <pre>
 * Generic (hop-by-hop, routing, destination options, mobility, HIP, shim6):
 * +---------------+---------------+-------------------------------+
 * |  Next Header  |  Hdr Ext Len  |  ... (Hdr Ext Len + 1) * 8 bytes in all
 * +---------------+---------------+-------------------------------+
 *
 * Fragment (8 bytes):
 * +---------------+---------------+-------------------------+-+-+-+
 * |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 * +---------------+---------------+-------------------------+-+-+-+
 * |                         Identification                        |
 * +---------------+---------------+-------------------------------+
 *
 * Authentication Header: as generic, but Payload Len counts 4-byte words minus 2.
 * </pre>
 *
 * Hop-by-hop options may hold a Jumbo Payload option (RFC 2675): type 0xC2, length 4, a 32-bit length.
 */
final class Ipv6ExtensionView {
    private static final int NEXT_HEADER = 0;
    private static final int LENGTH = 1;
    private static final int FRAGMENT_FIELD = 2;
    private static final int IDENTIFICATION = 4;
    private static final int FRAGMENT_OFFSET_MASK = 0xFFF8;
    private static final int MORE_FRAGMENTS = 0x0001;
    static final int MIN_LENGTH = 8;
    static final int FRAGMENT_HEADER_LENGTH = 8;
    private static final int OPTION_PAD1 = 0;
    private static final int OPTION_JUMBO = 0xC2;
    private static final int JUMBO_DATA_LENGTH = 4;

    private byte[] b;
    private int off;
    private int kind;
    private int length;

    /**
     * Binds to the header of type {@code kind} at {@code offset}; false when it is cut off (its fixed part or
     * the length it declares runs past {@code len}).
     */
    boolean bind(byte[] bytes, int offset, int len, int headerKind) {
        if (len < MIN_LENGTH) {
            return false;
        }
        this.b = bytes;
        this.off = offset;
        this.kind = headerKind;
        if (headerKind == IpProtocol.FRAGMENT) {
            this.length = FRAGMENT_HEADER_LENGTH;
        } else if (headerKind == IpProtocol.AH) {
            this.length = (Bytes.u8(b, off + LENGTH) + 2) * 4;
        } else {
            this.length = (Bytes.u8(b, off + LENGTH) + 1) * 8;
        }
        return length <= len;
    }

    int nextHeader() {
        return Bytes.u8(b, off + NEXT_HEADER);
    }

    int headerLength() {
        return length;
    }

    int fragmentOffset() {
        return Bytes.u16(b, off + FRAGMENT_FIELD) & FRAGMENT_OFFSET_MASK;
    }

    boolean moreFragments() {
        return (Bytes.u16(b, off + FRAGMENT_FIELD) & MORE_FRAGMENTS) != 0;
    }

    int identification() {
        return Bytes.u32(b, off + IDENTIFICATION);
    }

    /**
     * In a hop-by-hop header: the Jumbo Payload length, or -1 when there is none or the options are malformed.
     * As a long so that lengths above 2^31 stay positive.
     */
    long jumboPayloadLength() {
        if (kind != IpProtocol.HOP_BY_HOP) {
            return -1;
        }
        int i = off + 2;
        int end = off + length;
        while (i < end) {
            int type = Bytes.u8(b, i);
            if (type == OPTION_PAD1) {
                i++;
                continue;
            }
            if (i + 2 > end) {
                return -1;
            }
            int dataLength = Bytes.u8(b, i + 1);
            if (i + 2 + dataLength > end) {
                return -1;
            }
            if (type == OPTION_JUMBO && dataLength == JUMBO_DATA_LENGTH) {
                return Bytes.u32(b, i + 2) & 0xFFFF_FFFFL;
            }
            i += 2 + dataLength;
        }
        return -1;
    }
}
