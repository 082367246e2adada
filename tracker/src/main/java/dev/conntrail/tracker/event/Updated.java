package dev.conntrail.tracker.event;

/** A periodic report on a connection that is still open (only when an update interval is set). */
public record Updated(long timeNanos, Connection connection) implements ConnectionEvent {
    @Override
    public String kind() {
        return "update";
    }
}
