package dev.conntrail.capture;

/**
 * Where frames come from: a capture file (read in Java or by libpcap) or a live interface.
 *
 * <p>The loop is {@code while ((r = source.next(frame)) != END) ...}; a source never throws for a normal
 * outcome (timeout, end of file) and reports a damaged file as {@link ReadResult#DAMAGED} after every
 * frame before the damage. Implementations keep pcap4j and JNA types out of their signatures.
 */
public interface PacketSource extends AutoCloseable {

    /** Fills {@code frame} with the next frame that passes the source's filter, if there is one. */
    ReadResult next(Frame frame);

    /** The file path or interface name, as the user gave it, for messages. */
    String name();

    /** After {@link ReadResult#DAMAGED}: one line saying where the input broke and why; otherwise null. */
    default String problem() {
        return null;
    }

    /**
     * The link type of every frame, when the source has exactly one (a pcap file, a live interface);
     * {@link #MIXED_LINK_TYPES} when frames may differ (pcapng with several interfaces).
     */
    default int linkType() {
        return MIXED_LINK_TYPES;
    }

    /** {@link #linkType()} of a source whose frames may carry different link types. */
    int MIXED_LINK_TYPES = -1;

    /** Frames read from the input so far, including those the filter rejected. */
    long framesRead();

    /** Capture statistics (live sources); files report what they read and nothing dropped. */
    default CaptureStats stats() {
        return new CaptureStats(framesRead(), 0, 0, false);
    }

    /**
     * Asks a blocked {@link #next} to return (from another thread, e.g. on Ctrl-C); after it, {@code next}
     * returns {@link ReadResult#END} (a live source first delivers the packets it had already captured).
     * Files may ignore it.
     */
    default void stop() {
    }

    @Override
    void close();
}
