package dev.conntrail.capture.synth;

import java.util.EnumMap;
import java.util.Map;

/**
 * What the generator wrote: the ground truth a test or a benchmark compares a reader against.
 *
 * @param packets          frames written
 * @param bytes            bytes of the file
 * @param connections      connections started
 * @param ipv6Connections  of which over IPv6
 * @param endings          connections by how the generator ended them
 * @param retransmissions  segments sent again (data and SYNs), each a retransmission for a tracker
 * @param firstNanos       time of the first packet
 * @param lastNanos        time of the last packet
 */
public record SynthReport(long packets, long bytes, long connections, long ipv6Connections,
                          Map<Ending, Long> endings, long retransmissions, long firstNanos, long lastNanos) {

    public SynthReport {
        endings = new EnumMap<>(endings);
    }

    public long ending(Ending e) {
        return endings.getOrDefault(e, 0L);
    }

    /** One {@code key: value} per line, for the benchmark's logs and the generator's command line. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("packets: ").append(packets).append('\n');
        sb.append("bytes: ").append(bytes).append('\n');
        sb.append("connections: ").append(connections).append('\n');
        sb.append("ipv6_connections: ").append(ipv6Connections).append('\n');
        for (Ending e : Ending.values()) {
            sb.append("ended_").append(e.name().toLowerCase(java.util.Locale.ROOT)).append(": ").append(ending(e))
                    .append('\n');
        }
        sb.append("retransmissions: ").append(retransmissions).append('\n');
        sb.append("duration_seconds: ").append(String.format(java.util.Locale.ROOT, "%.3f",
                (lastNanos - firstNanos) / 1e9)).append('\n');
        return sb.toString();
    }
}
