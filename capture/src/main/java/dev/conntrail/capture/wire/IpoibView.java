package dev.conntrail.capture.wire;

/**
 * An IP-over-InfiniBand frame as libpcap captures it (LINKTYPE_IPOIB): a 40-byte pseudo header holding the
 * destination and source hardware addresses, then the 4-byte encapsulation header of RFC 4391 section 6.
 *
 * <pre>
 * +-------------------------------------------+
 * |  Destination hardware address (20 bytes)  |
 * |  Source hardware address      (20 bytes)  |
 * +---------------------+---------------------+
 * |  EtherType (2)      |  Reserved (2)       |
 * +---------------------+---------------------+
 * </pre>
 */
final class IpoibView {
    private static final int TYPE = 40;
    static final int HEADER_LENGTH = 44;

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

    int etherType() {
        return Bytes.u16(b, off + TYPE);
    }
}
