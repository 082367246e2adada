package dev.conntrail.capture.wire;

/**
 * A UDP header (RFC 768). Only the ports matter here: they pick the tunnel a datagram may carry.
 *
 * <pre>
 *  0      7 8     15 16    23 24    31
 * +--------+--------+--------+--------+
 * |   Source Port   |   Dest. Port    |
 * +--------+--------+--------+--------+
 * |     Length      |    Checksum     |
 * +--------+--------+--------+--------+
 * </pre>
 */
final class UdpView {
    private static final int SOURCE_PORT = 0;
    private static final int DESTINATION_PORT = 2;
    static final int HEADER_LENGTH = 8;

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

    int sourcePort() {
        return Bytes.u16(b, off + SOURCE_PORT);
    }

    int destinationPort() {
        return Bytes.u16(b, off + DESTINATION_PORT);
    }
}
