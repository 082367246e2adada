package dev.conntrail.capture.wire;

/**
 * One MPLS label stack entry (RFC 3032 section 2.1). The stack ends at the entry with S set; what follows
 * carries no type, so the decoder guesses IPv4 or IPv6 from the version nibble, as Zeek and tcpdump do.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                Label                  | TC  |S|      TTL      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class MplsView {
    private static final int BOTTOM_OF_STACK = 0x0100;
    static final int ENTRY_LENGTH = 4;

    private byte[] b;
    private int off;

    boolean bind(byte[] bytes, int offset, int len) {
        if (len < ENTRY_LENGTH) {
            return false;
        }
        this.b = bytes;
        this.off = offset;
        return true;
    }

    int label() {
        return Bytes.u32(b, off) >>> 12;
    }

    boolean bottomOfStack() {
        return (Bytes.u32(b, off) & BOTTOM_OF_STACK) != 0;
    }
}
