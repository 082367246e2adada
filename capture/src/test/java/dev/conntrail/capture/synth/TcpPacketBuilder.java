package dev.conntrail.capture.synth;

/**
 * Builds one Ethernet / IPv4-or-IPv6 / TCP frame at a time into a reused array, with correct lengths and
 * checksums (IPv4 header checksum, TCP checksum over the pseudo header, RFC 9293 section 3.1 and RFC 8200
 * section 8.1). Set the fields, then {@link #build}.
 *
 * <pre>
 * Ethernet 14 | IPv4 20 (no options) or IPv6 40 | TCP 20 + options | payload
 * options on SYN and SYN-ACK (Linux's order, 20 bytes): MSS, SACK-permitted, Timestamps, NOP, Window scale
 * options on other segments but RST (12 bytes):           NOP, NOP, Timestamps
 * </pre>
 *
 * The payload is a fixed text pattern; the checksum of every prefix of it is computed once, so a packet's
 * checksum costs its headers only.
 */
final class TcpPacketBuilder {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;

    static final int MAX_PAYLOAD = 1448;
    static final int MAX_FRAME = 14 + 40 + 60 + MAX_PAYLOAD;

    private static final int ETHERNET = 14;
    private static final int IPV4 = 20;
    private static final int IPV6 = 40;
    private static final int TCP = 20;
    private static final int SYN_OPTIONS = 20;
    private static final int TS_OPTIONS = 12;
    private static final int PROTO_TCP = 6;

    private static final byte[] PAYLOAD = new byte[MAX_PAYLOAD];
    /** Ones' complement sum (unfolded) of the big-endian 16-bit words of {@code PAYLOAD[0, n)}, odd byte padded. */
    private static final long[] PAYLOAD_SUM = new long[MAX_PAYLOAD + 1];

    static {
        byte[] text = "GET /synthetic/capture HTTP/1.1\r\nHost: conntrail.test\r\nAccept: */*\r\n\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < PAYLOAD.length; i++) {
            PAYLOAD[i] = text[i % text.length];
        }
        long sum = 0;
        for (int n = 1; n <= MAX_PAYLOAD; n++) {
            if ((n & 1) == 0) {
                sum += (PAYLOAD[n - 1] & 0xFF); // low byte of the word that PAYLOAD[n - 2] opened
                PAYLOAD_SUM[n] = sum;
            } else {
                sum += (PAYLOAD[n - 1] & 0xFF) << 8;
                PAYLOAD_SUM[n] = sum;
            }
        }
    }

    // ---- per packet ----------------------------------------------------------------------------------------------
    boolean v6;
    /** Addresses: IPv4 in the low 32 bits of {@code srcLo}/{@code dstLo}; IPv6 as two longs each. */
    long srcHi;
    long srcLo;
    long dstHi;
    long dstLo;
    int srcPort;
    int dstPort;
    int seq;
    int ack;
    int flags;
    int window;
    int ipId;
    int tsVal;
    int tsEcr;
    int mss;
    int windowScale;
    int payloadLength;
    /** MAC addresses end in 1 for the originator's side and 2 for the responder's. */
    boolean fromOriginator;

    private final byte[] frame = new byte[MAX_FRAME];

    byte[] frame() {
        return frame;
    }

    /** Writes the frame into {@link #frame()} and returns its length. */
    int build() {
        byte[] f = frame;
        int options = (flags & RST) != 0 ? 0 : (flags & SYN) != 0 ? SYN_OPTIONS : TS_OPTIONS;
        int tcpLength = TCP + options + payloadLength;
        int ip = ETHERNET;
        int tcp;
        // Ethernet: destination, source, EtherType
        mac(f, 0, fromOriginator ? 2 : 1);
        mac(f, 6, fromOriginator ? 1 : 2);
        long pseudo = PROTO_TCP + tcpLength;
        if (v6) {
            u16(f, 12, 0x86DD);
            u32(f, ip, 0x6000_0000);
            u16(f, ip + 4, tcpLength);
            f[ip + 6] = PROTO_TCP;
            f[ip + 7] = 64;
            u64(f, ip + 8, srcHi);
            u64(f, ip + 16, srcLo);
            u64(f, ip + 24, dstHi);
            u64(f, ip + 32, dstLo);
            pseudo += words(srcHi) + words(srcLo) + words(dstHi) + words(dstLo);
            tcp = ip + IPV6;
        } else {
            u16(f, 12, 0x0800);
            f[ip] = 0x45;
            f[ip + 1] = 0;
            u16(f, ip + 2, IPV4 + tcpLength);
            u16(f, ip + 4, ipId & 0xFFFF);
            u16(f, ip + 6, 0x4000); // don't fragment
            f[ip + 8] = 64;
            f[ip + 9] = PROTO_TCP;
            u16(f, ip + 10, 0);
            u32(f, ip + 12, (int) srcLo);
            u32(f, ip + 16, (int) dstLo);
            u16(f, ip + 10, ~fold(sum(f, ip, ip + IPV4)) & 0xFFFF);
            pseudo += words(srcLo & 0xFFFF_FFFFL) + words(dstLo & 0xFFFF_FFFFL);
            tcp = ip + IPV4;
        }
        u16(f, tcp, srcPort);
        u16(f, tcp + 2, dstPort);
        u32(f, tcp + 4, seq);
        u32(f, tcp + 8, ack);
        u16(f, tcp + 12, ((TCP + options) / 4) << 12 | flags);
        u16(f, tcp + 14, window);
        u16(f, tcp + 16, 0);
        u16(f, tcp + 18, 0);
        int o = tcp + TCP;
        if (options == SYN_OPTIONS) {
            f[o] = 2;
            f[o + 1] = 4;
            u16(f, o + 2, mss);
            f[o + 4] = 4;
            f[o + 5] = 2;
            timestamps(f, o + 6);
            f[o + 16] = 1;
            f[o + 17] = 3;
            f[o + 18] = 3;
            f[o + 19] = (byte) windowScale;
        } else if (options == TS_OPTIONS) {
            f[o] = 1;
            f[o + 1] = 1;
            timestamps(f, o + 2);
        }
        int data = o + options;
        System.arraycopy(PAYLOAD, 0, f, data, payloadLength);
        long s = pseudo + sum(f, tcp, data) + PAYLOAD_SUM[payloadLength];
        u16(f, tcp + 16, ~fold(s) & 0xFFFF);
        return data + payloadLength;
    }

    private void timestamps(byte[] f, int at) {
        f[at] = 8;
        f[at + 1] = 10;
        u32(f, at + 2, tsVal);
        u32(f, at + 6, tsEcr);
    }

    private static void mac(byte[] f, int at, int last) {
        f[at] = 0x02; // locally administered
        f[at + 1] = 0;
        f[at + 2] = 0;
        f[at + 3] = 0;
        f[at + 4] = 0;
        f[at + 5] = (byte) last;
    }

    /** Sum of the 16-bit words of {@code [from, to)}; both even distances from a header start. */
    private static long sum(byte[] f, int from, int to) {
        long s = 0;
        for (int i = from; i < to; i += 2) {
            s += ((f[i] & 0xFF) << 8) | (f[i + 1] & 0xFF);
        }
        return s;
    }

    private static long words(long v) {
        return (v >>> 48) + ((v >>> 32) & 0xFFFF) + ((v >>> 16) & 0xFFFF) + (v & 0xFFFF);
    }

    private static int fold(long sum) {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    private static void u16(byte[] f, int at, int v) {
        f[at] = (byte) (v >>> 8);
        f[at + 1] = (byte) v;
    }

    private static void u32(byte[] f, int at, int v) {
        f[at] = (byte) (v >>> 24);
        f[at + 1] = (byte) (v >>> 16);
        f[at + 2] = (byte) (v >>> 8);
        f[at + 3] = (byte) v;
    }

    private static void u64(byte[] f, int at, long v) {
        u32(f, at, (int) (v >>> 32));
        u32(f, at + 4, (int) v);
    }
}
