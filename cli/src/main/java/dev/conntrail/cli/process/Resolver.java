package dev.conntrail.cli.process;

/** Takes lookups from the capture thread and answers them on its own time. */
public interface Resolver extends AutoCloseable {

    /** Queues a lookup without blocking; false when the queue is full (the caller answers it as overloaded). */
    boolean submit(Lookup lookup);

    /** Stops answering; lookups still queued are answered as overloaded. */
    @Override
    void close();
}
