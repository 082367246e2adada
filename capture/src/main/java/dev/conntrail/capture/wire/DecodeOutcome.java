package dev.conntrail.capture.wire;

/**
 * What decoding one frame produced: a TCP segment, or the reason there is none.
 *
 * <p>Decoding never throws: a frame that is not TCP is {@link Category#SKIPPED}, one that claims more than
 * was captured or breaks a header rule is {@link Category#MALFORMED}, and each reason is counted. The
 * {@link #code()} is stable snake_case for output and summaries.
 */
public enum DecodeOutcome {
    // ---- a segment was produced -----------------------------------------------------------------
    TCP(Category.SEGMENT, "tcp segment"),

    // ---- waiting for more input -----------------------------------------------------------------
    FRAGMENT_HELD(Category.HELD, "IP fragment held for reassembly"),

    // ---- not TCP (nothing wrong) ----------------------------------------------------------------
    NOT_IP(Category.SKIPPED, "link layer carries no IP (ARP, LLDP, STP, ...)"),
    NOT_TCP(Category.SKIPPED, "IP carries another protocol (UDP, ICMP, ...)"),
    UNSUPPORTED_LINK_TYPE(Category.SKIPPED, "link type conntrail does not decode"),
    UNSUPPORTED_ENCAPSULATION(Category.SKIPPED, "an encapsulation conntrail does not decode"),
    TUNNEL_TOO_DEEP(Category.SKIPPED, "tunnels nested deeper than conntrail follows"),
    FRAGMENT_DROPPED(Category.SKIPPED, "IP fragment whose datagram never completed"),

    // ---- malformed ------------------------------------------------------------------------------
    TRUNCATED_LINK_HEADER(Category.MALFORMED, "frame shorter than its link-layer header"),
    BAD_LINK_HEADER(Category.MALFORMED, "link-layer header with impossible fields"),
    TRUNCATED_TUNNEL_HEADER(Category.MALFORMED, "tunnel header cut off by the capture or its own length"),
    TRUNCATED_IP_HEADER(Category.MALFORMED, "IP header cut off by the capture"),
    BAD_IP_VERSION(Category.MALFORMED, "IP version is neither 4 nor 6"),
    BAD_IPV4_HEADER_LENGTH(Category.MALFORMED, "IPv4 header length below 20 bytes or beyond the datagram"),
    BAD_IP_TOTAL_LENGTH(Category.MALFORMED, "IP length shorter than its own headers"),
    IP_LENGTH_BEYOND_FRAME(Category.MALFORMED, "IP length longer than the frame on the wire"),
    TRUNCATED_EXTENSION_HEADER(Category.MALFORMED, "IPv6 extension header cut off or overrunning the packet"),
    TRUNCATED_TCP_HEADER(Category.MALFORMED, "TCP header cut off by the capture"),
    BAD_TCP_DATA_OFFSET(Category.MALFORMED, "TCP data offset below 5 words or beyond the segment"),
    BAD_FRAGMENT(Category.MALFORMED, "IP fragment overlapping or beyond the maximum datagram size");

    /** The kinds of outcome, for counting. */
    public enum Category {
        SEGMENT, HELD, SKIPPED, MALFORMED
    }

    private final Category category;
    private final String description;

    DecodeOutcome(Category category, String description) {
        this.category = category;
        this.description = description;
    }

    public Category category() {
        return category;
    }

    /** Stable snake_case name, e.g. {@code truncated_tcp_header}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String description() {
        return description;
    }
}
