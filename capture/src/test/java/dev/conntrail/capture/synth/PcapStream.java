package dev.conntrail.capture.synth;

import dev.conntrail.capture.LinkType;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a classic pcap file (little-endian, microsecond timestamps, Ethernet, snaplen 65535) record by
 * record to a stream, through one reused buffer, so files of many gigabytes cost no more memory than small
 * ones. Microseconds, not nanoseconds, because every tool the benchmark compares with reads them.
 */
final class PcapStream implements AutoCloseable {
    private static final int MAGIC_MICROS = 0xa1b2c3d4;
    private static final int SNAPLEN = 65535;
    private static final int RECORD_HEADER = 16;

    private final OutputStream out;
    private final byte[] buffer = new byte[1 << 20];
    private int used;
    private long written;

    PcapStream(OutputStream out) throws IOException {
        this.out = out;
        int32(MAGIC_MICROS);
        int16(2);
        int16(4);
        int32(0); // thiszone
        int32(0); // sigfigs
        int32(SNAPLEN);
        int32(LinkType.ETHERNET);
    }

    /** Appends one record: the frame is {@code frame[0, length)}, captured whole. */
    void record(long timeNanos, byte[] frame, int length) throws IOException {
        if (used + RECORD_HEADER + length > buffer.length) {
            drain();
        }
        long micros = timeNanos / 1_000;
        int32((int) (micros / 1_000_000));
        int32((int) (micros % 1_000_000));
        int32(length);
        int32(length);
        System.arraycopy(frame, 0, buffer, used, length);
        used += length;
    }

    /** Bytes written so far, header included. */
    long bytes() {
        return written + used;
    }

    private void int32(int v) {
        buffer[used++] = (byte) v;
        buffer[used++] = (byte) (v >>> 8);
        buffer[used++] = (byte) (v >>> 16);
        buffer[used++] = (byte) (v >>> 24);
    }

    private void int16(int v) {
        buffer[used++] = (byte) v;
        buffer[used++] = (byte) (v >>> 8);
    }

    private void drain() throws IOException {
        out.write(buffer, 0, used);
        written += used;
        used = 0;
    }

    @Override
    public void close() throws IOException {
        drain();
        out.flush();
    }
}
