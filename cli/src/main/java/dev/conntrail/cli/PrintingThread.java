package dev.conntrail.cli;

import dev.conntrail.cli.output.EventPrinter;
import dev.conntrail.tracker.event.ConnectionEvent;
import dev.conntrail.tracker.event.EventSink;

/**
 * Events written out by a printer on a thread of its own, in the order the tracker emitted them: formatting
 * is a fifth of a file's work, and the tracker need not wait for it. What the printer throws (its reader has
 * gone away) comes back to the tracker's thread, at its next event or at {@link #finish()}.
 *
 * <p>The printer's buffer is written out when the tracker has waited for input ({@link #idle()}) and every
 * event it made before is printed: as on one thread, no event sits in a buffer while conntrail waits.
 */
final class PrintingThread implements EventSink {
    /** Events in flight between the tracker and the printer. */
    private static final int CAPACITY = 1024;

    private final Handoff<ConnectionEvent> events = new Handoff<>(CAPACITY, null);
    private final Thread thread;
    private volatile Throwable failed;
    private volatile boolean flushWanted;

    PrintingThread(EventPrinter printer) {
        thread = new Thread(() -> {
            try {
                Runnable flushIfWanted = () -> {
                    if (flushWanted) {
                        flushWanted = false;
                        printer.flush();
                    }
                };
                for (ConnectionEvent e = events.take(flushIfWanted); e != null; e = events.take(flushIfWanted)) {
                    printer.accept(e);
                }
            } catch (RuntimeException | Error e) {
                failed = e;
                events.abandon();
            }
        }, "conntrail-print");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void accept(ConnectionEvent event) {
        if (!events.awaitRoom() || events.abandoned()) {
            rethrow();
        }
        events.put(event);
    }

    /**
     * The tracker is about to wait for input: the events it made so far go to the printer now, and are
     * written out once printed. (The flag is raised first, so the printer sees it whenever it sees them.)
     */
    void idle() {
        flushWanted = true;
        events.announce();
    }

    /** Waits until every event handed over has been given to the printer; rethrows what the printer threw. */
    void finish() {
        events.close();
        Threads.joinUninterruptibly(thread);
        if (events.abandoned()) {
            rethrow();
        }
    }

    private void rethrow() {
        Threads.joinUninterruptibly(thread); // it has stopped: what it threw is set
        Threads.rethrow(failed);
    }
}
