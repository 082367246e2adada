package dev.conntrail.capture.wire;

/**
 * The 4-byte address-family header of BSD loopback captures. LINKTYPE_NULL writes it in the capturing host's
 * byte order, LINKTYPE_LOOP in network order.
 *
 * <pre>
 * +--------+--------+--------+--------+
 * |     Address family (4 bytes)      |  AF_INET = 2; AF_INET6 = 24, 28 or 30 depending on the BSD
 * +--------+--------+--------+--------+
 * </pre>
 */
final class LoopbackView {
    static final int HEADER_LENGTH = 4;
    static final int AF_INET = 2;
    /** AF_INET6 on NetBSD, OpenBSD and BSD/OS. */
    static final int AF_INET6_BSD = 24;
    /** AF_INET6 on FreeBSD and DragonFly. */
    static final int AF_INET6_FREEBSD = 28;
    /** AF_INET6 on macOS. */
    static final int AF_INET6_DARWIN = 30;

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

    /**
     * The family. Families are small numbers, so when the network-order reading has its low 16 bits clear
     * the header must be in little-endian host order.
     */
    int family(boolean networkOrderOnly) {
        int big = Bytes.u32(b, off);
        if (networkOrderOnly || (big & 0xFFFF) != 0) {
            return big;
        }
        return Bytes.u32le(b, off);
    }

    static boolean isInet6(int family) {
        return family == AF_INET6_BSD || family == AF_INET6_FREEBSD || family == AF_INET6_DARWIN;
    }
}
