package dev.conntrail.capture.wire;

import dev.conntrail.capture.Frame;
import java.io.EOFException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.function.Consumer;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;

/**
 * Reads a capture file frame by frame into a {@link Frame}, for tests only. This is the one place that
 * touches pcap4j; it goes away when the project's own file reader lands.
 */
final class CorpusFrames {
    private CorpusFrames() {
    }

    /** What reading a file gave: frames delivered, and why it stopped early (null when it read to the end). */
    record ReadSummary(long frames, String problem) {
    }

    /** Calls {@code each} with every frame of {@code file} (one reused {@link Frame}). Never throws. */
    static ReadSummary forEach(Path file, Consumer<Frame> each) {
        Frame frame = new Frame();
        long n = 0;
        PcapHandle handle;
        try {
            handle = Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.NANO);
        } catch (Exception e) {
            return new ReadSummary(0, "cannot open: " + e.getMessage());
        }
        try {
            int linkType = handle.getDlt().value();
            while (true) {
                byte[] data;
                try {
                    data = handle.getNextRawPacketEx();
                } catch (EOFException e) {
                    return new ReadSummary(n, null);
                } catch (java.util.concurrent.TimeoutException e) {
                    continue;
                }
                Timestamp ts = handle.getTimestamp();
                long nanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
                n++;
                frame.set(data, 0, data.length, handle.getOriginalLength(), nanos, linkType, 0, n);
                each.accept(frame);
            }
        } catch (Exception e) {
            return new ReadSummary(n, "read error after " + n + " frames: " + e.getMessage());
        } finally {
            handle.close();
        }
    }
}
