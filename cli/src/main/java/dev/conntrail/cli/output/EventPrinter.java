package dev.conntrail.cli.output;

import dev.conntrail.tracker.event.ConnectionEvent;
import dev.conntrail.tracker.event.EventSink;

/**
 * Writes connection events to an output stream in one format, one event per line.
 *
 * <p>Lines are buffered and written out by {@link #flush()}, which the run loop calls whenever input would
 * wait (a live capture between packets, a pipe with nothing to read) and after every event when
 * line-buffered; so an event never sits in a buffer while conntrail waits. A reader that goes away
 * surfaces as {@link OutputGone}.
 */
public interface EventPrinter extends EventSink, AutoCloseable {

    @Override
    void accept(ConnectionEvent event);

    /** Writes out everything buffered. */
    void flush();

    /** Writes whatever the format puts after the last event (Zeek's {@code #close}), then flushes. */
    void finish();

    @Override
    default void close() {
        flush();
    }
}
