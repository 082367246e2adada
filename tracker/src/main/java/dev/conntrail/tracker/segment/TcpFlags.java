package dev.conntrail.tracker.segment;

/**
 * The TCP flag bits as they sit in the header (RFC 9293 section 3.1, RFC 3168 for ECE/CWR,
 * RFC 3540/AccECN for the former NS bit, here called AE), packed into the low nine bits of an int.
 */
public final class TcpFlags {
    public static final int FIN = 0x001;
    public static final int SYN = 0x002;
    public static final int RST = 0x004;
    public static final int PSH = 0x008;
    public static final int ACK = 0x010;
    public static final int URG = 0x020;
    public static final int ECE = 0x040;
    public static final int CWR = 0x080;
    /** Accurate ECN (formerly the ECN-nonce NS bit), bit 8 of the 12-bit flags field. */
    public static final int AE = 0x100;

    private static final String LETTERS = "FSRPAUECN";

    private TcpFlags() {
    }

    public static boolean has(int flags, int bit) {
        return (flags & bit) != 0;
    }

    /** tcpdump's flag letters, e.g. {@code "S."} for SYN-ACK, {@code "F."} for FIN-ACK, {@code "none"}. */
    public static String describe(int flags) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < LETTERS.length(); i++) {
            int bit = 1 << i;
            if (bit == ACK) {
                continue;
            }
            if ((flags & bit) != 0) {
                sb.append(LETTERS.charAt(i));
            }
        }
        if ((flags & ACK) != 0) {
            sb.append('.');
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }
}
