package dev.conntrail.tracker.event;

/** The three-way handshake (or a simultaneous open) completed: both endpoints are synchronized. */
public record Established(long timeNanos, Connection connection) implements ConnectionEvent {
    @Override
    public String kind() {
        return "established";
    }
}
