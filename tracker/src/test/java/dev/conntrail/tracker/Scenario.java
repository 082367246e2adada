package dev.conntrail.tracker;

import dev.conntrail.tracker.event.Closed;
import dev.conntrail.tracker.event.Connection;
import dev.conntrail.tracker.event.ConnectionEvent;
import java.util.List;

/** A tracker, the sink recording its events, and one conversation feeding it: the unit of a scenario test. */
public final class Scenario {
    public final RecordingSink sink = new RecordingSink();
    public final ConnectionTracker tracker;
    public final Conversation conv;

    public Scenario() {
        this(TrackerConfig.defaults());
    }

    public Scenario(TrackerConfig config) {
        this.tracker = new ConnectionTracker(config, sink);
        this.conv = Conversation.ipv4(tracker::accept);
    }

    public Conversation.Side client() {
        return conv.client();
    }

    public Conversation.Side server() {
        return conv.server();
    }

    /** Ends the capture and returns every event. */
    public List<ConnectionEvent> finish() {
        tracker.finish();
        sink.assertAllClosed();
        return sink.events();
    }

    /** Ends the capture and returns the only connection's closed event. */
    public Closed finishOne() {
        finish();
        return sink.onlyClosed();
    }

    /** The three-way handshake. */
    public Scenario handshake() {
        client().syn();
        server().synAck();
        client().ack();
        return this;
    }

    /** The latest snapshot of the only open connection. */
    public Connection open() {
        List<Connection> open = tracker.openConnections();
        if (open.size() != 1) {
            throw new AssertionError("open connections: " + open);
        }
        return open.get(0);
    }
}
