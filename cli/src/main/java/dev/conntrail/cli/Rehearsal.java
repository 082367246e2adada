package dev.conntrail.cli;

import static dev.conntrail.tracker.segment.TcpFlags.ACK;
import static dev.conntrail.tracker.segment.TcpFlags.FIN;
import static dev.conntrail.tracker.segment.TcpFlags.PSH;
import static dev.conntrail.tracker.segment.TcpFlags.RST;
import static dev.conntrail.tracker.segment.TcpFlags.SYN;

import dev.conntrail.capture.Frame;
import dev.conntrail.capture.LinkType;
import dev.conntrail.capture.wire.DecodeOptions;
import dev.conntrail.capture.wire.DecodeOutcome;
import dev.conntrail.capture.wire.FrameDecoder;
import dev.conntrail.cli.output.EventPrinter;
import dev.conntrail.tracker.ConnectionTracker;
import dev.conntrail.tracker.TrackerConfig;
import dev.conntrail.tracker.segment.TcpSegment;
import java.nio.ByteBuffer;

/**
 * A live run's dress rehearsal: before the capture opens, a few made-up connections go through a decoder,
 * a tracker and a printer of the run's own kinds, the printer writing to nowhere.
 *
 * <p>Without it the first real connection pays for loading, verifying and initialising every class on the
 * packet and event paths, and runs them interpreted: tens of milliseconds on the capture thread, measured
 * with {@code strace} as the jar being read between the SYN and its event. That delays the first events a
 * watcher sees and, with {@code -P}, lets a short connection's socket close before its owner is looked up.
 *
 * <p>The connections: a normal open, data both ways and a FIN close; a refused SYN; a reset; over IPv4
 * and IPv6 on Ethernet. None of it reaches the run's output, its tracker or its counters.
 */
final class Rehearsal {
    /** Rounds at most, and the most time they may take. */
    static final int ROUNDS = 400;
    static final long BUDGET_NANOS = 150_000_000L;

    private final byte[] buffer = new byte[256];
    private final Frame frame = new Frame();
    private final TcpSegment segment = new TcpSegment();
    private final FrameDecoder decoder;
    private final ConnectionTracker tracker;
    private long now = 1_000_000_000L;
    private long frames;
    private long tcpFrames;

    private Rehearsal(DecodeOptions options, TrackerConfig config, EventPrinter printer) {
        this.decoder = new FrameDecoder(options);
        this.tracker = new ConnectionTracker(config, printer);
    }

    /**
     * Runs the rehearsal; returns how many of its frames decoded as TCP (all of them, unless the decoder and
     * the rehearsal disagree). {@code printer} must write nowhere: it is finished here.
     */
    static long run(DecodeOptions options, TrackerConfig config, EventPrinter printer) {
        Rehearsal r = new Rehearsal(options, config, printer);
        long start = System.nanoTime();
        for (int round = 0; round < ROUNDS && System.nanoTime() - start < BUDGET_NANOS; round++) {
            int port = 10_000 + round * 3;
            r.fullConnection(false, port);
            r.fullConnection(true, port);
            r.refused(port + 1);
            r.reset(port + 2);
            r.tracker.advanceTo(r.now);
        }
        r.tracker.finish();
        printer.finish();
        return r.tcpFrames;
    }

    private void fullConnection(boolean ipv6, int port) {
        send(ipv6, true, port, 1000, 0, SYN, 0);
        send(ipv6, false, port, 5000, 1001, SYN | ACK, 0);
        send(ipv6, true, port, 1001, 5001, ACK, 0);
        send(ipv6, true, port, 1001, 5001, PSH | ACK, 100);
        send(ipv6, false, port, 5001, 1101, PSH | ACK, 200);
        send(ipv6, true, port, 1101, 5201, FIN | ACK, 0);
        send(ipv6, false, port, 5201, 1102, FIN | ACK, 0);
        send(ipv6, true, port, 1102, 5202, ACK, 0);
    }

    private void refused(int port) {
        send(false, true, port, 1000, 0, SYN, 0);
        send(false, false, port, 0, 1001, RST | ACK, 0);
    }

    private void reset(int port) {
        send(false, true, port, 1000, 0, SYN, 0);
        send(false, false, port, 5000, 1001, SYN | ACK, 0);
        send(false, true, port, 1001, 5001, ACK, 0);
        send(false, true, port, 1001, 5001, RST | ACK, 0);
    }

    /** One Ethernet frame from the client (port {@code port}) to the server (port 443), or back. */
    private void send(boolean ipv6, boolean fromClient, int port, int seq, int ack, int flags, int payload) {
        ByteBuffer b = ByteBuffer.wrap(buffer);
        b.position(12); // MAC addresses: never looked at
        b.putShort((short) (ipv6 ? 0x86DD : 0x0800));
        int options = (flags & SYN) != 0 ? 8 : 0;
        int tcpLength = 20 + options + payload;
        byte client = 10;
        byte server = 20;
        if (ipv6) {
            b.putInt(0x6000_0000).putShort((short) tcpLength).put((byte) 6).put((byte) 64);
            address6(b, fromClient ? client : server);
            address6(b, fromClient ? server : client);
        } else {
            b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + tcpLength)).putShort((short) frames)
                    .putShort((short) 0x4000).put((byte) 64).put((byte) 6).putShort((short) 0);
            b.put((byte) 192).put((byte) 0).put((byte) 2).put(fromClient ? client : server);
            b.put((byte) 192).put((byte) 0).put((byte) 2).put(fromClient ? server : client);
        }
        b.putShort((short) (fromClient ? port : 443)).putShort((short) (fromClient ? 443 : port));
        b.putInt(seq).putInt(ack);
        b.put((byte) ((20 + options) / 4 << 4)).put((byte) flags).putShort((short) 65535).putInt(0);
        if (options > 0) {
            b.put((byte) 2).put((byte) 4).putShort((short) 1460); // MSS
            b.put((byte) 1).put((byte) 3).put((byte) 3).put((byte) 7); // NOP, window scale 7
        }
        int headers = b.position();
        // the payload is not captured: the rehearsal's frames are header-only, as with a short snap length
        now += 100_000;
        frames++;
        frame.set(buffer, 0, headers, headers + payload, now, LinkType.ETHERNET, 0, frames);
        if (decoder.decode(frame, segment) == DecodeOutcome.TCP) {
            tcpFrames++;
            tracker.accept(segment);
        }
    }

    /** 2001:db8::N, the documentation prefix. */
    private static void address6(ByteBuffer b, byte last) {
        b.putInt(0x2001_0db8).putInt(0).putInt(0).putInt(last & 0xff);
    }
}
