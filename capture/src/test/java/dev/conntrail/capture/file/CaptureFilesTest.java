package dev.conntrail.capture.file;

import static dev.conntrail.capture.file.CaptureFileWriter.ifName;
import static dev.conntrail.capture.file.CaptureFileWriter.lyingOption;
import static dev.conntrail.capture.file.CaptureFileWriter.packet;
import static dev.conntrail.capture.file.CaptureFileWriter.tsoffset;
import static dev.conntrail.capture.file.CaptureFileWriter.tsresol;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.capture.Drained;
import dev.conntrail.capture.LinkType;
import dev.conntrail.capture.PacketSource;
import dev.conntrail.capture.ReadResult;

/** The pure-Java reader on small files built in the test, one scenario per test. */
class CaptureFilesTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_600_000_000L;

    @TempDir
    Path dir;

    private int files;

    private Path write(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("f" + (++files) + ".cap"), bytes);
    }

    private Drained read(byte[] bytes) throws Exception {
        return read(write(bytes), null);
    }

    private Drained read(Path file, String filter) throws CaptureException {
        try (PacketSource source = CaptureFiles.open(file, filter)) {
            return Drained.from(source);
        }
    }

    private String refusal(byte[] bytes) throws IOException {
        Path file = write(bytes);
        return assertThrows(CaptureException.class, () -> CaptureFiles.open(file).close()).getMessage()
                .replace(file.toString(), "F");
    }

    private static String problem(Drained drained, Path file) {
        return drained.problem() == null ? null : drained.problem().replace(file.toString(), "F");
    }

    @Nested
    class Pcap {

        @Test
        void littleEndianMicroseconds_deliversEveryFieldExactly() throws Exception {
            Drained read = read(CaptureFileWriter.pcap().snaplen(65535)
                    .record(T0, 123_456, packet(60, 1))
                    .record(T0 + 1, 999_999, packet(74, 7))
                    .bytes());

            assertEquals(ReadResult.END, read.result());
            assertNull(read.problem());
            assertEquals(List.of(
                    new Drained.Seen(1, T0 * SECOND + 123_456_000, 60, 60, LinkType.ETHERNET, 0, packet(60, 1)),
                    new Drained.Seen(2, (T0 + 1) * SECOND + 999_999_000, 74, 74, LinkType.ETHERNET, 0, packet(74, 7))),
                    read.frames());
            assertEquals(2, read.framesRead());
        }

        @Test
        void bigEndianNanoseconds_keepsTheNanoseconds() throws Exception {
            Drained read = read(CaptureFileWriter.pcap().bigEndian().nanos().linkType(LinkType.RAW)
                    .record(T0, 123_456_789, packet(40, 3)).bytes());

            assertEquals(T0 * SECOND + 123_456_789, read.frame(0).timeNanos());
            assertEquals(LinkType.RAW, read.frame(0).linkType());
            assertArrayEquals(packet(40, 3), read.frame(0).data());
        }

        @Test
        void secondsPast2038_areUnsigned() throws Exception {
            Drained read = read(CaptureFileWriter.pcap().record(0xf000_0000L, 1, packet(20, 0)).bytes());

            assertEquals(0xf000_0000L * SECOND + 1000, read.frame(0).timeNanos());
        }

        @Test
        void modifiedFormat_skipsTheLongerRecordHeaders() throws Exception {
            Drained read = read(CaptureFileWriter.pcap().modified()
                    .record(T0, 5, packet(30, 0)).record(T0, 6, packet(31, 9)).bytes());

            assertEquals(2, read.count());
            assertArrayEquals(packet(31, 9), read.frame(1).data());
            assertEquals(T0 * SECOND + 6000, read.frame(1).timeNanos());
        }

        @Test
        void version22_hasLengthsSwapped() throws Exception {
            // Before 2.3 the record holds len, then caplen.
            Drained read = read(CaptureFileWriter.pcap().version(2, 2).record(T0, 0, 1500, 40, packet(40, 0)).bytes());

            assertEquals(40, read.frame(0).capturedLength());
            assertEquals(1500, read.frame(0).originalLength());
        }

        @Test
        void version23_swapsOnlyWhenCapturedExceedsOriginal() throws Exception {
            Drained read = read(CaptureFileWriter.pcap().version(2, 3)
                    .record(T0, 0, 1500, 40, packet(40, 0))
                    .record(T0, 0, 40, 1500, packet(40, 0)).bytes());

            assertEquals(List.of(40, 40), List.of(read.frame(0).capturedLength(), read.frame(1).capturedLength()));
            assertEquals(List.of(1500, 1500), List.of(read.frame(0).originalLength(), read.frame(1).originalLength()));
        }

        @Test
        void capturedLongerThanSnaplen_isCutToTheSnaplenAndTheRestSkipped() throws Exception {
            Drained read = read(CaptureFileWriter.pcap().snaplen(64)
                    .record(T0, 0, 100, 100, packet(100, 0))
                    .record(T0, 1, packet(50, 5)).bytes());

            assertEquals(64, read.frame(0).capturedLength());
            assertEquals(100, read.frame(0).originalLength());
            assertArrayEquals(packet(64, 0), read.frame(0).data());
            assertArrayEquals(packet(50, 5), read.frame(1).data());
        }

        @Test
        void capturedLongerThanOriginal_isDeliveredAsTheFileHasIt() throws Exception {
            Drained read = read(CaptureFileWriter.pcap().record(T0, 0, 60, 20, packet(60, 0)).bytes());

            assertEquals(60, read.frame(0).capturedLength());
            assertEquals(20, read.frame(0).originalLength());
        }

        @Test
        void snaplenZeroOrHuge_meansLibpcapsMaximum() throws Exception {
            Drained read = read(CaptureFileWriter.pcap().snaplen(0).record(T0, 0, packet(70_000, 0)).bytes());

            assertEquals(70_000, read.frame(0).capturedLength());
        }

        @Test
        void recordLargerThanTheReadBuffer_growsTheBufferOnce() throws Exception {
            // D-Bus (231) is one of the link types whose packets may be far larger than 256 KiB.
            byte[] big = packet(3 << 20, 11);
            Drained read = read(CaptureFileWriter.pcap().linkType(231).snaplen(0)
                    .record(T0, 0, packet(10, 0)).record(T0, 1, big).record(T0, 2, packet(10, 1)).bytes());

            assertEquals(ReadResult.END, read.result());
            assertArrayEquals(big, read.frame(1).data());
            assertArrayEquals(packet(10, 1), read.frame(2).data());
        }

        @Test
        void fcsBitsInTheLinkTypeField_areIgnoredAsLibpcapDoes() throws Exception {
            Drained read = read(CaptureFileWriter.pcap().linkType(0x3000_0001).record(T0, 0, packet(20, 0)).bytes());

            assertEquals(LinkType.ETHERNET, read.frame(0).linkType());
        }

        @Test
        void headerOnly_isAnEmptyCapture() throws Exception {
            Drained read = read(CaptureFileWriter.pcap().header().bytes());

            assertEquals(ReadResult.END, read.result());
            assertEquals(0, read.framesRead());
        }
    }

    @Nested
    class PcapDamage {

        @Test
        void cutInTheMiddleOfARecord_deliversEarlierFramesThenSaysWhere() throws Exception {
            Path file = write(CaptureFileWriter.pcap().record(T0, 0, packet(10, 0)).record(T0, 1, packet(10, 0))
                    .bytesCut(4));

            Drained read = read(file, null);

            assertEquals(1, read.count());
            assertEquals(ReadResult.DAMAGED, read.result());
            assertEquals("F: cut off in the middle of frame 2 (byte 72 of 72; the record needs 4 more)",
                    problem(read, file));
        }

        @Test
        void cutInsideARecordHeader_isDamageToo() throws Exception {
            Path file = write(CaptureFileWriter.pcap().record(T0, 0, packet(10, 0)).raw(new byte[] {1, 2, 3}).bytes());

            Drained read = read(file, null);

            assertEquals(1, read.count());
            assertEquals("F: 3 stray bytes after frame 1 (byte 53 of 53), too short for a 16-byte record header",
                    problem(read, file));
        }

        @Test
        void capturedLengthBeyondTheLinkTypesMaximum_isDamageNotAnAllocation() throws Exception {
            Path file = write(CaptureFileWriter.pcap().snaplen(0).record(T0, 0, packet(10, 0))
                    .record(T0, 0, 0x7fff_fff0L, 60, packet(60, 0)).bytes());

            Drained read = read(file, null);

            assertEquals(1, read.count());
            assertEquals("F: frame 2 at byte 50 claims 2147483632 captured bytes, more than the 262144 allowed for "
                    + "EN10MB (Ethernet)", problem(read, file));
        }

        @Test
        void afterDamage_nextKeepsSayingDamaged() throws Exception {
            Path file = write(CaptureFileWriter.pcap().record(T0, 0, packet(10, 0)).bytesCut(1));
            try (PacketSource source = CaptureFiles.open(file)) {
                dev.conntrail.capture.Frame frame = new dev.conntrail.capture.Frame();
                assertEquals(ReadResult.DAMAGED, source.next(frame));
                assertEquals(ReadResult.DAMAGED, source.next(frame));
                assertEquals(0, source.framesRead());
            }
        }
    }

    @Nested
    class PcapNg {

        @Test
        void defaultResolution_isMicroseconds() throws Exception {
            Drained read = read(CaptureFileWriter.pcapng().interfaceBlock(LinkType.ETHERNET, 65535)
                    .enhancedPacket(0, T0 * 1_000_000 + 123_456, packet(60, 0)).bytes());

            assertEquals(new Drained.Seen(1, T0 * SECOND + 123_456_000, 60, 60, LinkType.ETHERNET, 0, packet(60, 0)),
                    read.frame(0));
        }

        @Test
        void powersOfTenResolutions_becomeExactNanoseconds() throws Exception {
            long tenMillionSeconds = 10_000_000L;
            Drained read = read(CaptureFileWriter.pcapng()
                    .interfaceBlock(LinkType.ETHERNET, 0, tsresol(3))
                    .interfaceBlock(LinkType.ETHERNET, 0, tsresol(9))
                    .interfaceBlock(LinkType.ETHERNET, 0, tsresol(12))
                    .enhancedPacket(0, T0 * 1000 + 123, packet(20, 0))
                    .enhancedPacket(1, T0 * SECOND + 123_456_789, packet(20, 0))
                    // 10^19 + ...: above 2^63, so the timestamp is unsigned; picoseconds are cut, not rounded.
                    .enhancedPacket(2, tenMillionSeconds * 1_000_000_000_000L + 123_456_789_999L, packet(20, 0))
                    .bytes());

            assertEquals(T0 * SECOND + 123_000_000, read.frame(0).timeNanos());
            assertEquals(T0 * SECOND + 123_456_789, read.frame(1).timeNanos());
            assertEquals(tenMillionSeconds * SECOND + 123_456_789, read.frame(2).timeNanos());
        }

        @Test
        void powersOfTwoResolutions_becomeNanosecondsRoundedDown() throws Exception {
            Drained read = read(CaptureFileWriter.pcapng()
                    .interfaceBlock(LinkType.ETHERNET, 0, tsresol(0x80 | 10))
                    .interfaceBlock(LinkType.ETHERNET, 0, tsresol(0x80 | 30))
                    .interfaceBlock(LinkType.ETHERNET, 0, tsresol(0x80 | 63))
                    .enhancedPacket(0, 5 * 1024 + 512, packet(20, 0))
                    .enhancedPacket(0, 5 * 1024 + 1, packet(20, 0))
                    .enhancedPacket(1, (T0 << 30) + 3, packet(20, 0))
                    .enhancedPacket(2, 1L << 62, packet(20, 0))
                    .bytes());

            assertEquals(5_500_000_000L, read.frame(0).timeNanos());
            assertEquals(5_000_976_562L, read.frame(1).timeNanos()); // 1/1024 s = 976562.5 ns
            assertEquals(T0 * SECOND + 2, read.frame(2).timeNanos()); // 3 * 0.93 ns
            assertEquals(500_000_000L, read.frame(3).timeNanos());
        }

        @Test
        void tsoffset_isAddedInSeconds() throws Exception {
            Drained read = read(CaptureFileWriter.pcapng()
                    .interfaceBlock(LinkType.ETHERNET, 0, tsresol(9), tsoffset(-3600))
                    .enhancedPacket(0, T0 * SECOND + 42, packet(20, 0)).bytes());

            assertEquals((T0 - 3600) * SECOND + 42, read.frame(0).timeNanos());
        }

        @Test
        void interfacesOfDifferentLinkTypes_giveEachFrameItsOwn() throws Exception {
            Drained read = read(CaptureFileWriter.pcapng()
                    .interfaceBlock(LinkType.ETHERNET, 65535, ifName("eth0"))
                    .interfaceBlock(LinkType.NULL, 262144, ifName("lo0"))
                    .enhancedPacket(1, 0, packet(44, 0))
                    .enhancedPacket(0, 0, packet(60, 0)).bytes());

            assertEquals(List.of(LinkType.NULL, LinkType.ETHERNET),
                    List.of(read.frame(0).linkType(), read.frame(1).linkType()));
            assertEquals(List.of(1, 0), List.of(read.frame(0).interfaceId(), read.frame(1).interfaceId()));
        }

        @Test
        void severalSectionsInBothByteOrders_eachWithItsOwnInterfaces() throws Exception {
            Drained read = read(CaptureFileWriter.pcapng()
                    .interfaceBlock(LinkType.ETHERNET, 0)
                    .enhancedPacket(0, 1_000_000, packet(60, 1))
                    .section(true)
                    .interfaceBlock(LinkType.NULL, 0)
                    .interfaceBlock(LinkType.RAW, 0, tsresol(9))
                    .enhancedPacket(1, 2 * SECOND, packet(40, 2))
                    .enhancedPacket(0, 3_000_000, packet(44, 3))
                    .section(false)
                    .interfaceBlock(LinkType.LINUX_SLL, 0)
                    .enhancedPacket(0, 4_000_000, packet(50, 4))
                    .bytes());

            assertEquals(ReadResult.END, read.result());
            assertEquals(List.of(
                    new Drained.Seen(1, SECOND, 60, 60, LinkType.ETHERNET, 0, packet(60, 1)),
                    new Drained.Seen(2, 2 * SECOND, 40, 40, LinkType.RAW, 2, packet(40, 2)),
                    new Drained.Seen(3, 3 * SECOND, 44, 44, LinkType.NULL, 1, packet(44, 3)),
                    new Drained.Seen(4, 4 * SECOND, 50, 50, LinkType.LINUX_SLL, 3, packet(50, 4))),
                    read.frames());
        }

        @Test
        void simpleAndObsoletePacketBlocks_areFramesToo() throws Exception {
            Drained read = read(CaptureFileWriter.pcapng()
                    .interfaceBlock(LinkType.ETHERNET, 64, tsoffset(100))
                    .simplePacket(1500, packet(64, 0))
                    .packetBlock(0, 7_000_000, packet(30, 3)).bytes());

            assertEquals(new Drained.Seen(1, 100 * SECOND, 64, 1500, LinkType.ETHERNET, 0, packet(64, 0)), read.frame(0));
            assertEquals(new Drained.Seen(2, 107 * SECOND, 30, 30, LinkType.ETHERNET, 0, packet(30, 3)), read.frame(1));
        }

        @Test
        void otherBlocks_areSkippedByTheirLength() throws Exception {
            Drained read = read(CaptureFileWriter.pcapng()
                    .block(PcapNgFileReader.NRB, packet(23, 0))
                    .interfaceBlock(LinkType.ETHERNET, 0)
                    .block(PcapNgFileReader.ISB, packet(40, 0))
                    .block(0x0000_0bad, packet(2 << 20, 0)) // a custom block larger than the read buffer
                    .block(0x1234_5678, new byte[0])
                    .enhancedPacket(0, 0, packet(60, 9))
                    .block(PcapNgFileReader.DSB, packet(12, 0)).bytes());

            assertEquals(ReadResult.END, read.result());
            assertEquals(1, read.count());
            assertArrayEquals(packet(60, 9), read.frame(0).data());
        }

        @Test
        void capturedLongerThanTheInterfaceSnaplen_isCutLikeInPcap() throws Exception {
            Drained read = read(CaptureFileWriter.pcapng().interfaceBlock(LinkType.ETHERNET, 32)
                    .enhancedPacket(0, 0, packet(60, 0)).bytes());

            assertEquals(32, read.frame(0).capturedLength());
            assertEquals(60, read.frame(0).originalLength());
        }

        @Test
        void emptySection_isAnEmptyCapture() throws Exception {
            Drained read = read(CaptureFileWriter.pcapng().interfaceBlock(LinkType.ETHERNET, 0).bytes());

            assertEquals(ReadResult.END, read.result());
            assertEquals(0, read.framesRead());
        }
    }

    @Nested
    class PcapNgDamage {

        private String damage(byte[] bytes, int framesBefore) throws Exception {
            Path file = write(bytes);
            Drained read = read(file, null);
            assertEquals(ReadResult.DAMAGED, read.result());
            assertEquals(framesBefore, read.count());
            return problem(read, file);
        }

        @Test
        void cutInTheMiddleOfABlock() throws Exception {
            assertEquals("F: cut off in the middle of frame 2 (byte 184 of 184; the block needs 8 more)",
                    damage(CaptureFileWriter.pcapng().interfaceBlock(LinkType.ETHERNET, 0)
                            .enhancedPacket(0, 0, packet(40, 0)).enhancedPacket(0, 0, packet(40, 0))
                            .bytesCut(8), 1));
        }

        @Test
        void packetOnAnInterfaceNeverDescribed() throws Exception {
            assertEquals("F: frame 2 at byte 120 is on interface 3, which the section never described (it describes 1)",
                    damage(CaptureFileWriter.pcapng().interfaceBlock(LinkType.ETHERNET, 0)
                            .enhancedPacket(0, 0, packet(40, 0)).enhancedPacket(3, 0, packet(40, 0)).bytes(), 1));
        }

        @Test
        void packetBeforeAnyInterface() throws Exception {
            assertEquals("F: frame 1 at byte 28 is on interface 0, which the section never described (it describes 0)",
                    damage(CaptureFileWriter.pcapng().enhancedPacket(0, 0, packet(40, 0)).bytes(), 0));
        }

        @Test
        void blockLengthNotAMultipleOfFour() throws Exception {
            assertEquals("F: a Name Resolution Block at byte 48 has the length 13, which is not a multiple of 4 of "
                    + "at least 12", damage(CaptureFileWriter.pcapng().interfaceBlock(LinkType.ETHERNET, 0)
                            .block(PcapNgFileReader.NRB, 13, new byte[4], 13).bytes(), 0));
        }

        @Test
        void blockLengthsThatDisagree() throws Exception {
            assertEquals("F: frame 1: the block at byte 48 has the length 52 at its start but 56 at its end",
                    damage(CaptureFileWriter.pcapng().interfaceBlock(LinkType.ETHERNET, 0)
                            .block(PcapNgFileReader.EPB, 52, new byte[40], 56).bytes(), 0));
        }

        @Test
        void capturedLengthLargerThanItsBlock() throws Exception {
            assertEquals("F: frame 1 at byte 48 claims 1000 captured bytes, but its 72-byte block holds at most 40",
                    damage(CaptureFileWriter.pcapng().interfaceBlock(LinkType.ETHERNET, 0)
                            .enhancedPacket(0, 0, 1000, 1000, packet(40, 0)).bytes(), 0));
        }

        @Test
        void interfaceOptionRunningPastItsBlock() throws Exception {
            assertEquals("F: the Interface Description Block at byte 28 has an option (code 2, 200 bytes) that runs "
                    + "past the end of the block", damage(CaptureFileWriter.pcapng()
                            .interfaceBlock(LinkType.ETHERNET, 0, lyingOption(2, 200, "eth0".getBytes(StandardCharsets.US_ASCII)))
                            .bytes(), 0));
        }

        @Test
        void resolutionFinerThanALongCanCount() throws Exception {
            assertEquals("F: the Interface Description Block at byte 28 has the time resolution 10^-20, finer than 10^-18",
                    damage(CaptureFileWriter.pcapng().interfaceBlock(LinkType.ETHERNET, 0, tsresol(20)).bytes(), 0));
        }

        @Test
        void laterSectionWithABadByteOrderMagic() throws Exception {
            byte[] good = CaptureFileWriter.pcapng().interfaceBlock(LinkType.ETHERNET, 0)
                    .enhancedPacket(0, 0, packet(40, 0)).section(false).bytes();
            good[good.length - 28 + 8] = 0x55; // the second SHB's byte-order magic
            assertEquals("F: the Section Header Block at byte 120 has a bad byte-order magic (55 3c 2b 1a)",
                    damage(good, 1));
        }

        @Test
        void strayBytesAfterTheLastBlock() throws Exception {
            assertEquals("F: 4 stray bytes after frame 0 (byte 52 of 52), too short for a block header",
                    damage(CaptureFileWriter.pcapng().interfaceBlock(LinkType.ETHERNET, 0).raw(new byte[4]).bytes(), 0));
        }
    }

    @Nested
    class BadStart {

        @Test
        void missingFile() {
            Path file = dir.resolve("nothing-here.pcap");
            assertEquals(file + ": no such file",
                    assertThrows(CaptureException.class, () -> CaptureFiles.open(file)).getMessage());
        }

        @Test
        void directory() {
            assertEquals(dir + ": is a directory, not a capture file",
                    assertThrows(CaptureException.class, () -> CaptureFiles.open(dir)).getMessage());
        }

        @Test
        void unreadableFile() throws Exception {
            Path file = write(CaptureFileWriter.pcap().header().bytes());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
            assumeFalse(Files.isReadable(file), "running as root: every file is readable");
            assertEquals(file + ": permission denied",
                    assertThrows(CaptureException.class, () -> CaptureFiles.open(file)).getMessage());
        }

        @Test
        void emptyFile() throws Exception {
            assertEquals("F: empty file (0 bytes), not a pcap or pcapng file", refusal(new byte[0]));
        }

        @Test
        void fileShorterThanAnyMagic() throws Exception {
            assertEquals("F: too short (3 bytes) to be a pcap or pcapng file", refusal(new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2}));
        }

        @Test
        void pcapHeaderCutShort() throws Exception {
            assertEquals("F: too short for a pcap file header (10 of 24 bytes)",
                    refusal(java.util.Arrays.copyOf(CaptureFileWriter.pcap().header().bytes(), 10)));
        }

        @Test
        void textFile_saysWhatItStartsWith() throws Exception {
            assertEquals("F: not a pcap or pcapng file (starts with 3c 68 74 6d 6c 3e 0a 3c, text \"<html>\\n<\")",
                    refusal("<html>\n<body>hello</body></html>\n".getBytes(StandardCharsets.US_ASCII)));
        }

        @Test
        void binaryFile_saysWhatItStartsWith() throws Exception {
            assertEquals("F: not a pcap or pcapng file (starts with 7f 45 4c 46 02 01 01 00)",
                    refusal(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0}));
        }

        @Test
        void snoopFile_isNamed() throws Exception {
            assertEquals("F: a Solaris snoop file, not pcap or pcapng (convert it first, e.g. with editcap -F pcap)",
                    refusal("snoop\0\0\0\0\0\0\2\0\0\0\4".getBytes(StandardCharsets.US_ASCII)));
        }

        @Test
        void gzippedCapture_isNamed() throws Exception {
            assertEquals("F: gzip-compressed, not a pcap or pcapng file (decompress it first)",
                    refusal(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0}));
        }

        @Test
        void unsupportedPcapVersion() throws Exception {
            assertEquals("F: unsupported pcap version 1.4 (pcap readers know 2.0 to 2.4)",
                    refusal(CaptureFileWriter.pcap().version(1, 4).header().bytes()));
            assertEquals("F: unsupported pcap version 2.5 (pcap readers know 2.0 to 2.4)",
                    refusal(CaptureFileWriter.pcap().bigEndian().version(2, 5).header().bytes()));
        }

        @Test
        void reservedBitsInTheLinkTypeField() throws Exception {
            assertEquals("F: damaged pcap header: the link-type field 0x00300000 has reserved bits set (0x00300000)",
                    refusal(CaptureFileWriter.pcap().linkType(0x0030_0000).header().bytes()));
        }

        @Test
        void unsupportedPcapngVersion() throws Exception {
            assertEquals("F: unsupported pcapng version 2.0 (pcapng readers know 1.0 and 1.2)",
                    refusal(pcapngVersion(2, 0)));
            assertEquals("F: unsupported pcapng version 0.1 (pcapng readers know 1.0 and 1.2)", refusal(pcapngVersion(0, 1)));
        }

        private byte[] pcapngVersion(int major, int minor) {
            byte[] bytes = CaptureFileWriter.pcapng().bytes();
            bytes[12] = (byte) major;
            bytes[13] = 0;
            bytes[14] = (byte) minor;
            bytes[15] = 0;
            return bytes;
        }

        @Test
        void pcapngWithABadByteOrderMagic() throws Exception {
            byte[] bytes = CaptureFileWriter.pcapng().bytes();
            bytes[8] = 0;
            assertEquals("F: not a pcapng file: its Section Header Block has a bad byte-order magic (00 3c 2b 1a)",
                    refusal(bytes));
        }

        @Test
        void pcapngSectionHeaderWhoseLengthsDisagree() throws Exception {
            byte[] bytes = CaptureFileWriter.pcapng().bytes();
            bytes[bytes.length - 4] = 99;
            assertEquals("F: bad pcapng Section Header Block: its length is 28 at the start but 99 at the end",
                    refusal(bytes));
        }

        @Test
        void pcapngSectionHeaderWithAnAbsurdLength() throws Exception {
            byte[] bytes = CaptureFileWriter.pcapng().bytes();
            bytes[7] = 0x30;
            assertEquals("F: bad pcapng Section Header Block: length 805306396 (must be a multiple of 4 from 28 to "
                    + "1048576)", refusal(bytes));
        }
    }

    @Nested
    class StandardInput {

        @Test
        void streamReadsLikeAFile_includingBlocksLargerThanTheBuffer() throws Exception {
            byte[] bytes = CaptureFileWriter.pcapng().interfaceBlock(LinkType.ETHERNET, 0)
                    .enhancedPacket(0, 0, packet(60, 1))
                    .block(0x0000_0bad, packet(3 << 20, 0))
                    .enhancedPacket(0, 0, packet(61, 2)).bytes();
            Drained fromFile = read(bytes);
            Drained fromStream;
            try (PacketSource source = CaptureFiles.open(new ByteArrayInputStream(bytes), "standard input", null)) {
                fromStream = Drained.from(source);
            }
            assertEquals(fromFile.frames(), fromStream.frames());
            assertEquals(ReadResult.END, fromStream.result());
        }

        @Test
        void cutStream_isDamagedWithTheStreamsName() throws Exception {
            byte[] bytes = CaptureFileWriter.pcap().record(T0, 0, packet(10, 0)).bytesCut(2);
            try (PacketSource source = CaptureFiles.open(new ByteArrayInputStream(bytes), "standard input", null)) {
                Drained read = Drained.from(source);
                assertEquals("standard input: cut off in the middle of frame 1 (byte 48 of 48; the record needs 2 more)",
                        read.problem());
            }
        }

        @Test
        void emptyStream_isRefused() {
            assertEquals("standard input: empty, not a pcap or pcapng file", assertThrows(CaptureException.class,
                    () -> CaptureFiles.open(new ByteArrayInputStream(new byte[0]), "standard input", null)).getMessage());
        }
    }

    @Nested
    class Filters {

        /** {@code IP 192.168.1.11.33779 > 209.87.249.18.53: Flags [S]} as Ethernet (dns_tcp.pcap frame 1, headers). */
        private final byte[] ethernetSyn = hex("000c29a72bab005056c0000808004500003c000040004006"
                + "0000c0a8010bd157f91283f3003523ff6d0c00000000a002faf000000000");
        /** The same IPv4 packet behind a BSD loopback header (AF_INET = 2, host byte order). */
        private final byte[] loopbackSyn = CaptureFileWriter.concat(new byte[] {2, 0, 0, 0},
                java.util.Arrays.copyOfRange(ethernetSyn, 14, ethernetSyn.length));
        /** An Ethernet frame carrying ARP: not TCP. */
        private final byte[] arp = hex("ffffffffffff000c29a72bab08060001080006040001000c29a72babc0a8010b000000000000c0a80101");

        private byte[] hex(String digits) {
            byte[] bytes = new byte[digits.length() / 2];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
            }
            return bytes;
        }

        @Test
        void pcapngMixingLinkTypes_getsOneProgramPerLinkType() throws Exception {
            Path file = write(CaptureFileWriter.pcapng()
                    .interfaceBlock(LinkType.ETHERNET, 0).interfaceBlock(LinkType.NULL, 0)
                    .enhancedPacket(0, 0, ethernetSyn).enhancedPacket(0, 0, arp).enhancedPacket(1, 0, loopbackSyn)
                    .bytes());

            Drained read = read(file, "tcp and host 209.87.249.18");

            assertEquals(List.of(1L, 3L), read.frames().stream().map(Drained.Seen::number).toList());
            assertEquals(List.of(LinkType.ETHERNET, LinkType.NULL),
                    read.frames().stream().map(Drained.Seen::linkType).toList());
            assertEquals(3, read.framesRead());
        }

        @Test
        void loopbackFrames_matchInTheByteOrderOfTheFileThatHoldsThem() throws Exception {
            // BSD loopback keeps AF_INET in the capturing host's byte order, which is the file's.
            byte[] bigEndianLoopbackSyn = loopbackSyn.clone();
            bigEndianLoopbackSyn[0] = 0;
            bigEndianLoopbackSyn[3] = 2;
            Path little = write(CaptureFileWriter.pcap().linkType(LinkType.NULL).record(T0, 0, loopbackSyn).bytes());
            Path big = write(CaptureFileWriter.pcap().bigEndian().linkType(LinkType.NULL)
                    .record(T0, 0, bigEndianLoopbackSyn).bytes());

            assertEquals(1, read(little, "tcp").count());
            assertEquals(1, read(big, "tcp").count());
            assertEquals(0, read(big, "ip6").count());
        }

        @Test
        void filterThatAnInterfacesLinkTypeCannotCarry_stopsThereWithLibpcapsReason() throws Exception {
            Path file = write(CaptureFileWriter.pcapng()
                    .interfaceBlock(LinkType.ETHERNET, 0).enhancedPacket(0, 0, ethernetSyn)
                    .interfaceBlock(LinkType.NULL, 0).enhancedPacket(1, 0, loopbackSyn).bytes());

            Drained read = read(file, "vlan and tcp");

            assertEquals(ReadResult.DAMAGED, read.result());
            assertEquals(1, read.framesRead());
            assertEquals("F: interface 1 (NULL (BSD loopback)): bad filter \"vlan and tcp\": no VLAN support for "
                    + "BSD loopback", problem(read, file));
        }

        @Test
        void filterLibpcapCompilesWithBackwardJumps_isRefusedWithAHint() throws Exception {
            Path file = write(CaptureFileWriter.pcap().record(T0, 0, ethernetSyn).bytes());

            String message = assertThrows(CaptureException.class, () -> CaptureFiles.open(file, "ip6 protochain 6"))
                    .getMessage();

            assertEquals("filter \"ip6 protochain 6\" cannot run in the Java reader (invalid BPF program for "
                    + "\"ip6 protochain 6\": instruction 18 jumps backward (ja -15)); use the libpcap reader for it",
                    message);
        }

        @Test
        void badFilterOnAPcapng_isRefusedAtOpen() throws Exception {
            Path file = write(CaptureFileWriter.pcapng().interfaceBlock(LinkType.ETHERNET, 0).bytes());

            assertEquals("bad filter \"tcp prot 80\": syntax error",
                    assertThrows(CaptureException.class, () -> CaptureFiles.open(file, "tcp prot 80")).getMessage());
        }

        @Test
        void blankFilter_meansNoFilter() throws Exception {
            Path file = write(CaptureFileWriter.pcap().record(T0, 0, arp).bytes());

            assertEquals(1, read(file, "  ").count());
        }
    }
}
