package dev.conntrail.capture.synth;

import dev.conntrail.tracker.event.CloseReason;

/**
 * How the generator ended a connection, in packets, and the close reason a tracker should report for it
 * once every timeout has run out.
 */
public enum Ending {
    /** FIN both ways and the last ACK. */
    FIN(CloseReason.FIN),
    /** The originator sent RST after the exchanges. */
    RESET_BY_ORIGINATOR(CloseReason.RESET_BY_ORIGINATOR),
    /** The responder sent RST after the exchanges. */
    RESET_BY_RESPONDER(CloseReason.RESET_BY_RESPONDER),
    /** The SYN was answered by RST-ACK. */
    REFUSED(CloseReason.REFUSED),
    /** The SYN (and its retransmissions) got no answer. */
    UNANSWERED(CloseReason.UNANSWERED),
    /** Established, then nothing more: only a timeout ends it. */
    LEFT_OPEN(CloseReason.TIMED_OUT);

    private final CloseReason expectedReason;

    Ending(CloseReason expectedReason) {
        this.expectedReason = expectedReason;
    }

    /** The reason a tracker reports for this ending after every timeout expired. */
    public CloseReason expectedReason() {
        return expectedReason;
    }
}
