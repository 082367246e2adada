package dev.conntrail.cli.process;

/** The owners of a connection's two ends: the originator's (client) and the responder's (server). */
public record Owners(Attribution orig, Attribution resp) {
    /** Both ends still being looked up. */
    public static final Owners PENDING = new Owners(Unknown.PENDING, Unknown.PENDING);
    /** Skipped: the lookup queue was full. */
    public static final Owners OVERLOADED = new Owners(Unknown.OVERLOADED, Unknown.OVERLOADED);
}
