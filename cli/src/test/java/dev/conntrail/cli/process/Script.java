package dev.conntrail.cli.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One of the test's own named processes ({@code ct_server.py}, {@code ct_client.py} from the test resources),
 * optionally inside a network namespace; its output lines are collected as they come. Closing it closes its
 * standard input (which ends it) and then kills it.
 */
final class Script implements AutoCloseable {
    final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private Script(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "script-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs a test script; {@code netns} null for conntrail's own namespace. */
    static Script start(String netns, String script, String... args) {
        List<String> cmd = new ArrayList<>();
        if (netns != null) {
            cmd.addAll(List.of("ip", "netns", "exec", netns));
        }
        cmd.add("python3");
        cmd.add(resource(script).toString());
        cmd.addAll(List.of(args));
        try {
            return new Script(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(Script.class.getResource("/processes/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The PID of the named process: the script itself, or, under {@code ip netns exec} (which execs it), the
     * same PID.
     */
    int pid() {
        return (int) process.pid();
    }

    /** The next output line, waiting up to {@code seconds}; fails when none comes. */
    String line(double seconds) {
        try {
            String l = lines.poll((long) (seconds * 1000), TimeUnit.MILLISECONDS);
            if (l == null) {
                throw new AssertionError("no output from " + process.info().commandLine().orElse("?") + " in "
                        + seconds + " s (alive: " + process.isAlive() + ")");
            }
            return l;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every line until "done". */
    List<String> untilDone(double seconds) {
        List<String> out = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (true) {
            String l = line(Math.max(0.001, (end - System.nanoTime()) / 1e9));
            if (l.equals("done")) {
                return out;
            }
            out.add(l);
        }
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
