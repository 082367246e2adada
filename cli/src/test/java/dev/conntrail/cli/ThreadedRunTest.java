package dev.conntrail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conntrail.cli.corpus.Corpus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A file's run spread over threads (decoding, tracking, printing) says exactly what the same run on one
 * thread says: the same events in the same order, the same totals, the same errors and exit codes. Checked
 * on every capture of the shared corpus (skipped, saying so, when it is absent) and on the example.
 */
class ThreadedRunTest {
    @TempDir
    Path tmp;

    /** One in-process run: exit code, standard error, and the events file. */
    record Run(int exit, String err, byte[] events) {
    }

    private Run run(boolean threads, String... args) throws IOException {
        String before = System.getProperty("conntrail.threads");
        System.setProperty("conntrail.threads", threads ? "3" : "1");
        try {
            assertEquals(threads, OfflineRun.useThreads(), "the run takes the path it is meant to compare");
            Path events = tmp.resolve("events-" + System.nanoTime());
            List<String> all = new ArrayList<>(Arrays.asList(args));
            all.addAll(List.of("-o", events.toString()));
            CommandLine cli = Main.commandLine();
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err, true));
            cli.setOut(new PrintWriter(new StringWriter(), true));
            int exit = cli.execute(all.toArray(new String[0]));
            return new Run(exit, err.toString(), Files.exists(events) ? Files.readAllBytes(events) : new byte[0]);
        } finally {
            if (before == null) {
                System.clearProperty("conntrail.threads");
            } else {
                System.setProperty("conntrail.threads", before);
            }
        }
    }

    private void assertSameRun(String what, String... args) throws IOException {
        Run one = run(false, args);
        Run spread = run(true, args);
        assertEquals(one.exit(), spread.exit(), what + ": exit code");
        assertEquals(one.err(), spread.err(), what + ": standard error");
        assertTrue(Arrays.equals(one.events(), spread.events()), what + ": the events differ");
    }

    @Test
    void theExampleGivesTheSameOutputOnThreadsInEveryFormat() throws IOException {
        String example = CommandLineTest.EXAMPLE.toString();
        for (String format : new String[] {"text", "json", "zeek", "zeek-json"}) {
            assertSameRun(format, "-r", example, "-f", format, "-v");
        }
        assertSameRun("count", "-r", example, "-f", "json", "-c", "5", "-v");
        assertSameRun("summary", "-r", example, "--summary");
    }

    @Test
    void everyCorpusCaptureGivesTheSameEventsTotalsAndErrorsOnThreads() throws IOException {
        List<Path> files = new ArrayList<>(Corpus.files(Corpus.captures()));
        files.addAll(Corpus.files(Corpus.zeek().resolve("traces")));
        long bytes = 0;
        int failedRuns = 0;
        for (Path f : files) {
            Run one = run(false, "-r", f.toString(), "-f", "json", "-v");
            Run spread = run(true, "-r", f.toString(), "-f", "json", "-v");
            String name = f.getFileName().toString();
            assertEquals(one.exit(), spread.exit(), name + ": exit code");
            assertEquals(one.err(), spread.err(), name + ": standard error");
            assertTrue(Arrays.equals(one.events(), spread.events()), name + ": the events differ");
            bytes += one.events().length;
            failedRuns += one.exit() != 0 ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "threaded runs: %d captures, %d bytes of events identical (%d ended in an "
                + "error, identically)%n", files.size(), bytes, failedRuns);
        assertTrue(files.size() > 100, "the corpus has its captures");
    }
}
