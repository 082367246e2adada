package dev.conntrail.capture.wire;

/**
 * A GTPv1-U header (3GPP TS 29.281 section 5), with the optional sequence/N-PDU/next-extension word and the
 * chain of extension headers.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Ver |P|R|E|S|N| Message Type  |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Tunnel Endpoint Identifier                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Sequence Number        |  N-PDU Number |Next Ext. Type |  if any of E, S, N
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Ext. Length   |   ... (Ext. Length * 4 bytes) ...  |Next Ext. |  repeated while Next Ext. Type != 0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Only a G-PDU (message type 255, "T-PDU") carries a user packet.
 */
final class GtpView {
    private static final int FLAGS = 0;
    private static final int MESSAGE_TYPE = 1;
    private static final int NEXT_EXTENSION_TYPE = 11;
    private static final int VERSION_1 = 1;
    private static final int PROTOCOL_TYPE_GTP = 0x10;
    private static final int EXTENSION_FLAG = 0x04;
    private static final int OPTIONAL_FLAGS = 0x07;
    static final int MESSAGE_G_PDU = 0xFF;
    static final int BASE_LENGTH = 8;
    private static final int OPTIONAL_LENGTH = 4;
    private static final int EXTENSION_UNIT = 4;
    /** Returned by {@link #headerLength()} when the extension chain is cut off or has a zero length. */
    static final int BAD_LENGTH = -1;

    private byte[] b;
    private int off;
    private int len;

    boolean bind(byte[] bytes, int offset, int length) {
        if (length < BASE_LENGTH) {
            return false;
        }
        this.b = bytes;
        this.off = offset;
        this.len = length;
        return true;
    }

    /** Version 1 with protocol type GTP (not GTP'). */
    boolean isGtpV1() {
        int f = Bytes.u8(b, off + FLAGS);
        return (f >>> 5) == VERSION_1 && (f & PROTOCOL_TYPE_GTP) != 0;
    }

    int messageType() {
        return Bytes.u8(b, off + MESSAGE_TYPE);
    }

    /** The length of all headers before the user packet, or {@link #BAD_LENGTH}. */
    int headerLength() {
        int f = Bytes.u8(b, off + FLAGS);
        if ((f & OPTIONAL_FLAGS) == 0) {
            return BASE_LENGTH;
        }
        int i = BASE_LENGTH + OPTIONAL_LENGTH;
        if (len < i) {
            return BAD_LENGTH;
        }
        if ((f & EXTENSION_FLAG) == 0) {
            return i;
        }
        int next = Bytes.u8(b, off + NEXT_EXTENSION_TYPE);
        while (next != 0) {
            if (len - i < 1) {
                return BAD_LENGTH;
            }
            int extLength = Bytes.u8(b, off + i) * EXTENSION_UNIT;
            if (extLength == 0 || extLength > len - i) {
                return BAD_LENGTH;
            }
            next = Bytes.u8(b, off + i + extLength - 1);
            i += extLength;
        }
        return i;
    }
}
