package dev.conntrail.capture.wire;

/**
 * The four bytes that follow an 802.1Q / 802.1ad tag type: the tag control information and the next type.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | PCP |D|       VLAN ID         |    EtherType or length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class VlanTagView {
    private static final int TCI = 0;
    private static final int TYPE_OR_LENGTH = 2;
    private static final int VLAN_ID_MASK = 0x0FFF;
    static final int LENGTH = 4;

    private byte[] b;
    private int off;

    boolean bind(byte[] bytes, int offset, int len) {
        if (len < LENGTH) {
            return false;
        }
        this.b = bytes;
        this.off = offset;
        return true;
    }

    int vlanId() {
        return Bytes.u16(b, off + TCI) & VLAN_ID_MASK;
    }

    int typeOrLength() {
        return Bytes.u16(b, off + TYPE_OR_LENGTH);
    }
}
