package dev.conntrail.tracker.event;

/** The connection ended (or the capture did): its final counters and how it ended. */
public record Closed(long timeNanos, Connection connection, CloseReason reason) implements ConnectionEvent {
    @Override
    public String kind() {
        return "closed";
    }
}
