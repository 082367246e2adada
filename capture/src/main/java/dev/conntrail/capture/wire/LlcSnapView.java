package dev.conntrail.capture.wire;

/**
 * An IEEE 802.2 LLC header and, when DSAP = SSAP = 0xAA with an unnumbered-information control byte, the
 * SNAP extension that carries an EtherType (RFC 1042).
 *
 * <pre>
 * +--------+--------+--------+
 * |  DSAP  |  SSAP  | Control|     LLC (3 bytes)
 * +--------+--------+--------+--------+--------+
 * |     OUI (3 bytes)        |    EtherType    |  SNAP (5 bytes)
 * +--------+--------+--------+--------+--------+
 * </pre>
 */
final class LlcSnapView {
    private static final int DSAP = 0;
    private static final int SSAP = 1;
    private static final int CONTROL = 2;
    private static final int SNAP_TYPE = 6;
    private static final int SAP_SNAP = 0xAA;
    private static final int CONTROL_UI = 0x03;
    static final int LLC_LENGTH = 3;
    static final int SNAP_LENGTH = 8;

    private byte[] b;
    private int off;
    private int len;

    /** Binds to the 3-byte LLC header; {@link #isSnap()} then says whether the SNAP part is there too. */
    boolean bind(byte[] bytes, int offset, int length) {
        if (length < LLC_LENGTH) {
            return false;
        }
        this.b = bytes;
        this.off = offset;
        this.len = length;
        return true;
    }

    /** An LLC header announcing SNAP, with the whole SNAP extension captured. */
    boolean isSnap() {
        return Bytes.u8(b, off + DSAP) == SAP_SNAP && Bytes.u8(b, off + SSAP) == SAP_SNAP
                && Bytes.u8(b, off + CONTROL) == CONTROL_UI && len >= SNAP_LENGTH;
    }

    /** Whether the LLC header announces SNAP even though the SNAP bytes may be cut off. */
    boolean announcesSnap() {
        return Bytes.u8(b, off + DSAP) == SAP_SNAP && Bytes.u8(b, off + SSAP) == SAP_SNAP;
    }

    /** Only after {@link #isSnap()}. */
    int snapEtherType() {
        return Bytes.u16(b, off + SNAP_TYPE);
    }
}
