package dev.conntrail.capture.wire;

/**
 * A Cisco HDLC header (LINKTYPE_C_HDLC): address 0x0F (unicast) or 0x8F (broadcast), a control byte, then an
 * EtherType.
 *
 * <pre>
 * +----------+----------+----------+----------+
 * | Address  | Control  |      EtherType      |
 * +----------+----------+----------+----------+
 * </pre>
 */
final class CiscoHdlcView {
    private static final int ADDRESS = 0;
    private static final int PROTOCOL = 2;
    static final int UNICAST = 0x0F;
    static final int BROADCAST = 0x8F;
    static final int HEADER_LENGTH = 4;

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

    static boolean looksLikeCiscoHdlc(byte[] b, int off, int len) {
        if (len < 1) {
            return false;
        }
        int address = Bytes.u8(b, off + ADDRESS);
        return address == UNICAST || address == BROADCAST;
    }

    int etherType() {
        return Bytes.u16(b, off + PROTOCOL);
    }
}
