package dev.conntrail.cli.process;

import dev.conntrail.tracker.event.FourTuple;

/**
 * One connection's owners being looked up: created on the capture thread when the connection opens,
 * answered once by the resolver thread, then read by whoever prints the connection's events.
 */
public final class Lookup {
    private final FourTuple tuple;
    private final long submittedNanos;
    private volatile Owners owners;
    /** Resolver-thread state: attempts made, and each end's answer so far (null: not looked up yet). */
    int attempts;
    Attribution orig;
    Attribution resp;

    public Lookup(FourTuple tuple, long submittedNanos) {
        this.tuple = tuple;
        this.submittedNanos = submittedNanos;
    }

    public FourTuple tuple() {
        return tuple;
    }

    public long submittedNanos() {
        return submittedNanos;
    }

    /** The answer, or {@link Owners#PENDING} while there is none yet. */
    public Owners owners() {
        Owners o = owners;
        return o != null ? o : Owners.PENDING;
    }

    public boolean done() {
        return owners != null;
    }

    /** Gives the answer; the first one given stands. */
    public void complete(Owners answer) {
        if (owners == null) {
            owners = answer;
        }
    }
}
