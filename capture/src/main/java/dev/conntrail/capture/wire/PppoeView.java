package dev.conntrail.capture.wire;

/**
 * A PPPoE session-stage header (RFC 2516 section 4) followed by the PPP protocol field.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  VER  | TYPE  |      CODE     |          SESSION_ID           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            LENGTH             |        PPP protocol           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class PppoeView {
    private static final int VERSION_TYPE = 0;
    private static final int CODE = 1;
    private static final int PPP_PROTOCOL = 6;
    /** Version 1, type 1 (RFC 2516 section 4). */
    private static final int VERSION_TYPE_1_1 = 0x11;
    /** Session data is sent with code 0. */
    private static final int CODE_SESSION_DATA = 0x00;
    static final int HEADER_LENGTH = 8;

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

    boolean isSessionData() {
        return Bytes.u8(b, off + VERSION_TYPE) == VERSION_TYPE_1_1 && Bytes.u8(b, off + CODE) == CODE_SESSION_DATA;
    }

    int pppProtocol() {
        return Bytes.u16(b, off + PPP_PROTOCOL);
    }
}
