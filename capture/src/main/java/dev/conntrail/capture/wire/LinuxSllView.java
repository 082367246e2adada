package dev.conntrail.capture.wire;

/**
 * Linux "cooked" capture headers: v1 (LINKTYPE_LINUX_SLL, 16 bytes) and v2 (LINKTYPE_LINUX_SLL2, 20 bytes),
 * as documented on tcpdump.org's link-layer header type pages.
 *
 * <pre>
 * v1:                                     v2:
 * +---------------------------+           +---------------------------+
 * | Packet type         (2)   |           | Protocol type       (2)   |
 * | ARPHRD type         (2)   |           | Reserved            (2)   |
 * | Address length      (2)   |           | Interface index     (4)   |
 * | Address             (8)   |           | ARPHRD type         (2)   |
 * | Protocol type       (2)   |           | Packet type (1) | Addr len (1)
 * +---------------------------+           | Address             (8)   |
 *                                         +---------------------------+
 * </pre>
 *
 * The protocol type is an EtherType, or a small Linux value for frames without one: 0x0004 means an 802.2
 * LLC header follows.
 */
final class LinuxSllView {
    static final int V1_LENGTH = 16;
    static final int V2_LENGTH = 20;
    private static final int V1_ARPHRD = 2;
    private static final int V1_PROTOCOL = 14;
    private static final int V2_PROTOCOL = 0;
    private static final int V2_ARPHRD = 8;
    /** Linux ETH_P_802_2: the payload starts with an LLC header. */
    static final int PROTOCOL_LLC = 0x0004;
    /** Linux ARPHRD_NETLINK: the payload is a netlink message, never IP. */
    static final int ARPHRD_NETLINK = 824;

    private byte[] b;
    private int off;
    private boolean v2;

    boolean bind(byte[] bytes, int offset, int len, boolean version2) {
        if (len < (version2 ? V2_LENGTH : V1_LENGTH)) {
            return false;
        }
        this.b = bytes;
        this.off = offset;
        this.v2 = version2;
        return true;
    }

    int headerLength() {
        return v2 ? V2_LENGTH : V1_LENGTH;
    }

    int protocol() {
        return Bytes.u16(b, off + (v2 ? V2_PROTOCOL : V1_PROTOCOL));
    }

    int arphrdType() {
        return Bytes.u16(b, off + (v2 ? V2_ARPHRD : V1_ARPHRD));
    }
}
