package dev.conntrail.cli.corpus;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.capture.Frame;
import dev.conntrail.capture.PacketSource;
import dev.conntrail.capture.ReadResult;
import dev.conntrail.capture.file.CaptureFiles;
import dev.conntrail.capture.pcap.LibpcapFiles;
import dev.conntrail.capture.wire.DecodeOutcome;
import dev.conntrail.capture.wire.FrameDecoder;
import dev.conntrail.tracker.ConnectionTracker;
import dev.conntrail.tracker.TrackerConfig;
import dev.conntrail.tracker.event.Closed;
import dev.conntrail.tracker.event.ConnectionEvent;
import dev.conntrail.tracker.segment.TcpSegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One capture through reader, decoder and tracker in-process; the events and how reading ended. */
final class CorpusRun {
    final List<ConnectionEvent> events = new ArrayList<>();
    final List<Closed> closed = new ArrayList<>();
    String openError;
    ReadResult ending;
    String problem;
    long frames;
    long segments;

    enum Reader { JAVA, LIBPCAP }

    static CorpusRun of(Path file, TrackerConfig config) {
        return of(file, config, Reader.JAVA);
    }

    static CorpusRun of(Path file, TrackerConfig config, Reader reader) {
        CorpusRun run = new CorpusRun();
        ConnectionTracker tracker = new ConnectionTracker(config, e -> {
            run.events.add(e);
            if (e instanceof Closed) {
                run.closed.add((Closed) e);
            }
        });
        FrameDecoder decoder = new FrameDecoder();
        Frame frame = new Frame();
        TcpSegment segment = new TcpSegment();
        try (PacketSource source = reader == Reader.JAVA ? CaptureFiles.open(file, null)
                : LibpcapFiles.open(file, null)) {
            while (true) {
                ReadResult r = source.next(frame);
                if (r != ReadResult.FRAME) {
                    run.ending = r;
                    run.problem = source.problem();
                    break;
                }
                run.frames++;
                if (decoder.decode(frame, segment) == DecodeOutcome.TCP) {
                    run.segments++;
                    tracker.accept(segment);
                }
            }
        } catch (CaptureException e) {
            run.openError = e.getMessage();
        }
        decoder.finish();
        tracker.finish();
        return run;
    }
}
