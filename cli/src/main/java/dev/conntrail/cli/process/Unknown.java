package dev.conntrail.cli.process;

/** Why the owner of one end of a connection is not named. Each has a stable snake_case code for output. */
public enum Unknown implements Attribution {
    /** The address is not one of this host's, nor of any network namespace on it. */
    NOT_LOCAL("not_local"),
    /**
     * The address is local but no process holds the socket any more: it closed (or its process exited)
     * before the lookup ran, or it is in TIME-WAIT; or no socket has this 4-tuple at all, which also happens
     * when an address translation (NAT) changed the tuple between the socket and the capture point.
     */
    GONE("gone"),
    /** The socket exists, but the descriptors of some processes could not be read (conntrail is not root). */
    NO_PERMISSION("no_permission"),
    /** The socket exists, but no process conntrail can see holds it (a kernel socket, another PID namespace). */
    NOT_FOUND("not_found"),
    /** The lookup had not finished when the event was written; a later event of the connection carries it. */
    PENDING("pending"),
    /** Too many lookups were waiting; this one was skipped rather than slow down the capture. */
    OVERLOADED("overloaded");

    private final String code;

    Unknown(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
