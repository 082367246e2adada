package dev.conntrail.capture.synth;

/**
 * How the generator ended a connection, in packets. Each maps to the close reason a tracker should report
 * once every timeout has run out ({@link #expectedReason()}, a {@code CloseReason} code).
 */
public enum Ending {
    /** FIN both ways and the last ACK. */
    FIN("fin"),
    /** The originator sent RST after the exchanges. */
    RESET_BY_ORIGINATOR("reset_by_originator"),
    /** The responder sent RST after the exchanges. */
    RESET_BY_RESPONDER("reset_by_responder"),
    /** The SYN was answered by RST-ACK. */
    REFUSED("refused"),
    /** The SYN (and its retransmissions) got no answer. */
    UNANSWERED("unanswered"),
    /** Established, then nothing more: only a timeout ends it. */
    LEFT_OPEN("timed_out");

    private final String expectedReason;

    Ending(String expectedReason) {
        this.expectedReason = expectedReason;
    }

    /** The {@code CloseReason} code a tracker reports for this ending after every timeout expired. */
    public String expectedReason() {
        return expectedReason;
    }
}
