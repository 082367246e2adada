package dev.conntrail.tracker.zeek;

/**
 * Zeek's coarse per-endpoint states ({@code TCP_INACTIVE} ... {@code TCP_RESET}), kept beside the RFC
 * states because Zeek's {@link ConnState} is defined on them.
 */
public enum ZeekEndpointState {
    INACTIVE, SYN_SENT, SYN_ACK_SENT, PARTIAL, ESTABLISHED, CLOSED, RESET;

    private static final ZeekEndpointState[] VALUES = values();

    public static ZeekEndpointState ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    /** INACTIVE or PARTIAL: Zeek's "inactive" for conn_state purposes. */
    public boolean inactiveLike() {
        return this == INACTIVE || this == PARTIAL;
    }
}
