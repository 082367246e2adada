package dev.conntrail.tracker;

import static dev.conntrail.tracker.ConnectionStore.DF_ACK_KNOWN;
import static dev.conntrail.tracker.ConnectionStore.DF_DID_CLOSE;
import static dev.conntrail.tracker.ConnectionStore.DF_FIN;
import static dev.conntrail.tracker.ConnectionStore.DF_SEQ_KNOWN;
import static dev.conntrail.tracker.ConnectionStore.ORIG;
import static dev.conntrail.tracker.ConnectionStore.RESP;
import static dev.conntrail.tracker.zeek.ZeekEndpointState.CLOSED;
import static dev.conntrail.tracker.zeek.ZeekEndpointState.ESTABLISHED;
import static dev.conntrail.tracker.zeek.ZeekEndpointState.INACTIVE;
import static dev.conntrail.tracker.zeek.ZeekEndpointState.PARTIAL;
import static dev.conntrail.tracker.zeek.ZeekEndpointState.RESET;
import static dev.conntrail.tracker.zeek.ZeekEndpointState.SYN_ACK_SENT;
import static dev.conntrail.tracker.zeek.ZeekEndpointState.SYN_SENT;

import dev.conntrail.tracker.segment.TcpFlags;
import dev.conntrail.tracker.segment.TcpSegment;
import dev.conntrail.tracker.seq.Seq;
import dev.conntrail.tracker.zeek.ConnState;
import dev.conntrail.tracker.zeek.ZeekEndpointState;

/**
 * Zeek's view of a TCP connection, kept beside the RFC states because Zeek's vocabulary (conn_state,
 * history, orig_bytes) is defined on it: per-endpoint states INACTIVE .. RESET, the history letters, the
 * sequence bookkeeping behind the byte counts, and the role flips.
 *
 * <p>Written from Zeek's documented behaviour and its {@code TCPSessionAdapter} / {@code TCP_Endpoint}
 * logic (see {@code shared/docs/zeek-conn-semantics.md}); the structure here is ours. Where conntrail knows
 * better (a RST outside the window), the tracker simply does not hand the segment's control flag to these
 * rules, so Zeek's states stay consistent with what conntrail believes happened.
 */
final class ZeekRules {
    /** Zeek ignores SYN/RST sequence numbers further than this from the last one (TOO_LARGE_SEQ_DELTA). */
    static final int TOO_LARGE_SEQ_DELTA = 1_048_576;

    // once-per-direction history bits
    static final int H_SYN = 1;
    static final int H_FIN = 1 << 1;
    static final int H_RST = 1 << 2;
    static final int H_DATA = 1 << 3;
    static final int H_ACK = 1 << 4;
    static final int H_FIN_RST = 1 << 5;
    static final int H_MULTI = 1 << 6;

    private final ConnectionStore store;

    ZeekRules(ConnectionStore store) {
        this.store = store;
    }

    static char letter(char upper, int dir) {
        return dir == ORIG ? upper : Character.toLowerCase(upper);
    }

    /** Zeek's CheckHistory: the letter is written the first time only; returns whether it was seen before. */
    private boolean seenBefore(int c, int dir, int bit, char upper) {
        if (store.historySeen(c, dir, bit)) {
            return true;
        }
        store.setHistorySeen(c, dir, bit);
        store.appendHistory(c, letter(upper, dir));
        return false;
    }

    /** A letter written at the 1st, 10th, 100th ... occurrence (Zeek's ScaledHistoryEntry). */
    void scaled(int c, int dir, char upper, int count) {
        if (count <= 0) {
            return;
        }
        int n = count;
        while (n % 10 == 0) {
            n /= 10;
        }
        if (n == 1) {
            store.appendHistory(c, letter(upper, dir));
        }
    }

    /** Zeek's segment length: the sequence space the segment occupies, without the payload of a RST. */
    static int segmentLength(TcpSegment s) {
        return s.has(TcpFlags.RST) ? s.sequenceLength() - s.payloadLength() : s.sequenceLength();
    }

    /** init_endpoint: (re)initialises the sender's sequence bookkeeping. */
    void initEndpoint(int c, int dir, TcpSegment s, int seqEnd) {
        boolean syn = s.has(TcpFlags.SYN);
        int seq = s.seq();
        switch (store.zeekState(c, dir)) {
            case INACTIVE:
                if (syn) {
                    resetSeq(c, dir, seq, seqEnd);
                } else {
                    // a partial connection: number as though a SYN preceded the first packet
                    resetSeq(c, dir, seq - 1, seq);
                }
                break;
            case SYN_SENT:
            case SYN_ACK_SENT:
                if (syn && seq != store.base(c, dir)) {
                    resetSeq(c, dir, seq, seqEnd);
                }
                break;
            case ESTABLISHED:
            case PARTIAL:
                if (syn) {
                    resetSeq(c, dir, seq, seqEnd);
                }
                break;
            case RESET:
                if (syn && store.zeekPrevState(c, dir) == INACTIVE) {
                    resetSeq(c, dir, seq, seqEnd);
                }
                break;
            default:
                break;
        }
    }

    private void resetSeq(int c, int dir, int base, int end) {
        store.setBase(c, dir, base);
        store.setEnd(c, dir, end);
        store.setMaxAck(c, dir, base);
        store.setEndWraps(c, dir, 0);
        store.setAckWraps(c, dir, 0);
        store.setDirFlag(c, dir, DF_SEQ_KNOWN | DF_ACK_KNOWN);
    }

    /** update_history for one segment (relative sequence numbers as Zeek computes them). */
    void history(int c, int dir, TcpSegment s) {
        boolean syn = s.has(TcpFlags.SYN);
        boolean fin = s.has(TcpFlags.FIN);
        boolean rst = s.has(TcpFlags.RST);
        int len = s.payloadLength();
        int rel = s.seq() - store.base(c, dir);
        int bitsSet = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
        if (bitsSet > 1) {
            if (fin && rst) {
                seenBefore(c, dir, H_FIN_RST, 'I');
            } else {
                seenBefore(c, dir, H_MULTI, 'Q');
            }
        } else if (bitsSet == 1) {
            if (syn) {
                char code = s.has(TcpFlags.ACK) ? 'H' : 'S';
                if (seenBefore(c, dir, H_SYN, code) && rel != store.lastSynRel(c, dir)) {
                    store.appendHistory(c, letter(code, dir));
                }
                store.setLastSynRel(c, dir, rel);
            }
            if (fin) {
                if (seenBefore(c, dir, H_FIN, 'F') && rel + len != store.lastFinRel(c, dir)) {
                    store.appendHistory(c, letter('F', dir));
                }
                store.setLastFinRel(c, dir, rel + len);
            }
            if (rst) {
                if (seenBefore(c, dir, H_RST, 'R') && rel != store.lastRstRel(c, dir)) {
                    store.appendHistory(c, letter('R', dir));
                }
                store.setLastRstRel(c, dir, rel);
            }
        } else if (len > 0) {
            seenBefore(c, dir, H_DATA, 'D');
        } else if (s.has(TcpFlags.ACK)) {
            seenBefore(c, dir, H_ACK, 'A');
        }
    }

    /** The zero-window part of update_window: W/w, unless it comes with or after a RST or after the peer's FIN. */
    boolean zeroWindow(int c, int dir, TcpSegment s) {
        return s.window() == 0 && !s.has(TcpFlags.RST) && store.zeekState(c, 1 - dir) != CLOSED
                && store.zeekState(c, dir) != RESET;
    }

    /** The acknowledgement part of Process: init_peer when the peer is inactive, else update_ack_seq. */
    void acknowledgement(int c, int dir, TcpSegment s) {
        int peer = 1 - dir;
        int ack = s.ack();
        if (store.zeekState(c, peer) == INACTIVE) {
            // number the silent peer's stream as though its SYN preceded what we acknowledge
            resetSeq(c, peer, ack - 1, ack - 1);
        } else if (!s.has(TcpFlags.RST)) {
            int old = store.maxAck(c, peer);
            int delta = ack - old;
            if (ack == 0 && delta > TOO_LARGE_SEQ_DELTA) {
                return; // more likely a broken ACK than a stream that landed on zero
            }
            if (delta > 0) {
                if (Integer.compareUnsigned(ack, old) < 0) {
                    store.setAckWraps(c, peer, store.ackWraps(c, peer) + 1);
                }
                store.setMaxAck(c, peer, ack);
            }
        }
    }

    /**
     * update_last_seq: advances the sender's highest sequence number, and counts a Zeek retransmission
     * (T/t) for a segment with payload that does not advance it.
     *
     * @return whether the segment counted as a Zeek retransmission
     */
    boolean lastSeq(int c, int dir, TcpSegment s, int seqEnd) {
        int last = store.end(c, dir);
        int delta = seqEnd - last;
        boolean synOrRst = s.has(TcpFlags.SYN) || s.has(TcpFlags.RST);
        if (synOrRst && (delta > TOO_LARGE_SEQ_DELTA || delta < -TOO_LARGE_SEQ_DELTA)) {
            return false;
        }
        if (s.has(TcpFlags.FIN) && last == store.base(c, dir) + 1) {
            advanceEnd(c, dir, last, seqEnd); // a large transfer of which only the SYN and FIN were seen
            return false;
        }
        if (store.zeekState(c, dir) == RESET) {
            return false;
        }
        if (delta > 0) {
            advanceEnd(c, dir, last, seqEnd);
            return false;
        }
        return s.payloadLength() > 0;
    }

    private void advanceEnd(int c, int dir, int old, int seqEnd) {
        if (Seq.after(seqEnd, old) && Integer.compareUnsigned(seqEnd, old) < 0) {
            store.setEndWraps(c, dir, store.endWraps(c, dir) + 1);
        }
        store.setEnd(c, dir, seqEnd);
    }

    /**
     * UpdateStateMachine for the sender of a segment. {@code controlFlags} are the flags the tracker lets
     * Zeek's rules act on (a RST outside the window is withheld).
     *
     * @return whether the connection's roles must flip (a SYN/SYN-ACK reversal)
     */
    boolean stateMachine(int c, int dir, TcpSegment s, int controlFlags) {
        int peer = 1 - dir;
        boolean isOrig = dir == ORIG;
        boolean syn = (controlFlags & TcpFlags.SYN) != 0;
        boolean fin = (controlFlags & TcpFlags.FIN) != 0;
        boolean rst = (controlFlags & TcpFlags.RST) != 0;
        boolean ack = s.has(TcpFlags.ACK);
        int len = s.payloadLength();
        boolean flip = false;
        switch (store.zeekState(c, dir)) {
            case INACTIVE:
                if (syn) {
                    if (isOrig) {
                        store.setZeekState(c, dir, ack ? SYN_ACK_SENT : SYN_SENT);
                    } else {
                        if (!ack && store.zeekState(c, peer) == SYN_ACK_SENT && s.seq() == store.base(c, dir)) {
                            flip = true; // a SYN / SYN-ACK reversal: the SYN-ACK's sender is really the responder
                            store.setZeekState(c, peer, ESTABLISHED);
                        }
                        if (store.zeekState(c, peer) == SYN_SENT) {
                            store.setZeekState(c, peer, ESTABLISHED);
                        }
                        store.setZeekState(c, dir, ESTABLISHED);
                    }
                }
                if (fin) {
                    store.setZeekState(c, dir, CLOSED);
                }
                if (rst) {
                    store.setZeekState(c, dir, RESET);
                }
                if (store.zeekState(c, dir) == INACTIVE) {
                    if (!isOrig && len == 0 && store.zeekState(c, ORIG) == SYN_SENT) {
                        // some stacks acknowledge a SYN before answering it: not a partial connection yet
                    } else if (ack && store.zeekState(c, peer) == ESTABLISHED) {
                        store.setZeekState(c, dir, ESTABLISHED); // the SYN was missed, the SYN-ACK seen
                    } else {
                        store.setZeekState(c, dir, PARTIAL);
                    }
                }
                break;
            case SYN_SENT:
            case SYN_ACK_SENT:
                if (fin) {
                    store.setZeekState(c, dir, CLOSED);
                }
                if (rst) {
                    store.setZeekState(c, dir, RESET);
                }
                break;
            case ESTABLISHED:
            case PARTIAL:
                if (syn && store.zeekState(c, dir) == PARTIAL && store.zeekState(c, peer) == INACTIVE && !ack) {
                    store.setZeekState(c, dir, SYN_SENT);
                }
                if (fin && !rst) {
                    store.setZeekState(c, dir, CLOSED);
                    if (store.zeekState(c, peer) == RESET && store.zeekPrevState(c, peer) == CLOSED) {
                        store.setZeekState(c, peer, CLOSED); // the peer's FIN then RST was a normal close
                    }
                }
                if (rst) {
                    store.setZeekState(c, dir, RESET);
                }
                break;
            case CLOSED:
                if (rst && store.zeekState(c, peer) != CLOSED) {
                    store.setZeekState(c, dir, RESET);
                }
                break;
            case RESET:
            default:
                break;
        }
        if (fin || rst) {
            store.setDirFlag(c, dir, DF_DID_CLOSE);
        }
        return flip;
    }

    /** Zeek's endpoint size: stream bytes from sequence numbers, less the SYN and FIN octets. */
    long size(int c, int dir) {
        if (!store.dirFlag(c, dir, DF_SEQ_KNOWN)) {
            return 0;
        }
        if (store.zeekPrevState(c, dir) == SYN_SENT && store.zeekState(c, dir) == RESET
                && store.zeekState(c, 1 - dir) == INACTIVE) {
            return 0; // an aborted half-open connection: its sequence numbers say nothing about data
        }
        long start = store.base(c, dir) & 0xFFFF_FFFFL;
        long last = ((long) store.endWraps(c, dir) << 32) + (store.end(c, dir) & 0xFFFF_FFFFL);
        long acked = ((long) store.ackWraps(c, dir) << 32) + (store.maxAck(c, dir) & 0xFFFF_FFFFL);
        long size = Math.max(last, acked) - start;
        if (size < 0) {
            size = 0;
        }
        if (size != 0) {
            size--;
        }
        if (store.dirFlag(c, dir, DF_FIN) && size != 0) {
            size--;
        }
        return size;
    }

    /** Zeek's conn_state, a pure function of the two endpoint states (main.zeek's conn_state). */
    ConnState connState(int c, String history) {
        ZeekEndpointState os = store.zeekState(c, ORIG);
        ZeekEndpointState rs = store.zeekState(c, RESP);
        boolean oInactive = os.inactiveLike();
        boolean rInactive = rs.inactiveLike();
        if (rs == RESET) {
            if (os == SYN_SENT || os == SYN_ACK_SENT || (os == RESET && size(c, ORIG) == 0 && size(c, RESP) == 0)) {
                return ConnState.REJ;
            }
            return oInactive ? ConnState.RSTRH : ConnState.RSTR;
        }
        if (os == RESET) {
            if (rInactive) {
                return synThenReset(history) ? ConnState.RSTOS0 : ConnState.OTH;
            }
            return ConnState.RSTO;
        }
        if (rs == CLOSED && os == CLOSED) {
            return ConnState.SF;
        }
        if (os == CLOSED) {
            return rInactive ? ConnState.SH : ConnState.S2;
        }
        if (rs == CLOSED) {
            return oInactive ? ConnState.SHR : ConnState.S3;
        }
        if (os == SYN_SENT && rs == INACTIVE) {
            return ConnState.S0;
        }
        if (os == ESTABLISHED && rs == ESTABLISHED) {
            return ConnState.S1;
        }
        return ConnState.OTH;
    }

    /** Zeek's {@code /\^?S[^HAFGIQ]*R.* /}: an optional flip, a SYN, no originator answer-like letters, then R. */
    static boolean synThenReset(String h) {
        int i = 0;
        if (i < h.length() && h.charAt(i) == '^') {
            i++;
        }
        if (i >= h.length() || h.charAt(i) != 'S') {
            return false;
        }
        for (i++; i < h.length(); i++) {
            char ch = h.charAt(i);
            if (ch == 'R') {
                return true;
            }
            if ("HAFGIQ".indexOf(ch) >= 0) {
                return false;
            }
        }
        return false;
    }
}
