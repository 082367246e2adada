package dev.conntrail.tracker.zeek;

/**
 * Zeek's {@code conn_state}: a summary of how far each side of a connection got, computed from the two
 * endpoints' final states (Zeek's {@code scripts/base/protocols/conn/main.zeek}). The descriptions are
 * Zeek's documentation, in brief.
 */
public enum ConnState {
    S0("connection attempt seen, no reply"),
    S1("connection established, not terminated"),
    SF("normal establishment and termination"),
    REJ("connection attempt rejected"),
    S2("established, close attempt by the originator seen (no reply from the responder)"),
    S3("established, close attempt by the responder seen (no reply from the originator)"),
    RSTO("established, the originator aborted (sent a RST)"),
    RSTR("responder sent a RST"),
    RSTOS0("originator sent a SYN followed by a RST, never saw a SYN-ACK from the responder"),
    RSTRH("responder sent a SYN-ACK followed by a RST, never saw a SYN from the (purported) originator"),
    SH("originator sent a SYN followed by a FIN, never saw a SYN-ACK from the responder"),
    SHR("responder sent a SYN-ACK followed by a FIN, never saw a SYN from the originator"),
    OTH("no SYN seen, just midstream traffic");

    private final String description;

    ConnState(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
