package dev.conntrail.capture.wire;

/**
 * Apple's PKTAP header (LINKTYPE_PKTAP), which wraps a frame of another link type with process metadata.
 * Only the first two fields matter here; both are in the capturing host's byte order (little-endian on
 * every Mac).
 *
 * <pre>
 * +--------+--------+--------+--------+
 * |     Header length (4 bytes)       |  offset of the wrapped frame
 * +--------+--------+--------+--------+
 * |     Record type (4 bytes)         |
 * +--------+--------+--------+--------+
 * |     Wrapped frame's DLT (4 bytes) |
 * +--------+--------+--------+--------+
 * |   interface name, pid, command... |
 * </pre>
 */
final class PktapView {
    private static final int HEADER_LENGTH_FIELD = 0;
    private static final int NEXT_DLT = 8;
    /** The fields read here. */
    static final int MIN_LENGTH = 12;

    private byte[] b;
    private int off;

    boolean bind(byte[] bytes, int offset, int len) {
        if (len < MIN_LENGTH) {
            return false;
        }
        this.b = bytes;
        this.off = offset;
        return true;
    }

    /** As a long so that a huge value cannot wrap negative. */
    long headerLength() {
        return Bytes.u32le(b, off + HEADER_LENGTH_FIELD) & 0xFFFF_FFFFL;
    }

    int nextLinkType() {
        return Bytes.u32le(b, off + NEXT_DLT);
    }
}
