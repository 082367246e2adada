package dev.conntrail.capture.wire;

/**
 * An IPv4 header (RFC 791 section 3.1).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * {@link #bind} checks that the fixed 20 bytes were captured; the decoder then checks the header length
 * against the capture and the total length, each with its own outcome.
 */
final class Ipv4View {
    private static final int VERSION_IHL = 0;
    private static final int TOTAL_LENGTH = 2;
    private static final int IDENTIFICATION = 4;
    private static final int FLAGS_FRAGMENT = 6;
    private static final int TTL = 8;
    private static final int PROTOCOL = 9;
    static final int SOURCE = 12;
    static final int DESTINATION = 16;
    private static final int MORE_FRAGMENTS = 0x2000;
    private static final int FRAGMENT_OFFSET_MASK = 0x1FFF;
    static final int MIN_HEADER_LENGTH = 20;
    /** Where total length and the flags/fragment-offset field sit, for rewriting a reassembled header. */
    static final int TOTAL_LENGTH_OFFSET = TOTAL_LENGTH;
    static final int FLAGS_FRAGMENT_OFFSET = FLAGS_FRAGMENT;

    private byte[] b;
    private int off;

    boolean bind(byte[] bytes, int offset, int len) {
        if (len < MIN_HEADER_LENGTH) {
            return false;
        }
        this.b = bytes;
        this.off = offset;
        return true;
    }

    int version() {
        return Bytes.u8(b, off + VERSION_IHL) >>> 4;
    }

    /** IHL in bytes (IHL counts 32-bit words). */
    int headerLength() {
        return (Bytes.u8(b, off + VERSION_IHL) & 0x0F) * 4;
    }

    int totalLength() {
        return Bytes.u16(b, off + TOTAL_LENGTH);
    }

    int identification() {
        return Bytes.u16(b, off + IDENTIFICATION);
    }

    boolean moreFragments() {
        return (Bytes.u16(b, off + FLAGS_FRAGMENT) & MORE_FRAGMENTS) != 0;
    }

    /** Fragment offset in bytes (the field counts 8-byte units). */
    int fragmentOffset() {
        return (Bytes.u16(b, off + FLAGS_FRAGMENT) & FRAGMENT_OFFSET_MASK) * 8;
    }

    int ttl() {
        return Bytes.u8(b, off + TTL);
    }

    int protocol() {
        return Bytes.u8(b, off + PROTOCOL);
    }

    int source() {
        return Bytes.u32(b, off + SOURCE);
    }

    int destination() {
        return Bytes.u32(b, off + DESTINATION);
    }
}
