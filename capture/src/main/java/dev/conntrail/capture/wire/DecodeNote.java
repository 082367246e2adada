package dev.conntrail.capture.wire;

import java.util.Locale;

/**
 * Something worth counting about a frame that did not change its {@link DecodeOutcome}: the segment was
 * still produced (or the fragment still held). Counted in {@link DecodeCounters}.
 */
public enum DecodeNote {
    BAD_TCP_OPTIONS("tcp option list malformed; options after the fault ignored"),
    BAD_TCP_CHECKSUM("tcp checksum wrong"),
    TCP_CHECKSUM_OFFLOADED("tcp checksum left to the network card (captured on the sending host): not an error"),
    IP_LENGTH_FROM_FRAME("IP length field 0 (segmentation offload); length taken from the frame"),
    IPV6_JUMBOGRAM("IPv6 jumbo payload option gave the length"),
    FRAGMENT_OVERLAP("IP fragment overlapping data already held"),
    DATAGRAM_REASSEMBLED("IP datagram completed from fragments");

    private final String description;

    DecodeNote(String description) {
        this.description = description;
    }

    /** Stable snake_case name, e.g. {@code bad_tcp_options}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }
}
