package dev.conntrail.capture.file;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;

/**
 * A large reused read buffer over a file or a stream, with absolute reads in either byte order.
 *
 * <pre>
 *   buffer:  [ consumed | pos ........ limit | free ............. ]
 *            ^ base (file offset of buffer[0])
 * </pre>
 *
 * <p>Readers peek at {@code buffer[pos..limit)} with absolute reads and {@link #advance} past what they
 * used. {@link #ensure(int)} makes at least {@code n} bytes available (or as many as remain): it slides the
 * unread tail to the front and refills, and grows the buffer (up to {@link #MAX_BUFFER}) only for a record
 * that is larger than the whole buffer. Bytes handed out as a frame stay valid until the next
 * {@code ensure}, which is exactly the {@link dev.conntrail.capture.Frame} contract.
 */
final class FileInput implements AutoCloseable {

    /** The usual buffer: large enough that refills are rare, small enough to stay in L2/L3 cache. */
    static final int DEFAULT_BUFFER = 1 << 20;
    /** No single record may need more than this; beyond it a file is damaged, not large. */
    static final int MAX_BUFFER = 256 << 20;

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final ReadableByteChannel channel;
    /** The same channel when it is a file (seekable, known size); null for a stream. */
    private final FileChannel file;
    private final boolean closeChannel;
    /** For a stream (not a file): reads on its own thread, so that {@link #idle} can answer without blocking. */
    private final StreamPump pump;

    byte[] buffer;
    private ByteBuffer window;
    /** First unread byte. */
    int pos;
    /** End of the valid bytes. */
    int limit;
    /** File offset of {@code buffer[0]}. */
    private long base;
    private boolean eof;

    FileInput(ReadableByteChannel channel, boolean closeChannel, int bufferSize) {
        this.channel = channel;
        this.file = channel instanceof FileChannel fc ? fc : null;
        this.closeChannel = closeChannel;
        this.pump = null;
        this.buffer = new byte[bufferSize];
        this.window = ByteBuffer.wrap(buffer);
    }

    /** A stream such as standard input, read ahead on its own thread. */
    FileInput(java.io.InputStream stream, String name, int bufferSize) {
        this.channel = null;
        this.file = null;
        this.closeChannel = false;
        this.pump = new StreamPump(stream, name);
        this.buffer = new byte[bufferSize];
        this.window = ByteBuffer.wrap(buffer);
    }

    /**
     * True when nothing is buffered and nothing arrives within {@code waitMillis}: a quiet pipe. Always false
     * for a file, which never makes the reader wait.
     */
    boolean idle(long waitMillis) throws IOException {
        return pump != null && pos == limit && !eof && !pump.ready(waitMillis);
    }

    /** File offset of the next unread byte. */
    long offset() {
        return base + pos;
    }

    int available() {
        return limit - pos;
    }

    void advance(int n) {
        pos += n;
    }

    /**
     * Tries to make {@code n} bytes available from {@link #pos}; returns how many are (fewer only at the
     * end of the input). Moves the unread bytes, so earlier offsets into {@link #buffer} become invalid.
     *
     * @param n at most {@link #MAX_BUFFER}
     */
    int ensure(int n) throws IOException {
        int available = limit - pos;
        if (available >= n || eof) {
            return available;
        }
        if (n > buffer.length) {
            byte[] bigger = new byte[(int) Math.min(MAX_BUFFER, Math.max(n, 2L * buffer.length))];
            System.arraycopy(buffer, pos, bigger, 0, available);
            buffer = bigger;
            window = ByteBuffer.wrap(buffer);
            slide(available);
        } else if (pos + n > buffer.length) {
            System.arraycopy(buffer, pos, buffer, 0, available);
            slide(available);
        }
        while (limit - pos < n) {
            window.limit(buffer.length).position(limit);
            int read = pump != null ? pump.read(window) : channel.read(window);
            if (read < 0) {
                eof = true;
                break;
            }
            limit += read;
        }
        return limit - pos;
    }

    private void slide(int available) {
        base += pos;
        pos = 0;
        limit = available;
    }

    /**
     * Skips {@code n} bytes without buffering them (seeking in a file); returns how many were skipped,
     * fewer only when the input ended first.
     */
    long skip(long n) throws IOException {
        long available = limit - pos;
        if (n <= available) {
            pos += (int) n;
            return n;
        }
        long skipped = available;
        base += limit;
        pos = 0;
        limit = 0;
        long remaining = n - available;
        if (file != null) {
            long here = file.position();
            long possible = Math.min(remaining, Math.max(0, file.size() - here));
            file.position(here + possible);
            base = here + possible;
            skipped += possible;
            if (possible < remaining) {
                eof = true;
            }
            return skipped;
        }
        while (remaining > 0) {
            int got = ensure((int) Math.min(remaining, buffer.length));
            if (got == 0) {
                break;
            }
            int used = (int) Math.min(got, remaining);
            pos += used;
            remaining -= used;
            skipped += used;
        }
        return skipped;
    }

    /** The total size when reading a file, or -1 for a stream. */
    long size() {
        try {
            return file != null ? file.size() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    int int32(int at, boolean bigEndian) {
        return bigEndian ? (int) INT_BE.get(buffer, at) : (int) INT_LE.get(buffer, at);
    }

    long uint32(int at, boolean bigEndian) {
        return Integer.toUnsignedLong(int32(at, bigEndian));
    }

    int uint16(int at, boolean bigEndian) {
        short value = bigEndian ? (short) SHORT_BE.get(buffer, at) : (short) SHORT_LE.get(buffer, at);
        return Short.toUnsignedInt(value);
    }

    long int64(int at, boolean bigEndian) {
        return bigEndian ? (long) LONG_BE.get(buffer, at) : (long) LONG_LE.get(buffer, at);
    }

    @Override
    public void close() {
        if (!closeChannel) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing was written; a failing close of a read-only file changes nothing for the reader.
        }
    }
}
