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
 * Source to decoder to an {@link Outlet}: the packet loop, with nothing allocated per packet. The outlet is
 * the tracker on the same thread ({@link #direct}), or a {@link Handoff} to the thread that runs it
 * ({@link #handoff}).
 *
 * <p>The outlet is told whenever the source would wait (it returns {@link ReadResult#TIMEOUT}): the direct
 * one flushes the printer then, so no event sits in a buffer while conntrail waits for input.
 */
final class Pipeline {
    /** How a source's frames ended. */
    enum Ending { END, DAMAGED, STOPPED, COUNT_REACHED }

    /** Where decoded segments go. */
    interface Outlet {
        /** The segment to decode the next frame into; null when nothing more is wanted. */
        TcpSegment slot();

        /** The slot last given now holds a TCP segment. */
        void accept(TcpSegment s);

        /** The source would wait. */
        void idle();
    }

    private final FrameDecoder decoder;
    private final Outlet outlet;
    private final long countLimit;
    private final Frame frame = new Frame();
    private volatile boolean stopRequested;
    private long frames;

    Pipeline(FrameDecoder decoder, Outlet outlet, long countLimit) {
        this.decoder = decoder;
        this.outlet = outlet;
        this.countLimit = countLimit;
    }

    /**
     * Segments into the tracker on the reading thread. Whenever the source would wait, {@code whenIdle} runs
     * (a live capture advances packet time there) and then the printer is flushed.
     */
    static Outlet direct(ConnectionTracker tracker, EventPrinter printer, Runnable whenIdle) {
        TcpSegment segment = new TcpSegment();
        return new Outlet() {
            @Override
            public TcpSegment slot() {
                return segment;
            }

            @Override
            public void accept(TcpSegment s) {
                tracker.accept(s);
            }

            @Override
            public void idle() {
                whenIdle.run();
                printer.flush();
            }
        };
    }

    /** Segments decoded into the ring's slots for the tracker's thread; the ring told when the source would wait. */
    static Outlet handoff(Handoff<TcpSegment> segments) {
        return new Outlet() {
            @Override
            public TcpSegment slot() {
                return segments.awaitRoom() ? segments.slot() : null;
            }

            @Override
            public void accept(TcpSegment s) {
                segments.publish();
            }

            @Override
            public void idle() {
                segments.announce();
            }
        };
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
                    TcpSegment segment = outlet.slot();
                    if (segment == null) {
                        return Ending.STOPPED;
                    }
                    if (decoder.decode(frame, segment) == DecodeOutcome.TCP) {
                        outlet.accept(segment);
                    }
                    break;
                case TIMEOUT:
                    outlet.idle();
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
