package dev.conntrail.tracker.state;

/**
 * Which way a segment travels relative to the endpoint whose state is being updated: the observer applies
 * every segment twice, once to its sender ({@link #SENT}) and once to its receiver ({@link #RECEIVED}).
 */
public enum Direction {
    /** The endpoint sent the segment ("snd" in RFC 793 figure 6). */
    SENT,
    /** The endpoint is the segment's destination ("rcv" in RFC 793 figure 6). */
    RECEIVED
}
