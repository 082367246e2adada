package dev.conntrail.capture.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The eight-bytes-at-a-time sum agrees with RFC 1071's word-by-word definition, at any length and offset. */
class InternetChecksumTest {

    /** RFC 1071 section 4.1, word by word, folding as it goes. */
    private static int reference(byte[] b, int start, int end) {
        int sum = 0;
        for (int i = start; i < end; i += 2) {
            int word = (b[i] & 0xFF) << 8 | (i + 1 < end ? b[i + 1] & 0xFF : 0);
            sum += word;
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum;
    }

    @Test
    void anyLengthAndOffset_matchesWordByWordSum() {
        SplittableRandom random = new SplittableRandom(1071);
        byte[] b = new byte[2048];
        for (int round = 0; round < 2_000; round++) {
            random.nextBytes(b);
            if (round % 3 == 0) {
                java.util.Arrays.fill(b, (byte) 0xFF); // the most carries
            }
            int start = random.nextInt(64);
            int end = start + random.nextInt(b.length - start + 1);
            assertEquals(reference(b, start, end), InternetChecksum.fold(InternetChecksum.add(0, b, start, end)),
                    "bytes " + start + ".." + end);
        }
    }

    @Test
    void rfc1071Example() {
        // RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2
        byte[] b = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertEquals(0xddf2, InternetChecksum.fold(InternetChecksum.add(0, b, 0, b.length)));
    }
}
