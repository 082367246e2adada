package dev.conntrail.capture.wire;

/**
 * Just enough IPv4 / IPv6 fragment reassembly (RFC 791 section 3.2, RFC 8200 section 4.5) to produce one TCP
 * segment per completed datagram, as Zeek and tshark do.
 *
 * <p>The payload is not needed: per pending datagram this keeps the header of the first fragment, the first
 * {@link #PREFIX_LENGTH} bytes of the datagram's data (enough for a TCP header, or for tunnel headers plus
 * the inner IP and TCP headers when an outer tunnel packet was fragmented), and the byte ranges received so
 * far. Overlapping fragments are accepted and merged into the coverage, as Zeek does (it only logs a weird);
 * the bytes that arrived first are kept. A datagram completes when its last fragment (more-fragments clear)
 * has been seen and the coverage has no hole.
 *
 * <p>Memory is bounded: at most {@code maxPending} datagrams are held (the oldest is dropped to make room),
 * each datagram at most 65535 bytes long, each with at most {@link #MAX_RANGES} separate ranges, and a
 * datagram is dropped once its first fragment is older than the timeout in packet time. Slots are allocated
 * when first needed and reused.
 */
final class FragmentReassembler {
    /** Bytes of datagram data kept from the start: transport header, or tunnel headers plus inner headers. */
    static final int PREFIX_LENGTH = 512;
    /** The largest IP datagram: total length (IPv4) or header plus payload length (IPv6) is 16 bits. */
    static final int MAX_DATAGRAM = 65535;
    /** The largest unfragmentable part kept (IPv6 header and extension headers before the fragment header). */
    static final int MAX_HEADER = 256;
    /** Separate received ranges per datagram before it is given up as hostile. */
    static final int MAX_RANGES = 64;

    /** What adding one fragment did. */
    enum Result {
        /** Held; the datagram is not complete yet. */
        HELD,
        /** The datagram is complete: {@link #datagram()} holds it. */
        COMPLETE,
        /** The fragment contradicts its datagram or exceeds the limits; it was not used. */
        BAD
    }

    /** The fields of one fragment, filled by the decoder (one reused instance). */
    static final class Fragment {
        boolean v6;
        long srcHi;
        long srcLo;
        long dstHi;
        long dstLo;
        int id;
        /** IPv4 protocol, or the next header after the IPv6 fragment header. */
        int protocol;
        byte[] bytes;
        /** Start of the IP header in {@link #bytes}. */
        int headerOffset;
        /** IPv4 header length, or the IPv6 header plus the extension headers before the fragment header. */
        int headerLength;
        /** IPv6: offset from the header start of the next-header byte that names the fragment header. */
        int nextHeaderField;
        int fragmentOffset;
        boolean more;
        /** Start of this fragment's data in {@link #bytes}. */
        int dataOffset;
        /** Data bytes this fragment carries according to its IP header. */
        int dataLength;
        /** Data bytes actually captured (at most {@link #dataLength}). */
        int dataCaptured;
    }

    private static final class Pending {
        boolean active;
        boolean v6;
        long srcHi;
        long srcLo;
        long dstHi;
        long dstLo;
        int id;
        int protocol;
        long firstNanos;
        int fragments;
        boolean haveFirst;
        final byte[] header = new byte[MAX_HEADER];
        int headerLength;
        int nextHeaderField;
        /** Data length once the last fragment was seen, else -1. */
        int totalLength;
        final byte[] prefix = new byte[PREFIX_LENGTH];
        final long[] prefixCaptured = new long[PREFIX_LENGTH / Long.SIZE];
        final int[] starts = new int[MAX_RANGES];
        final int[] ends = new int[MAX_RANGES];
        int ranges;

        boolean matches(Fragment f) {
            return active && v6 == f.v6 && id == f.id && protocol == f.protocol && srcLo == f.srcLo
                    && dstLo == f.dstLo && srcHi == f.srcHi && dstHi == f.dstHi;
        }

        void start(Fragment f, long nanos) {
            active = true;
            v6 = f.v6;
            srcHi = f.srcHi;
            srcLo = f.srcLo;
            dstHi = f.dstHi;
            dstLo = f.dstLo;
            id = f.id;
            protocol = f.protocol;
            firstNanos = nanos;
            fragments = 0;
            haveFirst = false;
            headerLength = 0;
            totalLength = -1;
            ranges = 0;
            java.util.Arrays.fill(prefixCaptured, 0L);
        }

        /** Merges {@code [s, e)} into the sorted, disjoint ranges; false when there are too many ranges. */
        boolean cover(int s, int e) {
            if (s >= e) {
                return true;
            }
            int i = 0;
            while (i < ranges && ends[i] < s) {
                i++;
            }
            int j = i;
            int ns = s;
            int ne = e;
            while (j < ranges && starts[j] <= e) {
                ns = Math.min(ns, starts[j]);
                ne = Math.max(ne, ends[j]);
                j++;
            }
            int removed = j - i;
            if (removed == 0 && ranges == MAX_RANGES) {
                return false;
            }
            int shift = 1 - removed;
            if (shift != 0) {
                System.arraycopy(starts, j, starts, j + shift, ranges - j);
                System.arraycopy(ends, j, ends, j + shift, ranges - j);
            }
            starts[i] = ns;
            ends[i] = ne;
            ranges += shift;
            return true;
        }

        boolean overlaps(int s, int e) {
            for (int i = 0; i < ranges; i++) {
                if (starts[i] < e && s < ends[i]) {
                    return true;
                }
            }
            return false;
        }

        boolean complete() {
            return haveFirst && totalLength >= 0 && ranges == 1 && starts[0] == 0 && ends[0] == totalLength;
        }

        /** Length of the run of captured prefix bytes from the start. */
        int capturedPrefix() {
            for (int w = 0; w < prefixCaptured.length; w++) {
                long bits = prefixCaptured[w];
                if (bits != -1L) {
                    return w * Long.SIZE + Long.numberOfTrailingZeros(~bits);
                }
            }
            return PREFIX_LENGTH;
        }
    }

    private final Pending[] slots;
    private final long timeoutNanos;
    private final DecodeCounters counters;
    private final byte[] datagram = new byte[MAX_HEADER + PREFIX_LENGTH];
    private int datagramCaptured;
    private int datagramLength;
    private boolean lastOverlapped;

    FragmentReassembler(int maxPending, long timeoutNanos, DecodeCounters counters) {
        this.slots = new Pending[maxPending];
        this.timeoutNanos = timeoutNanos;
        this.counters = counters;
    }

    /** Adds one fragment captured at {@code nanos}. */
    Result add(Fragment f, long nanos) {
        lastOverlapped = false;
        expire(nanos);
        int dataEnd = f.fragmentOffset + f.dataLength;
        int unfragmentableExtra = f.v6 ? f.headerLength - Ipv6View.HEADER_LENGTH : f.headerLength;
        if ((long) unfragmentableExtra + dataEnd > MAX_DATAGRAM || f.headerLength > MAX_HEADER) {
            return Result.BAD;
        }
        Pending p = find(f);
        if (p == null) {
            p = allocate(f, nanos);
        }
        if (p.totalLength >= 0 && dataEnd > p.totalLength) {
            return Result.BAD; // beyond the end the last fragment announced
        }
        if (!f.more) {
            if (p.totalLength >= 0 && p.totalLength != dataEnd) {
                return Result.BAD; // two different last fragments
            }
            if (p.ranges > 0 && p.ends[p.ranges - 1] > dataEnd) {
                return Result.BAD; // data already held beyond this end
            }
        }
        lastOverlapped = p.overlaps(f.fragmentOffset, dataEnd);
        if (!p.cover(f.fragmentOffset, dataEnd)) {
            drop(p);
            return Result.BAD;
        }
        if (!f.more) {
            p.totalLength = dataEnd;
        }
        p.fragments++;
        if (f.fragmentOffset == 0 && !p.haveFirst) {
            p.haveFirst = true;
            p.headerLength = f.headerLength;
            p.nextHeaderField = f.nextHeaderField;
            System.arraycopy(f.bytes, f.headerOffset, p.header, 0, f.headerLength);
        }
        keepPrefix(p, f);
        if (!p.complete()) {
            return Result.HELD;
        }
        if (!build(p)) {
            drop(p);
            return Result.BAD;
        }
        p.active = false;
        return Result.COMPLETE;
    }

    /** Whether the last fragment added overlapped data already held. */
    boolean lastOverlapped() {
        return lastOverlapped;
    }

    /** After {@link Result#COMPLETE}: the rebuilt datagram (header, then the kept data prefix). */
    byte[] datagram() {
        return datagram;
    }

    /** Bytes of {@link #datagram()} that hold real packet bytes. */
    int datagramCaptured() {
        return datagramCaptured;
    }

    /** The reassembled datagram's full length: header plus all fragment data. */
    int datagramLength() {
        return datagramLength;
    }

    /** Drops every held datagram (end of input), counting its fragments as {@code FRAGMENT_DROPPED}. */
    void dropAll() {
        for (Pending p : slots) {
            if (p != null && p.active) {
                drop(p);
            }
        }
    }

    private void keepPrefix(Pending p, Fragment f) {
        int from = f.fragmentOffset;
        int to = Math.min(from + f.dataCaptured, PREFIX_LENGTH);
        for (int pos = from; pos < to; pos++) {
            int word = pos >>> 6;
            long bit = 1L << (pos & 63);
            if ((p.prefixCaptured[word] & bit) == 0) {
                p.prefix[pos] = f.bytes[f.dataOffset + pos - from];
                p.prefixCaptured[word] |= bit;
            }
        }
    }

    /** Writes header plus prefix into {@link #datagram}, rewriting the header as an unfragmented one. */
    private boolean build(Pending p) {
        int h = p.headerLength;
        System.arraycopy(p.header, 0, datagram, 0, h);
        int captured = Math.min(p.capturedPrefix(), p.totalLength);
        System.arraycopy(p.prefix, 0, datagram, h, captured);
        datagramCaptured = h + captured;
        datagramLength = h + p.totalLength;
        if (p.v6) {
            int payload = h - Ipv6View.HEADER_LENGTH + p.totalLength;
            if (payload > MAX_DATAGRAM) {
                return false;
            }
            putU16(Ipv6View.PAYLOAD_LENGTH_OFFSET, payload);
            datagram[p.nextHeaderField] = (byte) p.protocol;
        } else {
            if (datagramLength > MAX_DATAGRAM) {
                return false;
            }
            putU16(Ipv4View.TOTAL_LENGTH_OFFSET, datagramLength);
            putU16(Ipv4View.FLAGS_FRAGMENT_OFFSET, 0);
        }
        return true;
    }

    private void putU16(int at, int value) {
        datagram[at] = (byte) (value >>> 8);
        datagram[at + 1] = (byte) value;
    }

    private Pending find(Fragment f) {
        for (Pending p : slots) {
            if (p != null && p.matches(f)) {
                return p;
            }
        }
        return null;
    }

    private Pending allocate(Fragment f, long nanos) {
        Pending oldest = null;
        for (int i = 0; i < slots.length; i++) {
            Pending p = slots[i];
            if (p == null) {
                p = new Pending();
                slots[i] = p;
            }
            if (!p.active) {
                p.start(f, nanos);
                return p;
            }
            if (oldest == null || p.firstNanos < oldest.firstNanos) {
                oldest = p;
            }
        }
        drop(oldest);
        oldest.start(f, nanos);
        return oldest;
    }

    private void expire(long nanos) {
        for (Pending p : slots) {
            if (p != null && p.active && nanos - p.firstNanos > timeoutNanos) {
                drop(p);
            }
        }
    }

    private void drop(Pending p) {
        for (int i = 0; i < p.fragments; i++) {
            counters.count(DecodeOutcome.FRAGMENT_DROPPED);
        }
        p.active = false;
    }
}
