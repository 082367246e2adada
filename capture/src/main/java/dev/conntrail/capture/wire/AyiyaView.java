package dev.conntrail.capture.wire;

/**
 * An AYIYA ("Anything In Anything", draft-massar-v6ops-ayiya) header in UDP.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | IDLen | IDType| SigLen| HshMth| AutMth| OpCode|  Next Header  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Epoch Time                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Identity (2^IDLen bytes)  |  Signature (SigLen * 4 bytes)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Only the "forward" operation (1) carries a packet, of the IP protocol in Next Header.
 */
final class AyiyaView {
    private static final int ID = 0;
    private static final int SIGNATURE = 1;
    private static final int AUTH_OPCODE = 2;
    private static final int NEXT_HEADER = 3;
    private static final int OPCODE_FORWARD = 1;
    static final int BASE_LENGTH = 8;

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

    boolean isForward() {
        return (Bytes.u8(b, off + AUTH_OPCODE) & 0x0F) == OPCODE_FORWARD;
    }

    int nextHeader() {
        return Bytes.u8(b, off + NEXT_HEADER);
    }

    int headerLength() {
        int identity = 1 << (Bytes.u8(b, off + ID) >>> 4);
        int signature = (Bytes.u8(b, off + SIGNATURE) >>> 4) * 4;
        return BASE_LENGTH + identity + signature;
    }
}
