package dev.conntrail.tracker;

import dev.conntrail.tracker.segment.TcpSegment;
import dev.conntrail.tracker.segment.Tunnel;
import dev.conntrail.tracker.state.TcpState;
import dev.conntrail.tracker.zeek.ZeekEndpointState;
import java.util.HashMap;
import java.util.Map;

/**
 * Every tracked connection as a fixed-width record of longs in a paged slab, found through an
 * open-addressing index keyed by a direction-symmetric hash of the 4-tuple.
 *
 * <p>A connection is a slot number; every field is read and written through a named accessor that takes
 * the slot (and, for per-direction fields, {@link #ORIG} or {@link #RESP}). Nothing is allocated per
 * packet and there is no object per connection, so a million open connections cost a few large arrays
 * rather than millions of objects. The layout is private to this class:
 *
 * <pre>
 * word  connection fields
 *  0-3  originator address (hi, lo), responder address (hi, lo)
 *  4    originator port 16 | responder port 16 | outer VLAN+1 13 | inner VLAN+1 13 | spare 5 | v6 1
 *  5    first packet time (ns)      6  last packet time (ns)     7  timeout deadline (ns)
 *  8-9  history letters, 12 per word at 5 bits, first letter lowest
 * 10    ordinal 40 | history length 6 | timeout class 4 | open kind 2 | end cause 3 | flags 9
 * 11    timeout list links: previous slot + 1 (32) | next slot + 1 (32)
 * 12    handshake: SYN-ACK time - first time, us + 1 (32) | RTT us + 1 (32); 0 = not seen
 * 13    anomaly bits 32 | tunnel 8
 * 14+   two direction blocks of DIR_WORDS words, originator first (offsets D_*)
 * </pre>
 */
final class ConnectionStore {
    static final int ORIG = 0;
    static final int RESP = 1;
    static final int NIL = -1;

    private static final int PAGE_BITS = 10;
    private static final int PAGE_SLOTS = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SLOTS - 1;

    private static final int W_ORIG_HI = 0;
    private static final int W_ORIG_LO = 1;
    private static final int W_RESP_HI = 2;
    private static final int W_RESP_LO = 3;
    private static final int W_KEY = 4;
    private static final int W_FIRST_TS = 5;
    private static final int W_LAST_TS = 6;
    private static final int W_DEADLINE = 7;
    private static final int W_HIST_A = 8;
    private static final int W_HIST_B = 9;
    private static final int W_META = 10;
    private static final int W_LINKS = 11;
    private static final int W_HANDSHAKE = 12;
    private static final int W_ANOMALY = 13;
    private static final int W_DIR = 14;

    private static final int D_SEQ = 0;        // base 32 | end 32
    private static final int D_ACK = 1;        // max ack from the peer 32 | max end (right window edge) 32
    private static final int D_WIN = 2;        // max window 32 | hole start 32
    private static final int D_HOLE = 3;       // hole end 32 | fingerprint of the last segment 32
    private static final int D_HIST_SEQ = 4;   // last SYN rel 32 | last FIN end rel 32
    private static final int D_HIST_RST = 5;   // last RST rel 32 | Zeek retransmission count 32
    private static final int D_STATE = 6;      // rfc 4 | zeek 3 | zeek prev 3 | scale 4 | flags 20 | hist seen 8
    private static final int D_WRAPS = 7;      // end wraps 32 | ack wraps 32
    private static final int D_PACKETS = 8;
    private static final int D_IP_BYTES = 9;
    private static final int D_PAYLOAD = 10;
    private static final int D_C1 = 11;        // retransmits 32 | duplicates 32
    private static final int D_C2 = 12;        // reordered 32 | bad checksums 32
    private static final int D_C3 = 13;        // zero windows 32 | gap events 32
    private static final int D_MISSED = 14;
    private static final int DIR_WORDS = 15;

    static final int WORDS = W_DIR + 2 * DIR_WORDS;

    // key word
    private static final int K_ORIG_PORT = 48;
    private static final int K_RESP_PORT = 32;
    private static final int K_OUTER_VLAN = 19;
    private static final int K_INNER_VLAN = 6;

    // meta word
    private static final int M_HISTLEN = 40;
    private static final int M_CLASS = 46;
    private static final int M_OPEN = 50;
    private static final int M_END = 52;
    private static final int M_FLAGS = 55;

    // state word
    private static final int S_RFC = 0;
    private static final int S_ZEEK = 4;
    private static final int S_ZPREV = 7;
    private static final int S_SCALE = 10;
    private static final int S_FLAGS = 14;
    private static final int S_HIST = 34;

    /** Connection flags (9 bits). */
    static final int F_ESTABLISHED_REPORTED = 1;
    /** The connection has closed (RST accepted, or the close handshake completed). */
    static final int F_CLOSED = 1 << 1;
    /** The Closed event has been emitted. */
    static final int F_CLOSED_REPORTED = 1 << 2;
    /** Both SYNs carried the window-scale option (RFC 7323 section 2.2). */
    static final int F_WSCALE_OK = 1 << 3;

    /** Direction flags (20 bits). */
    static final int DF_SYN = 1;
    static final int DF_SYN_ACK = 1 << 1;
    static final int DF_FIN = 1 << 2;
    static final int DF_FIN_ACKED = 1 << 3;
    static final int DF_RST = 1 << 4;
    static final int DF_SEQ_KNOWN = 1 << 5;
    static final int DF_ACK_KNOWN = 1 << 6;
    static final int DF_WIN_KNOWN = 1 << 7;
    static final int DF_WSCALE = 1 << 8;
    static final int DF_SENT = 1 << 9;
    /** Zeek's did_close: a FIN or RST of this side has been processed. */
    static final int DF_DID_CLOSE = 1 << 10;
    static final int DF_HOLE = 1 << 11;
    static final int DF_FINGERPRINT = 1 << 12;
    /** The pending hole is payload the snap length cut off (seen on the wire, content not captured). */
    static final int DF_HOLE_UNCAPTURED = 1 << 13;

    /** End causes (3 bits): what closed the connection, if anything did. */
    static final int END_NONE = 0;
    static final int END_FIN = 1;
    static final int END_RST_ORIG = 2;
    static final int END_RST_RESP = 3;
    static final int END_REFUSED = 4;

    private long[][] pages = new long[16][];
    private int highWater;
    private int[] free = new int[64];
    private int freeCount;
    private int live;

    /** slot + 1 per entry, 0 = empty; linear probing with backward-shift deletion. */
    private int[] index = new int[1 << 10];
    private int indexMask = index.length - 1;
    private final boolean vlanAware;

    private final Map<Integer, StringBuilder> historyOverflow = new HashMap<>();

    ConnectionStore(boolean vlanAware) {
        this.vlanAware = vlanAware;
    }

    int live() {
        return live;
    }

    /** One past the highest slot ever used: slots below it are live or free. */
    int highWater() {
        return highWater;
    }

    /** Bytes held by the slab, the index and the free list (for memory reports). */
    long footprintBytes() {
        long total = 16 + 8L * pages.length + 16 + 4L * index.length + 16 + 4L * free.length;
        for (long[] p : pages) {
            if (p != null) {
                total += 16 + 8L * p.length;
            }
        }
        return total;
    }

    // ---- raw access ---------------------------------------------------------------------------------------------

    private static int base(int slot) {
        return (slot & PAGE_MASK) * WORDS;
    }

    private long word(int slot, int w) {
        return pages[slot >>> PAGE_BITS][base(slot) + w];
    }

    private void setWord(int slot, int w, long v) {
        pages[slot >>> PAGE_BITS][base(slot) + w] = v;
    }

    private long dword(int slot, int dir, int w) {
        return pages[slot >>> PAGE_BITS][base(slot) + W_DIR + dir * DIR_WORDS + w];
    }

    private void setDword(int slot, int dir, int w, long v) {
        pages[slot >>> PAGE_BITS][base(slot) + W_DIR + dir * DIR_WORDS + w] = v;
    }

    private static long bits(long word, int shift, int count) {
        return (word >>> shift) & ((1L << count) - 1);
    }

    private static long withBits(long word, int shift, int count, long value) {
        long mask = ((1L << count) - 1) << shift;
        return (word & ~mask) | ((value << shift) & mask);
    }

    private static int hi(long w) {
        return (int) (w >>> 32);
    }

    private static int lo(long w) {
        return (int) w;
    }

    private static long withHi(long w, int v) {
        return (w & 0xFFFF_FFFFL) | ((long) v << 32);
    }

    private static long withLo(long w, int v) {
        return (w & 0xFFFF_FFFF_0000_0000L) | (v & 0xFFFF_FFFFL);
    }

    // ---- lookup -------------------------------------------------------------------------------------------------

    /** The direction-symmetric hash of a 4-tuple (plus VLANs when the key includes them). */
    private int hash(long aHi, long aLo, int aPort, long bHi, long bLo, int bPort, int outerVlan, int innerVlan) {
        long ha = mix(aHi * 0x9E37_79B9_7F4A_7C15L ^ aLo ^ ((long) aPort << 48));
        long hb = mix(bHi * 0x9E37_79B9_7F4A_7C15L ^ bLo ^ ((long) bPort << 48));
        long h = ha + hb;
        if (vlanAware) {
            h ^= ((long) (outerVlan + 1) << 13 | (innerVlan + 1)) * 0xC2B2_AE3D_27D4_EB4FL;
        }
        return (int) (mix(h) >>> 32);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51_AFD7_ED55_8CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CE_B9FE_1A85_EC53L;
        return z ^ (z >>> 33);
    }

    private int hashOf(int slot) {
        long key = word(slot, W_KEY);
        return hash(word(slot, W_ORIG_HI), word(slot, W_ORIG_LO), (int) bits(key, K_ORIG_PORT, 16),
                word(slot, W_RESP_HI), word(slot, W_RESP_LO), (int) bits(key, K_RESP_PORT, 16),
                (int) bits(key, K_OUTER_VLAN, 13) - 1, (int) bits(key, K_INNER_VLAN, 13) - 1);
    }

    /** The connection a segment belongs to (in either direction), or {@link #NIL}. */
    int find(TcpSegment s) {
        int i = hash(s.srcHi(), s.srcLo(), s.srcPort(), s.dstHi(), s.dstLo(), s.dstPort(), s.outerVlan(),
                s.innerVlan()) & indexMask;
        while (true) {
            int e = index[i];
            if (e == 0) {
                return NIL;
            }
            if (matches(e - 1, s)) {
                return e - 1;
            }
            i = (i + 1) & indexMask;
        }
    }

    private boolean matches(int slot, TcpSegment s) {
        long[] p = pages[slot >>> PAGE_BITS];
        int b = base(slot);
        long key = p[b + W_KEY];
        if (((key & 1) != 0) != s.isIpv6()) {
            return false;
        }
        if (vlanAware && (bits(key, K_OUTER_VLAN, 13) != s.outerVlan() + 1
                || bits(key, K_INNER_VLAN, 13) != s.innerVlan() + 1)) {
            return false;
        }
        int origPort = (int) bits(key, K_ORIG_PORT, 16);
        int respPort = (int) bits(key, K_RESP_PORT, 16);
        long oHi = p[b + W_ORIG_HI];
        long oLo = p[b + W_ORIG_LO];
        long rHi = p[b + W_RESP_HI];
        long rLo = p[b + W_RESP_LO];
        return oLo == s.srcLo() && oHi == s.srcHi() && origPort == s.srcPort()
                && rLo == s.dstLo() && rHi == s.dstHi() && respPort == s.dstPort()
                || oLo == s.dstLo() && oHi == s.dstHi() && origPort == s.dstPort()
                && rLo == s.srcLo() && rHi == s.srcHi() && respPort == s.srcPort();
    }

    /** True when the segment was sent by the connection's originator. */
    boolean sentByOrig(int slot, TcpSegment s) {
        return word(slot, W_ORIG_LO) == s.srcLo() && word(slot, W_ORIG_HI) == s.srcHi()
                && origPort(slot) == s.srcPort();
    }

    /**
     * Creates a connection for the segment's 4-tuple with the segment's sender as originator (or its
     * receiver, when {@code senderIsOrig} is false). Every field starts at zero.
     */
    int create(TcpSegment s, boolean senderIsOrig, long ordinal) {
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            slot = highWater++;
            int page = slot >>> PAGE_BITS;
            if (page == pages.length) {
                pages = java.util.Arrays.copyOf(pages, pages.length * 2);
            }
            if (pages[page] == null) {
                pages[page] = new long[PAGE_SLOTS * WORDS];
            }
        }
        long[] p = pages[slot >>> PAGE_BITS];
        int b = base(slot);
        java.util.Arrays.fill(p, b, b + WORDS, 0L);
        if (senderIsOrig) {
            p[b + W_ORIG_HI] = s.srcHi();
            p[b + W_ORIG_LO] = s.srcLo();
            p[b + W_RESP_HI] = s.dstHi();
            p[b + W_RESP_LO] = s.dstLo();
        } else {
            p[b + W_ORIG_HI] = s.dstHi();
            p[b + W_ORIG_LO] = s.dstLo();
            p[b + W_RESP_HI] = s.srcHi();
            p[b + W_RESP_LO] = s.srcLo();
        }
        int origPort = senderIsOrig ? s.srcPort() : s.dstPort();
        int respPort = senderIsOrig ? s.dstPort() : s.srcPort();
        p[b + W_KEY] = ((long) origPort << K_ORIG_PORT) | ((long) respPort << K_RESP_PORT)
                | ((long) (s.outerVlan() + 1) << K_OUTER_VLAN) | ((long) (s.innerVlan() + 1) << K_INNER_VLAN)
                | (s.isIpv6() ? 1 : 0);
        p[b + W_META] = ordinal & ((1L << 40) - 1);
        p[b + W_LINKS] = 0;
        p[b + W_ANOMALY] = (long) s.tunnel().ordinal() << 32;
        live++;
        if (live * 2 > index.length) {
            growIndex();
        }
        insertIndex(slot);
        return slot;
    }

    private void insertIndex(int slot) {
        int i = hashOf(slot) & indexMask;
        while (index[i] != 0) {
            i = (i + 1) & indexMask;
        }
        index[i] = slot + 1;
    }

    private void growIndex() {
        int[] old = index;
        index = new int[old.length * 2];
        indexMask = index.length - 1;
        for (int e : old) {
            if (e != 0) {
                insertIndex(e - 1);
            }
        }
    }

    /** Removes a connection; its slot is reused. */
    void remove(int slot) {
        int i = hashOf(slot) & indexMask;
        while (index[i] != slot + 1) {
            if (index[i] == 0) {
                throw new IllegalStateException("slot " + slot + " is not in the index");
            }
            i = (i + 1) & indexMask;
        }
        // backward-shift deletion keeps every probe chain unbroken without tombstones
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & indexMask;
            int e = index[j];
            if (e == 0) {
                break;
            }
            int home = hashOf(e - 1) & indexMask;
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                index[hole] = e;
                hole = j;
            }
        }
        index[hole] = 0;
        historyOverflow.remove(slot);
        if (freeCount == free.length) {
            free = java.util.Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = slot;
        live--;
    }

    /**
     * Swaps the roles of originator and responder (Zeek's role flip): addresses, ports and both direction
     * blocks trade places. The hash is symmetric, so the index needs no change.
     */
    void flip(int slot) {
        long[] p = pages[slot >>> PAGE_BITS];
        int b = base(slot);
        long t = p[b + W_ORIG_HI];
        p[b + W_ORIG_HI] = p[b + W_RESP_HI];
        p[b + W_RESP_HI] = t;
        t = p[b + W_ORIG_LO];
        p[b + W_ORIG_LO] = p[b + W_RESP_LO];
        p[b + W_RESP_LO] = t;
        long key = p[b + W_KEY];
        long origPort = bits(key, K_ORIG_PORT, 16);
        long respPort = bits(key, K_RESP_PORT, 16);
        key = withBits(key, K_ORIG_PORT, 16, respPort);
        p[b + W_KEY] = withBits(key, K_RESP_PORT, 16, origPort);
        int d0 = b + W_DIR;
        int d1 = d0 + DIR_WORDS;
        for (int k = 0; k < DIR_WORDS; k++) {
            long x = p[d0 + k];
            p[d0 + k] = p[d1 + k];
            p[d1 + k] = x;
        }
        // Zeek keeps its once-per-direction history bits by role, not by endpoint: swap them back
        long h0 = bits(p[d0 + D_STATE], S_HIST, 8);
        long h1 = bits(p[d1 + D_STATE], S_HIST, 8);
        p[d0 + D_STATE] = withBits(p[d0 + D_STATE], S_HIST, 8, h1);
        p[d1 + D_STATE] = withBits(p[d1 + D_STATE], S_HIST, 8, h0);
    }

    // ---- connection fields --------------------------------------------------------------------------------------

    long origHi(int slot) {
        return word(slot, W_ORIG_HI);
    }

    long origLo(int slot) {
        return word(slot, W_ORIG_LO);
    }

    long respHi(int slot) {
        return word(slot, W_RESP_HI);
    }

    long respLo(int slot) {
        return word(slot, W_RESP_LO);
    }

    int origPort(int slot) {
        return (int) bits(word(slot, W_KEY), K_ORIG_PORT, 16);
    }

    int respPort(int slot) {
        return (int) bits(word(slot, W_KEY), K_RESP_PORT, 16);
    }

    boolean v6(int slot) {
        return (word(slot, W_KEY) & 1) != 0;
    }

    int outerVlan(int slot) {
        return (int) bits(word(slot, W_KEY), K_OUTER_VLAN, 13) - 1;
    }

    int innerVlan(int slot) {
        return (int) bits(word(slot, W_KEY), K_INNER_VLAN, 13) - 1;
    }

    long firstTs(int slot) {
        return word(slot, W_FIRST_TS);
    }

    void setFirstTs(int slot, long nanos) {
        setWord(slot, W_FIRST_TS, nanos);
    }

    long lastTs(int slot) {
        return word(slot, W_LAST_TS);
    }

    void setLastTs(int slot, long nanos) {
        setWord(slot, W_LAST_TS, nanos);
    }

    long deadline(int slot) {
        return word(slot, W_DEADLINE);
    }

    void setDeadline(int slot, long nanos) {
        setWord(slot, W_DEADLINE, nanos);
    }

    long ordinal(int slot) {
        return bits(word(slot, W_META), 0, 40);
    }

    int timeoutClass(int slot) {
        return (int) bits(word(slot, W_META), M_CLASS, 4);
    }

    void setTimeoutClass(int slot, int cls) {
        setWord(slot, W_META, withBits(word(slot, W_META), M_CLASS, 4, cls));
    }

    int openKind(int slot) {
        return (int) bits(word(slot, W_META), M_OPEN, 2);
    }

    void setOpenKind(int slot, int kind) {
        setWord(slot, W_META, withBits(word(slot, W_META), M_OPEN, 2, kind));
    }

    int endCause(int slot) {
        return (int) bits(word(slot, W_META), M_END, 3);
    }

    void setEndCause(int slot, int cause) {
        setWord(slot, W_META, withBits(word(slot, W_META), M_END, 3, cause));
    }

    boolean flag(int slot, int flag) {
        return (bits(word(slot, W_META), M_FLAGS, 9) & flag) != 0;
    }

    void setFlag(int slot, int flag) {
        setWord(slot, W_META, word(slot, W_META) | ((long) flag << M_FLAGS));
    }

    void clearFlag(int slot, int flag) {
        setWord(slot, W_META, word(slot, W_META) & ~((long) flag << M_FLAGS));
    }

    int prev(int slot) {
        return hi(word(slot, W_LINKS)) - 1;
    }

    int next(int slot) {
        return lo(word(slot, W_LINKS)) - 1;
    }

    void setPrev(int slot, int prev) {
        setWord(slot, W_LINKS, withHi(word(slot, W_LINKS), prev + 1));
    }

    void setNext(int slot, int next) {
        setWord(slot, W_LINKS, withLo(word(slot, W_LINKS), next + 1));
    }

    /** Microseconds from the first packet to the first SYN-ACK, or -1. */
    long synAckOffsetMicros(int slot) {
        return (hi(word(slot, W_HANDSHAKE)) & 0xFFFF_FFFFL) - 1;
    }

    void setSynAckOffsetMicros(int slot, long micros) {
        setWord(slot, W_HANDSHAKE, withHi(word(slot, W_HANDSHAKE), (int) Math.min(micros + 1, 0xFFFF_FFFFL)));
    }

    /** Handshake round-trip time in microseconds, or -1. */
    long rttMicros(int slot) {
        return (lo(word(slot, W_HANDSHAKE)) & 0xFFFF_FFFFL) - 1;
    }

    void setRttMicros(int slot, long micros) {
        setWord(slot, W_HANDSHAKE, withLo(word(slot, W_HANDSHAKE), (int) Math.min(micros + 1, 0xFFFF_FFFFL)));
    }

    int anomalyBits(int slot) {
        return lo(word(slot, W_ANOMALY));
    }

    void addAnomalyBit(int slot, int ordinal) {
        setWord(slot, W_ANOMALY, word(slot, W_ANOMALY) | (1L << ordinal));
    }

    Tunnel tunnel(int slot) {
        return Tunnel.values()[(int) bits(word(slot, W_ANOMALY), 32, 8)];
    }

    // ---- history ------------------------------------------------------------------------------------------------

    /** Letters Zeek's history uses; each is stored as its index + 1 in 5 bits. */
    private static final String ALPHABET = "SHADFRIQCGTWshadfriqcgtw^X";

    int historyLength(int slot) {
        return (int) bits(word(slot, W_META), M_HISTLEN, 6);
    }

    void appendHistory(int slot, char letter) {
        int code = ALPHABET.indexOf(letter) + 1;
        if (code == 0) {
            throw new IllegalArgumentException("not a history letter: " + letter);
        }
        int len = historyLength(slot);
        if (len < 24) {
            int w = len < 12 ? W_HIST_A : W_HIST_B;
            int shift = (len % 12) * 5;
            setWord(slot, w, withBits(word(slot, w), shift, 5, code));
            setWord(slot, W_META, withBits(word(slot, W_META), M_HISTLEN, 6, len + 1));
        } else {
            historyOverflow.computeIfAbsent(slot, k -> new StringBuilder()).append(letter);
            if (len < 63) {
                setWord(slot, W_META, withBits(word(slot, W_META), M_HISTLEN, 6, len + 1));
            }
        }
    }

    /** The history string (allocates: for events only). */
    String history(int slot) {
        int len = Math.min(historyLength(slot), 24);
        StringBuilder sb = new StringBuilder(len + 4);
        for (int i = 0; i < len; i++) {
            long w = word(slot, i < 12 ? W_HIST_A : W_HIST_B);
            sb.append(ALPHABET.charAt((int) bits(w, (i % 12) * 5, 5) - 1));
        }
        StringBuilder more = historyOverflow.get(slot);
        if (more != null) {
            sb.append(more);
        }
        return sb.toString();
    }

    /** Zeek's H-to-^h rewrite: replaces a history that is exactly "H" by "^h". */
    void rewriteHistory(int slot, String letters) {
        setWord(slot, W_HIST_A, 0);
        setWord(slot, W_HIST_B, 0);
        setWord(slot, W_META, withBits(word(slot, W_META), M_HISTLEN, 6, 0));
        historyOverflow.remove(slot);
        for (int i = 0; i < letters.length(); i++) {
            appendHistory(slot, letters.charAt(i));
        }
    }

    // ---- direction fields ---------------------------------------------------------------------------------------

    int base(int slot, int dir) {
        return hi(dword(slot, dir, D_SEQ));
    }

    void setBase(int slot, int dir, int seq) {
        setDword(slot, dir, D_SEQ, withHi(dword(slot, dir, D_SEQ), seq));
    }

    /** Highest sequence number sent plus one (the sender's td_end). */
    int end(int slot, int dir) {
        return lo(dword(slot, dir, D_SEQ));
    }

    void setEnd(int slot, int dir, int seq) {
        setDword(slot, dir, D_SEQ, withLo(dword(slot, dir, D_SEQ), seq));
    }

    /** Highest acknowledgement the peer sent for this direction's data. */
    int maxAck(int slot, int dir) {
        return hi(dword(slot, dir, D_ACK));
    }

    void setMaxAck(int slot, int dir, int ack) {
        setDword(slot, dir, D_ACK, withHi(dword(slot, dir, D_ACK), ack));
    }

    /** Highest sequence number the peer's windows allowed this direction to send (td_maxend). */
    int maxEnd(int slot, int dir) {
        return lo(dword(slot, dir, D_ACK));
    }

    void setMaxEnd(int slot, int dir, int seq) {
        setDword(slot, dir, D_ACK, withLo(dword(slot, dir, D_ACK), seq));
    }

    /** Largest window this direction advertised, scaled (td_maxwin). */
    long maxWin(int slot, int dir) {
        return hi(dword(slot, dir, D_WIN)) & 0xFFFF_FFFFL;
    }

    void setMaxWin(int slot, int dir, long win) {
        setDword(slot, dir, D_WIN, withHi(dword(slot, dir, D_WIN), (int) Math.min(win, 0xFFFF_FFFFL)));
    }

    int holeStart(int slot, int dir) {
        return lo(dword(slot, dir, D_WIN));
    }

    int holeEnd(int slot, int dir) {
        return hi(dword(slot, dir, D_HOLE));
    }

    void setHole(int slot, int dir, int start, int end) {
        setDword(slot, dir, D_WIN, withLo(dword(slot, dir, D_WIN), start));
        setDword(slot, dir, D_HOLE, withHi(dword(slot, dir, D_HOLE), end));
    }

    int fingerprint(int slot, int dir) {
        return lo(dword(slot, dir, D_HOLE));
    }

    void setFingerprint(int slot, int dir, int fp) {
        setDword(slot, dir, D_HOLE, withLo(dword(slot, dir, D_HOLE), fp));
    }

    int lastSynRel(int slot, int dir) {
        return hi(dword(slot, dir, D_HIST_SEQ));
    }

    void setLastSynRel(int slot, int dir, int rel) {
        setDword(slot, dir, D_HIST_SEQ, withHi(dword(slot, dir, D_HIST_SEQ), rel));
    }

    int lastFinRel(int slot, int dir) {
        return lo(dword(slot, dir, D_HIST_SEQ));
    }

    void setLastFinRel(int slot, int dir, int rel) {
        setDword(slot, dir, D_HIST_SEQ, withLo(dword(slot, dir, D_HIST_SEQ), rel));
    }

    int lastRstRel(int slot, int dir) {
        return hi(dword(slot, dir, D_HIST_RST));
    }

    void setLastRstRel(int slot, int dir, int rel) {
        setDword(slot, dir, D_HIST_RST, withHi(dword(slot, dir, D_HIST_RST), rel));
    }

    /** Zeek's count of segments with payload that did not advance the sequence (its T/t letter). */
    int zeekRetransmits(int slot, int dir) {
        return lo(dword(slot, dir, D_HIST_RST));
    }

    int incZeekRetransmits(int slot, int dir) {
        int n = zeekRetransmits(slot, dir) + 1;
        setDword(slot, dir, D_HIST_RST, withLo(dword(slot, dir, D_HIST_RST), n));
        return n;
    }

    TcpState rfcState(int slot, int dir) {
        return TcpState.ofOrdinal((int) bits(dword(slot, dir, D_STATE), S_RFC, 4));
    }

    void setRfcState(int slot, int dir, TcpState state) {
        setDword(slot, dir, D_STATE, withBits(dword(slot, dir, D_STATE), S_RFC, 4, state.ordinal()));
    }

    ZeekEndpointState zeekState(int slot, int dir) {
        return ZeekEndpointState.ofOrdinal((int) bits(dword(slot, dir, D_STATE), S_ZEEK, 3));
    }

    ZeekEndpointState zeekPrevState(int slot, int dir) {
        return ZeekEndpointState.ofOrdinal((int) bits(dword(slot, dir, D_STATE), S_ZPREV, 3));
    }

    /** Zeek's SetState: remembers the previous state when the state changes. */
    void setZeekState(int slot, int dir, ZeekEndpointState state) {
        long w = dword(slot, dir, D_STATE);
        long cur = bits(w, S_ZEEK, 3);
        if (cur != state.ordinal()) {
            w = withBits(w, S_ZPREV, 3, cur);
            w = withBits(w, S_ZEEK, 3, state.ordinal());
            setDword(slot, dir, D_STATE, w);
        }
    }

    int windowScale(int slot, int dir) {
        return (int) bits(dword(slot, dir, D_STATE), S_SCALE, 4);
    }

    void setWindowScale(int slot, int dir, int shift) {
        setDword(slot, dir, D_STATE, withBits(dword(slot, dir, D_STATE), S_SCALE, 4, shift));
    }

    boolean dirFlag(int slot, int dir, int flag) {
        return (bits(dword(slot, dir, D_STATE), S_FLAGS, 20) & flag) != 0;
    }

    void setDirFlag(int slot, int dir, int flag) {
        setDword(slot, dir, D_STATE, dword(slot, dir, D_STATE) | ((long) flag << S_FLAGS));
    }

    void clearDirFlag(int slot, int dir, int flag) {
        setDword(slot, dir, D_STATE, dword(slot, dir, D_STATE) & ~((long) flag << S_FLAGS));
    }

    /** Zeek's once-per-direction history bits (SYN, FIN, RST, data, ACK, FIN+RST, multi-flag). */
    boolean historySeen(int slot, int dir, int bit) {
        return (bits(dword(slot, dir, D_STATE), S_HIST, 8) & bit) != 0;
    }

    void setHistorySeen(int slot, int dir, int bit) {
        setDword(slot, dir, D_STATE, dword(slot, dir, D_STATE) | ((long) bit << S_HIST));
    }

    int endWraps(int slot, int dir) {
        return hi(dword(slot, dir, D_WRAPS));
    }

    void setEndWraps(int slot, int dir, int wraps) {
        setDword(slot, dir, D_WRAPS, withHi(dword(slot, dir, D_WRAPS), wraps));
    }

    int ackWraps(int slot, int dir) {
        return lo(dword(slot, dir, D_WRAPS));
    }

    void setAckWraps(int slot, int dir, int wraps) {
        setDword(slot, dir, D_WRAPS, withLo(dword(slot, dir, D_WRAPS), wraps));
    }

    long packets(int slot, int dir) {
        return dword(slot, dir, D_PACKETS);
    }

    long ipBytes(int slot, int dir) {
        return dword(slot, dir, D_IP_BYTES);
    }

    long payloadBytes(int slot, int dir) {
        return dword(slot, dir, D_PAYLOAD);
    }

    /** Counts one segment of the direction. */
    void countSegment(int slot, int dir, int ipLength, int payloadLength) {
        long[] p = pages[slot >>> PAGE_BITS];
        int d = base(slot) + W_DIR + dir * DIR_WORDS;
        p[d + D_PACKETS]++;
        p[d + D_IP_BYTES] += ipLength;
        p[d + D_PAYLOAD] += payloadLength;
    }

    long retransmits(int slot, int dir) {
        return hi(dword(slot, dir, D_C1)) & 0xFFFF_FFFFL;
    }

    void incRetransmits(int slot, int dir) {
        setDword(slot, dir, D_C1, dword(slot, dir, D_C1) + (1L << 32));
    }

    long duplicates(int slot, int dir) {
        return lo(dword(slot, dir, D_C1)) & 0xFFFF_FFFFL;
    }

    void incDuplicates(int slot, int dir) {
        setDword(slot, dir, D_C1, withLo(dword(slot, dir, D_C1), lo(dword(slot, dir, D_C1)) + 1));
    }

    long reordered(int slot, int dir) {
        return hi(dword(slot, dir, D_C2)) & 0xFFFF_FFFFL;
    }

    void incReordered(int slot, int dir) {
        setDword(slot, dir, D_C2, dword(slot, dir, D_C2) + (1L << 32));
    }

    long badChecksums(int slot, int dir) {
        return lo(dword(slot, dir, D_C2)) & 0xFFFF_FFFFL;
    }

    int incBadChecksums(int slot, int dir) {
        int n = lo(dword(slot, dir, D_C2)) + 1;
        setDword(slot, dir, D_C2, withLo(dword(slot, dir, D_C2), n));
        return n;
    }

    long zeroWindows(int slot, int dir) {
        return hi(dword(slot, dir, D_C3)) & 0xFFFF_FFFFL;
    }

    int incZeroWindows(int slot, int dir) {
        long w = dword(slot, dir, D_C3) + (1L << 32);
        setDword(slot, dir, D_C3, w);
        return hi(w);
    }

    int incGaps(int slot, int dir) {
        int n = lo(dword(slot, dir, D_C3)) + 1;
        setDword(slot, dir, D_C3, withLo(dword(slot, dir, D_C3), n));
        return n;
    }

    long missedBytes(int slot, int dir) {
        return dword(slot, dir, D_MISSED);
    }

    void addMissedBytes(int slot, int dir, long bytes) {
        setDword(slot, dir, D_MISSED, dword(slot, dir, D_MISSED) + bytes);
    }
}
