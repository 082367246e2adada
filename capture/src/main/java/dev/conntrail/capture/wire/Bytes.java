package dev.conntrail.capture.wire;

/**
 * Absolute big-endian (network order) and little-endian reads from a byte array. Callers check bounds first,
 * once, in a view's {@code bind}; these methods never check.
 */
final class Bytes {
    private Bytes() {
    }

    static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    /** A 32-bit big-endian field as an int holding its raw bits (compare sequence numbers through {@code Seq}). */
    static int u32(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static long u64(byte[] b, int i) {
        return ((long) u32(b, i) << 32) | (u32(b, i + 4) & 0xFFFF_FFFFL);
    }

    static int u16le(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
    }

    static int u32le(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8) | ((b[i + 2] & 0xFF) << 16) | ((b[i + 3] & 0xFF) << 24);
    }
}
