package dev.conntrail.tracker.event;

/** Where the tracker delivers its events, in the order they happen. */
@FunctionalInterface
public interface EventSink {
    void accept(ConnectionEvent event);
}
