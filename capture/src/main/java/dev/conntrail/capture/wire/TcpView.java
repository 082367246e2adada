package dev.conntrail.capture.wire;

/**
 * A TCP header (RFC 9293 section 3.1; the AE bit is the former NS bit, RFC 3540 / AccECN).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |     |A|C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrv|E|W|C|R|C|S|S|Y|I|            Window             |
 * |       |     | |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           [Options]                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The nine flag bits come out in {@code TcpFlags} order: the low byte plus AE as bit 8.
 */
final class TcpView {
    private static final int SOURCE_PORT = 0;
    private static final int DESTINATION_PORT = 2;
    private static final int SEQUENCE = 4;
    private static final int ACKNOWLEDGMENT = 8;
    private static final int DATA_OFFSET_FLAGS = 12;
    private static final int WINDOW = 14;
    static final int CHECKSUM = 16;
    private static final int FLAGS_MASK = 0x01FF;
    static final int MIN_HEADER_LENGTH = 20;

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

    int sourcePort() {
        return Bytes.u16(b, off + SOURCE_PORT);
    }

    int destinationPort() {
        return Bytes.u16(b, off + DESTINATION_PORT);
    }

    int sequence() {
        return Bytes.u32(b, off + SEQUENCE);
    }

    int acknowledgment() {
        return Bytes.u32(b, off + ACKNOWLEDGMENT);
    }

    /** Header length in bytes (the field counts 32-bit words, so 0..60). */
    int headerLength() {
        return (Bytes.u8(b, off + DATA_OFFSET_FLAGS) >>> 4) * 4;
    }

    int flags() {
        return Bytes.u16(b, off + DATA_OFFSET_FLAGS) & FLAGS_MASK;
    }

    int window() {
        return Bytes.u16(b, off + WINDOW);
    }
}
