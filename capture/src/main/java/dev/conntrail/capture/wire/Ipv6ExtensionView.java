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
    /** Mobile IPv6 Home Address destination option (RFC 6275 section 6.3). */
    private static final int OPTION_HOME_ADDRESS = 0xC9;
    private static final int ADDRESS_LENGTH = 16;
    private static final int ROUTING_TYPE = 2;
    private static final int SEGMENTS_LEFT = 3;
    private static final int ROUTING_ADDRESSES = 8;
    /** Routing header types that carry plain IPv6 addresses: type 0 (deprecated, RFC 5095) and type 2 (RFC 6275). */
    private static final int ROUTING_TYPE_0 = 0;
    private static final int ROUTING_TYPE_2 = 2;

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
     * In a destination-options header: the offset of the Home Address option's address, or -1. With it, the
     * packet's real source is the home address (RFC 6275 section 6.3): the TCP pseudo header uses it.
     */
    int homeAddressOffset() {
        return kind == IpProtocol.DESTINATION_OPTIONS ? optionData(OPTION_HOME_ADDRESS, ADDRESS_LENGTH) : -1;
    }

    /**
     * Walks the type-length-value options of a hop-by-hop or destination-options header (RFC 8200 section
     * 4.2): the offset of the data of the first option of {@code type} whose data is {@code wantedLength} bytes, or
     * -1 when there is none or the options are malformed.
     */
    private int optionData(int type, int wantedLength) {
        int i = off + 2;
        int end = off + length;
        while (i < end) {
            int t = Bytes.u8(b, i);
            if (t == OPTION_PAD1) {
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
            if (t == type && dataLength == wantedLength) {
                return i + 2;
            }
            i += 2 + dataLength;
        }
        return -1;
    }

    /**
     * In a routing header of type 0 or 2 with segments left: the offset of the final destination (the last
     * address listed), which the TCP pseudo header uses (RFC 8200 section 8.1); otherwise -1.
     */
    int finalDestinationOffset() {
        if (kind != IpProtocol.ROUTING || Bytes.u8(b, off + SEGMENTS_LEFT) == 0) {
            return -1;
        }
        int type = Bytes.u8(b, off + ROUTING_TYPE);
        if (type != ROUTING_TYPE_0 && type != ROUTING_TYPE_2) {
            return -1;
        }
        int addresses = (length - ROUTING_ADDRESSES) / ADDRESS_LENGTH;
        if (addresses < 1) {
            return -1;
        }
        return off + ROUTING_ADDRESSES + (addresses - 1) * ADDRESS_LENGTH;
    }

    /**
     * In a hop-by-hop header: the Jumbo Payload length, or -1 when there is none or the options are malformed.
     * As a long so that lengths above 2^31 stay positive.
     */
    long jumboPayloadLength() {
        if (kind != IpProtocol.HOP_BY_HOP) {
            return -1;
        }
        int at = optionData(OPTION_JUMBO, JUMBO_DATA_LENGTH);
        return at < 0 ? -1 : Bytes.u32(b, at) & 0xFFFF_FFFFL;
    }
}
