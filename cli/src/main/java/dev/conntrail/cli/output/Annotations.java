package dev.conntrail.cli.output;

import dev.conntrail.cli.process.Owners;
import dev.conntrail.tracker.event.Connection;

/**
 * What the command knows about a connection beyond the packets: whether capture drops may have touched
 * its counters (live captures), and which processes own its ends ({@code -P}). Printers ask for it when
 * they write an event.
 */
public interface Annotations {
    Annotations NONE = (c, t) -> true;

    /** False when packets may have been dropped while the connection was open, so its counts are a lower bound. */
    boolean countsExact(Connection connection, long eventNanos);

    /** The processes at the connection's two ends; null when they were not asked for (no {@code -P}). */
    default Owners owners(Connection connection) {
        return null;
    }
}
