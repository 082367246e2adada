package dev.conntrail.capture.wire;

/**
 * The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words. Words
 * are summed into a long without folding and folded once at the end, which is exact for any input below
 * 2^32 words.
 */
final class InternetChecksum {
    private InternetChecksum() {
    }

    /** Adds the big-endian 16-bit words of {@code [start, end)} to {@code sum}; an odd last byte is padded. */
    static long add(long sum, byte[] b, int start, int end) {
        int i = start;
        int evenEnd = end - ((end - start) & 1);
        long s = sum;
        for (; i + 8 <= evenEnd; i += 8) {
            s += (((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF))
                    + (((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF))
                    + (((b[i + 4] & 0xFF) << 8) | (b[i + 5] & 0xFF))
                    + (((b[i + 6] & 0xFF) << 8) | (b[i + 7] & 0xFF));
        }
        for (; i < evenEnd; i += 2) {
            s += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        if (evenEnd != end) {
            s += (b[end - 1] & 0xFF) << 8;
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
