package dev.conntrail.capture.synth;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a synthetic pcap of TCP conversations, deterministically from a seed (see {@link SynthConfig}),
 * and reports what it wrote ({@link SynthReport}) so a reader can be checked against it.
 *
 * <p>At any moment {@code concurrent} conversations are in progress; each packet comes from one of them,
 * picked at random, and a conversation that has sent its last packet makes room for the next connection.
 * A conversation in {@link SynthConfig.Mode#MIXED} is, in packets:
 * <pre>
 *   SYN  SYN-ACK  ACK                                  handshake with MSS, SACK-permitted, timestamps, wscale
 *   ( request  response x1..3  ACK ) x k               k steered so the file has about the packets asked for
 *   FIN  FIN-ACK  ACK  |  FIN ACK FIN ACK             80%: either side closes first
 *   RST (originator) | RST (responder)                4% each, after the exchanges
 *   SYN  RST-ACK                                      4%: refused
 *   SYN  SYN  SYN                                     4%: unanswered (retransmitted SYNs)
 *   (no close)                                        4%: left open
 * </pre>
 * A data segment is sent again right after itself with {@code retransmitPercent} chance (a new IP id and
 * timestamp, as a real retransmission). Addresses: IPv4 clients in 10/8 and servers in 192.168/16, IPv6
 * clients in 2001:db8::/64 and servers in 2001:db8:ffff::/64, one client address and port per connection
 * so that no 4-tuple repeats. A SYN flood comes from spoofed, never repeating addresses in all of IPv4.
 */
public final class SyntheticCapture {
    private static final int[] SERVER_PORTS = {80, 443, 443, 443, 8080, 22, 5432, 6379};
    private static final long V6_CLIENT_PREFIX = 0x2001_0db8_0000_0000L;
    private static final long V6_SERVER_PREFIX = 0x2001_0db8_ffff_0000L;
    private static final int SERVERS = 256;

    private final SynthConfig config;
    private final SplittableRandom random;
    private final TcpPacketBuilder packet = new TcpPacketBuilder();
    private final Map<Ending, Long> endings = new EnumMap<>(Ending.class);
    private PcapStream out;
    private long now;
    private long packets;
    private long started;
    private long ipv6;
    private long retransmissions;
    /** Packets the conversations in progress still plan to send (steers the size of new ones). */
    private long outstanding;

    private SyntheticCapture(SynthConfig config) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
        this.now = config.startNanos();
    }

    /** Writes the capture to a file. */
    public static SynthReport write(SynthConfig config, Path file) throws IOException {
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            return write(config, os);
        }
    }

    /** Writes the capture to a stream (flushed, not closed). */
    public static SynthReport write(SynthConfig config, OutputStream os) throws IOException {
        return new SyntheticCapture(config).run(os);
    }

    private SynthReport run(OutputStream os) throws IOException {
        long first = now;
        try (PcapStream pcap = new PcapStream(os)) {
            out = pcap;
            Conversation[] active = new Conversation[(int) Math.min(config.concurrent(), config.connections())];
            int count = 0;
            while (true) {
                while (count < active.length && started < config.connections()) {
                    active[count++] = start();
                }
                if (count == 0) {
                    break;
                }
                int i = random.nextInt(count);
                if (active[i].step()) {
                    endings.merge(active[i].ending, 1L, Long::sum);
                    active[i] = active[--count];
                    active[count] = null;
                }
            }
            return new SynthReport(packets, pcap.bytes(), started, ipv6, endings, retransmissions, first,
                    packets == 0 ? first : now);
        }
    }

    // ---- starting a connection --------------------------------------------------------------------------------

    private Conversation start() {
        long n = started++;
        Conversation c = new Conversation();
        switch (config.mode()) {
            case SYN_FLOOD:
                c.ending = Ending.UNANSWERED;
                c.synRetries = 0;
                c.v6 = false;
                // a bijection of the connection number onto all of IPv4: every source differs
                c.clientLo = (n * 0x9E37_79B1L + 0x7F4A_7C15L) & 0xFFFF_FFFFL;
                c.clientPort = 1024 + random.nextInt(64_512);
                c.serverLo = 0xC000_0201L; // 192.0.2.1
                c.serverPort = 80;
                break;
            case HANDSHAKES:
                c.ending = Ending.LEFT_OPEN;
                address(c, n);
                break;
            case MIXED:
            default:
                c.ending = pickEnding();
                c.synRetries = 2;
                address(c, n);
                break;
        }
        c.isnOrig = random.nextInt();
        c.isnResp = random.nextInt();
        c.nextOrig = c.isnOrig + 1;
        c.nextResp = c.isnResp + 1;
        c.tsOffsetOrig = random.nextInt(1 << 30);
        c.tsOffsetResp = random.nextInt(1 << 30);
        c.tsOrig = c.tsOffsetOrig;
        c.tsResp = c.tsOffsetResp;
        c.closerIsOrig = random.nextBoolean();
        c.threeWayClose = random.nextBoolean();
        c.exchanges = exchangesFor(c.ending);
        outstanding += plannedPackets(c);
        if (c.v6) {
            ipv6++;
        }
        return c;
    }

    private void address(Conversation c, long n) {
        c.v6 = random.nextInt(100) < config.ipv6Percent();
        int server = random.nextInt(SERVERS);
        c.serverPort = SERVER_PORTS[random.nextInt(SERVER_PORTS.length)];
        // 256 connections per client address, each on its own port: no 4-tuple repeats
        long host = n >>> 8;
        c.clientPort = 32_768 + (int) (n & 0xFF) * 64 + random.nextInt(64);
        if (c.v6) {
            c.clientHi = V6_CLIENT_PREFIX;
            c.clientLo = host + 1;
            c.serverHi = V6_SERVER_PREFIX;
            c.serverLo = server + 1;
        } else {
            c.clientLo = 0x0A00_0000L + host + 1; // 10/8 holds 16 M addresses, 4 G connections
            c.serverLo = 0xC0A8_0000L + server + 1;
        }
    }

    private Ending pickEnding() {
        int r = random.nextInt(100);
        if (r < 80) {
            return Ending.FIN;
        }
        if (r < 84) {
            return Ending.RESET_BY_ORIGINATOR;
        }
        if (r < 88) {
            return Ending.RESET_BY_RESPONDER;
        }
        if (r < 92) {
            return Ending.REFUSED;
        }
        if (r < 96) {
            return Ending.UNANSWERED;
        }
        return Ending.LEFT_OPEN;
    }

    /**
     * Request/response exchanges for a new connection: uniform around the mean that spends the remaining
     * packet budget evenly over the remaining connections (an exchange is about four packets).
     */
    private int exchangesFor(Ending ending) {
        if (config.mode() != SynthConfig.Mode.MIXED || ending == Ending.REFUSED || ending == Ending.UNANSWERED) {
            return 0;
        }
        long remainingConnections = config.connections() - started + 1;
        double budget = (double) (config.packets() - packets - outstanding) / remainingConnections;
        double mean = Math.max(0, (budget - 6) / 4.2);
        int max = (int) Math.round(2 * mean);
        return max <= 0 ? 0 : random.nextInt(max + 1);
    }

    private static int plannedPackets(Conversation c) {
        switch (c.ending) {
            case UNANSWERED:
                return 1 + c.synRetries;
            case REFUSED:
                return 2;
            case FIN:
                return 3 + 4 * c.exchanges + (c.threeWayClose ? 3 : 4);
            case RESET_BY_ORIGINATOR:
            case RESET_BY_RESPONDER:
                return 3 + 4 * c.exchanges + 1;
            case LEFT_OPEN:
            default:
                return 3 + 4 * c.exchanges;
        }
    }

    // ---- emitting ---------------------------------------------------------------------------------------------

    /** Writes one packet of {@code c} from the given side. */
    private void emit(Conversation c, boolean fromOrig, int seq, int ack, int flags, int payload) throws IOException {
        now += 1 + random.nextLong(2 * config.gapNanos());
        TcpPacketBuilder p = packet;
        p.v6 = c.v6;
        p.fromOriginator = fromOrig;
        if (fromOrig) {
            p.srcHi = c.clientHi;
            p.srcLo = c.clientLo;
            p.dstHi = c.serverHi;
            p.dstLo = c.serverLo;
            p.srcPort = c.clientPort;
            p.dstPort = c.serverPort;
        } else {
            p.srcHi = c.serverHi;
            p.srcLo = c.serverLo;
            p.dstHi = c.clientHi;
            p.dstLo = c.clientLo;
            p.srcPort = c.serverPort;
            p.dstPort = c.clientPort;
        }
        p.seq = seq;
        p.ack = ack;
        p.flags = flags;
        boolean syn = (flags & TcpPacketBuilder.SYN) != 0;
        p.window = syn ? (fromOrig ? 64_240 : 65_160) : 502; // 502 << 7 = 64,256 once scaled
        p.mss = c.v6 ? 1_440 : 1_460;
        p.windowScale = 7;
        // a millisecond timestamp clock per side that ticks at least once per segment, so that a retransmission
        // never repeats its original's value (at a real RTO of 200 ms or more it never would)
        int millis = (int) (now / 1_000_000);
        if (fromOrig) {
            c.tsOrig = Math.max(millis + c.tsOffsetOrig, c.tsOrig + 1);
            p.tsVal = c.tsOrig;
            p.tsEcr = flags == TcpPacketBuilder.SYN ? 0 : c.tsResp;
        } else {
            c.tsResp = Math.max(millis + c.tsOffsetResp, c.tsResp + 1);
            p.tsVal = c.tsResp;
            p.tsEcr = c.tsOrig;
        }
        p.ipId = fromOrig ? c.ipIdOrig++ : c.ipIdResp++;
        p.payloadLength = payload;
        int length = p.build();
        out.record(now, p.frame(), length);
        packets++;
        outstanding--;
    }

    /** Sends a data segment, and with {@code retransmitPercent} chance sends it again at once. */
    private void data(Conversation c, boolean fromOrig, int flags, int payload) throws IOException {
        int seq = fromOrig ? c.nextOrig : c.nextResp;
        int ack = fromOrig ? c.nextResp : c.nextOrig;
        emit(c, fromOrig, seq, ack, flags, payload);
        if (fromOrig) {
            c.nextOrig += payload;
        } else {
            c.nextResp += payload;
        }
        if (random.nextInt(100) < config.retransmitPercent()) {
            c.retransmitSeq = seq;
            c.retransmitAck = ack;
            c.retransmitFlags = flags;
            c.retransmitLength = payload;
            c.retransmitFromOrig = fromOrig;
            c.retransmitPending = true;
            outstanding++;
        }
    }

    // ---- one conversation -------------------------------------------------------------------------------------

    private static final int P_SYN = 0;
    private static final int P_SYN_AGAIN = 1;
    private static final int P_REFUSE = 2;
    private static final int P_SYN_ACK = 3;
    private static final int P_ACK = 4;
    private static final int P_REQUEST = 5;
    private static final int P_RESPONSE = 6;
    private static final int P_RESPONSE_ACK = 7;
    private static final int P_CLOSE = 8;
    private static final int P_CLOSE_2 = 9;
    private static final int P_CLOSE_3 = 10;
    private static final int P_CLOSE_4 = 11;

    /** One connection's script and where it stands in it. */
    private final class Conversation {
        Ending ending;
        boolean v6;
        long clientHi;
        long clientLo;
        long serverHi;
        long serverLo;
        int clientPort;
        int serverPort;
        int isnOrig;
        int isnResp;
        int nextOrig;
        int nextResp;
        int tsOffsetOrig;
        int tsOffsetResp;
        /** The last timestamp value each side sent. */
        int tsOrig;
        int tsResp;
        int ipIdOrig;
        int ipIdResp;
        int synRetries;
        int exchanges;
        int responseSegments;
        boolean closerIsOrig;
        boolean threeWayClose;
        int phase = P_SYN;

        boolean retransmitPending;
        boolean retransmitFromOrig;
        int retransmitSeq;
        int retransmitAck;
        int retransmitFlags;
        int retransmitLength;

        /** Emits this conversation's next packet; true when it was the last. */
        boolean step() throws IOException {
            if (retransmitPending) {
                retransmitPending = false;
                retransmissions++;
                emit(this, retransmitFromOrig, retransmitSeq, retransmitAck, retransmitFlags, retransmitLength);
                return false;
            }
            final int syn = TcpPacketBuilder.SYN;
            final int ack = TcpPacketBuilder.ACK;
            final int fin = TcpPacketBuilder.FIN;
            final int rst = TcpPacketBuilder.RST;
            final int psh = TcpPacketBuilder.PSH;
            switch (phase) {
                case P_SYN:
                    emit(this, true, isnOrig, 0, syn, 0);
                    if (ending == Ending.UNANSWERED) {
                        phase = P_SYN_AGAIN;
                        return synRetries == 0;
                    }
                    phase = ending == Ending.REFUSED ? P_REFUSE : P_SYN_ACK;
                    return false;
                case P_SYN_AGAIN:
                    retransmissions++;
                    emit(this, true, isnOrig, 0, syn, 0);
                    return --synRetries == 0;
                case P_REFUSE:
                    emit(this, false, 0, nextOrig, rst | ack, 0);
                    return true;
                case P_SYN_ACK:
                    emit(this, false, isnResp, nextOrig, syn | ack, 0);
                    phase = P_ACK;
                    return false;
                case P_ACK:
                    emit(this, true, nextOrig, nextResp, ack, 0);
                    return afterExchange();
                case P_REQUEST:
                    data(this, true, psh | ack, 80 + random.nextInt(600));
                    responseSegments = 1 + random.nextInt(3);
                    phase = P_RESPONSE;
                    return false;
                case P_RESPONSE: {
                    int max = TcpPacketBuilder.MAX_PAYLOAD - (v6 ? 20 : 0);
                    boolean last = --responseSegments == 0;
                    data(this, false, last ? psh | ack : ack, last ? 100 + random.nextInt(max - 100) : max);
                    if (last) {
                        phase = P_RESPONSE_ACK;
                    }
                    return false;
                }
                case P_RESPONSE_ACK:
                    emit(this, true, nextOrig, nextResp, ack, 0);
                    exchanges--;
                    return afterExchange();
                case P_CLOSE:
                    return close();
                case P_CLOSE_2:
                case P_CLOSE_3:
                case P_CLOSE_4:
                    return closeNext();
                default:
                    throw new AssertionError(phase);
            }
        }

        /** After the handshake or an exchange: the next exchange, the close, or (left open) nothing. */
        private boolean afterExchange() throws IOException {
            if (exchanges > 0) {
                phase = P_REQUEST;
                return false;
            }
            if (ending == Ending.LEFT_OPEN) {
                return true;
            }
            phase = P_CLOSE;
            return false;
        }

        private boolean close() throws IOException {
            final int ack = TcpPacketBuilder.ACK;
            switch (ending) {
                case RESET_BY_ORIGINATOR:
                    emit(this, true, nextOrig, nextResp, TcpPacketBuilder.RST | ack, 0);
                    return true;
                case RESET_BY_RESPONDER:
                    emit(this, false, nextResp, nextOrig, TcpPacketBuilder.RST | ack, 0);
                    return true;
                case FIN:
                default:
                    finFrom(closerIsOrig);
                    phase = P_CLOSE_2;
                    return false;
            }
        }

        /** The rest of an orderly close: FIN-ACK, ACK (three-way), or ACK, FIN, ACK (four-way). */
        private boolean closeNext() throws IOException {
            boolean peer = !closerIsOrig;
            if (threeWayClose) {
                if (phase == P_CLOSE_2) {
                    finFrom(peer);
                    phase = P_CLOSE_3;
                    return false;
                }
                ackFrom(closerIsOrig);
                return true;
            }
            switch (phase) {
                case P_CLOSE_2:
                    ackFrom(peer);
                    phase = P_CLOSE_3;
                    return false;
                case P_CLOSE_3:
                    finFrom(peer);
                    phase = P_CLOSE_4;
                    return false;
                default:
                    ackFrom(closerIsOrig);
                    return true;
            }
        }

        private void finFrom(boolean orig) throws IOException {
            emit(this, orig, orig ? nextOrig : nextResp, orig ? nextResp : nextOrig,
                    TcpPacketBuilder.FIN | TcpPacketBuilder.ACK, 0);
            if (orig) {
                nextOrig++;
            } else {
                nextResp++;
            }
        }

        private void ackFrom(boolean orig) throws IOException {
            emit(this, orig, orig ? nextOrig : nextResp, orig ? nextResp : nextOrig, TcpPacketBuilder.ACK, 0);
        }
    }
}
