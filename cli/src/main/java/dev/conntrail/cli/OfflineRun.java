package dev.conntrail.cli;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.capture.LinkType;
import dev.conntrail.capture.PacketSource;
import dev.conntrail.capture.file.CaptureFiles;
import dev.conntrail.capture.pcap.LibpcapFiles;
import dev.conntrail.capture.wire.DecodeOptions;
import dev.conntrail.capture.wire.DecodeOutcome;
import dev.conntrail.capture.wire.FrameDecoder;
import dev.conntrail.cli.output.EventPrinter;
import dev.conntrail.tracker.ConnectionTracker;
import dev.conntrail.tracker.TrackerConfig;
import dev.conntrail.tracker.segment.TcpSegment;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code -r FILE ...}: reads the files in order into one tracker. A file that cannot be opened, or is
 * damaged, ends the reading there; every event found before it is still printed, the connections still
 * open are reported, and the exit status says something went wrong.
 */
final class OfflineRun {
    private final List<String> files;
    private final String filter;
    private final String reader;
    private final DecodeOptions decodeOptions;
    private final TrackerConfig config;
    private final EventPrinter printer;
    private final PrintWriter err;
    private final EndOfRun end;
    private final long count;

    /** Segments in flight between the decoding thread and the tracking one (about 150 KB of them). */
    private static final int RING_CAPACITY = 1024;

    /**
     * How many segments ahead the tracker's thread warms the caches: the index entry at twice this, the
     * record at this; 0 turns warming off (the system property {@code conntrail.warm-ahead}, for comparing).
     * On the big benchmark file, warming 8 ahead took 5-8% off the tracking thread's CPU time (four
     * alternating runs each). Less than hoped: unlike a prefetch instruction, a plain load that misses
     * still holds the thread up once enough work queues behind it.
     */
    private static final int WARM_AHEAD = Integer.getInteger("conntrail.warm-ahead", 8);

    OfflineRun(List<String> files, String filter, String reader, DecodeOptions decodeOptions, TrackerConfig config,
               EventPrinter printer, PrintWriter err, EndOfRun end, long count) {
        this.files = files;
        this.filter = filter;
        this.reader = reader;
        this.decodeOptions = decodeOptions;
        this.config = config;
        this.printer = printer;
        this.err = err;
        this.end = end;
        this.count = count;
        if (!reader.equals("java") && !reader.equals("libpcap")) {
            throw new UserError("--reader must be java or libpcap, not '" + reader + "'", ExitCodes.USAGE);
        }
    }

    int run() {
        FrameDecoder decoder = new FrameDecoder(decodeOptions);
        boolean threads = useThreads();
        PrintingThread printing = threads ? new PrintingThread(printer) : null;
        ConnectionTracker tracker = new ConnectionTracker(config, end.sink(printing != null ? printing : printer));
        Reading reading;
        try {
            reading = threads
                    ? readOnDecodeThread(decoder, tracker, printing::idle)
                    : read(new Pipeline(decoder, Pipeline.direct(tracker, printer, () -> { }), count), decoder);
            decoder.finish();
            tracker.finish();
        } finally {
            if (printing != null) {
                printing.finish(); // what was handed over is printed, also when the tracker failed
            }
        }
        printer.finish();
        int exit = ExitCodes.OK;
        if (reading.problem != null) {
            err.println("conntrail: " + reading.problem);
            err.flush();
            exit = ExitCodes.BAD_INPUT;
        }
        end.report(reading.framesRead, reading.framesPassed, decoder.counters(), tracker.stats(), null);
        return exit;
    }

    /**
     * Reading and decoding on a thread of their own, tracking on this one: the tracker sees the same
     * segments in the same order, so the events are the same as on one thread.
     */
    private Reading readOnDecodeThread(FrameDecoder decoder, ConnectionTracker tracker, Runnable trackerIdle) {
        Handoff<TcpSegment> segments = new Handoff<>(RING_CAPACITY, TcpSegment::new);
        Pipeline pipeline = new Pipeline(decoder, Pipeline.handoff(segments), count);
        Reading[] reading = new Reading[1];
        Throwable[] failed = new Throwable[1];
        Thread decoding = new Thread(() -> {
            try {
                reading[0] = read(pipeline, decoder);
            } catch (Throwable t) {
                failed[0] = t;
            } finally {
                segments.close();
            }
        }, "conntrail-decode");
        decoding.setDaemon(true);
        decoding.start();
        try {
            for (TcpSegment s = segments.take(trackerIdle); s != null; s = segments.take(trackerIdle)) {
                // the lookup waits on memory for most of its time: start the loads for segments to come
                if (WARM_AHEAD > 0) {
                    TcpSegment later = segments.peek(2 * WARM_AHEAD);
                    if (later != null) {
                        tracker.warmIndex(later);
                    }
                    TcpSegment soon = segments.peek(WARM_AHEAD);
                    if (soon != null) {
                        tracker.warmRecord(soon);
                    }
                }
                tracker.accept(s);
            }
        } finally {
            // the printer's reader may have gone away, or the tracker failed: the decoder stops too
            segments.abandon();
            pipeline.requestStop();
            Threads.joinUninterruptibly(decoding);
        }
        if (failed[0] != null) {
            Threads.rethrow(failed[0]);
        }
        return reading[0];
    }

    /** The files in order through the pipeline, until one ends the reading. */
    private Reading read(Pipeline pipeline, FrameDecoder decoder) {
        Signals.onStop(pipeline::requestStop);
        long framesRead = 0;
        String problem = null;
        for (String file : files) {
            PacketSource source;
            try {
                source = open(file);
            } catch (CaptureException e) {
                problem = e.getMessage();
                break;
            }
            try (source) {
                int lt = source.linkType();
                if (lt != PacketSource.MIXED_LINK_TYPES && !decoder.supports(lt)) {
                    problem = source.name() + ": link type " + LinkType.describe(lt) + " is not supported";
                    break;
                }
                long unsupportedBefore = decoder.counters().get(DecodeOutcome.UNSUPPORTED_LINK_TYPE);
                long framesBefore = pipeline.frames();
                Pipeline.Ending ending = pipeline.drain(source);
                framesRead += source.framesRead();
                long frames = pipeline.frames() - framesBefore;
                long unsupported = decoder.counters().get(DecodeOutcome.UNSUPPORTED_LINK_TYPE) - unsupportedBefore;
                if (frames > 0 && unsupported == frames) {
                    problem = source.name() + ": no interface in the file has a supported link type";
                    break;
                }
                if (ending == Pipeline.Ending.DAMAGED) {
                    problem = source.problem();
                    break;
                }
                if (ending != Pipeline.Ending.END) {
                    break;
                }
            }
        }
        return new Reading(framesRead, pipeline.frames(), problem);
    }

    /** What reading the files came to: frames read from them, frames through the filter, what stopped it. */
    private record Reading(long framesRead, long framesPassed, String problem) {
    }

    /**
     * Whether to spread the run over threads (decoding, tracking, printing): with two or more processors. The
     * system property {@code conntrail.threads} overrides that, {@code 1} for one thread and {@code 3} for
     * three (to compare the two, as bench/ and the tests do).
     */
    static boolean useThreads() {
        String threads = System.getProperty("conntrail.threads", "");
        return threads.equals("3") || !threads.equals("1") && Runtime.getRuntime().availableProcessors() > 1;
    }

    private PacketSource open(String file) throws CaptureException {
        return reader.equals("libpcap") ? LibpcapFiles.open(file, filter) : CaptureFiles.open(file, filter);
    }
}
