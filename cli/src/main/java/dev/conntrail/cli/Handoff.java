package dev.conntrail.cli;

import java.util.function.Supplier;
import java.util.concurrent.locks.LockSupport;

/**
 * Items handed from one thread to another in order: a ring with one producer and one consumer, nothing
 * allocated per item. It carries decoded segments from the thread that reads a capture file to the one that
 * tracks them (the ring's slots are preallocated segments the producer decodes into, so nothing is copied),
 * and events from the tracker to the thread that prints them (the slots hold references).
 *
 * <p>The producer {@link #awaitRoom() waits for room}, fills the {@link #slot()} or {@link #put puts} an
 * item there, and {@link #publish() publishes} it; the consumer {@link #take takes} items in order, and an
 * item it took stays its own until its next call to {@code take}. Each side tells the other how far it has
 * got only every {@link #BATCH} items (and whenever it would otherwise wait), so the two cores pass a
 * counter's cache line between them once per batch rather than once per item; the counters sit between
 * padding, away from each other and from the fields each side writes per item.
 */
final class Handoff<T> {
    /** Items between two announcements of a side's progress. */
    static final int BATCH = 64;

    private final Object[] slots;
    private final int mask;
    private final ProducerSide producer = new ProducerSide();
    private final ConsumerSide consumer = new ConsumerSide();

    /**
     * @param capacity a power of two, at least {@link #BATCH}
     * @param prefill  makes the slots' initial items (segments to decode into), or null for empty slots
     */
    Handoff(int capacity, Supplier<T> prefill) {
        if (Integer.bitCount(capacity) != 1 || capacity < BATCH) {
            throw new IllegalArgumentException("capacity must be a power of two of at least " + BATCH);
        }
        slots = new Object[capacity];
        if (prefill != null) {
            for (int i = 0; i < capacity; i++) {
                slots[i] = prefill.get();
            }
        }
        mask = capacity - 1;
    }

    // ---- the producer's side ----------------------------------------------------------------------------

    /**
     * Waits until the next slot is free; false when the consumer has {@link #abandon() abandoned} the ring.
     */
    boolean awaitRoom() {
        ProducerSide p = producer;
        if (p.head - p.releasedSeen < slots.length) {
            return true;
        }
        announce();
        int spins = 0;
        while (p.head - (p.releasedSeen = consumer.released) >= slots.length) {
            if (consumer.abandoned) {
                return false;
            }
            pause(spins++);
        }
        return true;
    }

    /** The next slot's item: with a prefilled ring, the object to fill. Call after {@link #awaitRoom()}. */
    @SuppressWarnings("unchecked")
    T slot() {
        return (T) slots[(int) producer.head & mask];
    }

    /** Puts an item in the next slot and publishes it. Call after {@link #awaitRoom()}. */
    void put(T item) {
        slots[(int) producer.head & mask] = item;
        publish();
    }

    /** The next slot is filled: the consumer may take it (at the latest with the batch, or on {@link #announce}). */
    void publish() {
        ProducerSide p = producer;
        p.head++;
        if (p.head - p.published >= BATCH) {
            p.published = p.head;
        }
    }

    /** Makes every published item visible to the consumer now (the producer is about to wait for input). */
    void announce() {
        ProducerSide p = producer;
        if (p.published != p.head) {
            p.published = p.head;
        }
    }

    /** No more items: the consumer's {@link #take} returns null once it has taken the last. */
    void close() {
        announce();
        producer.closed = true;
    }

    /** Whether the consumer has abandoned the ring (the producer should stop). */
    boolean abandoned() {
        return consumer.abandoned;
    }

    // ---- the consumer's side ----------------------------------------------------------------------------

    /**
     * The next item, waiting for the producer; null when the producer has closed and all are taken. Before
     * it waits, {@code beforeWaiting} runs (the consumer pushes on what it has made so far).
     */
    @SuppressWarnings("unchecked")
    T take(Runnable beforeWaiting) {
        ConsumerSide c = consumer;
        if (c.next == c.publishedSeen && c.next == (c.publishedSeen = producer.published)) {
            c.released = c.next; // every item taken before is done with
            beforeWaiting.run();
            int spins = 0;
            while (c.next == (c.publishedSeen = producer.published)) {
                if (producer.closed) {
                    c.publishedSeen = producer.published; // the last ones were published before closed was set
                    if (c.next == c.publishedSeen) {
                        return null;
                    }
                    break;
                }
                pause(spins++);
            }
        } else if (c.next - c.released >= BATCH) {
            c.released = c.next;
        }
        return (T) slots[(int) c.next++ & mask];
    }

    /**
     * The item {@code ahead} places after the one last taken, if the producer has made it visible; else
     * null. It is the producer's still only in that it may not be visible yet: a visible item is not
     * written again until the consumer has taken it and moved past.
     */
    @SuppressWarnings("unchecked")
    T peek(int ahead) {
        ConsumerSide c = consumer;
        long i = c.next - 1 + ahead;
        return i < c.publishedSeen ? (T) slots[(int) i & mask] : null;
    }

    /** The consumer stops taking: a producer waiting for room, or asking for it later, is told so. */
    void abandon() {
        consumer.abandoned = true;
    }

    /**
     * Spins briefly, then sleeps in short naps. No {@code Thread.yield()} between: with nothing else to run,
     * a yield returns at once and a waiting side burns its core in system calls (on the big benchmark file
     * the decoding thread used about a second more CPU with 100 yields per wait), and that core is the one
     * the other threads and the JIT compiler share.
     */
    private static void pause(int spins) {
        if (spins < 100) {
            Thread.onSpinWait();
        } else {
            LockSupport.parkNanos(20_000);
        }
    }

    /** Sixty-four bytes before a side's fields; with its trailing ones, the side has a cache line to itself. */
    @SuppressWarnings("unused")
    private abstract static class LeadingPad {
        private long p1, p2, p3, p4, p5, p6, p7, p8;
    }

    @SuppressWarnings("unused")
    private static final class ProducerSide extends LeadingPad {
        /** Items published (producer only). */
        long head;
        /** The consumer's {@code released} as last read (producer only). */
        long releasedSeen;
        /** Items the consumer may take. */
        volatile long published;
        volatile boolean closed;
        private long q1, q2, q3, q4, q5, q6, q7, q8;
    }

    @SuppressWarnings("unused")
    private static final class ConsumerSide extends LeadingPad {
        /** Items taken (consumer only). */
        long next;
        /** The producer's {@code published} as last read (consumer only). */
        long publishedSeen;
        /** Items the producer may write over. */
        volatile long released;
        volatile boolean abandoned;
        private long q1, q2, q3, q4, q5, q6, q7, q8;
    }
}
