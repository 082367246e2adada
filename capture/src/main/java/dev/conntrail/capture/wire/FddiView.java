package dev.conntrail.capture.wire;

/**
 * An FDDI MAC header (LINKTYPE_FDDI, ANSI X3.139): frame control and two 6-byte addresses. An 802.2 LLC
 * header (usually with SNAP) always follows.
 *
 * <pre>
 * +----+------------------+------------------+
 * | FC | Destination (6)  |   Source (6)     |
 * +----+------------------+------------------+
 * </pre>
 */
final class FddiView {
    private static final int FRAME_CONTROL = 0;
    /** Frame-control bits 0x30 = 01: an LLC frame (as opposed to SMT or MAC frames). */
    private static final int FC_CLASS_MASK = 0x30;
    private static final int FC_CLASS_LLC = 0x10;
    static final int HEADER_LENGTH = 13;

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

    boolean isLlcFrame() {
        return (Bytes.u8(b, off + FRAME_CONTROL) & FC_CLASS_MASK) == FC_CLASS_LLC;
    }
}
