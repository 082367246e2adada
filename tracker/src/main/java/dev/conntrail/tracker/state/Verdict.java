package dev.conntrail.tracker.state;

/** What the table says about a segment in a state. */
public enum Verdict {
    /** A valid segment: the endpoint moves to (or stays in) the cell's next state. */
    MOVE,
    /** Might be valid (a retransmission, a listener's unobservable step): no state change, nothing to flag. */
    IGNORE,
    /** Not possible for a correct endpoint in that state: no state change, and an anomaly is counted. */
    INVALID
}
