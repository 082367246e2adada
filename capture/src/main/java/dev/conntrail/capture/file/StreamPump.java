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
 * events and notices a stop request, instead of sitting in a read.
 *
 * <p>Chunks go round: the pump fills a free chunk and queues it, the reader hands it back once it has
 * copied it out. A pipe that delivers a packet per read ({@code tcpdump -U -w -}) would otherwise cost a
 * 64 KiB chunk per packet. At most {@link #CHUNKS} are ever allocated, for the stream's whole life.
 */
final class StreamPump {
    static final int CHUNK = 64 * 1024;
    /** Queued for the reader at most; the pump fills one more and the reader holds one. */
    private static final int QUEUED = 8;
    static final int CHUNKS = QUEUED + 2;
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final BlockingQueue<ByteBuffer> chunks = new ArrayBlockingQueue<>(QUEUED);
    /** Chunks the reader has finished with; the pump takes these before allocating. */
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(CHUNKS);
    /** Pump thread only. */
    private int allocated;
    /** Reader only: the chunk being copied out. */
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
                ByteBuffer chunk = freeChunk();
                int n = in.read(chunk.array(), 0, CHUNK);
                if (n < 0) {
                    break;
                }
                chunk.clear().limit(n);
                chunks.put(chunk);
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

    /** A chunk the reader gave back, a new one while fewer than {@link #CHUNKS} exist, else the next given back. */
    private ByteBuffer freeChunk() throws InterruptedException {
        ByteBuffer chunk = free.poll();
        if (chunk != null) {
            return chunk;
        }
        if (allocated < CHUNKS) {
            allocated++;
            return ByteBuffer.allocate(CHUNK);
        }
        return free.take();
    }

    /** Gives the current chunk back to the pump once it is copied out (never the end marker). */
    private void recycle() {
        if (current != null && current != END && !current.hasRemaining()) {
            free.offer(current); // never full: it has room for every chunk there is
            current = null;
        }
    }

    /** Whether bytes (or the end) arrive within {@code waitMillis}. */
    boolean ready(long waitMillis) throws IOException {
        if (current != null && (current.hasRemaining() || current == END)) {
            return true;
        }
        recycle();
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
            recycle();
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
