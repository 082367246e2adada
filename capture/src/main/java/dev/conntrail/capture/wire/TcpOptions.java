package dev.conntrail.capture.wire;

import dev.conntrail.tracker.segment.TcpSegment;

/**
 * Walks the TCP options (RFC 9293 section 3.2) between the fixed header and the data offset, filling the
 * segment's option summary. Every option but EOL and NOP is kind, length, value; an option whose length is
 * below 2 or runs past the header ends the walk (the segment itself stays good).
 *
 * <pre>
 * kind 0  EOL              kind 4  SACK-permitted (len 2)       RFC 2018
 * kind 1  NOP              kind 5  SACK (len 2 + 8n, n >= 1)    RFC 2018
 * kind 2  MSS (len 4)      kind 8  Timestamps (len 10)          RFC 7323
 * kind 3  Window scale (len 3)                                  RFC 7323
 * </pre>
 */
final class TcpOptions {
    private static final int EOL = 0;
    private static final int NOP = 1;
    private static final int MSS = 2;
    private static final int WINDOW_SCALE = 3;
    private static final int SACK_PERMITTED = 4;
    private static final int SACK = 5;
    private static final int TIMESTAMPS = 8;
    private static final int MSS_LENGTH = 4;
    private static final int WINDOW_SCALE_LENGTH = 3;
    private static final int SACK_PERMITTED_LENGTH = 2;
    private static final int SACK_BLOCK_LENGTH = 8;
    private static final int TIMESTAMPS_LENGTH = 10;

    private TcpOptions() {
    }

    /**
     * Parses options in {@code [start, end)} into {@code out}; the range must be captured.
     *
     * @return false when the option list is malformed (parsing stopped there)
     */
    static boolean parse(byte[] b, int start, int end, TcpSegment out) {
        int i = start;
        while (i < end) {
            int kind = Bytes.u8(b, i);
            if (kind == EOL) {
                return true;
            }
            if (kind == NOP) {
                i++;
                continue;
            }
            if (i + 1 >= end) {
                return false;
            }
            int len = Bytes.u8(b, i + 1);
            if (len < 2 || len > end - i) {
                return false;
            }
            switch (kind) {
                case MSS:
                    if (len != MSS_LENGTH) {
                        return false;
                    }
                    out.mss(Bytes.u16(b, i + 2));
                    break;
                case WINDOW_SCALE:
                    if (len != WINDOW_SCALE_LENGTH) {
                        return false;
                    }
                    out.windowScale(Bytes.u8(b, i + 2));
                    break;
                case SACK_PERMITTED:
                    if (len != SACK_PERMITTED_LENGTH) {
                        return false;
                    }
                    out.sackPermitted(true);
                    break;
                case SACK:
                    if (len < 2 + SACK_BLOCK_LENGTH || (len - 2) % SACK_BLOCK_LENGTH != 0) {
                        return false;
                    }
                    sack(b, i + 2, (len - 2) / SACK_BLOCK_LENGTH, out);
                    break;
                case TIMESTAMPS:
                    if (len != TIMESTAMPS_LENGTH) {
                        return false;
                    }
                    out.timestamps(Bytes.u32(b, i + 2), Bytes.u32(b, i + 6));
                    break;
                default:
                    break; // unknown or uninteresting: skipped by its length
            }
            i += len;
        }
        return true;
    }

    /** Records the block count and the highest right edge, compared modulo 2^32 (RFC 9293 section 3.4). */
    private static void sack(byte[] b, int first, int blocks, TcpSegment out) {
        int highest = Bytes.u32(b, first + 4);
        for (int k = 1; k < blocks; k++) {
            int right = Bytes.u32(b, first + k * SACK_BLOCK_LENGTH + 4);
            if (right - highest > 0) {
                highest = right;
            }
        }
        out.sack(blocks, highest);
    }
}
