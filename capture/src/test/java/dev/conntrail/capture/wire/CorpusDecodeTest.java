package dev.conntrail.capture.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.capture.Corpus;
import dev.conntrail.capture.Frame;
import dev.conntrail.capture.PacketSource;
import dev.conntrail.capture.ReadResult;
import dev.conntrail.capture.file.CaptureFiles;
import dev.conntrail.tracker.segment.TcpSegment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Decodes every frame of every capture in the shared corpus and compares the number of TCP segments with
 * tshark's count in MANIFEST.tsv. Differences must be listed, with their cause, in {@link #KNOWN}.
 */
class CorpusDecodeTest {

    /** A file where our count differs from tshark's, on purpose or for a reason outside the decoder. */
    record Known(long ours, String cause) {
    }

    static final Map<String, Known> KNOWN = new LinkedHashMap<>();

    private static final String FUZZED_TCP_HEADER = "fuzzed file: the TCP header is cut off by the snap length;"
            + " tshark still counts a (malformed) TCP layer, we (like Zeek) need the whole header";

    static {
        KNOWN.put("solaris.snoop", new Known(0, "a Solaris snoop file: the reader refuses it, as libpcap"
                + " does (tshark reads it)"));
        KNOWN.put("heapoverflow-tcp_print.pcap", new Known(0, FUZZED_TCP_HEADER));
        KNOWN.put("tcp_header_heapoverflow.pcap", new Known(0, FUZZED_TCP_HEADER));
        KNOWN.put("truncated-header.pcap", new Known(23, "frame 1 is a SYN whose 40-byte TCP header was cut to 34"
                + " bytes by the 68-byte snap length: TRUNCATED_TCP_HEADER, which Zeek also drops"
                + " ('truncated_header'); tshark counts it with its options marked malformed"));
        KNOWN.put("kday4.pcap", new Known(10, "frame 10 claims an IPv4 total length of 820 in a 66-byte frame:"
                + " IP_LENGTH_BEYOND_FRAME, which Zeek also drops ('truncated_IP'); tshark counts it"));
    }

    private static final Pattern TSHARK_TCP = Pattern.compile("^(\\d+) tcp;");

    /** What reading a file gave: frames delivered, and why it stopped early (null when it read to the end). */
    record ReadSummary(long frames, String problem) {
    }

    /**
     * Calls {@code each} with every frame the project's reader ({@link CaptureFiles}) delivers from
     * {@code file} (one reused {@link Frame}). Never throws: a refused or damaged file is a problem.
     */
    static ReadSummary forEachFrame(Path file, Consumer<Frame> each) {
        Frame frame = new Frame();
        long n = 0;
        try (PacketSource source = CaptureFiles.open(file)) {
            ReadResult result;
            while ((result = source.next(frame)) == ReadResult.FRAME) {
                n++;
                each.accept(frame);
            }
            String problem = result == ReadResult.END ? null
                    : result == ReadResult.DAMAGED ? source.problem() : "stopped with " + result;
            return new ReadSummary(n, withoutPath(problem, file));
        } catch (CaptureException e) {
            return new ReadSummary(0, "refused: " + withoutPath(e.getMessage(), file));
        }
    }

    private static String withoutPath(String message, Path file) {
        return message == null ? null : message.replace(file + ": ", "");
    }

    record FileResult(String name, long frames, long tcp, long tshark, String problem, DecodeCounters counters) {
    }

    static FileResult decodeFile(Path file, String name, long tshark) {
        FrameDecoder decoder = new FrameDecoder();
        TcpSegment segment = new TcpSegment();
        long[] tcp = {0};
        ReadSummary read = forEachFrame(file, frame -> {
            if (decoder.decode(frame, segment) == DecodeOutcome.TCP) {
                tcp[0]++;
            }
        });
        decoder.finish();
        return new FileResult(name, read.frames(), tcp[0], tshark, read.problem(), decoder.counters());
    }

    @Test
    void everyCorpusFrameDecodesAndTcpCountsMatchTshark() throws IOException {
        Corpus corpus = Corpus.require();
        List<String> lines = Files.readAllLines(corpus.capture("MANIFEST.tsv"));
        List<String> header = List.of(lines.get(0).split("\t", -1));
        int nameCol = header.indexOf("name");
        int countCol = header.indexOf("tcp_segments_and_flags_tshark");
        List<FileResult> results = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split("\t", -1);
            Matcher m = TSHARK_TCP.matcher(cols[countCol]);
            long tshark = m.find() ? Long.parseLong(m.group(1)) : -1;
            results.add(decodeFile(corpus.capture(cols[nameCol]), cols[nameCol], tshark));
        }
        List<String> unexplained = new ArrayList<>();
        int agree = 0;
        int explained = 0;
        StringBuilder table = new StringBuilder();
        table.append(String.format("%-55s %7s %7s %7s  %s%n", "file", "frames", "tcp", "tshark", "outcomes"));
        for (FileResult r : results) {
            String outcomes = r.counters().nonZero().entrySet().stream()
                    .map(e -> e.getKey().code() + "=" + e.getValue()).collect(Collectors.joining(" "));
            String notes = r.counters().nonZeroNotes().entrySet().stream()
                    .map(e -> e.getKey().code() + "=" + e.getValue()).collect(Collectors.joining(" "));
            String verdict;
            Known known = KNOWN.get(r.name());
            if (r.tcp() == r.tshark()) {
                verdict = known == null ? "" : "  AGREES NOW, remove from KNOWN";
                agree++;
                if (known != null) {
                    unexplained.add(r.name() + ": agrees with tshark but is listed as a known difference");
                }
            } else if (known != null && known.ours() == r.tcp()) {
                verdict = "  known: " + known.cause();
                explained++;
            } else {
                verdict = "  DIFFERS";
                unexplained.add(r.name() + ": ours " + r.tcp() + ", tshark " + r.tshark());
            }
            table.append(String.format("%-55s %7d %7d %7d  %s%s%s%s%n", r.name(), r.frames(), r.tcp(), r.tshark(),
                    outcomes, notes.isEmpty() ? "" : " | " + notes,
                    r.problem() == null ? "" : " | reader: " + r.problem(), verdict));
        }
        table.append(String.format("%d files: %d agree with tshark, %d differ for a known cause, %d unexplained%n",
                results.size(), agree, explained, unexplained.size()));
        System.out.println(table);
        assertTrue(unexplained.isEmpty(), () -> "unexplained differences:\n" + String.join("\n", unexplained));
        assertEquals(results.size(), agree + explained);
    }
}
