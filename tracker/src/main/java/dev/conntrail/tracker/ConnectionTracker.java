package dev.conntrail.tracker;

import static dev.conntrail.tracker.ConnectionStore.DF_ACK_KNOWN;
import static dev.conntrail.tracker.ConnectionStore.DF_DID_CLOSE;
import static dev.conntrail.tracker.ConnectionStore.DF_FIN;
import static dev.conntrail.tracker.ConnectionStore.DF_FINGERPRINT;
import static dev.conntrail.tracker.ConnectionStore.DF_FIN_ACKED;
import static dev.conntrail.tracker.ConnectionStore.DF_HOLE;
import static dev.conntrail.tracker.ConnectionStore.DF_HOLE_UNCAPTURED;
import static dev.conntrail.tracker.ConnectionStore.DF_RST;
import static dev.conntrail.tracker.ConnectionStore.DF_SENT;
import static dev.conntrail.tracker.ConnectionStore.DF_SEQ_KNOWN;
import static dev.conntrail.tracker.ConnectionStore.DF_SYN;
import static dev.conntrail.tracker.ConnectionStore.DF_SYN_ACK;
import static dev.conntrail.tracker.ConnectionStore.DF_WIN_KNOWN;
import static dev.conntrail.tracker.ConnectionStore.DF_WSCALE;
import static dev.conntrail.tracker.ConnectionStore.END_FIN;
import static dev.conntrail.tracker.ConnectionStore.END_NONE;
import static dev.conntrail.tracker.ConnectionStore.END_REFUSED;
import static dev.conntrail.tracker.ConnectionStore.END_RST_ORIG;
import static dev.conntrail.tracker.ConnectionStore.END_RST_RESP;
import static dev.conntrail.tracker.ConnectionStore.F_CLOSED;
import static dev.conntrail.tracker.ConnectionStore.F_CLOSED_REPORTED;
import static dev.conntrail.tracker.ConnectionStore.F_ESTABLISHED_REPORTED;
import static dev.conntrail.tracker.ConnectionStore.F_WSCALE_OK;
import static dev.conntrail.tracker.ConnectionStore.NIL;
import static dev.conntrail.tracker.ConnectionStore.ORIG;
import static dev.conntrail.tracker.ConnectionStore.RESP;

import dev.conntrail.tracker.event.Anomaly;
import dev.conntrail.tracker.event.CloseReason;
import dev.conntrail.tracker.event.Closed;
import dev.conntrail.tracker.event.Connection;
import dev.conntrail.tracker.event.Established;
import dev.conntrail.tracker.event.EventSink;
import dev.conntrail.tracker.event.FourTuple;
import dev.conntrail.tracker.event.OpenKind;
import dev.conntrail.tracker.event.Opened;
import dev.conntrail.tracker.event.Side;
import dev.conntrail.tracker.event.Updated;
import dev.conntrail.tracker.segment.ChecksumStatus;
import dev.conntrail.tracker.segment.IpAddress;
import dev.conntrail.tracker.segment.TcpFlags;
import dev.conntrail.tracker.segment.TcpSegment;
import dev.conntrail.tracker.seq.Seq;
import dev.conntrail.tracker.state.Direction;
import dev.conntrail.tracker.state.SegmentKind;
import dev.conntrail.tracker.state.TcpState;
import dev.conntrail.tracker.state.Transition;
import dev.conntrail.tracker.state.TransitionTable;
import dev.conntrail.tracker.state.Verdict;
import dev.conntrail.tracker.zeek.ZeekEndpointState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Feeds TCP segments into the state machine of the connection their 4-tuple names and emits connection
 * events as they happen.
 *
 * <p>Pure and clock-free: time comes only from segment timestamps (and {@link #advanceTo} for a live
 * capture that has gone quiet), so replaying a capture always gives the same events. Not thread-safe: one
 * thread feeds it.
 *
 * <p>Each segment goes through these steps, in order: find its connection (or start one, deciding who is
 * the originator); count it; the Zeek rules (sequence bookkeeping, history letters, endpoint states); the
 * RFC 9293 state machine ({@link TransitionTable}, once for the sender and once for the receiver) followed
 * by the named special cases; window and gap tracking; then the connection-level events and its timeout.
 *
 * <p>Who is the originator: the sender of the first SYN. A connection first seen through the responder's
 * SYN-ACK keeps the SYN-ACK's sender as nominal originator only until any further packet confirms the
 * exchange; then the roles flip (Zeek's {@code ^h}); a lone SYN-ACK, as stealth-scan backscatter produces,
 * keeps it. A connection picked up without a SYN takes the side on a likely server port as responder
 * (if both ports are, the lower one, unless the first packet is a SYN-ACK); otherwise the first packet's
 * sender is the originator.
 */
public final class ConnectionTracker {
    /** Why a connection leaves the table without a close having been observed. */
    private enum Removal { TIMEOUT, END, EVICT, REUSE, CLOSE }

    private final TrackerConfig config;
    private final EventSink sink;
    private final ConnectionStore store;
    private final TimerWheel wheel;
    private final ZeekRules zeek;

    private long ordinal;
    private long now = Long.MIN_VALUE;
    private long nextUpdate = Long.MIN_VALUE;
    private final long updateNanos;

    private long segments;
    private long connections;
    private long peakOpen;
    private long evictions;
    private long segmentsAfterClose;
    private final long[] closedBy = new long[CloseReason.values().length];
    private final long[] anomalies = new long[Anomaly.values().length];

    public ConnectionTracker(TrackerConfig config, EventSink sink) {
        this.config = config;
        this.sink = sink;
        long[] timeoutNanos = new long[TimeoutClass.VALUES.length];
        for (TimeoutClass c : TimeoutClass.VALUES) {
            timeoutNanos[c.ordinal()] = config.timeouts().of(c).toNanos();
        }
        this.store = new ConnectionStore(config.vlanAware(), timeoutNanos, config.timeouts().attemptFromFirstSyn());
        this.wheel = new TimerWheel(store);
        this.zeek = new ZeekRules(store);
        this.updateNanos = config.updateInterval().toNanos();
    }

    // ---- public API -------------------------------------------------------------------------------------------

    /** Processes one segment. The segment is only read during the call. */
    public void accept(TcpSegment s) {
        advanceTo(s.timeNanos());
        segments++;
        int found = store.find(s);
        int c = found == NIL ? NIL : found >>> 1;
        int dir = found & 1;
        if (c != NIL) {
            long deadline = store.deadline(c); // Long.MAX_VALUE when it is on no timer
            if (deadline <= s.timeNanos()) {
                // its deadline passed within the tick the wheel has not swept yet: it is over before this segment
                retire(c, Removal.TIMEOUT, deadline);
                c = NIL;
            }
        }
        if (c != NIL) {
            if (startsNewIncarnation(c, dir, s)) {
                retire(c, Removal.REUSE, s.timeNanos());
                c = NIL;
            }
        }
        if (c == NIL) {
            int opened = open(s);
            c = opened >>> 1;
            dir = opened & 1;
            process(c, dir, s);
            emitOpened(c, s.timeNanos());
        } else {
            if (store.flag(c, F_CLOSED_REPORTED)) {
                segmentsAfterClose++;
            }
            process(c, dir, s);
        }
        afterSegment(c, s.timeNanos());
    }

    /**
     * For a caller that holds the segments to come (a file's run, where they wait in a ring): warms the
     * caches for {@code later}, whose turn is some segments away, by loading its index entry. Call
     * {@link #warmRecord} for it about as many segments later again. Changes nothing the tracker reports.
     */
    public void warmIndex(TcpSegment later) {
        store.warmIndex(later);
    }

    /** The second step of {@link #warmIndex}: loads the record of a connection whose segment comes soon. */
    public void warmRecord(TcpSegment soon) {
        store.warmRecord(soon);
    }

    /**
     * Moves packet time forward without a segment (a live capture that has gone quiet): expires what is
     * due and emits periodic updates. Time never moves backwards.
     */
    public void advanceTo(long nanos) {
        if (nanos > now) {
            now = nanos;
        }
        expireDue(now);
        if (updateNanos > 0) {
            if (nextUpdate == Long.MIN_VALUE) {
                nextUpdate = now + updateNanos;
            }
            while (now >= nextUpdate) {
                emitUpdates(nextUpdate);
                nextUpdate += updateNanos;
            }
        }
    }

    /**
     * Ends the run: every connection still in the table is reported closed, oldest first: as timed out if
     * its deadline has come, else as still open at the end (unless its close was already seen).
     */
    public void finish() {
        long t = now == Long.MIN_VALUE ? 0 : now;
        List<Integer> remaining = liveSlotsByOrdinal();
        for (int c : remaining) {
            long deadline = store.deadline(c);
            if (deadline <= t) {
                retire(c, Removal.TIMEOUT, deadline); // due within the tick the wheel had not swept yet
            } else {
                retire(c, Removal.END, t);
            }
        }
    }

    public TrackerStats stats() {
        return TrackerStats.of(segments, connections, store.live(), peakOpen, closedBy, evictions,
                segmentsAfterClose, anomalies, store.footprintBytes());
    }

    /** Snapshots of every connection in the table that has not been reported closed, oldest first. */
    public List<Connection> openConnections() {
        List<Connection> out = new ArrayList<>();
        for (int c : liveSlotsByOrdinal()) {
            if (!store.flag(c, F_CLOSED_REPORTED)) {
                out.add(snapshot(c));
            }
        }
        return out;
    }

    // ---- finding and starting connections ---------------------------------------------------------------------

    /**
     * A SYN on a 4-tuple whose connection is over, or a SYN from the originator with another initial
     * sequence number, starts a new incarnation (RFC 9293 section 3.6.1, Zeek's IsReuse). A plain SYN from
     * the responder while the originator's SYN is pending is a simultaneous open, not a new connection.
     */
    private boolean startsNewIncarnation(int c, int dir, TcpSegment s) {
        if (!s.has(TcpFlags.SYN)) {
            return false;
        }
        boolean closing = store.flag(c, F_CLOSED) || store.dirFlag(c, ORIG, DF_DID_CLOSE)
                || store.dirFlag(c, RESP, DF_DID_CLOSE);
        if (s.has(TcpFlags.ACK)) {
            // a SYN-ACK starts over only a connection that is over, unless it repeats the old SYN-ACK
            return closing && !(store.dirFlag(c, dir, DF_SYN_ACK) && s.seq() == store.base(c, dir));
        }
        if (closing) {
            return true;
        }
        if (dir == ORIG) {
            if (!store.dirFlag(c, ORIG, DF_SEQ_KNOWN)) {
                return false;
            }
            if (s.seq() == store.base(c, ORIG)) {
                return false; // the same SYN again
            }
            // the SYN / SYN-ACK reversal Zeek recognises: not a new connection
            return !(store.zeekState(c, ORIG) == ZeekEndpointState.SYN_ACK_SENT
                    && store.zeekState(c, RESP) == ZeekEndpointState.INACTIVE && s.seq() == store.base(c, RESP));
        }
        // from the responder
        if (store.rfcState(c, ORIG) == TcpState.SYN_SENT && !store.dirFlag(c, RESP, DF_SENT)) {
            return false; // simultaneous open
        }
        if (store.dirFlag(c, RESP, DF_SYN) && s.seq() == store.base(c, RESP)) {
            return false; // its simultaneous-open SYN again
        }
        return true; // the other side opens a new connection on the same 4-tuple
    }

    /** Starts a connection for the segment; returns {@code slot << 1 | direction}, as {@link ConnectionStore#find} does. */
    private int open(TcpSegment s) {
        if (store.live() >= config.maxConnections()) {
            evictOne(s.timeNanos());
        }
        boolean syn = s.has(TcpFlags.SYN);
        boolean ack = s.has(TcpFlags.ACK);
        boolean senderIsOrig = true;
        if (!(syn && !ack)) {
            boolean srcServer = config.serverPorts().get(s.srcPort());
            boolean dstServer = config.serverPorts().get(s.dstPort());
            if (srcServer && !dstServer) {
                senderIsOrig = false;
            } else if (srcServer) {
                senderIsOrig = !(!syn && s.srcPort() < s.dstPort());
            }
        }
        int c = store.create(s, senderIsOrig, ++ordinal);
        connections++;
        if (!senderIsOrig) {
            store.appendHistory(c, '^'); // Zeek marks a flip at creation too
        }
        store.setFirstTs(c, s.timeNanos());
        store.setLastTs(c, s.timeNanos());
        int sender = senderIsOrig ? ORIG : RESP;
        int receiver = 1 - sender;
        OpenKind kind = syn && !ack ? OpenKind.SYN : syn ? OpenKind.SYN_ACK : OpenKind.MID_STREAM;
        store.setOpenKind(c, kind);
        if (kind == OpenKind.SYN_ACK) {
            // special case "SYN not captured": the SYN-ACK's receiver must have sent the SYN it answers
            store.setRfcState(c, receiver, TcpState.SYN_SENT);
        } else if (kind == OpenKind.MID_STREAM) {
            // special case "picked up mid-stream": both ends are taken as synchronized (netfilter's loose mode)
            store.setRfcState(c, ORIG, TcpState.ESTABLISHED);
            store.setRfcState(c, RESP, TcpState.ESTABLISHED);
        }
        peakOpen = Math.max(peakOpen, store.live());
        return c << 1 | sender;
    }

    // ---- one segment ------------------------------------------------------------------------------------------

    private void process(int c, int dir, TcpSegment s) {
        boolean syn = s.has(TcpFlags.SYN);
        boolean fin = s.has(TcpFlags.FIN);
        boolean rst = s.has(TcpFlags.RST);
        boolean ack = s.has(TcpFlags.ACK);
        int len = s.payloadLength();

        // Zeek's SYN-ACK-first flip: a history of exactly "H" followed by any ACK or data
        if (!syn && !fin && !rst && (ack || len > 0) && store.historyLength(c) == 1 && store.firstHistoryLetter(c) == 'H') {
            store.flip(c);
            store.rewriteHistory(c, "^h");
            dir = 1 - dir;
        }
        int peer = 1 - dir;

        store.countSegment(c, dir, s.ipLength());
        flagAnomalies(c, syn, fin, rst, ack, len);
        if (s.checksum() == ChecksumStatus.BAD) {
            anomaly(c, Anomaly.BAD_CHECKSUM);
            zeek.scaled(c, dir, 'C', store.incBadChecksums(c, dir));
        }

        // RFC 5961: a RST is obeyed only when its sequence number is in the window (judged before this
        // segment touches any bookkeeping)
        boolean rstAccepted = true;
        if (rst) {
            if (rejectsStrayAck(c, dir, s)) {
                rstAccepted = false; // aimed at the peer's stale state, not an abort of this connection
            } else if (!rstInWindow(c, dir, s)) {
                rstAccepted = false;
                anomaly(c, Anomaly.RST_OUT_OF_WINDOW);
            }
        }

        int endBefore = store.end(c, dir);
        boolean knownBefore = store.dirFlag(c, dir, DF_SEQ_KNOWN);
        int seqEnd = s.seq() + ZeekRules.segmentLength(s);
        int baseBefore = store.base(c, dir);
        zeek.initEndpoint(c, dir, s, seqEnd);
        boolean fresh = !knownBefore || store.base(c, dir) != baseBefore; // a new sequence space starts here
        if (syn && knownBefore && store.dirFlag(c, dir, DF_SYN) && s.seq() != baseBefore) {
            anomaly(c, Anomaly.SYN_ISN_CHANGED);
        }
        classify(c, dir, s, seqEnd, endBefore, fresh);
        zeek.history(c, dir, s);
        if (zeek.zeroWindow(c, dir, s)) {
            zeek.scaled(c, dir, 'W', store.incZeroWindows(c, dir));
        }
        if (!(store.dirFlag(c, dir, DF_DID_CLOSE) && store.dirFlag(c, peer, DF_DID_CLOSE))
                && s.timeNanos() > store.lastTs(c)) {
            store.setLastTs(c, s.timeNanos()); // a capture whose clock steps back does not shorten a connection
        }
        if (syn) {
            synOptions(c, dir, s, ack);
        }
        if (fin) {
            store.setDirFlag(c, dir, DF_FIN);
        }
        if (ack) {
            checkAcknowledgement(c, dir, s, fin, rst);
            zeek.acknowledgement(c, dir, s);
        }
        if (zeek.lastSeq(c, dir, s, seqEnd)) {
            zeek.scaled(c, dir, 'T', store.incZeekRetransmits(c, dir));
        }
        checkWindow(c, dir, s, seqEnd, endBefore);

        TcpState origBefore = store.rfcState(c, ORIG);
        if (rstAccepted) {
            rfc(c, dir, s);
        }
        if (rst && rstAccepted) {
            store.setDirFlag(c, dir, DF_RST);
            if (store.dirFlag(c, ORIG, DF_FIN) && store.dirFlag(c, RESP, DF_FIN)) {
                store.setEndCause(c, END_FIN); // both FINs were exchanged: the RST only cut the last ACK short
            } else if (store.endCause(c) == END_NONE) {
                boolean refused = dir == RESP && origBefore == TcpState.SYN_SENT && !store.dirFlag(c, RESP, DF_SYN_ACK);
                store.setEndCause(c, refused ? END_REFUSED : dir == ORIG ? END_RST_ORIG : END_RST_RESP);
            }
        }
        if (syn && !ack) {
            store.setDirFlag(c, dir, DF_SYN);
        } else if (syn) {
            store.setDirFlag(c, dir, DF_SYN | DF_SYN_ACK);
        }
        store.setDirFlag(c, dir, DF_SENT);
        updateWindow(c, dir, s, seqEnd);

        int control = s.flags() & (rstAccepted ? ~0 : ~TcpFlags.RST);
        if (zeek.stateMachine(c, dir, s, control)) {
            store.flip(c);
            store.appendHistory(c, '^');
        }
    }

    private void flagAnomalies(int c, boolean syn, boolean fin, boolean rst, boolean ack, int len) {
        if (syn && fin) {
            anomaly(c, Anomaly.SYN_WITH_FIN);
        }
        if (syn && rst) {
            anomaly(c, Anomaly.SYN_WITH_RST);
        }
        if (fin && rst) {
            anomaly(c, Anomaly.FIN_WITH_RST);
        }
        if (!syn && !fin && !rst && !ack) {
            anomaly(c, Anomaly.NO_FLAGS);
        }
        if (syn && len > 0) {
            anomaly(c, Anomaly.SYN_WITH_DATA);
        }
    }

    /**
     * Tells retransmissions, exact duplicates and reordering apart, for segments that occupy sequence
     * space, against what the sender had sent before this one; and notes a hole when data jumps ahead.
     */
    private void classify(int c, int dir, TcpSegment s, int seqEnd, int endBefore, boolean fresh) {
        int fp = fingerprint(s);
        boolean duplicate = store.dirFlag(c, dir, DF_FINGERPRINT) && store.fingerprint(c, dir) == fp;
        store.setFingerprint(c, dir, fp);
        store.setDirFlag(c, dir, DF_FINGERPRINT);
        if (duplicate) {
            store.incDuplicates(c, dir);
            return;
        }
        if (s.has(TcpFlags.RST) || seqEnd == s.seq()) {
            return;
        }
        boolean advances = fresh || Seq.after(seqEnd, endBefore);
        if (!fresh && !advances) {
            if (store.dirFlag(c, dir, DF_HOLE) && !store.dirFlag(c, dir, DF_HOLE_UNCAPTURED)
                    && Seq.before(s.seq(), store.holeEnd(c, dir)) && Seq.after(seqEnd, store.holeStart(c, dir))) {
                store.incReordered(c, dir);
                fillHole(c, dir, s.seq(), seqEnd);
            } else {
                store.incRetransmits(c, dir);
            }
            return;
        }
        if (!fresh && Seq.after(s.seq(), endBefore) && !store.dirFlag(c, dir, DF_HOLE)) {
            store.setHole(c, dir, endBefore, s.seq());
            store.setDirFlag(c, dir, DF_HOLE);
        }
        if (s.capturedPayloadLength() < s.payloadLength() && config.timeouts().zeekRules()) {
            uncaptured(c, dir, s.seq() + (s.has(TcpFlags.SYN) ? 1 : 0), s.payloadLength());
        }
    }

    /**
     * Under Zeek's rules, new data whose payload the snap length cut off: the bytes went by but their content
     * was not captured, so, as Zeek's reassembler does, they count as missed once the peer acknowledges them.
     * Kept as a hole (extended while such segments follow each other, as in a header-only capture). conntrail's
     * own rules count as missed only what the capture never saw at all: a small snap length is its default.
     */
    private void uncaptured(int c, int dir, int from, int length) {
        int to = from + length;
        if (!store.dirFlag(c, dir, DF_HOLE)) {
            store.setHole(c, dir, from, to);
            store.setDirFlag(c, dir, DF_HOLE | DF_HOLE_UNCAPTURED);
        } else if (store.dirFlag(c, dir, DF_HOLE_UNCAPTURED) && store.holeEnd(c, dir) == from) {
            store.setHole(c, dir, store.holeStart(c, dir), to);
        }
    }

    private void fillHole(int c, int dir, int from, int to) {
        int hs = store.holeStart(c, dir);
        int he = store.holeEnd(c, dir);
        if (Seq.atOrBefore(from, hs)) {
            hs = Seq.min(to, he);
        } else if (Seq.atOrAfter(to, he)) {
            he = from;
        }
        if (Seq.atOrAfter(hs, he)) {
            store.clearDirFlag(c, dir, DF_HOLE | DF_HOLE_UNCAPTURED);
        } else {
            store.setHole(c, dir, hs, he);
        }
    }

    /** A 32-bit digest of what makes a segment unique on the wire; equal digests in a row are a duplicate. */
    private static int fingerprint(TcpSegment s) {
        long h = s.seq() * 0x9E37_79B9_7F4A_7C15L;
        h ^= (s.ack() & 0xFFFF_FFFFL) * 0xC2B2_AE3D_27D4_EB4FL;
        h ^= ((long) s.flags() << 48) ^ ((long) s.window() << 32) ^ ((long) s.payloadLength() << 16) ^ s.ipId();
        h ^= (s.tsVal() & 0xFFFF_FFFFL) * 0x1656_67B1_9E37_79F9L;
        h ^= h >>> 29;
        h *= 0xBF58_476D_1CE4_E5B9L;
        return (int) (h ^ (h >>> 32));
    }

    private void synOptions(int c, int dir, TcpSegment s, boolean ack) {
        int ws = s.windowScale();
        if (ws > 14) {
            anomaly(c, Anomaly.WINDOW_SCALE_TOO_LARGE);
            ws = 14; // RFC 7323 section 2.3: use 14
        }
        if (ws >= 0) {
            store.setDirFlag(c, dir, DF_WSCALE);
            store.setWindowScale(c, dir, ws);
        }
        if (ack) {
            // RFC 7323 section 2.2: scaling is on only when both SYNs carry the option
            int peer = 1 - dir;
            if (store.dirFlag(c, dir, DF_WSCALE) && store.dirFlag(c, peer, DF_WSCALE)) {
                store.setFlag(c, F_WSCALE_OK);
            } else {
                store.setWindowScale(c, dir, 0);
                store.setWindowScale(c, peer, 0);
            }
        }
    }

    /**
     * An acknowledgement from {@code dir} covers the peer's stream: beyond anything the peer was seen to
     * send, it is an ACK of unseen data; past a pending hole, the hole's bytes were missed by the capture
     * (Zeek's content gaps, counted as missed_bytes).
     */
    private void checkAcknowledgement(int c, int dir, TcpSegment s, boolean fin, boolean rst) {
        int peer = 1 - dir;
        if (rst || !store.dirFlag(c, peer, DF_SEQ_KNOWN) || !store.dirFlag(c, peer, DF_SENT)) {
            return;
        }
        int ack = s.ack();
        int covered = store.end(c, peer);
        if (store.dirFlag(c, peer, DF_ACK_KNOWN)) {
            covered = Seq.max(covered, store.maxAck(c, peer));
        }
        long gap = 0;
        if (Seq.after(ack, covered) && Seq.distance(covered, ack) < (1 << 30)) {
            anomaly(c, Anomaly.ACK_OF_UNSEEN_DATA);
            gap += Seq.distance(covered, ack);
        }
        if (store.dirFlag(c, peer, DF_HOLE)) {
            int holeStart = store.holeStart(c, peer);
            if (Seq.after(ack, holeStart)) {
                int holeEnd = store.holeEnd(c, peer);
                int stop = Seq.min(ack, holeEnd);
                gap += Seq.distance(holeStart, stop);
                if (stop == holeEnd) {
                    store.clearDirFlag(c, peer, DF_HOLE | DF_HOLE_UNCAPTURED);
                } else {
                    store.setHole(c, peer, stop, holeEnd);
                }
            }
        }
        if (gap > 0 && gapsCount(c)) {
            store.addMissedBytes(c, peer, gap);
            int n = store.incGaps(c, peer);
            if (!fin) {
                zeek.scaled(c, peer, 'G', n);
            }
        }
    }

    /** Gaps count, as Zeek's do, only once both sides are cleanly established (not mid-stream). */
    private boolean gapsCount(int c) {
        if (store.openKind(c) == OpenKind.MID_STREAM) {
            return false;
        }
        ZeekEndpointState o = store.zeekState(c, ORIG);
        ZeekEndpointState r = store.zeekState(c, RESP);
        return (o == ZeekEndpointState.ESTABLISHED || o == ZeekEndpointState.CLOSED)
                && (r == ZeekEndpointState.ESTABLISHED || r == ZeekEndpointState.CLOSED);
    }

    /**
     * Window checks in the manner of netfilter's {@code tcp_in_window}, once the handshake has shown both
     * windows and whether they are scaled: (I) data must start at or before the right edge the receiver
     * allowed, (II) and must not end further back than the receiver's largest window.
     */
    private void checkWindow(int c, int dir, TcpSegment s, int seqEnd, int endBefore) {
        int peer = 1 - dir;
        boolean occupies = s.payloadLength() > 0 || s.has(TcpFlags.FIN);
        if (!occupies || s.has(TcpFlags.SYN) || s.has(TcpFlags.RST) || store.openKind(c) != OpenKind.SYN
                || !store.dirFlag(c, dir, DF_WIN_KNOWN) || !store.dirFlag(c, peer, DF_WIN_KNOWN)
                || !store.dirFlag(c, peer, DF_SYN)) {
            return;
        }
        if (!Seq.atOrBefore(s.seq(), store.maxEnd(c, dir))) {
            anomaly(c, Anomaly.SEQ_ABOVE_WINDOW);
        } else if (!Seq.after(seqEnd, endBefore - (int) store.maxWin(c, peer) - 1)) {
            anomaly(c, Anomaly.SEQ_BELOW_WINDOW);
        }
    }

    /** Window bookkeeping after a segment: the sender's largest window, and the edge it allows the peer. */
    private void updateWindow(int c, int dir, TcpSegment s, int seqEnd) {
        int peer = 1 - dir;
        if (s.has(TcpFlags.SYN)) {
            store.setMaxWin(c, dir, Math.max(store.maxWin(c, dir), Math.max(1, s.window())));
            if (!store.dirFlag(c, dir, DF_WIN_KNOWN) || Seq.after(seqEnd, store.maxEnd(c, dir))) {
                store.setMaxEnd(c, dir, seqEnd);
            }
            store.setDirFlag(c, dir, DF_WIN_KNOWN);
            if (!s.has(TcpFlags.ACK)) {
                return;
            }
        }
        long win = (long) s.window() << (store.flag(c, F_WSCALE_OK) && !s.has(TcpFlags.SYN) ? store.windowScale(c, dir) : 0);
        long swin = win;
        if (s.sackBlocks() > 0 && Seq.after(s.sackRightEdge(), s.ack())) {
            swin += Seq.distance(s.ack(), s.sackRightEdge());
        }
        store.setMaxWin(c, dir, Math.max(store.maxWin(c, dir), swin));
        store.setDirFlag(c, dir, DF_WIN_KNOWN);
        if (s.has(TcpFlags.ACK) && !s.has(TcpFlags.RST)) {
            int right = s.ack() + (int) Math.min(win, Integer.MAX_VALUE) + (win == 0 ? 1 : 0);
            if (!store.dirFlag(c, peer, DF_WIN_KNOWN) || Seq.after(right, store.maxEnd(c, peer))) {
                store.setMaxEnd(c, peer, right);
            }
        }
    }

    /**
     * RFC 5961 section 3.2, as an observer can apply it: a RST is in the window when its sequence number
     * lies between what the receiver last acknowledged (or the sender's next sequence number) and the right
     * edge of the window the receiver advertised. A RST answering a SYN must instead acknowledge the SYN
     * (RFC 9293 section 3.10.7.3). With nothing known about the sender's sequence space, it is accepted.
     */
    private boolean rstInWindow(int c, int dir, TcpSegment s) {
        int peer = 1 - dir;
        if (store.rfcState(c, peer) == TcpState.SYN_SENT && store.dirFlag(c, peer, DF_SYN)) {
            return s.has(TcpFlags.ACK) && s.ack() == store.base(c, peer) + 1;
        }
        if (!store.dirFlag(c, dir, DF_SEQ_KNOWN)) {
            return true;
        }
        int end = store.end(c, dir);
        int low = end;
        if (store.dirFlag(c, dir, DF_ACK_KNOWN)) {
            low = Seq.min(low, store.maxAck(c, dir));
        }
        if (store.dirFlag(c, dir, DF_SYN)) {
            low = Seq.min(low, store.base(c, dir));
        }
        long window = Math.max(store.maxWin(c, peer), 65535);
        int high = end + (int) Math.min(window, 1 << 30);
        if (store.dirFlag(c, dir, DF_WIN_KNOWN) && Seq.after(store.maxEnd(c, dir), high)) {
            high = store.maxEnd(c, dir);
        }
        return Seq.between(s.seq(), low - 1, high);
    }

    /**
     * Special case "RST rejecting an unacceptable ACK": an endpoint in SYN-SENT answers an ACK that does
     * not acknowledge its SYN with {@code <SEQ=SEG.ACK><CTL=RST>} and stays in SYN-SENT (RFC 9293 section
     * 3.10.7.3). Such a RST resets the peer's stale connection (half-open discovery, RFC 793 figure 10), not
     * the sender's own attempt.
     */
    private boolean rejectsStrayAck(int c, int dir, TcpSegment s) {
        int ack = store.maxAck(c, dir); // the highest ACK the peer sent for this side's stream
        return store.rfcState(c, dir) == TcpState.SYN_SENT && store.dirFlag(c, dir, DF_SYN)
                && store.dirFlag(c, 1 - dir, DF_SENT) && ack != store.base(c, dir)
                && !s.has(TcpFlags.ACK) && s.seq() != store.base(c, dir) + 1 && s.seq() == ack;
    }

    // ---- the RFC 9293 state machine ---------------------------------------------------------------------------

    private void rfc(int c, int dir, TcpSegment s) {
        int peer = 1 - dir;
        SegmentKind sent = sentKind(s);
        TcpState before = store.rfcState(c, dir);
        Transition t = TransitionTable.lookup(Direction.SENT, sent, before);
        TcpState next = t.next();
        if (t.verdict() == Verdict.INVALID) {
            anomaly(c, sentAnomaly(c, dir, sent, before));
        }
        // special case "simultaneous close": a FIN from CLOSE-WAIT that does not acknowledge the peer's
        // FIN was sent before that FIN arrived, so the sender was in FIN-WAIT-1 and goes to CLOSING
        if (sent == SegmentKind.FIN && before == TcpState.CLOSE_WAIT && !acknowledgesFin(c, peer, s)) {
            next = TcpState.CLOSING;
        }
        if (s.payloadLength() > 0 && !s.has(TcpFlags.SYN) && !s.has(TcpFlags.ACK)
                && (before == TcpState.SYN_SENT || before == TcpState.SYN_RECEIVED)) {
            anomaly(c, Anomaly.DATA_BEFORE_ESTABLISHED);
        }
        // special case "crossing SYNs" (simultaneous open, RFC 793 figure 8): a plain SYN sent after the
        // peer's SYN was seen crossed it in flight; the peer's SYN arrives next, moving the sender on
        if (sent == SegmentKind.SYN && store.dirFlag(c, peer, DF_SYN)
                && (store.rfcState(c, peer) == TcpState.SYN_SENT || store.rfcState(c, peer) == TcpState.SYN_RECEIVED)
                && next == TcpState.SYN_SENT) {
            next = TcpState.SYN_RECEIVED;
        }
        store.setRfcState(c, dir, next);
        // special case "one-sided capture": an ACK from SYN-SENT means the peer's SYN-ACK arrived uncaptured,
        // so the peer, which we could not see answer, has completed its side of the handshake too
        if (sent == SegmentKind.ACK && before == TcpState.SYN_SENT && store.rfcState(c, peer) == TcpState.CLOSED
                && !store.dirFlag(c, peer, DF_SENT)) {
            store.setRfcState(c, peer, TcpState.ESTABLISHED);
        }

        for (SegmentKind k : receivedKinds(c, peer, s)) {
            TcpState rb = store.rfcState(c, peer);
            Transition rt = TransitionTable.lookup(Direction.RECEIVED, k, rb);
            if (rt.verdict() == Verdict.INVALID) {
                anomaly(c, receivedAnomaly(k));
            }
            if (k == SegmentKind.ACK_OF_FIN) {
                store.setDirFlag(c, peer, DF_FIN_ACKED);
            }
            store.setRfcState(c, peer, rt.next());
        }
    }

    /** Reduces the flags to one kind by priority: RST, SYN / SYN-ACK, FIN, then everything else. */
    private static SegmentKind sentKind(TcpSegment s) {
        if (s.has(TcpFlags.RST)) {
            return SegmentKind.RST;
        }
        if (s.has(TcpFlags.SYN)) {
            return s.has(TcpFlags.ACK) ? SegmentKind.SYN_ACK : SegmentKind.SYN;
        }
        if (s.has(TcpFlags.FIN)) {
            return SegmentKind.FIN;
        }
        return SegmentKind.ACK;
    }

    private static final SegmentKind[] NONE = {};
    private static final SegmentKind[] ONLY_RST = {SegmentKind.RST};
    private static final SegmentKind[] ONLY_SYN = {SegmentKind.SYN};
    private static final SegmentKind[] ONLY_SYN_ACK = {SegmentKind.SYN_ACK};
    private static final SegmentKind[] ONLY_FIN = {SegmentKind.FIN};
    private static final SegmentKind[] ONLY_ACK = {SegmentKind.ACK};
    private static final SegmentKind[] ONLY_ACK_OF_SYN = {SegmentKind.ACK_OF_SYN};
    private static final SegmentKind[] ONLY_ACK_OF_FIN = {SegmentKind.ACK_OF_FIN};
    private static final SegmentKind[] ACK_THEN_FIN = {SegmentKind.ACK, SegmentKind.FIN};
    private static final SegmentKind[] ACK_OF_SYN_THEN_FIN = {SegmentKind.ACK_OF_SYN, SegmentKind.FIN};
    private static final SegmentKind[] ACK_OF_FIN_THEN_FIN = {SegmentKind.ACK_OF_FIN, SegmentKind.FIN};

    /**
     * What a segment means to its receiver, in the order RFC 9293 processes it: the acknowledgement (of the
     * receiver's SYN, of its FIN, or of nothing in particular), then the FIN.
     */
    private SegmentKind[] receivedKinds(int c, int receiver, TcpSegment s) {
        if (s.has(TcpFlags.RST)) {
            return ONLY_RST;
        }
        if (s.has(TcpFlags.SYN)) {
            if (!s.has(TcpFlags.ACK)) {
                return ONLY_SYN;
            }
            if (store.dirFlag(c, receiver, DF_SYN) && s.ack() != store.base(c, receiver) + 1
                    && store.rfcState(c, receiver) != TcpState.CLOSED) {
                anomaly(c, Anomaly.SYN_ACK_BAD_ACK); // RFC 9293 3.10.7.3: an unacceptable ACK is dropped
                return NONE;
            }
            return ONLY_SYN_ACK;
        }
        boolean fin = s.has(TcpFlags.FIN);
        if (!s.has(TcpFlags.ACK)) {
            return fin ? ONLY_FIN : ONLY_ACK;
        }
        TcpState rs = store.rfcState(c, receiver);
        if ((rs == TcpState.SYN_SENT || rs == TcpState.SYN_RECEIVED) && store.dirFlag(c, receiver, DF_SYN)
                && Seq.after(s.ack(), store.base(c, receiver))) {
            return fin ? ACK_OF_SYN_THEN_FIN : ONLY_ACK_OF_SYN;
        }
        if (rs.finSent() && !store.dirFlag(c, receiver, DF_FIN_ACKED) && acknowledgesFin(c, receiver, s)) {
            return fin ? ACK_OF_FIN_THEN_FIN : ONLY_ACK_OF_FIN;
        }
        return fin ? ACK_THEN_FIN : ONLY_ACK;
    }

    /** Whether the segment's ACK covers the FIN that {@code finSender} sent. */
    private boolean acknowledgesFin(int c, int finSender, TcpSegment s) {
        if (!s.has(TcpFlags.ACK) || !store.dirFlag(c, finSender, DF_FIN)) {
            return false;
        }
        int finEnd = store.base(c, finSender) + store.lastFinRel(c, finSender) + 1;
        return Seq.atOrAfter(s.ack(), finEnd);
    }

    private Anomaly sentAnomaly(int c, int dir, SegmentKind kind, TcpState state) {
        switch (kind) {
            case SYN:
                return Anomaly.SYN_IN_SYNCHRONIZED_STATE;
            case FIN:
                return state == TcpState.CLOSED ? segmentFromClosed(c, dir) : Anomaly.FIN_BEFORE_ESTABLISHED;
            case ACK:
                return state == TcpState.CLOSED ? segmentFromClosed(c, dir) : Anomaly.INVALID_TRANSITION;
            default:
                return Anomaly.INVALID_TRANSITION;
        }
    }

    private Anomaly segmentFromClosed(int c, int dir) {
        if (store.dirFlag(c, dir, DF_RST) || store.dirFlag(c, 1 - dir, DF_RST)) {
            return Anomaly.SEGMENT_AFTER_RESET;
        }
        return store.flag(c, F_CLOSED) ? Anomaly.SEGMENT_AFTER_CLOSE : Anomaly.INVALID_TRANSITION;
    }

    private static Anomaly receivedAnomaly(SegmentKind kind) {
        switch (kind) {
            case SYN:
                return Anomaly.SYN_IN_SYNCHRONIZED_STATE;
            case SYN_ACK:
                return Anomaly.SYN_ACK_TO_CLOSED;
            default:
                return Anomaly.INVALID_TRANSITION;
        }
    }

    private void anomaly(int c, Anomaly a) {
        store.addAnomalyBit(c, a.ordinal());
        anomalies[a.ordinal()]++;
    }

    // ---- connection-level consequences ------------------------------------------------------------------------

    private void afterSegment(int c, long t) {
        if (store.flag(c, F_CLOSED)) {
            return; // lingering: a stray segment moves the deadline with the last packet time (see expireDue)
        }
        TcpState o = store.rfcState(c, ORIG);
        TcpState r = store.rfcState(c, RESP);
        if (!store.flag(c, F_ESTABLISHED_REPORTED) && store.openKind(c) != OpenKind.MID_STREAM
                && o.synchronized_() && r.synchronized_()) {
            store.setFlag(c, F_ESTABLISHED_REPORTED);
            if (store.openKind(c) == OpenKind.SYN) {
                store.setRttMicros(c, (t - store.firstTs(c)) / 1000);
            }
            sink.accept(new Established(t, snapshot(c)));
        }
        if (closeObserved(c, o, r)) {
            store.setFlag(c, F_CLOSED);
            if (store.endCause(c) == END_NONE && store.dirFlag(c, ORIG, DF_FIN) && store.dirFlag(c, RESP, DF_FIN)) {
                store.setEndCause(c, END_FIN);
            }
            if (config.closedReport() == TrackerConfig.ClosedReport.AT_CLOSE) {
                report(c, t, reason(c, Removal.CLOSE));
            }
            wheel.place(c, TimeoutClass.CLOSED);
            return;
        }
        schedule(c);
    }

    /** Whether the connection is over (and from now on only lingers). */
    private boolean closeObserved(int c, TcpState o, TcpState r) {
        if (config.timeouts().zeekRules()) {
            // Zeek: a RST from either side, both sides closed, or one closed while the other never spoke
            ZeekEndpointState zo = store.zeekState(c, ORIG);
            ZeekEndpointState zr = store.zeekState(c, RESP);
            if (zo == ZeekEndpointState.RESET || zr == ZeekEndpointState.RESET) {
                return true;
            }
            boolean co = store.dirFlag(c, ORIG, DF_DID_CLOSE);
            boolean cr = store.dirFlag(c, RESP, DF_DID_CLOSE);
            return co && cr || co && zr == ZeekEndpointState.INACTIVE || cr && zo == ZeekEndpointState.INACTIVE;
        }
        if (store.endCause(c) != END_NONE) {
            return true; // an accepted RST
        }
        return store.dirFlag(c, ORIG, DF_FIN) && store.dirFlag(c, RESP, DF_FIN)
                && (o == TcpState.TIME_WAIT || o == TcpState.CLOSED) && (r == TcpState.TIME_WAIT || r == TcpState.CLOSED);
    }

    /** Lists the connection on the timer wheel under the timeout class its state calls for. */
    private void schedule(int c) {
        TimeoutClass cls = timeoutClass(c);
        TimeoutClass current = wheel.classOf(c);
        if (cls == current) {
            // same class: the deadline moves with the last packet time and the wheel catches up lazily when
            // it sweeps the bucket the connection is listed in (expireDue), so a packet costs no relisting
            return;
        }
        wheel.place(c, cls);
    }

    private TimeoutClass timeoutClass(int c) {
        boolean finO = store.dirFlag(c, ORIG, DF_FIN);
        boolean finR = store.dirFlag(c, RESP, DF_FIN);
        if (finO && finR) {
            return TimeoutClass.CLOSING;
        }
        if (finO || finR) {
            return TimeoutClass.HALF_CLOSED;
        }
        if (config.timeouts().zeekRules()) {
            ZeekEndpointState zo = store.zeekState(c, ORIG);
            if ((zo == ZeekEndpointState.SYN_SENT || zo == ZeekEndpointState.SYN_ACK_SENT)
                    && store.zeekState(c, RESP) == ZeekEndpointState.INACTIVE) {
                return TimeoutClass.ATTEMPT;
            }
        } else if (store.rfcState(c, ORIG) == TcpState.SYN_SENT && !store.dirFlag(c, RESP, DF_SENT)) {
            return TimeoutClass.ATTEMPT;
        }
        if (store.openKind(c) == OpenKind.MID_STREAM) {
            return TimeoutClass.MID_STREAM;
        }
        if (!store.rfcState(c, ORIG).synchronized_() || !store.rfcState(c, RESP).synchronized_()) {
            return TimeoutClass.HANDSHAKE;
        }
        return TimeoutClass.ESTABLISHED;
    }

    /** What the wheel calls for a connection whose deadline came (one object, not one per packet). */
    private final TimerWheel.Expiry expiry = (c, deadline) -> retire(c, Removal.TIMEOUT, deadline);

    private void expireDue(long t) {
        wheel.advance(t, expiry);
    }

    private void evictOne(long t) {
        int victim = wheel.nearest();
        if (victim == NIL) {
            return;
        }
        long deadline = store.deadline(victim);
        if (deadline <= t) {
            retire(victim, Removal.TIMEOUT, deadline); // its time had come within the unswept tick: not an eviction
            return;
        }
        evictions++;
        retire(victim, Removal.EVICT, t);
    }

    /**
     * Removes a connection from the table, reporting it closed first if that has not happened yet. Every way
     * out goes through here, and this is what takes the connection off the timer wheel.
     */
    private void retire(int c, Removal why, long t) {
        wheel.unlink(c);
        if (!store.flag(c, F_CLOSED_REPORTED)) {
            report(c, t, reason(c, why));
        }
        store.remove(c);
    }

    private void report(int c, long t, CloseReason reason) {
        store.setFlag(c, F_CLOSED_REPORTED);
        closedBy[reason.ordinal()]++;
        sink.accept(new Closed(t, snapshot(c), reason));
    }

    /** How the connection ended: a pure function of what was seen and why it is being reported. */
    private CloseReason reason(int c, Removal why) {
        switch (store.endCause(c)) {
            case END_REFUSED:
                return CloseReason.REFUSED;
            case END_RST_ORIG:
                return CloseReason.RESET_BY_ORIGINATOR;
            case END_RST_RESP:
                return CloseReason.RESET_BY_RESPONDER;
            case END_FIN:
                return CloseReason.FIN;
            default:
                break;
        }
        if (store.dirFlag(c, ORIG, DF_FIN) && store.dirFlag(c, RESP, DF_FIN)) {
            return CloseReason.FIN;
        }
        boolean unanswered = store.dirFlag(c, ORIG, DF_SYN) && !store.dirFlag(c, RESP, DF_SENT);
        switch (why) {
            case TIMEOUT:
            case CLOSE:
                return unanswered ? CloseReason.UNANSWERED : CloseReason.TIMED_OUT;
            case END:
                return CloseReason.OPEN_AT_END;
            case EVICT:
                return CloseReason.EVICTED;
            case REUSE:
                return unanswered ? CloseReason.UNANSWERED : CloseReason.SUPERSEDED;
            default:
                throw new AssertionError(why);
        }
    }

    private void emitOpened(int c, long t) {
        sink.accept(new Opened(t, snapshot(c)));
    }

    private void emitUpdates(long t) {
        for (int c : liveSlotsByOrdinal()) {
            if (!store.flag(c, F_CLOSED_REPORTED)) {
                sink.accept(new Updated(t, snapshot(c)));
            }
        }
    }

    private List<Integer> liveSlotsByOrdinal() {
        List<long[]> live = new ArrayList<>(store.live());
        wheel.forEach(c -> live.add(new long[] {store.ordinal(c), c}));
        live.sort((a, b) -> Long.compare(a[0], b[0]));
        List<Integer> out = new ArrayList<>(live.size());
        for (long[] e : live) {
            out.add((int) e[1]);
        }
        return out;
    }

    // ---- snapshots --------------------------------------------------------------------------------------------

    private Connection snapshot(int c) {
        String history = store.history(c);
        IpAddress orig = new IpAddress(store.origHi(c), store.origLo(c), store.v6(c));
        IpAddress resp = new IpAddress(store.respHi(c), store.respLo(c), store.v6(c));
        FourTuple tuple = new FourTuple(orig, store.origPort(c), resp, store.respPort(c));
        long rtt = store.rttMicros(c);
        Set<Anomaly> seen = EnumSet.noneOf(Anomaly.class);
        int bits = store.anomalyBits(c);
        while (bits != 0) {
            int i = Integer.numberOfTrailingZeros(bits);
            seen.add(Anomaly.ofOrdinal(i));
            bits &= bits - 1;
        }
        return new Connection(Uids.of(store.ordinal(c), store.firstTs(c), tuple), tuple, store.firstTs(c),
                store.lastTs(c), store.openKind(c), side(c, ORIG), side(c, RESP),
                zeek.connState(c, history), history, rtt < 0 ? -1 : rtt * 1000, seen, store.tunnel(c),
                store.outerVlan(c), store.innerVlan(c));
    }

    private Side side(int c, int dir) {
        return new Side(store.rfcState(c, dir), store.packets(c, dir), zeek.size(c, dir), store.ipBytes(c, dir), store.retransmits(c, dir), store.duplicates(c, dir), store.reordered(c, dir),
                store.missedBytes(c, dir), store.badChecksums(c, dir), store.zeroWindows(c, dir));
    }
}
