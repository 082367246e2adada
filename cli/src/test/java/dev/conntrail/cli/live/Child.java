package dev.conntrail.cli.live;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child process whose standard output and error are collected line by line as they arrive. */
final class Child {
    final Process process;
    final Lines out = new Lines();
    final Lines err = new Lines();
    private final Thread outReader;
    private final Thread errReader;
    private final String command;

    private Child(Process process, String command) {
        this.process = process;
        this.command = command;
        this.outReader = VethLab.collect(process.getInputStream(), out);
        this.errReader = VethLab.collect(process.getErrorStream(), err);
    }

    static Child start(List<String> command) throws IOException {
        return new Child(new ProcessBuilder(command).start(), String.join(" ", command));
    }

    long pid() {
        return process.pid();
    }

    /** Waits for a line on standard error containing {@code text}; fails with what was printed if none comes. */
    Lines.Line awaitErr(String text, Duration limit) throws InterruptedException {
        Lines.Line l = err.await(s -> s.contains(text), limit);
        if (l == null) {
            throw new AssertionError("no \"" + text + "\" on stderr within " + limit + " from: " + command
                    + "\nstderr: " + err.texts() + "\nstdout: " + out.texts()
                    + (process.isAlive() ? "" : "\nexit status: " + process.exitValue()));
        }
        return l;
    }

    /** Waits for a line on standard output containing {@code text}. */
    Lines.Line awaitOut(String text, Duration limit) throws InterruptedException {
        Lines.Line l = out.await(s -> s.contains(text), limit);
        if (l == null) {
            throw new AssertionError("no \"" + text + "\" on stdout within " + limit + " from: " + command
                    + "\nstderr: " + err.texts() + (process.isAlive() ? "" : "\nexit status: " + process.exitValue()));
        }
        return l;
    }

    /**
     * SIGTERM, as systemd and kill send it. Through the process handle: {@code Process.destroy()} would also
     * close our ends of the child's pipes, and conntrail would rightly take that as its reader going away.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Waits for the exit and for both streams to be read to the end; returns the exit status. */
    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running after " + limit + ": " + command + "\nstderr: " + err.texts());
        }
        outReader.join(5_000);
        errReader.join(5_000);
        return process.exitValue();
    }

    /** Writes one line to the child's standard input. */
    void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        in.flush();
    }

    void closeStdin() throws IOException {
        OutputStream in = process.getOutputStream();
        in.close();
    }

    void kill() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
