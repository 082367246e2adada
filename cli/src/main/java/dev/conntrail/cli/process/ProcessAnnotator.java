package dev.conntrail.cli.process;

import dev.conntrail.cli.output.Annotations;
import dev.conntrail.cli.output.EventPrinter;
import dev.conntrail.tracker.event.Closed;
import dev.conntrail.tracker.event.Connection;
import dev.conntrail.tracker.event.ConnectionEvent;
import dev.conntrail.tracker.event.Opened;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Sits between the tracker and a printer and gives every event the processes at its connection's ends
 * ({@code -P}).
 *
 * <p>When a connection opens, its lookup is handed to the {@link Resolver} (never waited for here: this runs
 * on the capture thread). The {@code opened} event is held until the answer is in or {@code waitNanos} have
 * passed, whichever is first, and so is any later event of the connection that comes while the lookup is
 * still under way; events behind a held one wait with it, so the output keeps the tracker's order. Held
 * events are written as soon as the next event arrives or the capture goes idle (the run loop calls
 * {@link #flush()}) once they are ready, and all of them by {@link #finish()}. An {@code opened} event written
 * before its answer says {@code pending}; the connection's later events carry the answer. The answer is kept
 * by the connection's uid until its {@code closed} event is written, so a connection that lasted a few
 * milliseconds is still named after its socket is gone.
 */
public final class ProcessAnnotator implements EventPrinter {
    /** How long an {@code opened} event waits for its answer by default. */
    public static final long OPENED_WAIT_NANOS = 5_000_000L;

    private record Held(ConnectionEvent event, Lookup lookup, long deadline) {
    }

    private final Resolver resolver;
    private final LongSupplier clock;
    private final long waitNanos;
    private final EventPrinter printer;
    private final Map<String, Lookup> lookups = new HashMap<>();
    private final ArrayDeque<Held> held = new ArrayDeque<>();

    /**
     * @param resolver        answers lookups; closed by {@link #finish()}
     * @param clock           monotonic nanoseconds
     * @param waitNanos       how long an {@code opened} event may wait for its answer
     * @param base            what else the command knows about connections
     * @param printerFactory  makes the printer, given the annotations that now include the processes
     */
    public ProcessAnnotator(Resolver resolver, LongSupplier clock, long waitNanos, Annotations base,
                            Function<Annotations, EventPrinter> printerFactory) {
        this.resolver = resolver;
        this.clock = clock;
        this.waitNanos = waitNanos;
        this.printer = printerFactory.apply(new Annotations() {
            @Override
            public boolean countsExact(Connection connection, long eventNanos) {
                return base.countsExact(connection, eventNanos);
            }

            @Override
            public Owners owners(Connection connection) {
                Lookup l = lookups.get(connection.uid());
                return l == null ? Owners.PENDING : l.owners();
            }
        });
    }

    @Override
    public void accept(ConnectionEvent event) {
        Connection c = event.connection();
        long now = clock.getAsLong();
        Lookup lookup;
        long deadline = now;
        if (event instanceof Opened) {
            lookup = new Lookup(c.tuple(), now);
            if (!resolver.submit(lookup)) {
                lookup.complete(Owners.OVERLOADED);
            }
            lookups.put(c.uid(), lookup);
            deadline = now + waitNanos;
        } else {
            lookup = lookups.get(c.uid());
            if (lookup != null && !lookup.done()) {
                deadline = now + waitNanos; // still being looked up: this event may wait for it too
            }
        }
        held.addLast(new Held(event, lookup, deadline));
        drain(now);
    }

    /** Writes the held events that are ready, in order. */
    private void drain(long now) {
        while (!held.isEmpty()) {
            Held h = held.peekFirst();
            if (h.lookup != null && !h.lookup.done() && now < h.deadline) {
                return;
            }
            held.pollFirst();
            printer.accept(h.event);
            if (h.event instanceof Closed) {
                lookups.remove(h.event.connection().uid());
            }
        }
    }

    /** Connections whose answer is kept (until their closed event is written). */
    int remembered() {
        return lookups.size();
    }

    @Override
    public void flush() {
        drain(clock.getAsLong());
        printer.flush();
    }

    @Override
    public void finish() {
        while (!held.isEmpty()) {
            long now = clock.getAsLong();
            drain(now);
            Held h = held.peekFirst();
            if (h != null) {
                long sleep = Math.min(h.deadline - now, 1_000_000L);
                if (sleep > 0) {
                    try {
                        Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        drain(Long.MAX_VALUE);
                    }
                }
            }
        }
        resolver.close();
        printer.finish();
    }
}
