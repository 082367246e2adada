package dev.conntrail.capture.wire;

/**
 * The fixed IPv6 header (RFC 8200 section 3).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                    Source Address (16)                        +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                 Destination Address (16)                      +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class Ipv6View {
    private static final int VERSION = 0;
    private static final int PAYLOAD_LENGTH = 4;
    private static final int NEXT_HEADER = 6;
    private static final int HOP_LIMIT = 7;
    static final int SOURCE = 8;
    static final int DESTINATION = 24;
    static final int HEADER_LENGTH = 40;
    /** Where payload length and next header sit, for rewriting a reassembled header. */
    static final int PAYLOAD_LENGTH_OFFSET = PAYLOAD_LENGTH;
    static final int NEXT_HEADER_OFFSET = NEXT_HEADER;

    private byte[] b;
    private int off;

    boolean bind(byte[] bytes, int offset, int len) {
        if (len < HEADER_LENGTH) {
            return false;
        }
        this.b = bytes;
        this.off = offset;
        return true;
    }

    int version() {
        return Bytes.u8(b, off + VERSION) >>> 4;
    }

    int payloadLength() {
        return Bytes.u16(b, off + PAYLOAD_LENGTH);
    }

    int nextHeader() {
        return Bytes.u8(b, off + NEXT_HEADER);
    }

    int hopLimit() {
        return Bytes.u8(b, off + HOP_LIMIT);
    }

    long sourceHi() {
        return Bytes.u64(b, off + SOURCE);
    }

    long sourceLo() {
        return Bytes.u64(b, off + SOURCE + 8);
    }

    long destinationHi() {
        return Bytes.u64(b, off + DESTINATION);
    }

    long destinationLo() {
        return Bytes.u64(b, off + DESTINATION + 8);
    }
}
