package dev.conntrail.tracker.segment;

/**
 * One TCP segment as the tracker sees it: the validated summary of a decoded packet.
 *
 * <p>On the hot path this is a single reused carrier: the decoder refills it for every packet and the
 * tracker copies what it keeps, so nothing is allocated per packet. It is therefore mutable and must not
 * be held on to after {@code ConnectionTracker.accept} returns. Tests build one with {@code Segments}.
 *
 * <p>Addresses are kept as two longs each (see {@link IpAddress}); sequence and acknowledgement numbers
 * are the raw 32-bit values and are only ever compared through {@code Seq}.
 */
public final class TcpSegment {
    /** No MSS / window scale option present. */
    public static final int ABSENT = -1;
    /** No VLAN tag. */
    public static final int NO_VLAN = -1;

    private long timeNanos;

    private boolean ipv6;
    private long srcHi;
    private long srcLo;
    private long dstHi;
    private long dstLo;
    private int ipLength;
    private int ipId;
    private int ttl;

    private int srcPort;
    private int dstPort;
    private int seq;
    private int ack;
    private int flags;
    private int window;
    private int headerLength;
    private int payloadLength;
    private int capturedPayloadLength;
    private ChecksumStatus checksum = ChecksumStatus.UNVERIFIED;

    private int mss = ABSENT;
    private int windowScale = ABSENT;
    private boolean sackPermitted;
    private int sackBlocks;
    private int sackRightEdge;
    private boolean timestamps;
    private int tsVal;
    private int tsEcr;

    private int outerVlan = NO_VLAN;
    private int innerVlan = NO_VLAN;
    private Tunnel tunnel = Tunnel.NONE;

    /** Clears every field, ready for the next packet. */
    public TcpSegment reset() {
        timeNanos = 0;
        ipv6 = false;
        srcHi = srcLo = dstHi = dstLo = 0;
        ipLength = ipId = ttl = 0;
        srcPort = dstPort = seq = ack = flags = window = headerLength = payloadLength = capturedPayloadLength = 0;
        checksum = ChecksumStatus.UNVERIFIED;
        mss = windowScale = ABSENT;
        sackPermitted = false;
        sackBlocks = sackRightEdge = 0;
        timestamps = false;
        tsVal = tsEcr = 0;
        outerVlan = innerVlan = NO_VLAN;
        tunnel = Tunnel.NONE;
        return this;
    }

    // ---- filled by the decoder ----------------------------------------------------------------

    public TcpSegment time(long nanosSinceEpoch) {
        this.timeNanos = nanosSinceEpoch;
        return this;
    }

    /**
     * The innermost IPv4 header.
     *
     * @param ipLength the datagram's total length from its header (not the captured length)
     */
    public TcpSegment ipv4(int src, int dst, int ipLength, int ipId, int ttl) {
        this.ipv6 = false;
        this.srcHi = 0;
        this.srcLo = IpAddress.mappedV4(src);
        this.dstHi = 0;
        this.dstLo = IpAddress.mappedV4(dst);
        this.ipLength = ipLength;
        this.ipId = ipId;
        this.ttl = ttl;
        return this;
    }

    /**
     * The innermost IPv6 header.
     *
     * @param ipLength 40 plus the payload length from the header (jumbograms: the jumbo length plus 40)
     * @param ipId the fragment header's identification, or 0 when there is none
     */
    public TcpSegment ipv6(long srcHi, long srcLo, long dstHi, long dstLo, int ipLength, int ipId, int hopLimit) {
        this.ipv6 = true;
        this.srcHi = srcHi;
        this.srcLo = srcLo;
        this.dstHi = dstHi;
        this.dstLo = dstLo;
        this.ipLength = ipLength;
        this.ipId = ipId;
        this.ttl = hopLimit;
        return this;
    }

    /** The fixed TCP header fields; {@code payloadLength} comes from the IP length, not the captured length. */
    public TcpSegment tcp(int srcPort, int dstPort, int seq, int ack, int flags, int window,
                          int headerLength, int payloadLength) {
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        this.seq = seq;
        this.ack = ack;
        this.flags = flags;
        this.window = window;
        this.headerLength = headerLength;
        this.payloadLength = payloadLength;
        this.capturedPayloadLength = payloadLength;
        return this;
    }

    /**
     * How much of the payload the capture holds (less than {@link #payloadLength()} when the snap length cut
     * it off). {@link #tcp} sets it to the whole payload; the decoder lowers it.
     */
    public TcpSegment capturedPayload(int length) {
        this.capturedPayloadLength = Math.max(0, Math.min(length, payloadLength));
        return this;
    }

    public TcpSegment checksum(ChecksumStatus status) {
        this.checksum = status;
        return this;
    }

    public TcpSegment mss(int mss) {
        this.mss = mss;
        return this;
    }

    public TcpSegment windowScale(int shift) {
        this.windowScale = shift;
        return this;
    }

    public TcpSegment sackPermitted(boolean permitted) {
        this.sackPermitted = permitted;
        return this;
    }

    /** Records a SACK option: the number of blocks and the highest right edge among them. */
    public TcpSegment sack(int blocks, int highestRightEdge) {
        this.sackBlocks = blocks;
        this.sackRightEdge = highestRightEdge;
        return this;
    }

    public TcpSegment timestamps(int tsVal, int tsEcr) {
        this.timestamps = true;
        this.tsVal = tsVal;
        this.tsEcr = tsEcr;
        return this;
    }

    /** VLAN IDs, outermost first; {@link #NO_VLAN} where there is no tag. */
    public TcpSegment vlans(int outer, int inner) {
        this.outerVlan = outer;
        this.innerVlan = inner;
        return this;
    }

    public TcpSegment tunnel(Tunnel tunnel) {
        this.tunnel = tunnel;
        return this;
    }

    // ---- read by the tracker ------------------------------------------------------------------

    public long timeNanos() {
        return timeNanos;
    }

    public boolean isIpv6() {
        return ipv6;
    }

    public long srcHi() {
        return srcHi;
    }

    public long srcLo() {
        return srcLo;
    }

    public long dstHi() {
        return dstHi;
    }

    public long dstLo() {
        return dstLo;
    }

    public IpAddress src() {
        return new IpAddress(srcHi, srcLo, ipv6);
    }

    public IpAddress dst() {
        return new IpAddress(dstHi, dstLo, ipv6);
    }

    public int ipLength() {
        return ipLength;
    }

    public int ipId() {
        return ipId;
    }

    public int ttl() {
        return ttl;
    }

    public int srcPort() {
        return srcPort;
    }

    public int dstPort() {
        return dstPort;
    }

    public int seq() {
        return seq;
    }

    public int ack() {
        return ack;
    }

    public int flags() {
        return flags;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public int window() {
        return window;
    }

    public int headerLength() {
        return headerLength;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /** Payload bytes the capture holds; the rest of the payload was cut off by the snap length. */
    public int capturedPayloadLength() {
        return capturedPayloadLength;
    }

    /** Sequence space the segment occupies: payload plus one each for SYN and FIN (RFC 9293 section 3.4). */
    public int sequenceLength() {
        return payloadLength + ((flags & TcpFlags.SYN) != 0 ? 1 : 0) + ((flags & TcpFlags.FIN) != 0 ? 1 : 0);
    }

    public ChecksumStatus checksum() {
        return checksum;
    }

    public int mss() {
        return mss;
    }

    public int windowScale() {
        return windowScale;
    }

    public boolean sackPermitted() {
        return sackPermitted;
    }

    public int sackBlocks() {
        return sackBlocks;
    }

    public int sackRightEdge() {
        return sackRightEdge;
    }

    public boolean hasTimestamps() {
        return timestamps;
    }

    public int tsVal() {
        return tsVal;
    }

    public int tsEcr() {
        return tsEcr;
    }

    public int outerVlan() {
        return outerVlan;
    }

    public int innerVlan() {
        return innerVlan;
    }

    public Tunnel tunnel() {
        return tunnel;
    }

    @Override
    public String toString() {
        return src() + ":" + srcPort + " > " + dst() + ":" + dstPort + " [" + TcpFlags.describe(flags) + "] seq "
                + Integer.toUnsignedString(seq) + " ack " + Integer.toUnsignedString(ack) + " win " + window
                + " len " + payloadLength;
    }
}
