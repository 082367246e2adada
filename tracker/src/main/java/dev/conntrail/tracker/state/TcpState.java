package dev.conntrail.tracker.state;

/**
 * The connection states of one TCP endpoint (RFC 9293 section 3.3.2, RFC 793 figure 6), as a passive
 * observer infers them from the segments it sees.
 *
 * <p>LISTEN is absent on purpose: a listening endpoint sends nothing, so an observer cannot tell it from
 * CLOSED until it answers a SYN. An endpoint the observer has heard nothing from is CLOSED.
 */
public enum TcpState {
    CLOSED("CLOSED"),
    SYN_SENT("SYN-SENT"),
    SYN_RECEIVED("SYN-RECEIVED"),
    ESTABLISHED("ESTABLISHED"),
    FIN_WAIT_1("FIN-WAIT-1"),
    FIN_WAIT_2("FIN-WAIT-2"),
    CLOSE_WAIT("CLOSE-WAIT"),
    CLOSING("CLOSING"),
    LAST_ACK("LAST-ACK"),
    TIME_WAIT("TIME-WAIT");

    private static final TcpState[] VALUES = values();
    private final String rfcName;

    TcpState(String rfcName) {
        this.rfcName = rfcName;
    }

    public static TcpState ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    /** Synchronized states (RFC 9293 section 3.5.2): the handshake is behind the endpoint. */
    public boolean synchronized_() {
        return ordinal() >= ESTABLISHED.ordinal();
    }

    /** The endpoint has sent its FIN. */
    public boolean finSent() {
        return this == FIN_WAIT_1 || this == FIN_WAIT_2 || this == CLOSING || this == LAST_ACK
                || this == TIME_WAIT;
    }

    /** The RFC's spelling, e.g. {@code SYN-SENT}. */
    @Override
    public String toString() {
        return rfcName;
    }
}
