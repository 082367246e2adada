package dev.conntrail.cli;

import dev.conntrail.capture.Frame;
import dev.conntrail.capture.PacketSource;
import dev.conntrail.capture.ReadResult;
import dev.conntrail.capture.file.CaptureFiles;
import dev.conntrail.capture.wire.DecodeOutcome;
import dev.conntrail.capture.wire.FrameDecoder;
import dev.conntrail.cli.output.Annotations;
import dev.conntrail.cli.output.EventPrinter;
import dev.conntrail.cli.output.JsonLinesPrinter;
import dev.conntrail.tracker.ConnectionTracker;
import dev.conntrail.tracker.TrackerConfig;
import dev.conntrail.tracker.event.ConnectionEvent;
import dev.conntrail.tracker.segment.TcpSegment;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.Locale;

/**
 * In-process measurements for the benchmark (bench/run.sh), on a capture file:
 *
 * <pre>
 * PipelineBench stages FILE [ROUNDS]     ns/packet of read, read+decode, +track, +JSON (best of ROUNDS)
 * PipelineBench alloc FILE               bytes allocated per packet: all, and on packets that emitted no event
 * PipelineBench memory FILE [MAX_CONN]   heap per open connection after the file is read, before the end
 * PipelineBench tracker FILE [ROUNDS]    ns/segment of the tracker alone, on segments decoded beforehand
 * PipelineBench printer FILE [ROUNDS]    ns/event of the JSON printer alone, on the file's events
 * </pre>
 *
 * Each prints {@code key: value} lines. The headline figures come from whole-process runs; these split a run
 * into its parts and measure what a whole process cannot.
 */
public final class PipelineBench {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        String what = args[0];
        Path file = Path.of(args[1]);
        switch (what) {
            case "stages":
                stages(file, args.length > 2 ? Integer.parseInt(args[2]) : 3);
                break;
            case "alloc":
                allocation(file);
                break;
            case "tracker":
                trackerOnly(file, args.length > 2 ? Integer.parseInt(args[2]) : 5);
                break;
            case "printer":
                printerOnly(file, args.length > 2 ? Integer.parseInt(args[2]) : 5);
                break;
            case "memory":
                memory(file, args.length > 2 ? Integer.parseInt(args[2]) : TrackerConfig.DEFAULT_MAX_CONNECTIONS);
                break;
            default:
                throw new IllegalArgumentException("stages, alloc or memory, not " + what);
        }
    }

    /** Discards everything; counts what it was given. */
    static final class NullStream extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    private enum Stage { READ, DECODE, TRACK, JSON }

    private static void stages(Path file, int rounds) throws Exception {
        for (Stage stage : Stage.values()) {
            double best = Double.MAX_VALUE;
            long packets = 0;
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                packets = run(file, stage);
                best = Math.min(best, (double) (System.nanoTime() - t0) / packets);
            }
            System.out.printf(Locale.ROOT, "%s_ns_per_packet: %.1f%n", stage.name().toLowerCase(Locale.ROOT), best);
        }
    }

    private static long run(Path file, Stage stage) throws Exception {
        Frame frame = new Frame();
        TcpSegment segment = new TcpSegment();
        FrameDecoder decoder = new FrameDecoder();
        EventPrinter printer = new JsonLinesPrinter(new NullStream(), false, Annotations.NONE);
        ConnectionTracker tracker = new ConnectionTracker(TrackerConfig.defaults(),
                stage == Stage.JSON ? printer : e -> { });
        long packets = 0;
        try (PacketSource source = CaptureFiles.open(file)) {
            while (source.next(frame) == ReadResult.FRAME) {
                packets++;
                if (stage != Stage.READ && decoder.decode(frame, segment) == DecodeOutcome.TCP
                        && stage != Stage.DECODE) {
                    tracker.accept(segment);
                }
            }
        }
        tracker.finish();
        printer.finish();
        return packets;
    }

    /**
     * The tracker alone: every segment of the file is decoded into its own {@link TcpSegment} first (a
     * medium-sized file fits in memory), then fed to a new tracker per round, events discarded.
     */
    private static void trackerOnly(Path file, int rounds) throws Exception {
        java.util.List<TcpSegment> segments = new java.util.ArrayList<>();
        Frame frame = new Frame();
        FrameDecoder decoder = new FrameDecoder();
        try (PacketSource source = CaptureFiles.open(file)) {
            TcpSegment s = new TcpSegment();
            while (source.next(frame) == ReadResult.FRAME) {
                if (decoder.decode(frame, s) == DecodeOutcome.TCP) {
                    segments.add(s);
                    s = new TcpSegment();
                }
            }
        }
        double best = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            ConnectionTracker tracker = new ConnectionTracker(TrackerConfig.defaults(), e -> { });
            long t0 = System.nanoTime();
            for (TcpSegment s : segments) {
                tracker.accept(s);
            }
            tracker.finish();
            double ns = (double) (System.nanoTime() - t0) / segments.size();
            System.out.printf(Locale.ROOT, "round %d: %.1f ns/segment%n", r, ns);
            best = Math.min(best, ns);
        }
        System.out.printf(Locale.ROOT, "tracker_ns_per_segment: %.1f%n", best);
    }

    /** The JSON printer alone, on the file's events collected beforehand, written to a null stream. */
    private static void printerOnly(Path file, int rounds) throws Exception {
        java.util.List<ConnectionEvent> events = new java.util.ArrayList<>();
        Frame frame = new Frame();
        TcpSegment segment = new TcpSegment();
        FrameDecoder decoder = new FrameDecoder();
        ConnectionTracker tracker = new ConnectionTracker(TrackerConfig.defaults(), events::add);
        try (PacketSource source = CaptureFiles.open(file)) {
            while (source.next(frame) == ReadResult.FRAME) {
                if (decoder.decode(frame, segment) == DecodeOutcome.TCP) {
                    tracker.accept(segment);
                }
            }
        }
        tracker.finish();
        double best = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            NullStream out = new NullStream();
            JsonLinesPrinter printer = new JsonLinesPrinter(out, false, Annotations.NONE);
            long allocated = THREADS.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            for (ConnectionEvent e : events) {
                printer.accept(e);
            }
            printer.finish();
            double ns = (double) (System.nanoTime() - t0) / events.size();
            allocated = THREADS.getCurrentThreadAllocatedBytes() - allocated;
            System.out.printf(Locale.ROOT, "round %d: %.1f ns/event, %.0f bytes/event written, %.0f bytes/event "
                    + "allocated%n", r, ns, (double) out.bytes / events.size(), (double) allocated / events.size());
            best = Math.min(best, ns);
        }
        System.out.printf(Locale.ROOT, "events: %d%nprinter_ns_per_event: %.1f%n", events.size(), best);
    }

    /**
     * Allocation per packet through the whole pipeline (JSON to a null stream), measured per packet, so
     * packets that emitted an event (whose snapshot and text allocate by design) can be told apart from the
     * rest. The file is read twice; the second pass is measured.
     */
    private static void allocation(Path file) throws Exception {
        for (int pass = 0; pass < 2; pass++) {
            Frame frame = new Frame();
            TcpSegment segment = new TcpSegment();
            FrameDecoder decoder = new FrameDecoder();
            JsonLinesPrinter printer = new JsonLinesPrinter(new NullStream(), false, Annotations.NONE);
            long[] events = new long[1];
            ConnectionTracker tracker = new ConnectionTracker(TrackerConfig.defaults(), (ConnectionEvent e) -> {
                events[0]++;
                printer.accept(e);
            });
            long packets = 0;
            long quiet = 0;
            long quietBytes = 0;
            long total = THREADS.getCurrentThreadAllocatedBytes();
            try (PacketSource source = CaptureFiles.open(file)) {
                while (true) {
                    long before = THREADS.getCurrentThreadAllocatedBytes();
                    long eventsBefore = events[0];
                    if (source.next(frame) != ReadResult.FRAME) {
                        break;
                    }
                    packets++;
                    if (decoder.decode(frame, segment) == DecodeOutcome.TCP) {
                        tracker.accept(segment);
                    }
                    if (events[0] == eventsBefore) {
                        quiet++;
                        quietBytes += THREADS.getCurrentThreadAllocatedBytes() - before;
                    }
                }
            }
            total = THREADS.getCurrentThreadAllocatedBytes() - total;
            tracker.finish();
            if (pass == 1) {
                System.out.printf(Locale.ROOT, "packets: %d%nevents_during_read: %d%n", packets, events[0]);
                System.out.printf(Locale.ROOT, "alloc_bytes_per_packet_all: %.2f%n", (double) total / packets);
                System.out.printf(Locale.ROOT, "alloc_bytes_per_event: %.0f%n",
                        (double) (total - quietBytes) / Math.max(1, events[0]));
                System.out.printf(Locale.ROOT, "packets_without_event: %d%n", quiet);
                System.out.printf(Locale.ROOT, "alloc_bytes_per_packet_without_event: %.3f%n",
                        (double) quietBytes / Math.max(1, quiet));
            }
        }
    }

    /**
     * Heap per connection: the file is read through the tracker (events discarded), then, with every
     * connection still in the table, the heap is measured after a full GC and compared with the heap before
     * the tracker existed.
     */
    private static void memory(Path file, int maxConnections) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Frame frame = new Frame();
        TcpSegment segment = new TcpSegment();
        FrameDecoder decoder = new FrameDecoder();
        long before = usedAfterGc(memory);
        ConnectionTracker tracker = new ConnectionTracker(TrackerConfig.defaults().withMaxConnections(maxConnections),
                e -> { });
        try (PacketSource source = CaptureFiles.open(file)) {
            while (source.next(frame) == ReadResult.FRAME) {
                if (decoder.decode(frame, segment) == DecodeOutcome.TCP) {
                    tracker.accept(segment);
                }
            }
        }
        long after = usedAfterGc(memory);
        long open = tracker.stats().open();
        System.out.printf(Locale.ROOT, "open_connections: %d%n", open);
        System.out.printf(Locale.ROOT, "heap_bytes_for_tracker: %d%n", after - before);
        System.out.printf(Locale.ROOT, "heap_bytes_per_connection: %.1f%n", (double) (after - before) / open);
        System.out.printf(Locale.ROOT, "table_bytes_per_connection: %.1f%n",
                (double) tracker.stats().tableBytes() / open);
        tracker.finish();
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
