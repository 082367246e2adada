package dev.conntrail.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.conntrail.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * conntrail capturing live on one end of a veth pair while real kernel TCP runs across it: the events must
 * match, connection by connection, what the traffic generator did, with no packet dropped, within
 * milliseconds of the packets. Also the one-line errors, {@code -Z}, and the unprivileged ways to run.
 *
 * <p>Needs root and {@code ip netns}. Without them it says so and is skipped; with {@code CI=true} it fails
 * instead, so that CI never passes without having run it.
 */
class LiveCaptureTest {
    private static final String MAIN = Main.class.getName();
    private static final String GENERATOR = TrafficGenerator.class.getName();
    /** JVM start to a ready capture took 1-2 s on a loaded machine; be generous, never sleep. */
    private static final Duration READY = Duration.ofSeconds(60);
    private static final Duration EXIT = Duration.ofSeconds(30);
    private static final int PARALLEL = 256;
    private static final Pattern CAPTURE_LINE = Pattern.compile(
            "conntrail: (\\d+) packets captured, (\\d+) received by filter, (\\d+) dropped by kernel, (\\d+) dropped by interface$");

    private static VethLab lab;
    private static Child server;

    @BeforeAll
    static void startLab() throws Exception {
        String missing = VethLab.missingRights();
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true, but the live capture test cannot run here: " + missing);
            }
            System.out.println("LiveCaptureTest SKIPPED: " + missing);
            Assumptions.abort(missing);
        }
        lab = VethLab.create();
        server = lab.inServer(lab.java(GENERATOR, "server", "::", Integer.toString(VethLab.PORT)));
        server.awaitOut("ready", READY);
    }

    @AfterAll
    static void removeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    private static String[] conntrail(String... args) {
        return lab.java(MAIN, args);
    }

    private static String filter() {
        return "tcp port " + VethLab.PORT + " or tcp port " + VethLab.CLOSED_PORT;
    }

    // ---- the real traffic -------------------------------------------------------------------------------

    @Test
    void realTraffic_everyConnectionReportedAsItEnded_withinMilliseconds_noDrops() throws Exception {
        Child conntrail = lab.inServer(conntrail("-i", lab.serverIf, "--format", "json", "--stats-interval", "250ms",
                filter()));
        assertEquals("conntrail: listening on " + lab.serverIf + ", link-type EN10MB (Ethernet), snapshot length 256 bytes",
                conntrail.awaitErr("listening on", READY).text());

        Child client = lab.inClient(lab.java(GENERATOR, "client", VethLab.CLIENT_V4, VethLab.CLIENT_V6,
                VethLab.SERVER_V4, VethLab.SERVER_V6, Integer.toString(VethLab.PORT),
                Integer.toString(VethLab.CLOSED_PORT), Integer.toString(PARALLEL)));
        client.awaitOut("cold-burst done", Duration.ofSeconds(90));
        // Measure conntrail as it runs for real, not while it works off the backlog of its first seconds.
        awaitEvents(conntrail, "\"closed\"", PARALLEL, Duration.ofSeconds(60));
        client.send("next");
        client.awaitOut("holding", Duration.ofSeconds(90));
        List<TrafficRecord> done = new ArrayList<>();
        for (String line : client.out.texts()) {
            if (TrafficRecord.isRecord(line)) {
                done.add(TrafficRecord.parse(line));
            }
        }
        TrafficRecord held = done.get(done.size() - 1);
        // The connection left open must have been seen established before conntrail is stopped.
        String heldPort = "\"id.orig_p\":" + held.clientPort() + ",";
        if (conntrail.out.await(l -> l.contains("\"established\"") && l.contains(heldPort), Duration.ofSeconds(10)) == null) {
            fail("no established event for the connection left open: " + held);
        }

        conntrail.terminate(); // SIGTERM, as systemd stops it
        int status = conntrail.awaitExit(EXIT);
        client.closeStdin();
        client.awaitExit(EXIT);

        List<String> err = conntrail.err.texts();
        System.out.println("conntrail exited " + status + " after " + conntrail.out.texts().size() + " events; stderr:\n  "
                + String.join("\n  ", err.subList(Math.max(0, err.size() - 3), err.size())));
        assertEquals(0, status, "exit status after SIGTERM; stderr: " + err);
        for (String line : err) {
            assertTrue(line.startsWith("conntrail: "), "stray stderr line: " + line);
        }
        long[] capture = lastCaptureLine(err);
        assertEquals(0, capture[2], "packets dropped by the kernel: " + err);
        assertEquals(0, capture[3], "packets dropped by the interface: " + err);
        assertTrue(err.stream().noneMatch(l -> l.contains("WARNING")), "drop warning: " + err);
        assertTrue(err.stream().anyMatch(l -> l.endsWith("connections tracked")), "no --stats-interval line: " + err);

        Comparison c = compare(done, events(conntrail));
        System.out.println(c.table());
        assertTrue(c.problems.isEmpty(), "conntrail disagrees with the traffic:\n  " + String.join("\n  ", c.problems));
        // Judged once conntrail's JIT has compiled the hot path (after the cold burst), as it runs for real.
        double median = c.latencyMillis("parallel", 0.5);
        assertTrue(median < 50, "median latency of the parallel run " + median + " ms, above 50 ms");
    }

    /**
     * A 16 KiB buffer holds a few dozen packets: a burst of connections must overflow it. The loss must show: in the
     * statistics, in a warning, and as {@code counts_exact: false} on connections open while it happened.
     */
    @Test
    void bufferTooSmall_dropsAreReported_andAffectedConnectionsNotPresentedAsExact() throws Exception {
        Child conntrail = lab.inServer(conntrail("-i", lab.serverIf, "-B", "16", "--format", "json",
                "tcp port " + VethLab.PORT));
        conntrail.awaitErr("listening on", READY);
        Child client = lab.inClient(lab.java(GENERATOR, "client", VethLab.CLIENT_V4, VethLab.CLIENT_V6,
                VethLab.SERVER_V4, VethLab.SERVER_V6, Integer.toString(VethLab.PORT),
                Integer.toString(VethLab.CLOSED_PORT), Integer.toString(PARALLEL), "burst"));
        assertEquals(0, client.awaitExit(Duration.ofSeconds(90)), "generator: " + client.err.texts());
        conntrail.terminate();
        assertEquals(0, conntrail.awaitExit(EXIT), "exit status; stderr: " + conntrail.err.texts());

        List<String> err = conntrail.err.texts();
        long[] capture = lastCaptureLine(err);
        assertTrue(capture[2] > 0, "a 16 KiB buffer dropped nothing in a burst of " + PARALLEL + ": " + err);
        String warning = err.stream().filter(l -> l.contains("WARNING")).findFirst()
                .orElseThrow(() -> new AssertionError("drops without a warning: " + err));
        assertTrue(warning.contains("the capture lost " + (capture[2] + capture[3]) + " packets"), warning);
        assertTrue(warning.contains("marked counts_exact: false"), warning);
        long inexact = events(conntrail).stream().filter(e -> "false".equals(e.get("counts_exact"))).count();
        assertTrue(inexact > 0, "no event marked counts_exact: false");
    }

    // ---- one-line errors ---------------------------------------------------------------------------------

    @Test
    void unknownInterface_oneLineNamingIt_exit1() throws Exception {
        assertOneLineError(lab.inServer(conntrail("-i", "nosuch0", "tcp")),
                "conntrail: cannot capture on nosuch0: no such interface (conntrail -D lists the interfaces)");
    }

    @Test
    void badFilter_oneLineNamingInterfaceAndFilter_exit1() throws Exception {
        assertOneLineError(lab.inServer(conntrail("-i", lab.serverIf, "tcp", "and", "and")),
                "conntrail: cannot capture on " + lab.serverIf + ": bad filter \"tcp and and\": syntax error");
    }

    @Test
    void noCaptureRights_oneLineSayingWhatIsNeededAndHowToGrantIt_exit1() throws Exception {
        Child c = lab.inServerAs(List.of("--reuid=" + VethLab.NOBODY, "--regid=" + VethLab.NOBODY, "--clear-groups"),
                conntrail("-i", lab.serverIf, "tcp"));
        String line = assertOneLineError(c, null);
        assertTrue(line.startsWith("conntrail: cannot capture on " + lab.serverIf + ": permission denied: capturing needs "
                + "root or the CAP_NET_RAW capability (and CAP_NET_ADMIN for promiscuous mode); "), line);
        for (String way : List.of("sudo", "systemd unit (AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN)",
                "setpriv (--inh-caps=+net_raw,+net_admin --ambient-caps=+net_raw,+net_admin)", "docs/live-capture.md")) {
            assertTrue(line.contains(way), "does not mention " + way + ": " + line);
        }
    }

    @Test
    void noCaptureRights_unknownInterface_isStillReportedAsUnknown() throws Exception {
        Child c = lab.inServerAs(List.of("--reuid=" + VethLab.NOBODY, "--regid=" + VethLab.NOBODY, "--clear-groups"),
                conntrail("-i", "nosuch0", "tcp"));
        assertOneLineError(c, "conntrail: cannot capture on nosuch0: no such interface (conntrail -D lists the interfaces)");
    }

    /** Exit status 1 and exactly one line on stderr (equal to {@code expected} unless null); returns it. */
    private static String assertOneLineError(Child c, String expected) throws Exception {
        int status = c.awaitExit(READY);
        List<String> err = c.err.texts();
        assertEquals(1, status, "exit status; stderr: " + err);
        assertEquals(1, err.size(), "one line on stderr, not: " + err);
        assertTrue(c.out.texts().isEmpty(), "nothing on stdout: " + c.out.texts());
        if (expected != null) {
            assertEquals(expected, err.get(0));
        }
        return err.get(0);
    }

    // ---- rights ---------------------------------------------------------------------------------------------

    /**
     * {@code -Z nobody}: once the capture is open the process is nobody (real, effective, saved and file-system
     * uid, no capabilities), and still captures; {@code -c 3} ends it after the handshake, which is then
     * reported as still open.
     */
    @Test
    void relinquishPrivileges_processBecomesThatUser_andCaptureGoesOn() throws Exception {
        Child conntrail = lab.inServer(conntrail("-i", lab.serverIf, "-Z", "nobody", "--format", "json", "-c", "3",
                "tcp port " + VethLab.PORT));
        conntrail.awaitErr("listening on", READY);
        Map<String, String> status = procStatus(conntrail.pid());
        assertEquals(VethLab.NOBODY + "\t" + VethLab.NOBODY + "\t" + VethLab.NOBODY + "\t" + VethLab.NOBODY,
                status.get("Uid"), "uids after -Z nobody");
        assertTrue(!status.get("Gid").startsWith("0\t"), "gid still root: " + status.get("Gid"));
        assertEquals("0000000000000000", status.get("CapEff"), "capabilities left after -Z nobody");
        assertEquals("0000000000000000", status.get("CapPrm"), "capabilities left after -Z nobody");
        assertTrue(conntrail.err.texts().stream().noneMatch(l -> l.contains("running as root")), conntrail.err.texts().toString());

        TrafficRecord r = single();
        assertEquals(0, conntrail.awaitExit(EXIT), "exit status after -c 3; stderr: " + conntrail.err.texts());
        List<JsonEvent> events = events(conntrail);
        assertEquals(List.of("opened", "established", "closed"), kinds(events));
        assertEquals(r.tuple(), events.get(0).tuple());
        assertEquals("open_at_end", events.get(2).get("ended"), "-c stops with the connection still open");
        assertEquals(3, lastCaptureLine(conntrail.err.texts())[0], "packets captured with -c 3");
    }

    /**
     * The unprivileged way the docs and the systemd example give: an ordinary user with CAP_NET_RAW and
     * CAP_NET_ADMIN as ambient capabilities (what AmbientCapabilities= sets up) captures, and
     * {@code --duration} ends the run as a signal would.
     */
    @Test
    void unprivilegedUserWithAmbientCapabilities_captures_andDurationEndsTheRun() throws Exception {
        Child conntrail = lab.inServerAs(List.of("--reuid=" + VethLab.NOBODY, "--regid=" + VethLab.NOBODY,
                "--clear-groups", "--inh-caps=+net_raw,+net_admin", "--ambient-caps=+net_raw,+net_admin"),
                conntrail("-i", lab.serverIf, "--format", "json", "--duration", "4s", "tcp port " + VethLab.PORT));
        conntrail.awaitErr("listening on", READY);
        assertEquals(VethLab.NOBODY, procStatus(conntrail.pid()).get("Uid").split("\t")[0]);
        TrafficRecord r = single();
        assertEquals(0, conntrail.awaitExit(EXIT), "exit status after --duration; stderr: " + conntrail.err.texts());
        List<JsonEvent> events = events(conntrail);
        assertEquals(List.of("opened", "established", "closed"), kinds(events));
        assertEquals(r.tuple(), events.get(2).tuple());
        assertEquals("fin", events.get(2).get("ended"));
        assertEquals(r.origBytes(), events.get(2).number("orig_bytes"));
        assertEquals(r.respBytes(), events.get(2).number("resp_bytes"));
        assertEquals(0, lastCaptureLine(conntrail.err.texts())[2], "kernel drops");
    }

    /** One short connection from the client namespace; returns its record. */
    private static TrafficRecord single() throws Exception {
        Child client = lab.inClient(lab.java(GENERATOR, "client", VethLab.CLIENT_V4, VethLab.CLIENT_V6,
                VethLab.SERVER_V4, VethLab.SERVER_V6, Integer.toString(VethLab.PORT),
                Integer.toString(VethLab.CLOSED_PORT), "0", "single"));
        assertEquals(0, client.awaitExit(READY), "generator: " + client.err.texts());
        return client.out.texts().stream().filter(TrafficRecord::isRecord).map(TrafficRecord::parse).findFirst()
                .orElseThrow(() -> new AssertionError("no record from the generator: " + client.out.texts()));
    }

    private static Map<String, String> procStatus(long pid) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return fields;
    }

    private static List<String> kinds(List<JsonEvent> events) {
        List<String> out = new ArrayList<>();
        for (JsonEvent e : events) {
            out.add(e.get("event"));
        }
        return out;
    }

    private static void awaitEvents(Child conntrail, String kind, int count, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (conntrail.out.texts().stream().filter(l -> l.contains(kind)).count() < count) {
            if (System.nanoTime() > deadline) {
                fail("conntrail printed fewer than " + count + " " + kind + " events in " + limit);
            }
            conntrail.out.await(l -> false, Duration.ofMillis(20));
        }
    }

    private static long[] lastCaptureLine(List<String> err) {
        long[] last = null;
        for (String line : err) {
            Matcher m = CAPTURE_LINE.matcher(line);
            if (m.find()) {
                last = new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4))};
            }
        }
        if (last == null) {
            fail("no capture statistics at exit: " + err);
        }
        return last;
    }

    private static List<JsonEvent> events(Child conntrail) {
        List<JsonEvent> out = new ArrayList<>();
        for (Lines.Line l : conntrail.out.all()) {
            out.add(JsonEvent.parse(l));
        }
        return out;
    }

    /** conntrail's events for one connection (one uid). */
    private static final class Seen {
        JsonEvent opened;
        JsonEvent established;
        JsonEvent closed;
        final List<String> order = new ArrayList<>();
    }

    /** The record-by-record comparison, the per-scenario table and the latencies. */
    private static final class Comparison {
        final List<String> problems = new ArrayList<>();
        final Map<String, int[]> counts = new LinkedHashMap<>(); // scenario -> conns, reported, ended ok, bytes ok
        final Map<String, List<Double>> latencies = new LinkedHashMap<>();

        double latencyMillis(String scenario, double quantile) {
            List<Double> l = new ArrayList<>(latencies.getOrDefault(scenario, List.of()));
            if (l.isEmpty()) {
                return Double.NaN;
            }
            Collections.sort(l);
            return l.get((int) Math.min(l.size() - 1, Math.floor(quantile * (l.size() - 1) + 0.5)));
        }

        String table() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                    "%n%-13s %6s %9s %9s %9s %16s %13s%n", "scenario", "conns", "reported", "ended ok", "bytes ok",
                    "latency median", "latency max"));
            for (Map.Entry<String, int[]> e : counts.entrySet()) {
                int[] n = e.getValue();
                b.append(String.format(Locale.ROOT, "%-13s %6d %9d %9d %9d %16s %13s%n", e.getKey(), n[0], n[1], n[2],
                        n[3], millis(latencyMillis(e.getKey(), 0.5)), millis(latencyMillis(e.getKey(), 1.0))));
            }
            for (String burst : List.of("cold-burst", "parallel")) {
                b.append(String.format(Locale.ROOT, "latency from connect() returning to the established event on "
                        + "conntrail's output, %s (%d connections opened at once): median %s, max %s%n", burst,
                        latencies.getOrDefault(burst, List.of()).size(), millis(latencyMillis(burst, 0.5)),
                        millis(latencyMillis(burst, 1.0))));
            }
            if (latencies.values().stream().flatMap(List::stream).anyMatch(ms -> ms < 0)) {
                b.append(String.format(Locale.ROOT, "(a negative latency: the established event was read before the "
                        + "generator, back from connect(), read its clock)%n"));
            }
            return b.toString();
        }

        private static String millis(double ms) {
            return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.2f ms", ms);
        }
    }

    private static Comparison compare(List<TrafficRecord> done, List<JsonEvent> events) {
        Comparison c = new Comparison();
        // conntrail's connections by tuple, in the order they opened (a reused port has two)
        Map<String, Seen> byUid = new LinkedHashMap<>();
        Map<String, Deque<Seen>> byTuple = new LinkedHashMap<>();
        for (JsonEvent e : events) {
            Seen s = byUid.computeIfAbsent(e.get("uid"), u -> new Seen());
            String kind = e.get("event");
            s.order.add(kind);
            switch (kind) {
                case "opened":
                    s.opened = e;
                    byTuple.computeIfAbsent(e.tuple(), t -> new ArrayDeque<>()).add(s);
                    break;
                case "established":
                    s.established = e;
                    break;
                case "closed":
                    s.closed = e;
                    break;
                default:
                    break;
            }
            if ("false".equals(e.get("counts_exact"))) {
                c.problems.add("counts marked inexact: " + e.fields);
            }
        }
        for (TrafficRecord r : done) {
            int[] n = c.counts.computeIfAbsent(r.scenario(), k -> new int[4]);
            n[0]++;
            Deque<Seen> candidates = byTuple.get(r.tuple());
            Seen s = candidates == null ? null : candidates.poll();
            if (s == null) {
                c.problems.add(r.scenario() + " " + r.tuple() + ": no connection reported");
                continue;
            }
            n[1]++;
            boolean handshake = !r.ended().equals("refused");
            List<String> expectedOrder = handshake ? List.of("opened", "established", "closed") : List.of("opened", "closed");
            if (!s.order.equals(expectedOrder)) {
                c.problems.add(r.scenario() + " " + r.tuple() + ": events " + s.order + ", expected " + expectedOrder);
            }
            if (s.closed != null && r.ended().equals(s.closed.get("ended"))) {
                n[2]++;
            } else {
                c.problems.add(r.scenario() + " " + r.tuple() + ": ended " + (s.closed == null ? "never" : s.closed.get("ended"))
                        + ", expected " + r.ended());
            }
            if (s.closed != null && s.closed.number("orig_bytes") == r.origBytes()
                    && s.closed.number("resp_bytes") == r.respBytes()) {
                n[3]++;
            } else if (s.closed != null) {
                c.problems.add(r.scenario() + " " + r.tuple() + ": bytes " + s.closed.get("orig_bytes") + "/"
                        + s.closed.get("resp_bytes") + ", expected " + r.origBytes() + "/" + r.respBytes());
            }
            // Can come out slightly negative: the handshake's last ACK leaves (and is captured and reported)
            // before connect() returns and the generator reads the clock.
            if (handshake && s.established != null) {
                c.latencies.computeIfAbsent(r.scenario(), k -> new ArrayList<>())
                        .add((s.established.arrivedNanos - r.connectedNanos()) / 1e6);
            }
        }
        int extra = 0;
        for (Deque<Seen> left : byTuple.values()) {
            extra += left.size();
        }
        if (extra > 0) {
            c.problems.add(extra + " connections reported that the generator did not make");
        }
        return c;
    }
}
