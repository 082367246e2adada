package dev.conntrail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conntrail.capture.file.CaptureFileWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** conntrail as a user runs it: arguments in, events and one-line errors out, exit codes. */
class CommandLineTest {
    static final Path EXAMPLE = Path.of("..", "examples", "localhost-demo.pcap").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    /** One in-process run: exit code, what went to stderr, and the events written to an output file. */
    record Run(int exit, String err, List<String> events) {
    }

    Run run(String... args) throws IOException {
        Path events = tmp.resolve("events-" + System.nanoTime());
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("-o");
        all.add(events.toString());
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        int exit = cli.execute(all.toArray(new String[0]));
        List<String> lines = Files.exists(events) ? Files.readAllLines(events) : List.of();
        return new Run(exit, err.toString(), lines);
    }

    static void assertOneLineError(Run r, String... mustContain) {
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, "one line: " + r.err());
        assertTrue(lines[0].startsWith("conntrail: "), r.err());
        for (String s : mustContain) {
            assertTrue(lines[0].contains(s), "'" + s + "' in: " + lines[0]);
        }
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Nested
    class BadInput {
        @Test
        void missingFileIsOneLineNamingItAndExit1() throws IOException {
            Path f = tmp.resolve("nowhere.pcap");
            Run r = run("-r", f.toString());
            assertEquals(ExitCodes.BAD_INPUT, r.exit());
            assertOneLineError(r, f.toString(), "no such file");
        }

        @Test
        void directoryIsRefused() throws IOException {
            Run r = run("-r", tmp.toString());
            assertEquals(ExitCodes.BAD_INPUT, r.exit());
            assertOneLineError(r, tmp.toString(), "directory");
        }

        @Test
        void textFileIsRefusedSayingWhatItStartsWith() throws IOException {
            Path f = Files.writeString(tmp.resolve("notes.txt"), "hello, this is not a capture\n");
            Run r = run("-r", f.toString());
            assertEquals(ExitCodes.BAD_INPUT, r.exit());
            assertOneLineError(r, "notes.txt", "not a pcap or pcapng file");
        }

        @Test
        void emptyFileIsRefused() throws IOException {
            Path f = Files.write(tmp.resolve("empty.pcap"), new byte[0]);
            Run r = run("-r", f.toString());
            assertEquals(ExitCodes.BAD_INPUT, r.exit());
            assertOneLineError(r, "empty.pcap", "empty");
        }

        @Test
        void fileCutOffMidRecordKeepsEveryEventBeforeTheDamageAndSaysWhere() throws IOException {
            byte[] whole = Files.readAllBytes(EXAMPLE);
            Path cut = Files.write(tmp.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 30));
            Run full = run("-r", EXAMPLE.toString(), "-f", "json");
            Run r = run("-r", cut.toString(), "-f", "json");
            assertEquals(ExitCodes.BAD_INPUT, r.exit());
            assertOneLineError(r, "cut.pcap", "cut off in the middle of frame");
            // every connection is still reported; those that ended before the damage exactly as in the whole file
            long closedBefore = r.events().stream().filter(l -> l.contains("\"ended\":\"fin\"")).count();
            assertEquals(full.events().stream().filter(l -> l.contains("\"ended\":\"fin\"")).count(), closedBefore);
            assertTrue(r.events().stream().anyMatch(l -> l.contains("\"ended\":\"open_at_end\"")),
                    "the connection the damage cut is reported still open");
        }

        @Test
        void unknownLinkTypeIsOneErrorNamingIt() throws IOException {
            Path f = CaptureFileWriter.pcap().linkType(147).header()
                    .record(1, 0, CaptureFileWriter.packet(60, 1)).writeTo(tmp.resolve("user0.pcap"));
            Run r = run("-r", f.toString());
            assertEquals(ExitCodes.BAD_INPUT, r.exit());
            assertOneLineError(r, "user0.pcap", "link type", "147", "not supported");
        }

        @Test
        void badFilterIsOneErrorQuotingIt() throws IOException {
            Run r = run("-r", EXAMPLE.toString(), "tcp", "prot", "80");
            assertEquals(ExitCodes.BAD_INPUT, r.exit());
            assertOneLineError(r, "tcp prot 80");
        }

        @Test
        void unknownOptionIsAUsageError() throws IOException {
            Run r = run("-r", EXAMPLE.toString(), "--colour");
            assertEquals(ExitCodes.USAGE, r.exit());
            assertOneLineError(r, "--colour");
        }

        @Test
        void badFormatIsAUsageError() throws IOException {
            Run r = run("-r", EXAMPLE.toString(), "-f", "xml");
            assertEquals(ExitCodes.USAGE, r.exit());
            assertOneLineError(r, "xml");
        }
    }

    @Nested
    class Output {
        /** The shipped example, every format, against outputs checked by hand and kept in test resources. */
        @Test
        void exampleCaptureGivesTheGoldenTextJsonAndZeekOutputs() throws IOException {
            assertGolden("localhost-demo.txt", run("-r", EXAMPLE.toString(), "--utc"));
            assertGolden("localhost-demo.jsonl", run("-r", EXAMPLE.toString(), "-f", "json"));
            assertGolden("localhost-demo.zeek", run("-r", EXAMPLE.toString(), "-f", "zeek"));
            assertGolden("localhost-demo.zeek.jsonl", run("-r", EXAMPLE.toString(), "-f", "zeek-json"));
        }

        private void assertGolden(String name, Run r) throws IOException {
            assertEquals(0, r.exit(), r.err());
            Path golden = Path.of("src", "test", "resources", "golden", name);
            List<String> got = r.events().stream().filter(l -> !l.startsWith("#open") && !l.startsWith("#close"))
                    .collect(Collectors.toList());
            if (Boolean.getBoolean("conntrail.regenerateGolden")) {
                Files.createDirectories(golden.getParent());
                Files.write(golden, got, StandardCharsets.UTF_8);
            }
            assertEquals(Files.readAllLines(golden), got, name + " (regenerate with -Dconntrail.regenerateGolden=true "
                    + "after checking the new output by hand)");
        }

        @Test
        void everyOpenedConnectionIsClosedExactlyOnce() throws IOException {
            Run r = run("-r", EXAMPLE.toString(), "-f", "json");
            long opened = r.events().stream().filter(l -> l.contains("\"event\":\"opened\"")).count();
            long closed = r.events().stream().filter(l -> l.contains("\"event\":\"closed\"")).count();
            assertEquals(4, opened);
            assertEquals(opened, closed);
        }

        @Test
        void summaryPrintsATableOfConnectionsAndTheTotals() throws IOException {
            CommandLine cli = Main.commandLine();
            StringWriter out = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(new StringWriter(), true));
            int exit = cli.execute("-r", EXAMPLE.toString(), "--summary", "-o", tmp.resolve("e").toString());
            assertEquals(0, exit);
            String s = out.toString();
            assertTrue(s.contains("TCP connections: 4"), s);
            assertTrue(s.contains("refused") && s.contains("reset_by_originator") && s.contains("fin"), s);
            assertTrue(s.contains("packets: 28 read"), s);
        }

        @Test
        void summaryBesideJsonEventsGoesToStandardError_soTheStreamStaysJson() throws IOException {
            CommandLine cli = Main.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute("-r", EXAMPLE.toString(), "--summary", "-f", "json", "-o", tmp.resolve("j").toString());
            assertEquals(0, exit);
            assertEquals("", out.toString());
            assertTrue(err.toString().contains("TCP connections: 4"), err.toString());
            assertTrue(err.toString().contains("packets: 28 read"), err.toString());
        }

        @Test
        void filterExpressionTracksOnlyMatchingConnections() throws IOException {
            Run r = run("-r", EXAMPLE.toString(), "-f", "json", "port", "5174");
            assertEquals(0, r.exit(), r.err());
            assertEquals(2, r.events().size(), r.events().toString());
            assertTrue(r.events().get(1).contains("\"ended\":\"refused\""));
        }

        @Test
        void countStopsAfterThatManyPacketsAndReportsWhatIsOpen() throws IOException {
            Run r = run("-r", EXAMPLE.toString(), "-f", "json", "-c", "3");
            assertEquals(0, r.exit(), r.err());
            // three packets: the two tabs' SYNs and one SYN-ACK, so both connections are still open
            assertEquals(4, r.events().size(), r.events().toString());
            assertEquals(2, r.events().stream().filter(l -> l.contains("\"ended\":\"open_at_end\"")).count());
        }

        @Test
        void bothReadersGiveTheSameEvents() throws IOException {
            Run java = run("-r", EXAMPLE.toString(), "-f", "json");
            Run libpcap = run("-r", EXAMPLE.toString(), "-f", "json", "--reader", "libpcap");
            assertEquals(java.events(), libpcap.events());
        }
    }

    @Nested
    class AsAProcess {
        private Process start(String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            cmd.addAll(Arrays.asList(args));
            return new ProcessBuilder(cmd).start();
        }

        @Test
        void aReaderThatGoesAwayEndsConntrailQuietly() throws Exception {
            // a large input: the example many times over, read from stdin through a pipe
            Process p = start("-r", "-", "-f", "json");
            byte[] whole = Files.readAllBytes(EXAMPLE);
            Thread feeder = new Thread(() -> {
                try (var in = p.getOutputStream()) {
                    in.write(whole);
                    byte[] records = Arrays.copyOfRange(whole, 24, whole.length);
                    for (int i = 0; i < 20_000; i++) {
                        in.write(records);
                    }
                } catch (IOException e) {
                    // conntrail stopped reading: expected
                }
            });
            feeder.start();
            var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
            assertTrue(reader.readLine().startsWith("{"));
            reader.close(); // like `| head -1`
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "conntrail ended");
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), err);
            assertEquals("", err.strip(), "nothing on stderr when the reader goes away");
            feeder.join();
        }

        @Test
        void sigtermWhileReadingAPipeFlushesEveryEventAndReportsOpenConnections() throws Exception {
            Process p = start("-r", "-", "-f", "json");
            byte[] whole = Files.readAllBytes(EXAMPLE);
            var in = p.getOutputStream();
            in.write(whole, 0, 24 + 3 * 90); // the header and the first few records, then the pipe goes quiet
            in.flush();
            var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
            String first = reader.readLine(); // an event arrives while conntrail waits for more input
            assertTrue(first != null && first.contains("\"event\":\"opened\""), String.valueOf(first));
            // SIGTERM (Process.destroy would also close our ends of the pipes)
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            List<String> rest = reader.lines().collect(Collectors.toList());
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
            assertTrue(rest.stream().anyMatch(l -> l.contains("\"ended\":\"open_at_end\"")),
                    "the open connection is reported at the end: " + rest);
            in.close();
        }
    }
}
