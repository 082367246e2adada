package dev.conntrail.cli;

import dev.conntrail.capture.Frame;
import dev.conntrail.capture.PacketSource;
import dev.conntrail.capture.ReadResult;
import dev.conntrail.capture.wire.DecodeOutcome;
import dev.conntrail.capture.wire.FrameDecoder;
import dev.conntrail.cli.output.EventPrinter;
import dev.conntrail.tracker.ConnectionTracker;
import dev.conntrail.tracker.segment.TcpSegment;

/**
 * Source to decoder to tracker to printer: the packet loop, with nothing allocated per packet.
 *
 * <p>Output is flushed whenever the source would wait (it returns {@link ReadResult#TIMEOUT}) and at the
 * end, so no event sits in a buffer while conntrail waits for input.
 */
final class Pipeline {
    /** How a source's frames ended. */
    enum Ending { END, DAMAGED, STOPPED, COUNT_REACHED }

    private final FrameDecoder decoder;
    private final ConnectionTracker tracker;
    private final EventPrinter printer;
    private final long countLimit;
    private final Frame frame = new Frame();
    private final TcpSegment segment = new TcpSegment();
    private volatile boolean stopRequested;
    private long frames;

    /** Optional: called when the source would wait (live captures advance packet time here). */
    private Runnable onIdle = () -> { };

    Pipeline(FrameDecoder decoder, ConnectionTracker tracker, EventPrinter printer, long countLimit) {
        this.decoder = decoder;
        this.tracker = tracker;
        this.printer = printer;
        this.countLimit = countLimit;
    }

    void onIdle(Runnable r) {
        this.onIdle = r;
    }

    /** Asks the loop to stop after the frame in hand (from a signal handler or another thread). */
    void requestStop() {
        stopRequested = true;
    }

    long frames() {
        return frames;
    }

    /** Reads the source until it ends, is damaged, the count is reached, or a stop is requested. */
    Ending drain(PacketSource source) {
        while (true) {
            if (stopRequested) {
                return Ending.STOPPED;
            }
            if (countLimit > 0 && frames >= countLimit) {
                return Ending.COUNT_REACHED;
            }
            ReadResult r = source.next(frame);
            switch (r) {
                case FRAME:
                    frames++;
                    if (decoder.decode(frame, segment) == DecodeOutcome.TCP) {
                        tracker.accept(segment);
                    }
                    break;
                case TIMEOUT:
                    onIdle.run();
                    printer.flush();
                    break;
                case END:
                    return stopRequested ? Ending.STOPPED : Ending.END;
                case DAMAGED:
                    return Ending.DAMAGED;
                default:
                    throw new AssertionError(r);
            }
        }
    }
}
