package dev.conntrail.capture.synth;

/**
 * What a synthetic capture should hold. Every choice the generator makes is drawn from one seeded random
 * stream, so the same configuration always writes the same bytes.
 *
 * @param seed               seeds every random choice
 * @param mode               what kind of traffic (see {@link Mode})
 * @param connections        how many connections to start
 * @param concurrent         how many conversations are in progress at once: the next packet comes from one
 *                           of them, picked at random
 * @param packets            roughly how many packets to write in all; the number of request/response
 *                           exchanges per connection is steered towards it ({@link Mode#MIXED} only)
 * @param ipv6Percent        share of connections over IPv6
 * @param retransmitPercent  chance that a data segment (or an unanswered SYN) is sent again
 * @param gapNanos           mean time between two packets of the capture
 * @param startNanos         time of the first packet, nanoseconds since the epoch
 */
public record SynthConfig(long seed, Mode mode, long connections, int concurrent, long packets, int ipv6Percent,
                          int retransmitPercent, long gapNanos, long startNanos) {

    /** The kinds of capture the generator writes. */
    public enum Mode {
        /**
         * Realistic client/server conversations: handshakes with options, request/response exchanges, FIN and
         * RST closes, refused and unanswered SYNs, connections left open, retransmissions.
         */
        MIXED,
        /** Only three-way handshakes, never closed: for measuring the memory of many open connections. */
        HANDSHAKES,
        /** One SYN per connection from a spoofed source to one server, never answered. */
        SYN_FLOOD
    }

    /** 2020-01-01T00:00:00Z. */
    public static final long DEFAULT_START = 1_577_836_800_000_000_000L;

    public SynthConfig {
        if (connections < 1 || concurrent < 1) {
            throw new IllegalArgumentException("connections and concurrent must be at least 1");
        }
        if (ipv6Percent < 0 || ipv6Percent > 100 || retransmitPercent < 0 || retransmitPercent > 100) {
            throw new IllegalArgumentException("percentages must be between 0 and 100");
        }
        if (gapNanos < 1) {
            throw new IllegalArgumentException("gapNanos must be positive");
        }
    }

    /**
     * Defaults per mode: mixed traffic at 50,000 packets/s (a connection's packets about a second apart at
     * 50,000 concurrent, far inside every timeout); handshakes and floods at a million packets/s.
     */
    public static SynthConfig of(Mode mode, long seed, long connections, int concurrent, long packets) {
        long gap = mode == Mode.MIXED ? 20_000 : 1_000;
        int v6 = mode == Mode.SYN_FLOOD ? 0 : 20;
        int retransmit = mode == Mode.MIXED ? 1 : 0;
        return new SynthConfig(seed, mode, connections, concurrent, packets, v6, retransmit, gap, DEFAULT_START);
    }

    public SynthConfig withIpv6Percent(int percent) {
        return new SynthConfig(seed, mode, connections, concurrent, packets, percent, retransmitPercent, gapNanos,
                startNanos);
    }

    public SynthConfig withRetransmitPercent(int percent) {
        return new SynthConfig(seed, mode, connections, concurrent, packets, ipv6Percent, percent, gapNanos,
                startNanos);
    }

    public SynthConfig withGapNanos(long nanos) {
        return new SynthConfig(seed, mode, connections, concurrent, packets, ipv6Percent, retransmitPercent, nanos,
                startNanos);
    }
}
