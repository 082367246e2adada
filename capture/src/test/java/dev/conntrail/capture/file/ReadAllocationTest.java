package dev.conntrail.capture.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.conntrail.capture.Frame;
import dev.conntrail.capture.LinkType;
import dev.conntrail.capture.PacketSource;
import dev.conntrail.capture.ReadResult;

/**
 * Reading allocates per file (the read buffer, the reader), never per packet: 200,000 frames, filtered or
 * not, cost less than half a byte each beyond the buffer. A stream (standard input) that arrives a packet
 * at a time costs a few bytes per frame, counting the thread that reads the stream too.
 */
class ReadAllocationTest {

    private static final int FRAMES = 200_000;
    private static final int STREAM_FRAMES = 20_000;

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

    /**
     * {@code tcpdump -U -w - | conntrail -r -}: every read of the pipe returns one 96-byte record. The pump
     * thread's chunks must be reused, not allocated per read (that was 64 KiB per frame).
     */
    @Test
    void stream_deliveredAPacketPerRead_allocatesLittlePerFrame() throws Exception {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        CaptureFileWriter.Pcap pcap = CaptureFileWriter.pcap();
        for (int i = 0; i < STREAM_FRAMES; i++) {
            pcap.record(1_600_000_000L + i / 1000, i % 1000, SYN);
        }
        byte[] bytes = pcap.bytes();
        int record = PcapFileReader.RECORD_HEADER + SYN.length;
        long perFrame = 0;
        for (int round = 0; round < 3; round++) { // the first rounds warm up the JIT; count the last
            Trickle stream = new Trickle(bytes, record);
            Frame frame = new Frame();
            long self = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(self);
            assertTrue(before >= 0, "this JVM measures allocation per thread");
            long readerAllocated;
            try (PacketSource source = CaptureFiles.open(stream, "trickle", null)) {
                long frames = 0;
                while (frames < STREAM_FRAMES) {
                    ReadResult result = source.next(frame);
                    if (result == ReadResult.FRAME) {
                        frames++;
                    } else {
                        assertEquals(ReadResult.TIMEOUT, result, "after frame " + frames + ": " + source.problem());
                    }
                }
                long mainAllocated = threads.getThreadAllocatedBytes(self) - before;
                // The pump thread is still alive: it waits in the stream's read for the end.
                long pumpAllocated = threads.getThreadAllocatedBytes(stream.reader.getId());
                assertTrue(pumpAllocated >= 0, "the pump thread ended early");
                readerAllocated = mainAllocated + pumpAllocated;
                stream.end.countDown();
                ReadResult last;
                do {
                    last = source.next(frame);
                } while (last == ReadResult.TIMEOUT);
                assertEquals(ReadResult.END, last);
                assertEquals(STREAM_FRAMES, source.framesRead());
            } finally {
                stream.end.countDown();
            }
            // Per stream, not per frame: the read buffer and the pump's chunks.
            long perStream = FileInput.DEFAULT_BUFFER + (long) StreamPump.CHUNKS * StreamPump.CHUNK;
            perFrame = (readerAllocated - perStream) / STREAM_FRAMES;
        }
        assertTrue(perFrame < 256, "reading " + STREAM_FRAMES + " frames of a stream one record per read allocated "
                + perFrame + " bytes per frame (reader and pump thread)");
    }

    /** A pipe that returns at most one record per read, and holds its end back until told. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final int perRead;
        private int at;
        final CountDownLatch end = new CountDownLatch(1);
        volatile Thread reader;

        Trickle(byte[] bytes, int perRead) {
            this.bytes = bytes;
            this.perRead = perRead;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            reader = Thread.currentThread();
            if (at == bytes.length) {
                try {
                    end.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return -1;
            }
            // The file header comes alone, then one record per read.
            int n = Math.min(len, at == 0 ? PcapFileReader.FILE_HEADER : Math.min(perRead, bytes.length - at));
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            return n;
        }
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot count allocated bytes per thread");
        return (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    }

    private static void assertAllocationPerFrameIsNil(Path file, String filter) throws Exception {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        long thread = Thread.currentThread().getId();
        Frame frame = new Frame();
        long allocated = 0;
        for (int round = 0; round < 4; round++) { // the first rounds warm up the JIT; count the last
            long before = threads.getThreadAllocatedBytes(thread);
            assertTrue(before >= 0, "this JVM measures allocation per thread");
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
