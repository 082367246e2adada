package dev.conntrail.capture.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.conntrail.capture.Frame;
import dev.conntrail.capture.LinkType;
import dev.conntrail.capture.PacketSource;
import dev.conntrail.capture.ReadResult;

/**
 * Reading allocates per file (the read buffer, the reader), never per packet: 200,000 frames, filtered or
 * not, cost less than half a byte each beyond the buffer.
 */
class ReadAllocationTest {

    private static final int FRAMES = 200_000;

    @TempDir
    Path dir;

    /** An Ethernet/IPv4/TCP SYN header (see CaptureFilesTest) padded to 80 bytes. */
    private static final byte[] SYN = java.util.Arrays.copyOf(new byte[] {
        0, 12, 41, -89, 43, -85, 0, 80, 86, -64, 0, 8, 8, 0, 69, 0, 0, 60, 0, 0, 64, 0, 64, 6, 0, 0,
        -64, -88, 1, 11, -47, 87, -7, 18, -125, -13, 0, 53}, 80);

    @Test
    void pcap_readsWithoutAllocatingPerFrame() throws Exception {
        CaptureFileWriter.Pcap pcap = CaptureFileWriter.pcap();
        for (int i = 0; i < FRAMES; i++) {
            pcap.record(1_600_000_000L + i / 1000, i % 1000, SYN);
        }
        Path file = pcap.writeTo(dir.resolve("many.pcap"));
        assertAllocationPerFrameIsNil(file, null);
        assertAllocationPerFrameIsNil(file, "tcp port 53");
    }

    @Test
    void pcapng_readsWithoutAllocatingPerFrame() throws Exception {
        CaptureFileWriter.PcapNg pcapng = CaptureFileWriter.pcapng()
                .interfaceBlock(LinkType.ETHERNET, 0, CaptureFileWriter.tsresol(9));
        for (int i = 0; i < FRAMES; i++) {
            pcapng.enhancedPacket(0, 1_600_000_000_000_000_000L + i, SYN);
        }
        Path file = pcapng.writeTo(dir.resolve("many.pcapng"));
        assertAllocationPerFrameIsNil(file, null);
        assertAllocationPerFrameIsNil(file, "tcp port 53");
    }

    private static void assertAllocationPerFrameIsNil(Path file, String filter) throws Exception {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot count allocated bytes per thread");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        Frame frame = new Frame();
        long allocated = 0;
        for (int round = 0; round < 4; round++) { // the first rounds warm up the JIT; count the last
            long before = threads.getThreadAllocatedBytes(thread);
            long frames = 0;
            try (PacketSource source = CaptureFiles.open(file, filter)) {
                while (source.next(frame) == ReadResult.FRAME) {
                    frames++;
                }
                assertEquals(FRAMES, source.framesRead());
            }
            assertEquals(FRAMES, frames);
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }
        long beyondBuffer = allocated - FileInput.DEFAULT_BUFFER;
        assertTrue(beyondBuffer < FRAMES / 2, "reading " + FRAMES + " frames" + (filter == null ? "" : " through \""
                + filter + "\"") + " allocated " + allocated + " bytes");
    }
}
