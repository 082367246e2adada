package dev.conntrail.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.conntrail.capture.file.CaptureFiles;
import dev.conntrail.capture.pcap.FilterCompiler;
import dev.conntrail.capture.pcap.LibpcapFiles;

/**
 * Every file of the shared corpus, read by the Java reader and by libpcap: both deliver the same frames
 * (number, time in ns, captured and original length, link type, bytes) up to where either stops, and the
 * Java reader delivers as many frames as capinfos counted. Where the two end differently, the reason must be
 * one of the known ones; the table and the list of differences are printed after the run.
 */
class CorpusEquivalenceTest {

    /** file name -> one table row; sorted for a stable report. */
    private static final Map<String, String> TABLE = new TreeMap<>();
    private static final Map<String, String> DIFFERENT_ENDINGS = new TreeMap<>();

    /** How one reader finished with one file. */
    record Outcome(String refusal, Drained drained) {

        static Outcome java(Path file, String filter) {
            try (PacketSource source = CaptureFiles.open(file, filter)) {
                return new Outcome(null, Drained.from(source));
            } catch (CaptureException e) {
                return new Outcome(e.getMessage(), null);
            }
        }

        static Outcome libpcap(Path file, String filter) {
            try (PacketSource source = LibpcapFiles.open(file, filter)) {
                return new Outcome(null, Drained.from(source));
            } catch (CaptureException e) {
                return new Outcome(e.getMessage(), null);
            }
        }

        boolean refused() {
            return refusal != null;
        }

        int count() {
            return refused() ? 0 : drained.count();
        }

        String problem() {
            return refused() ? refusal : drained.problem();
        }

        String summary(Path file) {
            String text = refused() ? "refused: " + refusal
                    : drained.result() + " after " + drained.count() + (drained.problem() != null ? ": " + drained.problem() : "");
            return text.replace(file.toString() + ": ", "").replace(file.toString(), "FILE");
        }
    }

    @TestFactory
    Stream<DynamicTest> javaAndLibpcapReadersDeliverTheSameFrames() {
        Corpus corpus = Corpus.require();
        return corpus.files().stream().map(file -> DynamicTest.dynamicTest(
                corpus.origin(file) + "/" + file.getFileName(), () -> compare(corpus, file)));
    }

    private static void compare(Corpus corpus, Path file) {
        Outcome java = Outcome.java(file, null);
        Outcome libpcap = Outcome.libpcap(file, null);
        String name = corpus.origin(file) + "/" + file.getFileName();
        OptionalLong manifest = corpus.manifestPackets(file);
        TABLE.put(name, String.format("%-58s %7s %7s | java: %s | libpcap: %s", name,
                manifest.isPresent() ? manifest.getAsLong() : "n/a", java.count(), java.summary(file),
                libpcap.summary(file)));

        int common = Math.min(java.count(), libpcap.count());
        for (int i = 0; i < common; i++) {
            assertSameFrame(file, java.drained().frame(i), libpcap.drained().frame(i));
        }
        if (manifest.isPresent()) {
            assertEquals(manifest.getAsLong(), java.count(), file + ": frames delivered by the Java reader vs capinfos");
        }
        String reason = differenceInEnding(java, libpcap);
        if (reason != null) {
            DIFFERENT_ENDINGS.put(name, reason);
        }
    }

    static void assertSameFrame(Path file, Drained.Seen java, Drained.Seen libpcap) {
        String where = file.getFileName() + " frame " + java.number() + ": ";
        assertEquals(libpcap.number(), java.number(), where + "number");
        assertEquals(libpcap.timeNanos(), java.timeNanos(), where + "time (ns)");
        assertEquals(libpcap.capturedLength(), java.capturedLength(), where + "captured length");
        assertEquals(libpcap.originalLength(), java.originalLength(), where + "original length");
        // libpcap reports DLT_ values, the Java reader the file's LINKTYPE_ values (raw IP: 12 vs 101).
        assertEquals(libpcap.linkType(), FilterCompiler.dltFor(java.linkType()), where + "link type");
        assertTrue(java.equals(new Drained.Seen(java.number(), java.timeNanos(), java.capturedLength(),
                java.originalLength(), java.linkType(), java.interfaceId(), libpcap.data())), where + "bytes");
    }

    /**
     * Null when both readers end alike; else why they differ, which must be a known reason (else the test
     * fails): libpcap refuses what it cannot represent, the Java reader refuses a header libpcap misreads.
     */
    static String differenceInEnding(Outcome java, Outcome libpcap) {
        if (java.refused() && libpcap.refused()) {
            return null;
        }
        if (!java.refused() && !libpcap.refused() && java.drained().result() == libpcap.drained().result()
                && java.count() == libpcap.count()) {
            return null;
        }
        String libpcapProblem = String.valueOf(libpcap.problem());
        if (!libpcap.refused() && libpcap.drained().result() == ReadResult.DAMAGED
                && (libpcapProblem.contains("different from the type of the first interface")
                || libpcapProblem.contains("different from the snapshot length of the first interface")
                || libpcapProblem.contains("sections with different byte orders"))) {
            assertTrue(java.count() > libpcap.count() || java.drained().result() != ReadResult.DAMAGED,
                    "the Java reader should read on where libpcap gives up");
            return "libpcap reads only one link type and snapshot length per file and stops after frame "
                    + libpcap.count() + " (" + libpcapProblem.replaceAll("^.*libpcap stopped after frame \\d+: ", "")
                    + "); the Java reader reads on: " + java.count() + " frames, " + (java.refused() ? "refused"
                    : java.drained().result());
        }
        if (java.refused() && java.refusal().contains("reserved bits set") && !libpcap.refused()
                && libpcap.count() == 0) {
            return "the link-type field has reserved bits set: libpcap 1.10 takes them as part of the link type "
                    + "(an unknown DLT) and finds no frames; the Java reader refuses the header, like Wireshark";
        }
        fail("the readers end differently for an unexplained reason: java " + java + ", libpcap " + libpcap);
        return null;
    }

    @AfterAll
    static void printReport() {
        if (TABLE.isEmpty()) {
            return;
        }
        StringBuilder report = new StringBuilder();
        report.append(String.format("%nCorpus equivalence: %d files (columns: file, capinfos packets, Java frames, "
                + "how each reader ended)%n", TABLE.size()));
        TABLE.values().forEach(row -> report.append(row).append('\n'));
        report.append(String.format("%nFiles where the readers end differently (%d):%n", DIFFERENT_ENDINGS.size()));
        DIFFERENT_ENDINGS.forEach((file, reason) -> report.append("  ").append(file).append(": ").append(reason).append('\n'));
        System.out.println(report);
    }

    /** The corpus's damaged and hostile files, with the exact line the Java reader gives for each. */
    @Test
    void brokenCorpusFiles_getOneLineSayingWhereAndWhat() {
        Corpus corpus = Corpus.require();
        Map<String, String> expected = new TreeMap<>(Map.of(
                "dns_tcp-cut-mid-packet.pcap",
                "6 frames, then: cut off in the middle of frame 7 (byte 803 of 803; the record needs 27 more)",
                "pcapng-example-cut-mid-block.pcapng",
                "99 frames, then: cut off in the middle of frame 100 (byte 16922 of 16922; the block needs 62 more)",
                "bad_rsn_parsing_overrides_ssid.pcap",
                "1 frames, then: 1 stray byte after frame 1 (byte 360 of 360), too short for a 16-byte record header",
                "pcap-invalid-version-1.pcap",
                "refused: unsupported pcap version 1.4 (pcap readers know 2.0 to 2.4)",
                "pcapng-invalid-vers-1.pcapng",
                "refused: unsupported pcapng version 0.1 (pcapng readers know 1.0 and 1.2)",
                "shb-option-too-long.pcapng",
                "refused: bad pcapng Section Header Block: its length is 52 at the start but 808464432 at the end",
                "linktype-reserved-field-not-zero.pcap",
                "refused: damaged pcap header: the link-type field 0x00300000 has reserved bits set (0x00300000)",
                "solaris.snoop",
                "refused: a Solaris snoop file, not pcap or pcapng (convert it first, e.g. with editcap -F pcap)"));
        List<String> wrong = new ArrayList<>();
        expected.forEach((name, line) -> {
            Path file = corpus.capture(name);
            Outcome java = Outcome.java(file, null);
            String prefix = file + ": ";
            String actual = java.refused() ? "refused: " + java.refusal().replace(prefix, "")
                    : java.count() + " frames, then: " + String.valueOf(java.drained().problem()).replace(prefix, "");
            if (!actual.equals(line)) {
                wrong.add(name + "\n    expected: " + line + "\n    actual:   " + actual);
            }
            if (java.refused()) {
                assertTrue(java.refusal().startsWith(prefix), "names the file: " + java.refusal());
            } else {
                assertNotNull(java.drained().problem());
                assertEquals(ReadResult.DAMAGED, java.drained().result());
            }
        });
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }
}
