package dev.conntrail.capture.wire;

/**
 * A Geneve header (RFC 8926 section 3.4). Options are skipped by their total length.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Ver|  Opt Len  |O|C|    Rsvd.  |          Protocol Type        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Virtual Network Identifier (VNI)       |    Reserved   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Variable-Length Options                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class GeneveView {
    private static final int VERSION_OPTION_LENGTH = 0;
    private static final int PROTOCOL = 2;
    static final int BASE_LENGTH = 8;

    private byte[] b;
    private int off;

    boolean bind(byte[] bytes, int offset, int len) {
        if (len < BASE_LENGTH) {
            return false;
        }
        this.b = bytes;
        this.off = offset;
        return true;
    }

    int version() {
        return Bytes.u8(b, off + VERSION_OPTION_LENGTH) >>> 6;
    }

    /** Fixed header plus options (Opt Len counts 4-byte words). */
    int headerLength() {
        return BASE_LENGTH + (Bytes.u8(b, off + VERSION_OPTION_LENGTH) & 0x3F) * 4;
    }

    int protocol() {
        return Bytes.u16(b, off + PROTOCOL);
    }
}
