package dev.conntrail.capture.file;

import java.io.IOException;

import dev.conntrail.capture.Frame;
import dev.conntrail.capture.PacketSource;
import dev.conntrail.capture.ReadResult;
import dev.conntrail.capture.bpf.FrameFilter;

/**
 * What the pcap and pcapng readers share: the input, the optional filter, the frame count, and the
 * one-way switch to a finished state ({@link ReadResult#END} or {@link ReadResult#DAMAGED} with a problem).
 *
 * <p>Subclasses implement {@link #readFrame(Frame)}, which fills the next frame of the file regardless of
 * the filter; this class applies the filter, so {@link #framesRead()} counts every frame.
 */
abstract class FileSource implements PacketSource {

    static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** How long a read from a pipe waits for bytes before the source answers TIMEOUT. */
    private static final long IDLE_WAIT_MILLIS = 50;

    final String name;
    final FileInput in;
    private final FrameFilter filter;
    /** Frames read from the file so far, which is also the number of the last one. */
    long frames;
    /** The filter slot of the frame {@link #readFrame} filled last (see {@link FrameFilter#prepare}). */
    int filterSlot;
    private String problem;
    private ReadResult finished;

    FileSource(String name, FileInput in, FrameFilter filter) {
        this.name = name;
        this.in = in;
        this.filter = filter;
    }

    /**
     * Reads the next frame of the file into {@code frame} (counting it in {@link #frames} and setting
     * {@link #filterSlot} when there is a filter), or returns
     * {@link ReadResult#END}, or {@link #damaged} with a message.
     */
    abstract ReadResult readFrame(Frame frame) throws IOException;

    @Override
    public final ReadResult next(Frame frame) {
        if (finished != null) {
            return finished;
        }
        try {
            while (true) {
                if (in.idle(IDLE_WAIT_MILLIS)) {
                    return ReadResult.TIMEOUT; // a quiet pipe: let the loop write out its events meanwhile
                }
                ReadResult result = readFrame(frame);
                if (result != ReadResult.FRAME) {
                    finished = result;
                    return result;
                }
                if (filter == null || filter.accepts(frame, filterSlot)) {
                    return ReadResult.FRAME;
                }
            }
        } catch (IOException e) {
            return damaged("read error after frame " + frames + " at byte " + in.offset() + ": " + e.getMessage());
        }
    }

    FrameFilter filter() {
        return filter;
    }

    /** Finishes the source as damaged; {@code what} says where and what, without the file name. */
    final ReadResult damaged(String what) {
        problem = name + ": " + what;
        finished = ReadResult.DAMAGED;
        return ReadResult.DAMAGED;
    }

    /** "byte 803 of 803": where the input ended, for cut-off messages. */
    final String endOfInput() {
        long end = in.offset() + in.available();
        return "byte " + end + " of " + end;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String problem() {
        return problem;
    }

    @Override
    public final long framesRead() {
        return frames;
    }

    @Override
    public final void close() {
        in.close();
    }
}
