package dev.conntrail.capture.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words.
 *
 * <p>The sum is taken eight bytes at a time: each big-endian 64-bit read is added as its two 32-bit halves,
 * and the carries collect in the upper bits of a long. Since 2^16 is 1 modulo 2^16 - 1, summing 32-bit
 * halves and folding once at the end gives the same ones' complement sum as adding 16-bit words (RFC 1071
 * section 2, "deferred carries"), for any input below 2^31 eight-byte blocks.
 */
final class InternetChecksum {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private InternetChecksum() {
    }

    /** Adds the big-endian 16-bit words of {@code [start, end)} to {@code sum}; an odd last byte is padded. */
    static long add(long sum, byte[] b, int start, int end) {
        int i = start;
        long s = sum;
        long t = 0; // a second sum, so that two blocks are added at once rather than one after the other
        for (; i + 16 <= end; i += 16) {
            long x = (long) LONG_BE.get(b, i);
            long y = (long) LONG_BE.get(b, i + 8);
            s += (x >>> 32) + (x & 0xFFFF_FFFFL);
            t += (y >>> 32) + (y & 0xFFFF_FFFFL);
        }
        s += t;
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONG_BE.get(b, i);
            s += (x >>> 32) + (x & 0xFFFF_FFFFL);
        }
        for (; i + 2 <= end; i += 2) {
            s += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        if (i < end) {
            s += (b[i] & 0xFF) << 8;
        }
        return s;
    }

    /** Folds the carries back in; a correct packet including its checksum field folds to 0xFFFF. */
    static int fold(long sum) {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }
}
