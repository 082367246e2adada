package dev.conntrail.cli.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conntrail.cli.output.Annotations;
import dev.conntrail.cli.output.JsonLinesPrinter;
import dev.conntrail.cli.output.TextPrinter;
import dev.conntrail.tracker.ConnectionTracker;
import dev.conntrail.tracker.Conversation;
import dev.conntrail.tracker.TrackerConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How {@code -P} holds and annotates events: a resolver the test answers by hand, a clock it moves. */
class ProcessAnnotatorTest {
    static final ProcessOwner CURL = new ProcessOwner(4242, "curl", 1000, "alice", "curl -s http://x/", null);
    static final ProcessOwner NODE = new ProcessOwner(34093, "node", 1001, "bob", "node server.js", null);
    static final long WAIT = ProcessAnnotator.OPENED_WAIT_NANOS;

    /** Keeps what it is given; the test answers. */
    static final class ManualResolver implements Resolver {
        final List<Lookup> lookups = new ArrayList<>();
        boolean full;
        boolean closed;

        @Override
        public boolean submit(Lookup lookup) {
            if (full) {
                return false;
            }
            lookups.add(lookup);
            return true;
        }

        @Override
        public void close() {
            closed = true;
        }

        Lookup last() {
            return lookups.get(lookups.size() - 1);
        }
    }

    final AtomicLong clock = new AtomicLong(5_000_000_000L);
    final ManualResolver resolver = new ManualResolver();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ProcessAnnotator json = new ProcessAnnotator(resolver, clock::get, WAIT, Annotations.NONE,
            a -> new JsonLinesPrinter(out, true, a));
    final ConnectionTracker tracker = new ConnectionTracker(TrackerConfig.defaults(), json);

    Conversation conversation(int clientPort) {
        return new Conversation(tracker::accept, "127.0.0.1", clientPort, "127.0.0.1", 5173);
    }

    List<String> lines() {
        String s = out.toString(StandardCharsets.UTF_8);
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\n"));
    }

    @Test
    void opened_isHeldUntilItsAnswer() {
        Conversation c = conversation(51234);
        c.client().syn();
        assertEquals(List.of(), lines(), "held: the resolver has not answered");
        resolver.last().complete(new Owners(CURL, NODE));
        json.flush();
        assertEquals(1, lines().size());
        assertTrue(lines().get(0).contains("\"orig_process\":{\"pid\":4242,\"command\":\"curl\",\"user\":\"alice\","
                + "\"uid\":1000,\"cmdline\":\"curl -s http://x/\"}"), lines().get(0));
        assertTrue(lines().get(0).contains("\"resp_process\":{\"pid\":34093,\"command\":\"node\""), lines().get(0));
    }

    @Test
    void opened_pastItsWait_saysPending_andLaterEventsCarryTheAnswer() {
        Conversation c = conversation(51234);
        c.client().syn();
        clock.addAndGet(WAIT);
        json.flush();
        assertTrue(lines().get(0).contains("\"orig_process\":{\"unknown\":\"pending\"}"), lines().get(0));
        resolver.last().complete(new Owners(CURL, Unknown.NOT_LOCAL));
        c.server().synAck();
        c.client().ack();
        String established = lines().get(1);
        assertTrue(established.contains("\"event\":\"established\""), established);
        assertTrue(established.contains("\"orig_process\":{\"pid\":4242"), established);
        assertTrue(established.contains("\"resp_process\":{\"unknown\":\"not_local\"}"), established);
    }

    @Test
    void eventsBehindAHeldOpened_waitWithIt_soTheOrderStays() {
        Conversation a = conversation(51234);
        Conversation b = conversation(51235);
        a.client().syn();
        Lookup first = resolver.last();
        b.client().syn();
        resolver.last().complete(new Owners(CURL, NODE));
        json.flush();
        assertEquals(List.of(), lines());
        first.complete(new Owners(CURL, NODE));
        json.flush();
        assertEquals(2, lines().size());
        assertTrue(lines().get(0).contains(":51234") || lines().get(0).contains("\"id.orig_p\":51234"), lines().get(0));
    }

    @Test
    void closed_carriesTheAnswer_andTheAnswerIsForgotten() {
        Conversation c = conversation(51234);
        c.client().syn();
        resolver.last().complete(new Owners(CURL, NODE));
        c.server().synAck();
        c.client().ack();
        c.client().fin();
        c.server().fin();
        c.client().ack();
        json.finish();
        String closed = lines().get(lines().size() - 1);
        assertTrue(closed.contains("\"event\":\"closed\""), closed);
        assertTrue(closed.contains("\"resp_process\":{\"pid\":34093"), closed);
        assertEquals(0, json.remembered());
        assertTrue(resolver.closed);
    }

    @Test
    void fullQueue_answersOverloaded_withoutHolding() {
        resolver.full = true;
        conversation(51234).client().syn();
        assertEquals(1, lines().size());
        assertTrue(lines().get(0).contains("\"orig_process\":{\"unknown\":\"overloaded\"}"), lines().get(0));
    }

    @Test
    void text_showsLsofColumns_andQuestionMarks() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ProcessAnnotator p = new ProcessAnnotator(resolver, clock::get, WAIT, Annotations.NONE,
                a -> new TextPrinter(text, true, ZoneOffset.UTC, a));
        ConnectionTracker t = new ConnectionTracker(TrackerConfig.defaults(), p);
        new Conversation(t::accept, "127.0.0.1", 51234, "127.0.0.1", 5173).client().syn();
        resolver.last().complete(new Owners(CURL, Unknown.GONE));
        p.flush();
        String line = text.toString(StandardCharsets.UTF_8);
        assertTrue(line.endsWith("127.0.0.1:51234 -> 127.0.0.1:5173               procs curl 4242 alice -> ? (gone)\n"),
                line);
    }

    @Test
    void containerProcess_textShowsItsCgroupsLastPart() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ProcessAnnotator p = new ProcessAnnotator(resolver, clock::get, WAIT, Annotations.NONE,
                a -> new TextPrinter(text, true, ZoneOffset.UTC, a));
        ConnectionTracker t = new ConnectionTracker(TrackerConfig.defaults(), p);
        new Conversation(t::accept, "10.0.0.5", 44000, "172.17.0.2", 80).client().syn();
        ProcessOwner nginx = new ProcessOwner(812, "nginx", 0, "root", "nginx: master", "/system.slice/docker-ab12.scope");
        resolver.last().complete(new Owners(CURL, nginx));
        p.flush();
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("-> nginx 812 root [docker-ab12.scope]"), text.toString());
    }
}
