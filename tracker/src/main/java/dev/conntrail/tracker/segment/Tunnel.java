package dev.conntrail.tracker.segment;

/** The outermost tunnel a TCP segment was carried in, if any (the inner connection is the one tracked). */
public enum Tunnel {
    NONE("-"),
    IP_IN_IP("ip-in-ip"),
    GRE("gre"),
    VXLAN("vxlan"),
    GENEVE("geneve"),
    GTP_U("gtp-u"),
    TEREDO("teredo"),
    AYIYA("ayiya");

    private final String label;

    Tunnel(String label) {
        this.label = label;
    }

    /** The stable name used in output ({@code "vxlan"}, {@code "-"} for none). */
    public String label() {
        return label;
    }
}
