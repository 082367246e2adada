package dev.conntrail.capture;

/**
 * One captured frame: a reused carrier that a {@link PacketSource} refills on every {@code next} call.
 *
 * <p>{@link #data()} may be the source's own read buffer (file readers hand out a window into it without
 * copying), so the bytes are only valid until the next call to {@code next}. Nothing here is allocated
 * per packet.
 */
public final class Frame {
    private byte[] data = new byte[0];
    private int offset;
    private int capturedLength;
    private int originalLength;
    private long timeNanos;
    private int linkType;
    private int interfaceId;
    private long number;

    /**
     * Points the frame at {@code capturedLength} bytes of {@code data} starting at {@code offset}.
     *
     * @param originalLength the length on the wire, which may exceed what was captured (snap length)
     * @param linkType       the LINKTYPE_/DLT_ value of the interface the frame was captured on
     * @param number         the frame's 1-based position in the source, as tcpdump and Wireshark count
     */
    public void set(byte[] data, int offset, int capturedLength, int originalLength, long timeNanos,
                    int linkType, int interfaceId, long number) {
        this.data = data;
        this.offset = offset;
        this.capturedLength = capturedLength;
        this.originalLength = originalLength;
        this.timeNanos = timeNanos;
        this.linkType = linkType;
        this.interfaceId = interfaceId;
        this.number = number;
    }

    public byte[] data() {
        return data;
    }

    public int offset() {
        return offset;
    }

    public int capturedLength() {
        return capturedLength;
    }

    public int originalLength() {
        return originalLength;
    }

    /** Capture time in nanoseconds since the Unix epoch (full precision when the file has nanoseconds). */
    public long timeNanos() {
        return timeNanos;
    }

    public int linkType() {
        return linkType;
    }

    /** The pcapng interface the frame came from; 0 for pcap files and live captures. */
    public int interfaceId() {
        return interfaceId;
    }

    public long number() {
        return number;
    }
}
