package dev.conntrail.capture.wire;

/**
 * The pseudo header Juniper routers put in front of captured frames (LINKTYPE_JUNIPER_ETHER and relatives):
 * the magic "MGC", a flags byte and, when the extension flag is set, a 2-byte length of extension TLVs.
 *
 * <pre>
 * +------+------+------+-------+----------------+--------------------+
 * | 'M'  | 'G'  | 'C'  | flags | ext length (2) | extension TLVs ... |   ext fields only when flags & 0x80
 * +------+------+------+-------+----------------+--------------------+
 * </pre>
 *
 * When the "no layer 2" flag is set the frame's own header was stripped and an IP packet follows.
 */
final class JuniperView {
    private static final int MAGIC = 0x4D4743;
    private static final int FLAGS = 3;
    private static final int EXTENSION_LENGTH = 4;
    private static final int FLAG_NO_L2 = 0x02;
    private static final int FLAG_EXTENSIONS = 0x80;
    static final int MIN_LENGTH = 4;

    private byte[] b;
    private int off;
    private int len;

    boolean bind(byte[] bytes, int offset, int length) {
        if (length < MIN_LENGTH) {
            return false;
        }
        this.b = bytes;
        this.off = offset;
        this.len = length;
        return true;
    }

    boolean hasMagic() {
        return (Bytes.u32(b, off) >>> 8) == MAGIC;
    }

    boolean layer2Stripped() {
        return (Bytes.u8(b, off + FLAGS) & FLAG_NO_L2) != 0;
    }

    /** The header length including extensions, or -1 when the extension length is cut off. */
    int headerLength() {
        if ((Bytes.u8(b, off + FLAGS) & FLAG_EXTENSIONS) == 0) {
            return MIN_LENGTH;
        }
        if (len < EXTENSION_LENGTH + 2) {
            return -1;
        }
        return EXTENSION_LENGTH + 2 + Bytes.u16(b, off + EXTENSION_LENGTH);
    }
}
