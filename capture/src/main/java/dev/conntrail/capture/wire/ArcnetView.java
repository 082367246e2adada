package dev.conntrail.capture.wire;

/**
 * An ARCNET frame in Linux's capture format (LINKTYPE_ARCNET_LINUX): source and destination station, a 2-byte
 * offset, the protocol ID, and for RFC 1201 protocols a split flag and a 2-byte sequence number. A split flag
 * of 0xFF marks an "exception" packet, which repeats the flag and adds two bytes of padding (RFC 1201
 * section 4.1).
 *
 * <pre>
 * +-----+-----+-----------+-------+---------------------------------+
 * | src | dst | offset(2) | proto | RFC 1201: split(1) sequence(2)  |
 * +-----+-----+-----------+-------+---------------------------------+
 * </pre>
 */
final class ArcnetView {
    private static final int PROTOCOL = 4;
    private static final int SPLIT_FLAG = 5;
    static final int PROTOCOL_IP_RFC1201 = 0xD4;
    static final int PROTOCOL_IP_RFC1051 = 0xF0;
    static final int PROTOCOL_IPV6 = 0xC4;
    private static final int SPLIT_EXCEPTION = 0xFF;
    private static final int BASE_LENGTH = 5;
    private static final int RFC1201_EXTRA = 3;
    private static final int EXCEPTION_EXTRA = 4;

    private byte[] b;
    private int off;
    private int len;

    boolean bind(byte[] bytes, int offset, int length) {
        if (length < BASE_LENGTH) {
            return false;
        }
        this.b = bytes;
        this.off = offset;
        this.len = length;
        return true;
    }

    int protocol() {
        return Bytes.u8(b, off + PROTOCOL);
    }

    /** The full header length for the protocol, or -1 when it is cut off. */
    int headerLength() {
        int p = protocol();
        if (p == PROTOCOL_IP_RFC1051) {
            return BASE_LENGTH;
        }
        if (len < BASE_LENGTH + RFC1201_EXTRA) {
            return -1;
        }
        int length = BASE_LENGTH + RFC1201_EXTRA;
        if (Bytes.u8(b, off + SPLIT_FLAG) == SPLIT_EXCEPTION) {
            length += EXCEPTION_EXTRA;
        }
        return len < length ? -1 : length;
    }
}
