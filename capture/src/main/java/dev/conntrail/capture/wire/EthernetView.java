package dev.conntrail.capture.wire;

/**
 * An Ethernet II / IEEE 802.3 MAC header (IEEE 802.3 clause 3.2).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   Destination address (6)                     |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+    Source address (6)         +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     EtherType or length       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * A type/length value up to 1500 is an 802.3 length and an LLC header follows; from 0x0600 on it is an
 * EtherType.
 */
final class EthernetView {
    private static final int TYPE_OR_LENGTH = 12;
    static final int HEADER_LENGTH = 14;

    private byte[] b;
    private int off;

    /** Binds to {@code len} captured bytes at {@code off}; false when the header does not fit. */
    boolean bind(byte[] bytes, int offset, int len) {
        if (len < HEADER_LENGTH) {
            return false;
        }
        this.b = bytes;
        this.off = offset;
        return true;
    }

    int typeOrLength() {
        return Bytes.u16(b, off + TYPE_OR_LENGTH);
    }
}
