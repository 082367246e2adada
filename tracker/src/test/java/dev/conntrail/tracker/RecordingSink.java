package dev.conntrail.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.conntrail.tracker.event.Closed;
import dev.conntrail.tracker.event.ConnectionEvent;
import dev.conntrail.tracker.event.Established;
import dev.conntrail.tracker.event.EventSink;
import dev.conntrail.tracker.event.Opened;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Collects events and enforces the lifecycle as they arrive: every connection's first event is
 * {@code opened}, nothing follows its {@code closed}, and at most one {@code established} comes between.
 */
public final class RecordingSink implements EventSink {
    private final List<ConnectionEvent> events = new ArrayList<>();
    private final Map<String, String> lastKind = new HashMap<>();
    private final Set<String> established = new HashSet<>();

    @Override
    public void accept(ConnectionEvent e) {
        String uid = e.connection().uid();
        String previous = lastKind.get(uid);
        if (e instanceof Opened) {
            if (previous != null) {
                fail("second opened for " + uid + ": " + e);
            }
        } else if (previous == null) {
            fail(e.kind() + " before opened for " + uid + ": " + e);
        } else if (previous.equals("closed")) {
            fail(e.kind() + " after closed for " + uid + ": " + e);
        }
        if (e instanceof Established && !established.add(uid)) {
            fail("second established for " + uid);
        }
        lastKind.put(uid, e.kind());
        events.add(e);
    }

    public List<ConnectionEvent> events() {
        return events;
    }

    public List<String> kinds() {
        return events.stream().map(ConnectionEvent::kind).collect(Collectors.toList());
    }

    public List<Closed> closed() {
        return events.stream().filter(e -> e instanceof Closed).map(e -> (Closed) e).collect(Collectors.toList());
    }

    /** The only closed event; fails unless there is exactly one. */
    public Closed onlyClosed() {
        List<Closed> c = closed();
        assertEquals(1, c.size(), "closed events: " + c);
        return c.get(0);
    }

    /** Every opened connection was closed (call after {@code finish()}). */
    public void assertAllClosed() {
        for (Map.Entry<String, String> e : lastKind.entrySet()) {
            assertEquals("closed", e.getValue(), "connection " + e.getKey() + " never closed");
        }
    }
}
