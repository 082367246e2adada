package dev.conntrail.tracker.event;

/** A connection's first packet was seen. */
public record Opened(long timeNanos, Connection connection) implements ConnectionEvent {
    @Override
    public String kind() {
        return "opened";
    }
}
