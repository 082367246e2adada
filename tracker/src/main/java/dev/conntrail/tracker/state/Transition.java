package dev.conntrail.tracker.state;

/**
 * One cell of the {@link TransitionTable}: the verdict, the state the endpoint ends in, and why.
 *
 * @param next for {@link Verdict#MOVE} the new state; otherwise the unchanged state
 */
public record Transition(Verdict verdict, TcpState next, String reason) {
}
