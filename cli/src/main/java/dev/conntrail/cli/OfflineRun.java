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
        ConnectionTracker tracker = new ConnectionTracker(config, end.sink(printer));
        Pipeline pipeline = new Pipeline(decoder, tracker, printer, count);
        Signals.onStop(pipeline::requestStop);
        int exit = ExitCodes.OK;
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
        decoder.finish();
        tracker.finish();
        printer.finish();
        if (problem != null) {
            err.println("conntrail: " + problem);
            err.flush();
            exit = ExitCodes.BAD_INPUT;
        }
        end.report(framesRead, pipeline.frames(), decoder.counters(), tracker.stats(), null);
        return exit;
    }

    private PacketSource open(String file) throws CaptureException {
        return reader.equals("libpcap") ? LibpcapFiles.open(file, filter) : CaptureFiles.open(file, filter);
    }
}
