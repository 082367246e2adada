package dev.conntrail.cli.output;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream that turns a write failure into {@link OutputGone}: the reader of a pipe went away,
 * or the disk behind {@code -o} failed. Buffering is left to the printer.
 */
public final class GuardedStream extends OutputStream {
    private final OutputStream out;

    public GuardedStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new OutputGone(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw new OutputGone(e);
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new OutputGone(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new OutputGone(e);
        }
    }
}
