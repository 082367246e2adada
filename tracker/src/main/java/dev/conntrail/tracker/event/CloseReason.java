package dev.conntrail.tracker.event;

/**
 * How a connection ended, as conntrail reports it. Stable snake_case {@link #code()} for output.
 *
 * <p>The reason is a pure function of what was seen: whether each side sent a FIN, which side's RST was
 * accepted, whether the responder ever answered, and why the connection left the table.
 */
public enum CloseReason {
    /** Both sides sent FIN: an orderly close. */
    FIN("fin", "closed by FIN both ways"),
    /** The originator (client) sent an accepted RST. */
    RESET_BY_ORIGINATOR("reset_by_originator", "reset by the originator"),
    /** The responder (server) sent an accepted RST after answering. */
    RESET_BY_RESPONDER("reset_by_responder", "reset by the responder"),
    /** The responder answered the SYN with RST: nothing listened on the port. */
    REFUSED("refused", "refused: the SYN was answered by RST"),
    /** The SYN was never answered within the attempt timeout. */
    UNANSWERED("unanswered", "never answered"),
    /** Idle longer than the timeout for its state. */
    TIMED_OUT("timed_out", "timed out while idle"),
    /** A new connection took over the 4-tuple before this one closed. */
    SUPERSEDED("superseded", "superseded by a new connection on the same 4-tuple"),
    /** Removed to make room: the connection table was full. */
    EVICTED("evicted", "evicted: the connection table was full"),
    /** Still open when the capture ended or was stopped. */
    OPEN_AT_END("open_at_end", "still open at end of capture");

    private final String code;
    private final String description;

    CloseReason(String code, String description) {
        this.code = code;
        this.description = description;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }
}
