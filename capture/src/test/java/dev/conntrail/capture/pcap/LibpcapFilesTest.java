package dev.conntrail.capture.pcap;

import static dev.conntrail.capture.file.CaptureFileWriter.packet;
import static dev.conntrail.capture.file.CaptureFileWriter.tsoffset;
import static dev.conntrail.capture.file.CaptureFileWriter.tsresol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.capture.Drained;
import dev.conntrail.capture.LinkType;
import dev.conntrail.capture.PacketSource;
import dev.conntrail.capture.ReadResult;
import dev.conntrail.capture.file.CaptureFileWriter;
import dev.conntrail.capture.file.CaptureFiles;

/** The libpcap reader, and libpcap as the judge of the Java reader on files built in the test. */
class LibpcapFilesTest {

    private static final long T0 = 1_600_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private static Drained libpcap(Path file, String filter) throws CaptureException {
        try (PacketSource source = LibpcapFiles.open(file, filter)) {
            return Drained.from(source);
        }
    }

    private static Drained java(Path file, String filter) throws CaptureException {
        try (PacketSource source = CaptureFiles.open(file, filter)) {
            return Drained.from(source);
        }
    }

    /** Odd but readable files: both readers must deliver exactly the same frames and end the same way. */
    @TestFactory
    Stream<DynamicTest> fixturesReadTheSameByJavaAndLibpcap() {
        Map<String, byte[]> fixtures = new LinkedHashMap<>();
        fixtures.put("little-endian microseconds", CaptureFileWriter.pcap()
                .record(T0, 123_456, packet(60, 1)).record(T0 + 1, 999_999, packet(74, 2)).bytes());
        fixtures.put("big-endian nanoseconds, raw IP", CaptureFileWriter.pcap().bigEndian().nanos().linkType(LinkType.RAW)
                .record(T0, 123_456_789, packet(40, 3)).bytes());
        fixtures.put("modified (Kuznetzov) format", CaptureFileWriter.pcap().modified()
                .record(T0, 5, packet(30, 0)).record(T0, 6, packet(31, 9)).bytes());
        fixtures.put("version 2.2: lengths swapped", CaptureFileWriter.pcap().version(2, 2)
                .record(T0, 0, 1500, 40, packet(40, 0)).bytes());
        fixtures.put("version 2.3: lengths maybe swapped", CaptureFileWriter.pcap().version(2, 3)
                .record(T0, 0, 1500, 40, packet(40, 0)).record(T0, 0, 40, 1500, packet(40, 0)).bytes());
        fixtures.put("captured beyond the snaplen", CaptureFileWriter.pcap().snaplen(64)
                .record(T0, 0, 100, 100, packet(100, 0)).record(T0, 1, packet(50, 5)).bytes());
        fixtures.put("captured beyond the original length", CaptureFileWriter.pcap()
                .record(T0, 0, 60, 20, packet(60, 0)).bytes());
        fixtures.put("snaplen 0", CaptureFileWriter.pcap().snaplen(0).record(T0, 0, packet(70_000, 0)).bytes());
        fixtures.put("FCS bits in the link-type field", CaptureFileWriter.pcap().linkType(0x3000_0001)
                .record(T0, 0, packet(20, 0)).bytes());
        fixtures.put("cut in a record", CaptureFileWriter.pcap().record(T0, 0, packet(10, 0))
                .record(T0, 1, packet(10, 0)).bytesCut(4));
        fixtures.put("stray bytes at the end", CaptureFileWriter.pcap().record(T0, 0, packet(10, 0))
                .raw(new byte[] {1, 2, 3}).bytes());
        fixtures.put("pcapng resolutions and offsets", CaptureFileWriter.pcapng()
                .interfaceBlock(LinkType.ETHERNET, 0)
                .interfaceBlock(LinkType.ETHERNET, 0, tsresol(3))
                .interfaceBlock(LinkType.ETHERNET, 0, tsresol(9), tsoffset(-3600))
                .interfaceBlock(LinkType.ETHERNET, 0, tsresol(12))
                .interfaceBlock(LinkType.ETHERNET, 0, tsresol(0x80 | 10))
                .interfaceBlock(LinkType.ETHERNET, 0, tsresol(0x80 | 30))
                .enhancedPacket(0, T0 * 1_000_000 + 7, packet(60, 0))
                .enhancedPacket(1, T0 * 1000 + 123, packet(60, 1))
                .enhancedPacket(2, T0 * SECOND + 123_456_789, packet(60, 2))
                .enhancedPacket(3, 10_000_000L * 1_000_000_000_000L + 123_456_789_999L, packet(60, 3))
                .enhancedPacket(4, 5 * 1024 + 1, packet(60, 4))
                .enhancedPacket(5, (T0 << 30) + 3, packet(60, 5)).bytes());
        fixtures.put("pcapng simple and obsolete packet blocks", CaptureFileWriter.pcapng()
                .interfaceBlock(LinkType.ETHERNET, 64, tsoffset(100))
                .simplePacket(1500, packet(64, 0)).packetBlock(0, 7_000_000, packet(30, 3)).bytes());
        fixtures.put("pcapng sections and skipped blocks", CaptureFileWriter.pcapng()
                .block(4, packet(23, 0)).interfaceBlock(LinkType.ETHERNET, 0)
                .enhancedPacket(0, 1, packet(60, 1)).block(5, packet(40, 0)).block(0xbad, packet(100, 0))
                .section(false).interfaceBlock(LinkType.ETHERNET, 0).enhancedPacket(0, 2, packet(61, 2)).bytes());
        fixtures.put("big-endian pcapng", CaptureFileWriter.pcapngBigEndian()
                .interfaceBlock(LinkType.NULL, 0, tsresol(9)).enhancedPacket(0, T0 * SECOND + 1, packet(44, 0)).bytes());
        fixtures.put("pcapng cut in a block", CaptureFileWriter.pcapng().interfaceBlock(LinkType.ETHERNET, 0)
                .enhancedPacket(0, 0, packet(40, 0)).enhancedPacket(0, 0, packet(40, 0)).bytesCut(8));

        return fixtures.entrySet().stream().map(fixture -> DynamicTest.dynamicTest(fixture.getKey(), () -> {
            Path file = Files.write(dir.resolve(fixture.getKey().replaceAll("\\W+", "-") + ".cap"), fixture.getValue());
            Drained java = java(file, null);
            Drained libpcap = libpcap(file, null);
            assertEquals(libpcap.count(), java.count(), "frames");
            for (int i = 0; i < java.count(); i++) {
                Drained.Seen j = java.frame(i);
                Drained.Seen l = libpcap.frame(i);
                assertEquals(l, new Drained.Seen(j.number(), j.timeNanos(), j.capturedLength(), j.originalLength(),
                        FilterCompiler.dltFor(j.linkType()), 0, j.data()), "frame " + j.number());
            }
            assertEquals(libpcap.result(), java.result());
        }));
    }

    /**
     * pcap seconds are unsigned 32-bit (the pcap specification, Wireshark): the Java reader reads them so.
     * libpcap 1.10 reads them into a signed 32-bit field, so a time after 2038 comes out before 1970; this
     * is the one known place where the Java reader deliberately differs from it on a pcap file.
     */
    @Test
    void secondsPast2038_areUnsignedInJava_whereLibpcap110SignExtendsThem() throws Exception {
        Path file = CaptureFileWriter.pcap().record(0xf000_0000L, 1, packet(20, 0)).writeTo(dir.resolve("2097.pcap"));

        assertEquals(0xf000_0000L * SECOND + 1000, java(file, null).frame(0).timeNanos());
        long libpcapTime = libpcap(file, null).frame(0).timeNanos();
        long signed = (long) (int) 0xf000_0000L * SECOND + 1000;
        assertTrue(libpcapTime == signed || libpcapTime == 0xf000_0000L * SECOND + 1000, "libpcap: " + libpcapTime);
    }

    @Test
    void filter_isAppliedInsideTheSource_keepingFrameNumbersAndCountingAllFrames() throws Exception {
        Path file = CaptureFileWriter.pcap().record(T0, 0, packet(60, 0)).record(T0, 1, packet(200, 0))
                .record(T0, 2, packet(70, 0)).record(T0, 3, packet(300, 0)).writeTo(dir.resolve("sizes.pcap"));

        Drained libpcap = libpcap(file, "greater 100");
        Drained java = java(file, "greater 100");

        assertEquals(List.of(2L, 4L), libpcap.frames().stream().map(Drained.Seen::number).toList());
        assertEquals(4, libpcap.framesRead());
        assertEquals(libpcap.frames().stream().map(Drained.Seen::number).toList(),
                java.frames().stream().map(Drained.Seen::number).toList());
        assertEquals(4, java.framesRead());
    }

    @Test
    void badFilter_isOneLineWithTheExpression() throws Exception {
        Path file = CaptureFileWriter.pcap().record(T0, 0, packet(60, 0)).writeTo(dir.resolve("one.pcap"));

        assertEquals("bad filter \"tcp prot 80\": syntax error",
                assertThrows(CaptureException.class, () -> LibpcapFiles.open(file, "tcp prot 80")).getMessage());
        assertEquals("bad filter \"tcp prot 80\": syntax error",
                assertThrows(CaptureException.class, () -> CaptureFiles.open(file, "tcp prot 80")).getMessage());
    }

    @Test
    void pcapngWithTwoLinkTypes_isDamagedForLibpcap_afterTheFramesBefore() throws Exception {
        Path file = CaptureFileWriter.pcapng().interfaceBlock(LinkType.ETHERNET, 0)
                .enhancedPacket(0, 0, packet(60, 0)).interfaceBlock(LinkType.NULL, 0)
                .enhancedPacket(1, 0, packet(44, 0)).writeTo(dir.resolve("two-links.pcapng"));

        Drained libpcap = libpcap(file, null);

        assertEquals(1, libpcap.count());
        assertEquals(ReadResult.DAMAGED, libpcap.result());
        assertEquals(file + ": libpcap stopped after frame 1: an interface has a type 0 different from the type of "
                + "the first interface", libpcap.problem());
        assertEquals(2, java(file, null).count());
    }

    @Test
    void missingFile_isLibpcapsMessageNamingTheFile() {
        Path file = dir.resolve("absent.pcap");
        assertEquals(file + ": No such file or directory",
                assertThrows(CaptureException.class, () -> LibpcapFiles.open(file, null)).getMessage());
    }

    @Test
    void notACapture_isLibpcapsMessageNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "hello, this is text\n");
        assertEquals(file + ": unknown file format",
                assertThrows(CaptureException.class, () -> LibpcapFiles.open(file, null)).getMessage());
    }
}
