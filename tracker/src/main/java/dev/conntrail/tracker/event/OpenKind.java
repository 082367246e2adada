package dev.conntrail.tracker.event;

/** How the tracker first saw a connection. */
public enum OpenKind {
    /** With the originator's SYN: the handshake is observed from its start. */
    SYN("syn"),
    /** With the responder's SYN-ACK: the SYN was not captured. */
    SYN_ACK("syn_ack"),
    /** Without a SYN: the capture began after the handshake (or missed it). */
    MID_STREAM("mid_stream");

    private final String code;

    OpenKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
