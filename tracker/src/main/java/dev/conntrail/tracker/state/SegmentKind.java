package dev.conntrail.tracker.state;

/**
 * What a segment means to one endpoint, after reducing its flags by priority as netfilter's
 * {@code get_conntrack_index} does: RST, then SYN / SYN-ACK, then FIN, then ACK, then nothing.
 *
 * <p>The receiving endpoint also learns whether the segment acknowledges its own SYN or FIN, so for
 * {@link Direction#RECEIVED} a segment yields up to two kinds, applied in the order RFC 9293 section
 * 3.10.7.4 processes a segment: the acknowledgement first ({@link #ACK_OF_SYN}, {@link #ACK_OF_FIN}),
 * then the FIN.
 */
public enum SegmentKind {
    /** SYN without ACK: an active open, or a simultaneous one. */
    SYN,
    /** SYN with ACK: the answer to a SYN. */
    SYN_ACK,
    /** FIN (with or without ACK and data). */
    FIN,
    /** An acknowledgement of the receiver's SYN, without a SYN of its own (received only). */
    ACK_OF_SYN,
    /** An acknowledgement of the receiver's FIN (received only). */
    ACK_OF_FIN,
    /** Any other segment: data, a pure ACK, or no flags at all. */
    ACK,
    /** RST (accepted only when in the window; see the RST special case). */
    RST
}
