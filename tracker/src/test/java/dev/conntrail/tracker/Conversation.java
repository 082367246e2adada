package dev.conntrail.tracker;

import dev.conntrail.tracker.segment.IpAddress;
import dev.conntrail.tracker.segment.TcpFlags;
import dev.conntrail.tracker.segment.TcpSegment;
import java.util.function.Consumer;

/**
 * Builds the segments of one TCP conversation between a client and a server, keeping each side's next
 * sequence number and last acknowledgement the way a real stack would, so that a scenario reads like the
 * RFC's figures: {@code c.client().syn(); c.server().synAck(); c.client().ack();}.
 *
 * <p>Every segment advances time by {@link #step(long)} (1 ms by default) and goes to the consumer given
 * at construction (usually a tracker's {@code accept}). Odd segments are built with {@link Side#raw()}.
 */
public final class Conversation {
    private final Consumer<TcpSegment> out;
    private final Side client;
    private final Side server;
    private long time = 1_700_000_000_000_000_000L;
    private long step = 1_000_000L;
    private final TcpSegment segment = new TcpSegment();

    public Conversation(Consumer<TcpSegment> out, String clientAddr, int clientPort, String serverAddr, int serverPort) {
        this.out = out;
        IpAddress ca = IpAddress.parse(clientAddr);
        IpAddress sa = IpAddress.parse(serverAddr);
        this.client = new Side(ca, clientPort, 1000);
        this.server = new Side(sa, serverPort, 5000);
        client.peer = server;
        server.peer = client;
    }

    /** A conversation 10.0.0.1:40000 -> 10.0.0.2:80. */
    public static Conversation ipv4(Consumer<TcpSegment> out) {
        return new Conversation(out, "10.0.0.1", 40000, "10.0.0.2", 80);
    }

    public Side client() {
        return client;
    }

    public Side server() {
        return server;
    }

    public long now() {
        return time;
    }

    /** Sets the time step between segments. */
    public Conversation step(long nanos) {
        this.step = nanos;
        return this;
    }

    /** Lets time pass without a segment. */
    public Conversation idle(long nanos) {
        time += nanos;
        return this;
    }

    /** One end of the conversation. */
    public final class Side {
        private final IpAddress addr;
        private final int port;
        private int iss;
        private int nxt;
        private int rcvNxt;
        private boolean acked;
        private int window = 65535;
        private int windowScale = 7;
        private boolean sendScale = true;
        private int ipId = 1;
        private Side peer;

        Side(IpAddress addr, int port, int iss) {
            this.addr = addr;
            this.port = port;
            this.iss = iss;
            this.nxt = iss;
        }

        /** Sets the initial sequence number (before the SYN). */
        public Side isn(int isn) {
            this.iss = isn;
            this.nxt = isn;
            return this;
        }

        public int nxt() {
            return nxt;
        }

        public int iss() {
            return iss;
        }

        /** The window this side advertises from now on. */
        public Side window(int w) {
            this.window = w;
            return this;
        }

        /** Leaves the window-scale option off this side's SYN. */
        public Side noWindowScale() {
            this.sendScale = false;
            return this;
        }

        public TcpSegment syn() {
            nxt = iss + 1;
            return send(TcpFlags.SYN, iss, 0, 0, true);
        }

        /** A SYN with a new initial sequence number (a new connection attempt on the same port). */
        public TcpSegment syn(int isn) {
            isn(isn);
            return syn();
        }

        public TcpSegment synAck() {
            rcvNxt = peer.iss + 1;
            acked = true;
            nxt = iss + 1;
            return send(TcpFlags.SYN | TcpFlags.ACK, iss, rcvNxt, 0, true);
        }

        /** The SYN retransmitted (same initial sequence number). */
        public TcpSegment synAgain() {
            return send(TcpFlags.SYN, iss, 0, 0, true);
        }

        public TcpSegment synAckAgain() {
            return send(TcpFlags.SYN | TcpFlags.ACK, iss, rcvNxt, 0, true);
        }

        /** A pure ACK of everything the peer sent. */
        public TcpSegment ack() {
            catchUp();
            return send(TcpFlags.ACK, nxt, rcvNxt, 0, false);
        }

        /** {@code n} bytes of data (with ACK and PSH). */
        public TcpSegment data(int n) {
            catchUp();
            int seq = nxt;
            nxt += n;
            return send(TcpFlags.ACK | TcpFlags.PSH, seq, rcvNxt, n, false);
        }

        /** The last {@code n} bytes sent, sent again. */
        public TcpSegment retransmit(int n) {
            return send(TcpFlags.ACK | TcpFlags.PSH, nxt - n, rcvNxt, n, false);
        }

        /** FIN with ACK of everything received so far. */
        public TcpSegment fin() {
            catchUp();
            int seq = nxt;
            nxt += 1;
            return send(TcpFlags.FIN | TcpFlags.ACK, seq, rcvNxt, 0, false);
        }

        /** FIN that acknowledges only what this side had received before the peer's FIN (a crossing FIN). */
        public TcpSegment finWithoutAckOfPeerFin() {
            int seq = nxt;
            nxt += 1;
            return send(TcpFlags.FIN | TcpFlags.ACK, seq, rcvNxt, 0, false);
        }

        /** The FIN sent again. */
        public TcpSegment finAgain() {
            return send(TcpFlags.FIN | TcpFlags.ACK, nxt - 1, rcvNxt, 0, false);
        }

        /** RST at the next sequence number (in the window). */
        public TcpSegment rst() {
            return send(TcpFlags.RST, nxt, 0, 0, false);
        }

        /** RST,ACK answering the peer's SYN (a refused connection). */
        public TcpSegment rstAckOfSyn() {
            return send(TcpFlags.RST | TcpFlags.ACK, 0, peer.iss + 1, 0, false);
        }

        /** Anything: flags, sequence and acknowledgement numbers as given. */
        public Raw raw() {
            return new Raw(this);
        }

        private void catchUp() {
            rcvNxt = peer.nxt;
            acked = true;
        }

        private TcpSegment send(int flags, int seq, int ack, int len, boolean syn) {
            time += step;
            segment.reset().time(time);
            if (addr.v6()) {
                segment.ipv6(addr.hi(), addr.lo(), peer.addr.hi(), peer.addr.lo(), 40 + 20 + len, 0, 64);
            } else {
                segment.ipv4(addr.v4(), peer.addr.v4(), 20 + 20 + len, ipId++, 64);
            }
            segment.tcp(port, peer.port, seq, ack, flags, syn ? 65535 : window, 20, len);
            if (syn) {
                segment.mss(1460).sackPermitted(true);
                if (sendScale) {
                    segment.windowScale(windowScale);
                }
            }
            out.accept(segment);
            return segment;
        }
    }

    /** A hand-made segment from one side. */
    public final class Raw {
        private final Side from;
        private int flags = TcpFlags.ACK;
        private int seq;
        private int ack;
        private int len;
        private int window = 65535;
        private Consumer<TcpSegment> extra = s -> { };

        Raw(Side from) {
            this.from = from;
            this.seq = from.nxt;
            this.ack = from.peer.nxt;
        }

        public Raw flags(int f) {
            this.flags = f;
            return this;
        }

        public Raw seq(int s) {
            this.seq = s;
            return this;
        }

        public Raw ack(int a) {
            this.ack = a;
            return this;
        }

        public Raw len(int n) {
            this.len = n;
            return this;
        }

        public Raw window(int w) {
            this.window = w;
            return this;
        }

        /** Further changes to the segment before it is sent (options, checksum status, ...). */
        public Raw with(Consumer<TcpSegment> change) {
            this.extra = change;
            return this;
        }

        public TcpSegment send() {
            time += step;
            segment.reset().time(time);
            if (from.addr.v6()) {
                segment.ipv6(from.addr.hi(), from.addr.lo(), from.peer.addr.hi(), from.peer.addr.lo(), 60 + len, 0, 64);
            } else {
                segment.ipv4(from.addr.v4(), from.peer.addr.v4(), 40 + len, from.ipId++, 64);
            }
            segment.tcp(from.port, from.peer.port, seq, ack, flags, window, 20, len);
            extra.accept(segment);
            out.accept(segment);
            return segment;
        }
    }
}
