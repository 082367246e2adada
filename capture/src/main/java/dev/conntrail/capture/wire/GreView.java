package dev.conntrail.capture.wire;

/**
 * A GRE header: version 0 (RFC 2784 with the key and sequence fields of RFC 2890) and version 1, the
 * enhanced GRE of PPTP (RFC 2637 section 4.1).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |C|R|K|S|s|Recur|A| Flags | Ver |         Protocol Type         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Checksum (optional)      |       Reserved1 (optional)    |  C
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Key (optional)                        |  K (v1: payload length, call ID)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Sequence Number (optional)                   |  S
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               Acknowledgment Number (optional)                |  A (v1 only)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Like Zeek, the decoder gives up on the deprecated routing bit (RFC 1701 source routes) and on unknown flag
 * bits.
 */
final class GreView {
    private static final int FLAGS_VERSION = 0;
    private static final int PROTOCOL = 2;
    private static final int CHECKSUM_PRESENT = 0x8000;
    private static final int ROUTING_PRESENT = 0x4000;
    private static final int KEY_PRESENT = 0x2000;
    private static final int SEQUENCE_PRESENT = 0x1000;
    private static final int ACK_PRESENT = 0x0080;
    private static final int RESERVED_FLAGS = 0x0078;
    private static final int VERSION_MASK = 0x0007;
    static final int BASE_LENGTH = 4;
    private static final int OPTIONAL_FIELD_LENGTH = 4;

    private byte[] b;
    private int off;

    boolean bind(byte[] bytes, int offset, int len) {
        if (len < BASE_LENGTH) {
            return false;
        }
        this.b = bytes;
        this.off = offset;
        return true;
    }

    private int flags() {
        return Bytes.u16(b, off + FLAGS_VERSION);
    }

    int version() {
        return flags() & VERSION_MASK;
    }

    int protocol() {
        return Bytes.u16(b, off + PROTOCOL);
    }

    /** Routing present or reserved flag bits set: a header this decoder does not follow. */
    boolean hasUnsupportedFlags() {
        return (flags() & (ROUTING_PRESENT | RESERVED_FLAGS)) != 0;
    }

    boolean sequencePresent() {
        return (flags() & SEQUENCE_PRESENT) != 0;
    }

    /** The header length implied by the flags (the caller checks it against the capture). */
    int headerLength() {
        int f = flags();
        int len = BASE_LENGTH;
        if ((f & CHECKSUM_PRESENT) != 0) {
            len += OPTIONAL_FIELD_LENGTH;
        }
        if ((f & KEY_PRESENT) != 0) {
            len += OPTIONAL_FIELD_LENGTH;
        }
        if ((f & SEQUENCE_PRESENT) != 0) {
            len += OPTIONAL_FIELD_LENGTH;
        }
        if ((f & ACK_PRESENT) != 0) {
            len += OPTIONAL_FIELD_LENGTH;
        }
        return len;
    }
}
