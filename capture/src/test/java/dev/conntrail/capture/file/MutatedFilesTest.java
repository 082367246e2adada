package dev.conntrail.capture.file;

import static dev.conntrail.capture.file.CaptureFileWriter.packet;
import static dev.conntrail.capture.file.CaptureFileWriter.tsresol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.capture.Frame;
import dev.conntrail.capture.LinkType;
import dev.conntrail.capture.PacketSource;
import dev.conntrail.capture.ReadResult;

/**
 * Hostile input, generated: valid files with random bytes overwritten, cut, or spliced. Whatever comes in,
 * the reader refuses it with a one-line {@link CaptureException} or reads frames and ends with END or
 * DAMAGED (with a one-line problem) -- never an unchecked exception, never a frame outside its buffer.
 */
class MutatedFilesTest {

    private static final int MUTANTS_PER_SEED = 400;

    private static List<byte[]> seeds() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(CaptureFileWriter.pcap().record(1, 2, packet(60, 0)).record(3, 4, packet(1, 0))
                .record(5, 6, packet(300, 0)).bytes());
        seeds.add(CaptureFileWriter.pcap().bigEndian().nanos().snaplen(64).record(1, 2, 90, 90, packet(90, 0))
                .record(3, 4, packet(10, 0)).bytes());
        seeds.add(CaptureFileWriter.pcap().modified().record(1, 2, packet(40, 0)).bytes());
        seeds.add(CaptureFileWriter.pcapng().block(4, packet(20, 0))
                .interfaceBlock(LinkType.ETHERNET, 0, tsresol(0x80 | 20), CaptureFileWriter.ifName("eth0"))
                .interfaceBlock(LinkType.NULL, 128).enhancedPacket(1, 77, packet(40, 0))
                .simplePacket(100, packet(100, 0)).packetBlock(0, 5, packet(30, 0)).block(5, packet(24, 0))
                .section(true).interfaceBlock(LinkType.RAW, 0).enhancedPacket(0, 9, packet(50, 0)).bytes());
        String corpus = System.getProperty("conntrail.corpus");
        if (corpus != null) {
            for (String name : List.of("dns_tcp.pcap", "pcapng-example.pcapng", "gopacket-be-test201.pcapng",
                    "nanosecs_big_endian.pcap", "many_interfaces-1.pcapng")) {
                Path file = Path.of(corpus, "captures", name);
                if (Files.isRegularFile(file)) {
                    seeds.add(Files.readAllBytes(file));
                }
            }
        }
        return seeds;
    }

    @Test
    void mutatedFiles_areRefusedOrReadOrDamaged_neverAnException() throws Exception {
        Random random = new Random(20240611L);
        int refused = 0;
        int damaged = 0;
        int clean = 0;
        for (byte[] seed : seeds()) {
            for (int i = 0; i < MUTANTS_PER_SEED; i++) {
                byte[] mutant = mutate(seed, random);
                switch (readMutant(mutant)) {
                    case "refused" -> refused++;
                    case "DAMAGED" -> damaged++;
                    default -> clean++;
                }
            }
        }
        System.out.printf("mutated files: %d refused at open, %d damaged, %d read to the end%n", refused, damaged, clean);
        assertTrue(refused > 0 && damaged > 0 && clean > 0, "the mutations should reach every outcome");
    }

    private static String readMutant(byte[] mutant) {
        try (PacketSource source = CaptureFiles.open(new ByteArrayInputStream(mutant), "mutant", null)) {
            Frame frame = new Frame();
            ReadResult result;
            long frames = 0;
            while ((result = source.next(frame)) == ReadResult.FRAME) {
                frames++;
                assertTrue(frame.capturedLength() >= 0 && frame.offset() >= 0
                        && frame.offset() + frame.capturedLength() <= frame.data().length, "frame inside its buffer");
                assertEquals(frames, frame.number());
            }
            if (result == ReadResult.DAMAGED) {
                assertNotNull(source.problem());
                assertTrue(source.problem().startsWith("mutant: ") && !source.problem().contains("\n"),
                        source.problem());
            } else {
                assertEquals(ReadResult.END, result);
            }
            return result.name();
        } catch (CaptureException e) {
            assertTrue(e.getMessage().startsWith("mutant: ") && !e.getMessage().contains("\n"), e.getMessage());
            return "refused";
        } catch (RuntimeException e) {
            fail("unchecked exception on a mutated file: " + e + "\nbytes: " + Arrays.toString(
                    Arrays.copyOf(mutant, Math.min(mutant.length, 256))), e);
            return "failed";
        }
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] bytes = seed.clone();
        int kind = random.nextInt(4);
        if (kind == 0) { // overwrite a few bytes, biased towards headers and lengths
            int count = 1 + random.nextInt(4);
            for (int i = 0; i < count; i++) {
                int at = random.nextInt(Math.min(bytes.length, random.nextBoolean() ? 64 : bytes.length));
                bytes[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : 0xff);
            }
            return bytes;
        }
        if (kind == 1) { // cut anywhere
            return Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
        }
        if (kind == 2) { // a 32-bit field set to an extreme value
            int at = random.nextInt(Math.max(1, bytes.length - 4)) & ~3;
            int value = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> -1;
                case 2 -> Integer.MAX_VALUE;
                default -> random.nextInt();
            };
            for (int i = 0; i < 4 && at + i < bytes.length; i++) {
                bytes[at + i] = (byte) (value >>> (8 * i));
            }
            return bytes;
        }
        // splice: drop or repeat a slice
        int from = random.nextInt(bytes.length);
        int to = from + random.nextInt(bytes.length - from + 1);
        byte[] slice = Arrays.copyOfRange(bytes, from, to);
        byte[] head = Arrays.copyOf(bytes, from);
        byte[] tail = Arrays.copyOfRange(bytes, to, bytes.length);
        return random.nextBoolean() ? CaptureFileWriter.concat(head, tail)
                : CaptureFileWriter.concat(head, slice, slice, tail);
    }
}
