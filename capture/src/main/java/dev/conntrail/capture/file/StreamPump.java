package dev.conntrail.capture.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a stream (standard input) on its own daemon thread, so that the packet loop can ask whether bytes
 * are there without blocking: while a pipe is quiet the source returns TIMEOUT, the loop writes out its
 * events and notices a stop request, instead of sitting in a read. Chunks, not packets, are allocated.
 */
final class StreamPump {
    private static final int CHUNK = 64 * 1024;
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final BlockingQueue<ByteBuffer> chunks = new ArrayBlockingQueue<>(8);
    private ByteBuffer current;
    private volatile IOException failure;

    StreamPump(InputStream in, String name) {
        Thread t = new Thread(() -> pump(in), "conntrail-read-" + name);
        t.setDaemon(true);
        t.start();
    }

    private void pump(InputStream in) {
        try {
            while (true) {
                byte[] chunk = new byte[CHUNK];
                int n = in.read(chunk);
                if (n < 0) {
                    break;
                }
                chunks.put(ByteBuffer.wrap(chunk, 0, n));
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            chunks.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether bytes (or the end) arrive within {@code waitMillis}. */
    boolean ready(long waitMillis) throws IOException {
        if (current != null && (current.hasRemaining() || current == END)) {
            return true;
        }
        try {
            current = chunks.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return current != null;
    }

    /** Copies what is there into {@code dst}, blocking until something is; -1 at the end of the stream. */
    int read(ByteBuffer dst) throws IOException {
        while (current == null || !current.hasRemaining() && current != END) {
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading");
            }
        }
        if (current == END) {
            if (failure != null) {
                throw failure;
            }
            return -1;
        }
        int n = Math.min(dst.remaining(), current.remaining());
        int oldLimit = current.limit();
        current.limit(current.position() + n);
        dst.put(current);
        current.limit(oldLimit);
        return n;
    }
}
