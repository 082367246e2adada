package dev.conntrail.tracker.event;

/**
 * Segments a correct TCP endpoint would not send, or that a capture should not contain, classified by
 * name. A passive observer never drops them: it counts them per connection and in the run's totals
 * (as Zeek's "weirds" and netfilter's invalid-packet reasons do). The {@link #code()} is stable.
 */
public enum Anomaly {
    SYN_WITH_FIN("SYN and FIN together"),
    SYN_WITH_RST("SYN and RST together"),
    FIN_WITH_RST("FIN and RST together"),
    NO_FLAGS("a segment with no control flags at all (not even ACK)"),
    SYN_WITH_DATA("payload on a SYN (TCP Fast Open, or a crafted packet)"),
    DATA_BEFORE_ESTABLISHED("data from an endpoint whose handshake has not completed"),
    SYN_ISN_CHANGED("a SYN retransmitted with a different initial sequence number"),
    SYN_IN_SYNCHRONIZED_STATE("a SYN sent or received after the handshake completed"),
    SYN_ACK_TO_CLOSED("a SYN-ACK to an endpoint that is not waiting for one (it sent no SYN, or has reset)"),
    SYN_ACK_BAD_ACK("a SYN-ACK that does not acknowledge the SYN"),
    FIN_BEFORE_ESTABLISHED("a FIN from an endpoint whose handshake has not completed"),
    SEQ_ABOVE_WINDOW("data beyond the receiver's advertised window"),
    SEQ_BELOW_WINDOW("data older than the receiver's window can hold"),
    ACK_OF_UNSEEN_DATA("an acknowledgement of data the capture never saw sent"),
    RST_OUT_OF_WINDOW("a RST whose sequence number is outside the window (not obeyed)"),
    SEGMENT_AFTER_RESET("a segment from an endpoint after it was reset"),
    SEGMENT_AFTER_CLOSE("a segment from an endpoint that had closed"),
    BAD_CHECKSUM("a bad TCP checksum (often checksum offload on the capturing host)"),
    WINDOW_SCALE_TOO_LARGE("a window scale shift above 14 (RFC 7323 caps it)"),
    INVALID_TRANSITION("a segment the state table marks impossible in the endpoint's state");

    private final String description;

    Anomaly(String description) {
        this.description = description;
    }

    private static final Anomaly[] VALUES = values();

    public static Anomaly ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    /** Stable snake_case name, e.g. {@code rst_out_of_window}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String description() {
        return description;
    }
}
