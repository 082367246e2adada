package dev.conntrail.tracker.event;

/**
 * What the tracker tells its listeners, as it happens.
 *
 * <p>Lifecycle: every connection produces exactly one {@link Opened} first and exactly one {@link Closed}
 * last. In between come at most one {@link Established} (only when the handshake is observed) and any
 * number of {@link Updated} (only when periodic updates are on). Each event carries the packet time at
 * which it happened and a snapshot of the connection with its counters so far.
 */
public sealed interface ConnectionEvent permits Opened, Established, Updated, Closed {

    /** Packet time of the event, in nanoseconds since the epoch. */
    long timeNanos();

    /** The connection as it stood at that moment. */
    Connection connection();

    /** Stable lower-case name for output: {@code opened}, {@code established}, {@code update}, {@code closed}. */
    String kind();
}
