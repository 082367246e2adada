package dev.conntrail.tracker;

import dev.conntrail.tracker.event.OpenKind;
import dev.conntrail.tracker.segment.IpAddress;
import dev.conntrail.tracker.segment.TcpSegment;
import dev.conntrail.tracker.segment.Tunnel;
import dev.conntrail.tracker.state.TcpState;
import dev.conntrail.tracker.zeek.ZeekEndpointState;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Every tracked connection as a fixed-width record of longs in a paged slab, found through an
 * open-addressing index keyed by a direction-symmetric hash of the 4-tuple.
 *
 * <p>A connection is a slot number; every field is read and written through a named accessor that takes
 * the slot (and, for per-direction fields, {@link #ORIG} or {@link #RESP}). Nothing is allocated per packet
 * and there is no object per connection: a million open connections cost a few large arrays.
 *
 * <p>The record is split by how often fields are needed. The <em>hot</em> part, {@value #WORDS} longs, is
 * what every connection uses. The <em>cold</em> part, {@value #COLD_WORDS} longs in a second slab, is
 * allocated the first time a connection needs one of its fields (a retransmission, a hole, a RST, a long
 * history) and freed with the connection; until then its fields read as zero. IPv6 addresses live in a
 * third array, so an IPv4 connection spends one word on both addresses.
 *
 * <pre>
 * hot word  connection fields
 *  0    IPv4: originator address 32 | responder address 32;  IPv6: index into the address pool
 *  1    originator port 16 | responder port 16 | outer VLAN+1 13 | inner VLAN+1 13 | tunnel 3 | v6 1
 *  2    first packet time (ns)      3  last packet time (ns)
 *  4    history letters 1-12, 5 bits each, first letter lowest
 *  5    ordinal 36 | history length 6 | timeout class 4 | open kind 2 | end cause 3 | flags 9
 *  6    timer wheel: previous slot + 1 (25) | next slot + 1 (25) | bucket (14)
 *  7    handshake RTT, us + 1 (32) | anomaly bits 21
 *  8    cold record + 1 (32)
 *  9-14 originator block, 15-20 responder block:
 *       +0 base 32 | end 32          +1 max ack from the peer 32 | max end (right window edge) 32
 *       +2 rfc 4 | zeek 3 | zeek prev 3 | scale 4 | flags 14 | history seen 7 | end wraps 14 | ack wraps 14
 *       +3 packets 40 | max window / 256, rounded up, 24
 *       +4 IP bytes 48               +5 fingerprint of the last segment 32 | last FIN end, relative 32
 *
 * cold word (per direction d: word + d)
 *  0-1  hole start 32 | hole end 32          2-3  last SYN, relative 32 | last RST, relative 32
 *  4-5  retransmits 32 | duplicates 32       6-7  reordered 32 | bad checksums 32
 *  8-9  zero windows 32 | gap events 32      10   Zeek retransmissions: originator 32 | responder 32
 * 11-12 missed bytes                         13   history letters 13-24
 * </pre>
 *
 * The timeout deadline is not stored: it is the last packet time (or, for an attempt timed from its first
 * SYN, the first) plus the timeout of the connection's class.
 */
final class ConnectionStore {
    static final int ORIG = 0;
    static final int RESP = 1;
    static final int NIL = -1;

    private static final int PAGE_BITS = 10;
    private static final int PAGE_SLOTS = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SLOTS - 1;

    private static final int W_ADDR = 0;
    private static final int W_KEY = 1;
    private static final int W_FIRST_TS = 2;
    private static final int W_LAST_TS = 3;
    private static final int W_HIST_A = 4;
    private static final int W_META = 5;
    private static final int W_LINKS = 6;
    private static final int W_MISC = 7;
    private static final int W_COLD = 8;
    private static final int W_DIR = 9;

    private static final int D_SEQ = 0;
    private static final int D_ACK = 1;
    private static final int D_STATE = 2;
    private static final int D_COUNT = 3;
    private static final int D_IP_BYTES = 4;
    private static final int D_LAST = 5;
    private static final int DIR_WORDS = 6;

    static final int WORDS = W_DIR + 2 * DIR_WORDS;

    private static final int C_HOLE = 0;
    private static final int C_HIST_SEQ = 2;
    private static final int C_C1 = 4;
    private static final int C_C2 = 6;
    private static final int C_C3 = 8;
    private static final int C_ZEEK_RXMT = 10;
    private static final int C_MISSED = 11;
    private static final int C_HIST_B = 13;
    static final int COLD_WORDS = 14;
    /** The cold fields kept as a pair of words, the originator's then the responder's (a flip swaps them). */
    private static final int[] PER_DIRECTION_COLD = {C_HOLE, C_HIST_SEQ, C_C1, C_C2, C_C3, C_MISSED};

    private static final int K_ORIG_PORT = 48;
    private static final int K_RESP_PORT = 32;
    private static final int K_OUTER_VLAN = 19;
    private static final int K_INNER_VLAN = 6;
    private static final int K_TUNNEL = 1;

    private static final int M_HISTLEN = 36;
    private static final int M_CLASS = 42;
    private static final int M_OPEN = 46;
    private static final int M_END = 48;
    private static final int M_FLAGS = 51;

    private static final int S_RFC = 0;
    private static final int S_ZEEK = 4;
    private static final int S_ZPREV = 7;
    private static final int S_SCALE = 10;
    private static final int S_FLAGS = 14;
    private static final int S_HIST = 28;
    private static final int S_END_WRAPS = 35;
    private static final int S_ACK_WRAPS = 49;
    private static final int WRAP_BITS = 14;

    private static final OpenKind[] OPEN_KINDS = OpenKind.values();

    private static final int WINDOW_UNIT_SHIFT = 8;
    private static final long MAX_PACKETS = (1L << 40) - 1;

    /** Connection flags (9 bits). */
    static final int F_ESTABLISHED_REPORTED = 1;
    /** The connection has closed (RST accepted, or the close handshake completed). */
    static final int F_CLOSED = 1 << 1;
    /** The Closed event has been emitted. */
    static final int F_CLOSED_REPORTED = 1 << 2;
    /** Both SYNs carried the window-scale option (RFC 7323 section 2.2). */
    static final int F_WSCALE_OK = 1 << 3;

    /** Direction flags (14 bits). */
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

    /** slot + 1 per entry, 0 = empty; linear probing with backward-shift deletion. */
    private int[] index = new int[1 << 10];
    private int indexMask = index.length - 1;
    private final boolean vlanAware;

    private long[][] coldPages = new long[4][];
    private int coldHighWater;
    private int[] coldFree = new int[64];
    private int coldFreeCount;

    /** IPv6 addresses: four longs per entry (originator hi, lo, responder hi, lo). */
    private long[] v6 = new long[4 * 64];
    /** What the cache-warming loads read (see {@link #warmIndex}); never used otherwise. */
    private long warmth;
    private int v6HighWater;
    private int[] v6Free = new int[16];
    private int v6FreeCount;

    /** History letters beyond the 24 kept in the slabs (rare: storms of RSTs with new sequence numbers). */
    private final Map<Integer, StringBuilder> historyOverflow = new HashMap<>();

    /** Timeout per class (ns), for the derived deadline. */
    private final long[] classTimeouts;
    private final boolean attemptFromFirstSyn;

    ConnectionStore(boolean vlanAware, long[] classTimeouts, boolean attemptFromFirstSyn) {
        this.vlanAware = vlanAware;
        this.classTimeouts = classTimeouts.clone();
        this.attemptFromFirstSyn = attemptFromFirstSyn;
    }

    /** Connections in the table: every slot ever handed out, less those on the free list. */
    int live() {
        return highWater - freeCount;
    }

    /** Bytes held by the slabs, the index, the IPv6 pool and the free lists (for memory reports). */
    long footprintBytes() {
        long total = 16 + 8L * pages.length + 16 + 4L * index.length + 16 + 4L * free.length
                + 16 + 8L * coldPages.length + 16 + 4L * coldFree.length + 16 + 8L * v6.length + 16 + 4L * v6Free.length;
        for (long[] p : pages) {
            total += p == null ? 0 : 16 + 8L * p.length;
        }
        for (long[] p : coldPages) {
            total += p == null ? 0 : 16 + 8L * p.length;
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

    // ---- the cold record ----------------------------------------------------------------------------------------

    /** The cold record of a slot, or NIL when it has none. */
    private int coldOf(int slot) {
        return lo(word(slot, W_COLD)) - 1;
    }

    /** The cold record of a slot, allocated (zeroed) the first time it is written. */
    private int coldFor(int slot) {
        int c = coldOf(slot);
        if (c != NIL) {
            return c;
        }
        if (coldFreeCount > 0) {
            c = coldFree[--coldFreeCount];
        } else {
            c = coldHighWater++;
            int page = c >>> PAGE_BITS;
            if (page == coldPages.length) {
                coldPages = Arrays.copyOf(coldPages, coldPages.length * 2);
            }
            if (coldPages[page] == null) {
                coldPages[page] = new long[PAGE_SLOTS * COLD_WORDS];
            }
        }
        int b = (c & PAGE_MASK) * COLD_WORDS;
        Arrays.fill(coldPages[c >>> PAGE_BITS], b, b + COLD_WORDS, 0L);
        setWord(slot, W_COLD, c + 1);
        return c;
    }

    private long cold(int slot, int w) {
        int c = coldOf(slot);
        return c == NIL ? 0 : coldPages[c >>> PAGE_BITS][(c & PAGE_MASK) * COLD_WORDS + w];
    }

    /** Writes a cold word; a zero needs no cold record, since without one every cold word reads as zero. */
    private void setCold(int slot, int w, long v) {
        if (v == 0 && coldOf(slot) == NIL) {
            return;
        }
        int c = coldFor(slot);
        coldPages[c >>> PAGE_BITS][(c & PAGE_MASK) * COLD_WORDS + w] = v;
    }

    private void releaseCold(int slot) {
        int c = coldOf(slot);
        if (c == NIL) {
            return;
        }
        if (coldFreeCount == coldFree.length) {
            coldFree = Arrays.copyOf(coldFree, coldFree.length * 2);
        }
        coldFree[coldFreeCount++] = c;
        setWord(slot, W_COLD, 0);
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
        return hash(origHi(slot), origLo(slot), (int) bits(key, K_ORIG_PORT, 16), respHi(slot), respLo(slot),
                (int) bits(key, K_RESP_PORT, 16), (int) bits(key, K_OUTER_VLAN, 13) - 1,
                (int) bits(key, K_INNER_VLAN, 13) - 1);
    }

    /**
     * The connection a segment belongs to and which way it travels, as {@code slot << 1 | direction}
     * ({@link #ORIG} when its originator sent it), or {@link #NIL}: the lookup has to tell the directions
     * apart anyway, so the caller need not compare the addresses again.
     */
    int find(TcpSegment s) {
        int i = position(s);
        while (true) {
            int e = index[i];
            if (e == 0) {
                return NIL;
            }
            int dir = direction(e - 1, s);
            if (dir != NIL) {
                return (e - 1) << 1 | dir;
            }
            i = (i + 1) & indexMask;
        }
    }

    /** Where a segment's lookup starts in the index. */
    private int position(TcpSegment s) {
        return hash(s.srcHi(), s.srcLo(), s.srcPort(), s.dstHi(), s.dstLo(), s.dstPort(), s.outerVlan(),
                s.innerVlan()) & indexMask;
    }

    /**
     * Cache warming, first step, for a segment the caller will pass to {@link #find} some segments from now:
     * loads the index entry its lookup starts at. Java has no prefetch instruction, so this is a plain load,
     * its value kept in {@link #warmth} only so that the compiler cannot drop it; issued early, its cache
     * miss overlaps with the work on the segments before instead of stalling the lookup.
     */
    void warmIndex(TcpSegment s) {
        warmth += index[position(s)];
    }

    /**
     * Cache warming, second step, a few segments after the first: loads each cache line of the record the
     * index entry names (and an IPv6 connection's addresses). Only reads; a stale or empty entry is harmless.
     */
    void warmRecord(TcpSegment s) {
        int e = index[position(s)];
        if (e == 0) {
            return;
        }
        int slot = e - 1;
        long[] p = pages[slot >>> PAGE_BITS];
        int b = base(slot);
        long w = p[b] + p[b + 8] + p[b + 16] + p[b + WORDS - 1]; // 168 bytes lie on three or four lines
        if ((p[b + W_KEY] & 1) != 0) {
            w += v6[4 * (int) p[b + W_ADDR]];
        }
        warmth += w;
    }

    /**
     * {@link #ORIG} when the slot's originator sent the segment, {@link #RESP} when its responder did, and
     * {@link #NIL} when the segment is not the slot's. A connection from a socket to itself is the
     * originator's.
     */
    private int direction(int slot, TcpSegment s) {
        long[] p = pages[slot >>> PAGE_BITS];
        int b = base(slot);
        long key = p[b + W_KEY];
        if (((key & 1) != 0) != s.isIpv6()) {
            return NIL;
        }
        if (vlanAware && (bits(key, K_OUTER_VLAN, 13) != s.outerVlan() + 1
                || bits(key, K_INNER_VLAN, 13) != s.innerVlan() + 1)) {
            return NIL;
        }
        int origPort = (int) bits(key, K_ORIG_PORT, 16);
        int respPort = (int) bits(key, K_RESP_PORT, 16);
        if (!s.isIpv6()) {
            long addr = p[b + W_ADDR];
            int o = hi(addr);
            int r = lo(addr);
            int src = (int) s.srcLo();
            int dst = (int) s.dstLo();
            if (o == src && r == dst && origPort == s.srcPort() && respPort == s.dstPort()) {
                return ORIG;
            }
            return o == dst && r == src && origPort == s.dstPort() && respPort == s.srcPort() ? RESP : NIL;
        }
        int a = 4 * (int) p[b + W_ADDR];
        if (v6[a] == s.srcHi() && v6[a + 1] == s.srcLo() && origPort == s.srcPort()
                && v6[a + 2] == s.dstHi() && v6[a + 3] == s.dstLo() && respPort == s.dstPort()) {
            return ORIG;
        }
        return v6[a] == s.dstHi() && v6[a + 1] == s.dstLo() && origPort == s.dstPort()
                && v6[a + 2] == s.srcHi() && v6[a + 3] == s.srcLo() && respPort == s.srcPort() ? RESP : NIL;
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
                pages = Arrays.copyOf(pages, pages.length * 2);
            }
            if (pages[page] == null) {
                pages[page] = new long[PAGE_SLOTS * WORDS];
            }
        }
        long[] p = pages[slot >>> PAGE_BITS];
        int b = base(slot);
        Arrays.fill(p, b, b + WORDS, 0L);
        long oHi = senderIsOrig ? s.srcHi() : s.dstHi();
        long oLo = senderIsOrig ? s.srcLo() : s.dstLo();
        long rHi = senderIsOrig ? s.dstHi() : s.srcHi();
        long rLo = senderIsOrig ? s.dstLo() : s.srcLo();
        if (s.isIpv6()) {
            int a = allocateV6();
            v6[4 * a] = oHi;
            v6[4 * a + 1] = oLo;
            v6[4 * a + 2] = rHi;
            v6[4 * a + 3] = rLo;
            p[b + W_ADDR] = a;
        } else {
            p[b + W_ADDR] = ((long) (int) oLo << 32) | (rLo & 0xFFFF_FFFFL);
        }
        int origPort = senderIsOrig ? s.srcPort() : s.dstPort();
        int respPort = senderIsOrig ? s.dstPort() : s.srcPort();
        p[b + W_KEY] = ((long) origPort << K_ORIG_PORT) | ((long) respPort << K_RESP_PORT)
                | ((long) (s.outerVlan() + 1) << K_OUTER_VLAN) | ((long) (s.innerVlan() + 1) << K_INNER_VLAN)
                | ((long) s.tunnel().ordinal() << K_TUNNEL) | (s.isIpv6() ? 1 : 0);
        p[b + W_META] = ordinal & ((1L << 36) - 1);
        if (live() * 2 > index.length) {
            growIndex();
        }
        insertIndex(slot);
        return slot;
    }

    private int allocateV6() {
        if (v6FreeCount > 0) {
            return v6Free[--v6FreeCount];
        }
        if (4 * (v6HighWater + 1) > v6.length) {
            v6 = Arrays.copyOf(v6, v6.length * 2);
        }
        return v6HighWater++;
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

    /** Removes a connection; its slot (and its cold record and IPv6 addresses) are reused. */
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
        releaseCold(slot);
        if (v6(slot)) {
            if (v6FreeCount == v6Free.length) {
                v6Free = Arrays.copyOf(v6Free, v6Free.length * 2);
            }
            v6Free[v6FreeCount++] = (int) word(slot, W_ADDR);
        }
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = slot;
    }

    /**
     * Swaps the roles of originator and responder (Zeek's role flip): addresses, ports and both direction
     * blocks trade places. The hash is symmetric, so the index needs no change. Zeek keeps its
     * once-per-direction history bits by role, not by endpoint, so those stay.
     */
    void flip(int slot) {
        long[] p = pages[slot >>> PAGE_BITS];
        int b = base(slot);
        long addr = p[b + W_ADDR];
        if (v6(slot)) {
            int a = 4 * (int) addr;
            long h = v6[a];
            long l = v6[a + 1];
            v6[a] = v6[a + 2];
            v6[a + 1] = v6[a + 3];
            v6[a + 2] = h;
            v6[a + 3] = l;
        } else {
            p[b + W_ADDR] = (addr << 32) | (addr >>> 32);
        }
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
        long h0 = bits(p[d0 + D_STATE], S_HIST, 7);
        long h1 = bits(p[d1 + D_STATE], S_HIST, 7);
        p[d0 + D_STATE] = withBits(p[d0 + D_STATE], S_HIST, 7, h1);
        p[d1 + D_STATE] = withBits(p[d1 + D_STATE], S_HIST, 7, h0);
        int c = coldOf(slot);
        if (c != NIL) {
            long[] cp = coldPages[c >>> PAGE_BITS];
            int cb = (c & PAGE_MASK) * COLD_WORDS;
            for (int w : PER_DIRECTION_COLD) {
                long x = cp[cb + w];
                cp[cb + w] = cp[cb + w + 1];
                cp[cb + w + 1] = x;
            }
            long r = cp[cb + C_ZEEK_RXMT];
            cp[cb + C_ZEEK_RXMT] = (r << 32) | (r >>> 32);
        }
    }

    // ---- connection fields --------------------------------------------------------------------------------------

    long origHi(int slot) {
        return v6(slot) ? v6[4 * (int) word(slot, W_ADDR)] : 0;
    }

    long origLo(int slot) {
        return v6(slot) ? v6[4 * (int) word(slot, W_ADDR) + 1] : IpAddress.mappedV4(hi(word(slot, W_ADDR)));
    }

    long respHi(int slot) {
        return v6(slot) ? v6[4 * (int) word(slot, W_ADDR) + 2] : 0;
    }

    long respLo(int slot) {
        return v6(slot) ? v6[4 * (int) word(slot, W_ADDR) + 3] : IpAddress.mappedV4(lo(word(slot, W_ADDR)));
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

    Tunnel tunnel(int slot) {
        return Tunnel.values()[(int) bits(word(slot, W_KEY), K_TUNNEL, 3)];
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

    /** When the connection times out: its last (or first) packet time plus its class's timeout. */
    long deadline(int slot) {
        int cls = timeoutClass(slot) - 1;
        if (cls < 0) {
            return Long.MAX_VALUE;
        }
        boolean fromFirst = attemptFromFirstSyn && cls == TimeoutClass.ATTEMPT.ordinal();
        return (fromFirst ? firstTs(slot) : lastTs(slot)) + classTimeouts[cls];
    }

    long ordinal(int slot) {
        return bits(word(slot, W_META), 0, 36);
    }

    /** The timeout class + 1, or 0 when the slot is not on the timer wheel. */
    int timeoutClass(int slot) {
        return (int) bits(word(slot, W_META), M_CLASS, 4);
    }

    void setTimeoutClass(int slot, int cls) {
        setWord(slot, W_META, withBits(word(slot, W_META), M_CLASS, 4, cls));
    }

    OpenKind openKind(int slot) {
        return OPEN_KINDS[(int) bits(word(slot, W_META), M_OPEN, 2)];
    }

    void setOpenKind(int slot, OpenKind kind) {
        setWord(slot, W_META, withBits(word(slot, W_META), M_OPEN, 2, kind.ordinal()));
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

    /** Most slots the wheel links can address (25 bits, less the NIL encoding). */
    static final int MAX_SLOTS = (1 << 25) - 2;
    private static final int L_NEXT = 25;
    private static final int L_BUCKET = 50;

    int prev(int slot) {
        return (int) bits(word(slot, W_LINKS), 0, 25) - 1;
    }

    int next(int slot) {
        return (int) bits(word(slot, W_LINKS), L_NEXT, 25) - 1;
    }

    void setPrev(int slot, int prev) {
        setWord(slot, W_LINKS, withBits(word(slot, W_LINKS), 0, 25, prev + 1));
    }

    void setNext(int slot, int next) {
        setWord(slot, W_LINKS, withBits(word(slot, W_LINKS), L_NEXT, 25, next + 1));
    }

    /** The timer-wheel bucket the slot is listed in. */
    int bucket(int slot) {
        return (int) bits(word(slot, W_LINKS), L_BUCKET, 14);
    }

    void setBucket(int slot, int bucket) {
        setWord(slot, W_LINKS, withBits(word(slot, W_LINKS), L_BUCKET, 14, bucket));
    }

    /** Handshake round-trip time in microseconds, or -1. */
    long rttMicros(int slot) {
        return (hi(word(slot, W_MISC)) & 0xFFFF_FFFFL) - 1;
    }

    void setRttMicros(int slot, long micros) {
        setWord(slot, W_MISC, withHi(word(slot, W_MISC), (int) Math.min(micros + 1, 0xFFFF_FFFFL)));
    }

    int anomalyBits(int slot) {
        return lo(word(slot, W_MISC));
    }

    void addAnomalyBit(int slot, int ordinal) {
        setWord(slot, W_MISC, word(slot, W_MISC) | (1L << ordinal));
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
        if (len < 12) {
            setWord(slot, W_HIST_A, withBits(word(slot, W_HIST_A), len * 5, 5, code));
        } else if (len < 24) {
            setCold(slot, C_HIST_B, withBits(cold(slot, C_HIST_B), (len - 12) * 5, 5, code));
        } else {
            historyOverflow.computeIfAbsent(slot, k -> new StringBuilder()).append(letter);
        }
        if (len < 63) {
            setWord(slot, W_META, withBits(word(slot, W_META), M_HISTLEN, 6, len + 1));
        }
    }

    /** The first history letter, or 0 when there is none. */
    char firstHistoryLetter(int slot) {
        return historyLength(slot) == 0 ? 0 : ALPHABET.charAt((int) bits(word(slot, W_HIST_A), 0, 5) - 1);
    }

    /** The history string (allocates: for events only). */
    String history(int slot) {
        int len = Math.min(historyLength(slot), 24);
        StringBuilder sb = new StringBuilder(len + 4);
        for (int i = 0; i < len; i++) {
            long w = i < 12 ? word(slot, W_HIST_A) : cold(slot, C_HIST_B);
            sb.append(ALPHABET.charAt((int) bits(w, (i % 12) * 5, 5) - 1));
        }
        StringBuilder more = historyOverflow.get(slot);
        if (more != null) {
            sb.append(more);
        }
        return sb.toString();
    }

    /** Replaces the history (Zeek's H-to-^h rewrite). */
    void rewriteHistory(int slot, String letters) {
        setWord(slot, W_HIST_A, 0);
        setCold(slot, C_HIST_B, 0);
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

    /** Largest window this direction advertised, scaled (td_maxwin), to 256 bytes, rounded up. */
    long maxWin(int slot, int dir) {
        return bits(dword(slot, dir, D_COUNT), 40, 24) << WINDOW_UNIT_SHIFT;
    }

    void setMaxWin(int slot, int dir, long win) {
        long units = Math.min((win + (1 << WINDOW_UNIT_SHIFT) - 1) >>> WINDOW_UNIT_SHIFT, (1L << 24) - 1);
        setDword(slot, dir, D_COUNT, withBits(dword(slot, dir, D_COUNT), 40, 24, units));
    }

    int holeStart(int slot, int dir) {
        return hi(cold(slot, C_HOLE + dir));
    }

    int holeEnd(int slot, int dir) {
        return lo(cold(slot, C_HOLE + dir));
    }

    void setHole(int slot, int dir, int start, int end) {
        setCold(slot, C_HOLE + dir, ((long) start << 32) | (end & 0xFFFF_FFFFL));
    }

    int fingerprint(int slot, int dir) {
        return hi(dword(slot, dir, D_LAST));
    }

    void setFingerprint(int slot, int dir, int fp) {
        setDword(slot, dir, D_LAST, withHi(dword(slot, dir, D_LAST), fp));
    }

    int lastSynRel(int slot, int dir) {
        return hi(cold(slot, C_HIST_SEQ + dir));
    }

    void setLastSynRel(int slot, int dir, int rel) {
        setCold(slot, C_HIST_SEQ + dir, withHi(cold(slot, C_HIST_SEQ + dir), rel));
    }

    int lastFinRel(int slot, int dir) {
        return lo(dword(slot, dir, D_LAST));
    }

    void setLastFinRel(int slot, int dir, int rel) {
        setDword(slot, dir, D_LAST, withLo(dword(slot, dir, D_LAST), rel));
    }

    int lastRstRel(int slot, int dir) {
        return lo(cold(slot, C_HIST_SEQ + dir));
    }

    void setLastRstRel(int slot, int dir, int rel) {
        setCold(slot, C_HIST_SEQ + dir, withLo(cold(slot, C_HIST_SEQ + dir), rel));
    }

    /** Counts a Zeek retransmission (a segment with payload that did not advance the sequence: T/t). */
    int incZeekRetransmits(int slot, int dir) {
        return dir == ORIG ? incHigh(slot, C_ZEEK_RXMT) : incLow(slot, C_ZEEK_RXMT);
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
        return (bits(dword(slot, dir, D_STATE), S_FLAGS, 14) & flag) != 0;
    }

    void setDirFlag(int slot, int dir, int flag) {
        setDword(slot, dir, D_STATE, dword(slot, dir, D_STATE) | ((long) flag << S_FLAGS));
    }

    void clearDirFlag(int slot, int dir, int flag) {
        setDword(slot, dir, D_STATE, dword(slot, dir, D_STATE) & ~((long) flag << S_FLAGS));
    }

    /** Zeek's once-per-direction history bits (SYN, FIN, RST, data, ACK, FIN+RST, multi-flag). */
    boolean historySeen(int slot, int dir, int bit) {
        return (bits(dword(slot, dir, D_STATE), S_HIST, 7) & bit) != 0;
    }

    void setHistorySeen(int slot, int dir, int bit) {
        setDword(slot, dir, D_STATE, dword(slot, dir, D_STATE) | ((long) bit << S_HIST));
    }

    int endWraps(int slot, int dir) {
        return (int) bits(dword(slot, dir, D_STATE), S_END_WRAPS, WRAP_BITS);
    }

    void setEndWraps(int slot, int dir, int wraps) {
        setDword(slot, dir, D_STATE, withBits(dword(slot, dir, D_STATE), S_END_WRAPS, WRAP_BITS, wraps));
    }

    int ackWraps(int slot, int dir) {
        return (int) bits(dword(slot, dir, D_STATE), S_ACK_WRAPS, WRAP_BITS);
    }

    void setAckWraps(int slot, int dir, int wraps) {
        setDword(slot, dir, D_STATE, withBits(dword(slot, dir, D_STATE), S_ACK_WRAPS, WRAP_BITS, wraps));
    }

    long packets(int slot, int dir) {
        return dword(slot, dir, D_COUNT) & MAX_PACKETS;
    }

    long ipBytes(int slot, int dir) {
        return dword(slot, dir, D_IP_BYTES);
    }

    /** Counts one segment of the direction. */
    void countSegment(int slot, int dir, int ipLength) {
        long[] p = pages[slot >>> PAGE_BITS];
        int d = base(slot) + W_DIR + dir * DIR_WORDS;
        long count = p[d + D_COUNT];
        if ((count & MAX_PACKETS) != MAX_PACKETS) {
            p[d + D_COUNT] = count + 1;
        }
        p[d + D_IP_BYTES] += ipLength;
    }

    /** The 32-bit counter in the high half of a cold word, unsigned. */
    private long highCount(int slot, int w) {
        return hi(cold(slot, w)) & 0xFFFF_FFFFL;
    }

    /** The 32-bit counter in the low half of a cold word, unsigned. */
    private long lowCount(int slot, int w) {
        return lo(cold(slot, w)) & 0xFFFF_FFFFL;
    }

    /** Adds one to the counter in the high half of a cold word; returns the new count. */
    private int incHigh(int slot, int w) {
        long v = cold(slot, w) + (1L << 32);
        setCold(slot, w, v);
        return hi(v);
    }

    /** Adds one to the counter in the low half of a cold word (the high half is untouched); returns the new count. */
    private int incLow(int slot, int w) {
        long v = cold(slot, w);
        int n = lo(v) + 1;
        setCold(slot, w, withLo(v, n));
        return n;
    }

    long retransmits(int slot, int dir) {
        return highCount(slot, C_C1 + dir);
    }

    void incRetransmits(int slot, int dir) {
        incHigh(slot, C_C1 + dir);
    }

    long duplicates(int slot, int dir) {
        return lowCount(slot, C_C1 + dir);
    }

    void incDuplicates(int slot, int dir) {
        incLow(slot, C_C1 + dir);
    }

    long reordered(int slot, int dir) {
        return highCount(slot, C_C2 + dir);
    }

    void incReordered(int slot, int dir) {
        incHigh(slot, C_C2 + dir);
    }

    long badChecksums(int slot, int dir) {
        return lowCount(slot, C_C2 + dir);
    }

    int incBadChecksums(int slot, int dir) {
        return incLow(slot, C_C2 + dir);
    }

    long zeroWindows(int slot, int dir) {
        return highCount(slot, C_C3 + dir);
    }

    int incZeroWindows(int slot, int dir) {
        return incHigh(slot, C_C3 + dir);
    }

    int incGaps(int slot, int dir) {
        return incLow(slot, C_C3 + dir);
    }

    long missedBytes(int slot, int dir) {
        return cold(slot, C_MISSED + dir);
    }

    void addMissedBytes(int slot, int dir, long bytes) {
        setCold(slot, C_MISSED + dir, cold(slot, C_MISSED + dir) + bytes);
    }
}
