package dev.conntrail.tracker.segment;

/**
 * What the decoder could say about a segment's TCP checksum. A bad checksum is never a reason to drop a
 * segment: on a capturing host, checksum offload makes every outgoing packet look bad.
 */
public enum ChecksumStatus {
    /** Verified and correct. */
    GOOD,
    /** Verified and wrong. */
    BAD,
    /**
     * The field holds only the pseudo-header sum: the packet was captured on the sending host before the
     * network card filled the checksum in (CHECKSUM_PARTIAL offload). Not an error.
     */
    OFFLOADED,
    /** Not verified: the segment was truncated by the snap length, reassembled from fragments, or checks are off. */
    UNVERIFIED
}
