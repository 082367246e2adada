package dev.conntrail.cli;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.capture.CaptureStats;
import dev.conntrail.capture.LinkType;
import dev.conntrail.capture.pcap.CaptureInterfaces;
import dev.conntrail.capture.pcap.LiveCapture;
import dev.conntrail.capture.pcap.LiveOptions;
import dev.conntrail.capture.pcap.Privileges;
import dev.conntrail.capture.wire.DecodeOptions;
import dev.conntrail.capture.wire.FrameDecoder;
import dev.conntrail.cli.output.Annotations;
import dev.conntrail.cli.output.EventPrinter;
import dev.conntrail.tracker.ConnectionTracker;
import dev.conntrail.tracker.TrackerConfig;
import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code -i IFACE} (or no input named): events from a live capture as they happen.
 *
 * <p>Two threads. The capture thread (the caller's) reads packets, decodes them, drives the tracker and
 * prints; it is the only one that touches any of them. A small timer thread wakes a read that is waiting
 * every {@link #WAKE_INTERVAL_MILLIS} ms, so that on an idle interface the capture thread still moves
 * packet time on to the wall clock (expiring what is due), samples the drop counters, prints periodic
 * statistics and notices the end of {@code --duration}. Signals only ask the capture to stop.
 *
 * <p>Every way of ending (Ctrl-C, SIGTERM, {@code --duration}, {@code -c}) ends alike: the capture stops,
 * the packets already captured are processed, every event is written, each connection still open is
 * reported as such with its counters, and the capture statistics are printed. A reader of our output that
 * goes away ends the run at once and quietly.
 */
final class LiveRun {
    static final long WAKE_INTERVAL_MILLIS = 100;

    /** The run's printers. */
    interface Printers {
        /** Opens the output once the capture is open and privileges are dropped, and builds the printer. */
        EventPrinter open(Annotations annotations);

        /** A printer of the same format that writes nowhere, for the {@link Rehearsal}. */
        EventPrinter discarding();
    }

    private final LiveSettings settings;
    private final DecodeOptions decodeOptions;
    private final TrackerConfig config;
    private final Printers printers;
    private final PrintWriter err;
    private final EndOfRun end;
    private final LongSupplier wallNanos;

    LiveRun(LiveSettings settings, DecodeOptions decodeOptions, TrackerConfig config, Printers printers,
            PrintWriter err, EndOfRun end, LongSupplier wallNanos) {
        this.settings = settings;
        this.decodeOptions = decodeOptions;
        this.config = config;
        this.printers = printers;
        this.err = err;
        this.end = end;
        this.wallNanos = wallNanos;
    }

    int run() {
        Rehearsal.run(decodeOptions, config, printers.discarding());
        LiveCapture source = open();
        ScheduledExecutorService timer = null;
        try {
            dropPrivileges();
            FrameDecoder decoder = new FrameDecoder(decodeOptions);
            if (!decoder.supports(source.linkType())) {
                throw new UserError("cannot capture on " + source.name() + ": link type "
                        + LinkType.describe(source.linkType()) + " is not supported");
            }
            DropLedger ledger = new DropLedger(source::stats, wallNanos);
            ledger.read(); // the baseline: drops are counted from here
            EventPrinter printer = printers.open(ledger);
            ConnectionTracker tracker = new ConnectionTracker(config, end.sink(printer));
            Pipeline pipeline = new Pipeline(decoder,
                    Pipeline.direct(tracker, printer, new Pauses(source, tracker, ledger)), settings.count());

            err.printf("conntrail: listening on %s, link-type %s, snapshot length %d bytes%n", source.name(),
                    LinkType.describe(source.linkType()), source.snaplen());
            err.flush();
            Signals.onStop(source::stop);
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "conntrail-wake");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(source::wake, WAKE_INTERVAL_MILLIS, WAKE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);

            Pipeline.Ending ending = pipeline.drain(source);
            timer.shutdownNow();
            // The reader has returned: now the counters, then the rest of the events, then the handle.
            CaptureStats stats = ledger.read();
            ledger.freeze();
            tracker.advanceTo(wallNanos.getAsLong());
            decoder.finish();
            tracker.finish();
            printer.finish();
            source.close();

            int exit = ExitCodes.OK;
            if (ending == Pipeline.Ending.DAMAGED) {
                err.println("conntrail: " + source.problem());
                exit = ExitCodes.BAD_INPUT;
            }
            err.println("conntrail: " + RunReport.captureLine(source.framesRead(), stats));
            if (stats.anyDropped()) {
                err.println("conntrail: " + RunReport.dropWarning(stats, ledger.inexactConnections()));
            }
            end.report(source.framesRead(), pipeline.frames(), decoder.counters(), tracker.stats(), stats);
            err.flush();
            return exit;
        } finally {
            if (timer != null) {
                timer.shutdownNow();
            }
            source.close();
        }
    }

    private LiveCapture open() {
        try {
            String name = settings.interfaceName() != null ? settings.interfaceName() : CaptureInterfaces.defaultName();
            return LiveCapture.open(new LiveOptions(name, settings.snaplen(), settings.bufferBytes(),
                    settings.promiscuous(), (int) WAKE_INTERVAL_MILLIS, settings.filter()));
        } catch (CaptureException e) {
            throw new UserError(e.getMessage());
        }
    }

    private void dropPrivileges() {
        try {
            if (settings.user() != null) {
                Privileges.dropTo(settings.user());
            } else if (Privileges.runningAsRoot()) {
                err.println("conntrail: running as root; -Z USER would give up root once the capture is open");
            }
        } catch (CaptureException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** What the capture thread does whenever the capture pauses (a read timed out or was woken). */
    private final class Pauses implements Runnable {
        private final LiveCapture source;
        private final ConnectionTracker tracker;
        private final DropLedger ledger;
        private final long statsEvery;
        private final long deadline;
        private long nextStats;

        Pauses(LiveCapture source, ConnectionTracker tracker, DropLedger ledger) {
            this.source = source;
            this.tracker = tracker;
            this.ledger = ledger;
            long start = System.nanoTime();
            this.statsEvery = settings.statsInterval() == null ? 0 : settings.statsInterval().toNanos();
            this.nextStats = start + statsEvery;
            this.deadline = settings.duration() == null ? 0 : start + settings.duration().toNanos();
        }

        @Override
        public void run() {
            tracker.advanceTo(wallNanos.getAsLong()); // live packets are stamped with the wall clock
            CaptureStats stats = ledger.read();
            long now = System.nanoTime();
            if (statsEvery > 0 && now - nextStats >= 0) {
                err.println("conntrail: " + RunReport.captureLine(source.framesRead(), stats) + "; "
                        + tracker.stats().open() + " connections tracked");
                err.flush();
                while (now - nextStats >= 0) {
                    nextStats += statsEvery;
                }
            }
            if (deadline != 0 && now - deadline >= 0) {
                source.stop();
            }
        }
    }
}
