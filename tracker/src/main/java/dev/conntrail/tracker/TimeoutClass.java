package dev.conntrail.tracker;

/**
 * The timeout that applies to a connection, derived from its state after every segment. The class gives
 * the connection's deadline (its last packet time, or for an attempt optionally its first, plus the
 * class's timeout); the connection is listed in the {@link TimerWheel} bucket of that deadline. Every
 * class shares the one wheel.
 */
enum TimeoutClass {
    /** The originator's SYN is unanswered. */
    ATTEMPT,
    /** The responder answered; the handshake has not completed. */
    HANDSHAKE,
    /** Handshake seen; no FIN yet. */
    ESTABLISHED,
    /** Picked up without a handshake; no FIN yet. */
    MID_STREAM,
    /** One side has sent FIN. */
    HALF_CLOSED,
    /** Both sides sent FIN but the last ACK is still missing. */
    CLOSING,
    /** Closed (RST, or the close completed): kept a while to absorb stray segments. */
    CLOSED;

    static final TimeoutClass[] VALUES = values();
}
