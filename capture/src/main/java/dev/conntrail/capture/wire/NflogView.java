package dev.conntrail.capture.wire;

/**
 * A Linux NFLOG record (LINKTYPE_NFLOG): a 4-byte header, then type-length-value attributes, each padded to
 * a multiple of 4 bytes. The packet itself is the value of the NFULA_PAYLOAD attribute.
 *
 * <pre>
 * +--------+--------+--------+--------+
 * | family | version|   resource id   |   family: AF_INET 2, AF_INET6 10
 * +--------+--------+--------+--------+
 * |  TLV length     |  TLV type       |   length and type in the capturing host's byte order;
 * +--------+--------+--------+--------+   the length counts these 4 bytes and excludes padding
 * |  value ... (padded to 4 bytes)    |
 * +--------+--------+--------+--------+
 * </pre>
 */
final class NflogView {
    static final int HEADER_LENGTH = 4;
    private static final int TLV_HEADER_LENGTH = 4;
    private static final int FAMILY = 0;
    /** NFULA_PAYLOAD. */
    private static final int TYPE_PAYLOAD = 9;
    /** The top bit of the type marks nested attributes (NLA_F_NESTED); the next one byte-order (NLA_F_NET_BYTEORDER). */
    private static final int TYPE_MASK = 0x3FFF;
    /** TLV types are small; a little-endian reading above this means the host was big-endian. */
    private static final int MAX_PLAUSIBLE_TYPE = 0xFF;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;

    private byte[] b;
    private int off;
    private int len;
    private int payloadOffset;
    private int payloadLength;

    boolean bind(byte[] bytes, int offset, int length) {
        if (length < HEADER_LENGTH) {
            return false;
        }
        this.b = bytes;
        this.off = offset;
        this.len = length;
        return true;
    }

    int family() {
        return Bytes.u8(b, off + FAMILY);
    }

    /**
     * Walks the attributes looking for the payload; false when there is none or an attribute before it
     * overruns the record. Afterwards {@link #payloadOffset()} and {@link #payloadLength()} locate it; the
     * length is the one the attribute declares, which may exceed what was captured.
     */
    boolean findPayload() {
        boolean littleEndian = true;
        if (len >= HEADER_LENGTH + TLV_HEADER_LENGTH) {
            int typeLe = Bytes.u16le(b, off + HEADER_LENGTH + 2) & TYPE_MASK;
            littleEndian = typeLe <= MAX_PLAUSIBLE_TYPE;
        }
        int i = HEADER_LENGTH;
        while (len - i >= TLV_HEADER_LENGTH) {
            int tlvLength = littleEndian ? Bytes.u16le(b, off + i) : Bytes.u16(b, off + i);
            int type = (littleEndian ? Bytes.u16le(b, off + i + 2) : Bytes.u16(b, off + i + 2)) & TYPE_MASK;
            if (tlvLength < TLV_HEADER_LENGTH) {
                return false;
            }
            if (type == TYPE_PAYLOAD) {
                // the payload may run past the captured bytes (snap length); the caller bounds it
                payloadOffset = off + i + TLV_HEADER_LENGTH;
                payloadLength = tlvLength - TLV_HEADER_LENGTH;
                return true;
            }
            if (tlvLength > len - i) {
                return false;
            }
            int padded = (tlvLength + 3) & ~3;
            if (padded > len - i) {
                return false;
            }
            i += padded;
        }
        return false;
    }

    int payloadOffset() {
        return payloadOffset;
    }

    int payloadLength() {
        return payloadLength;
    }
}
